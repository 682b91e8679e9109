"""Target rules and status: pure functions over plain data, no database.

The same code judges one indicator in the web and every indicator of a large
municipality in a benchmark, so it takes plain dataclasses and keeps its loops tight.
``docs/followup.md`` explains every rule with examples.

Choices made here (and documented):

* The value judged for a period is the latest value of the period's year up to the
  period's end ("2024-T2" of a yearly indicator uses "2024-06" if that is the newest value
  up to August; a whole-year value wins over a December value).
* The target used for a year is the one set for that year; else a target without year;
  else the latest earlier target (still the promise in force); else the next later one.
* "Previous year" is the previous year's value at the same point of the year, else its
  latest value, else the baseline when the baseline is from that year.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from django.utils import translation
from django.utils.translation import get_language, gettext, gettext_noop

from styr.followup.config import StatusSettings

MET = "met"
PARTLY_MET = "partly_met"
NOT_MET = "not_met"
NOT_ASSESSED = "not_assessed"
ASSESSABLE = (MET, PARTLY_MET, NOT_MET)
_SEVERITY = {NOT_MET: 0, PARTLY_MET: 1, MET: 2}
SCORES = {MET: 1.0, PARTLY_MET: 0.5, NOT_MET: 0.0}

ABSOLUTE = "absolute"
PREVIOUS_YEAR = "previous_year"
BASELINE = "baseline"

INCREASE = "increase"
DECREASE = "decrease"

GENDER_LABELS = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}

# language -> message -> translation
_TRANSLATED: dict[str | None, dict[str, str]] = {}


class _Batch(threading.local):
    table: dict[str, str] | None = None
    language: str | None = None


_batch = _Batch()


@contextmanager
def batch_translations() -> Iterator[None]:
    """Within the block the active language is read once, not once per sentence: a bulk
    status run writes the same few sentences for thousands of indicators."""
    was = _batch.table, _batch.language
    _batch.language = get_language()
    _batch.table = _TRANSLATED.setdefault(_batch.language, {})
    try:
        yield
    finally:
        _batch.table, _batch.language = was


def _active_language() -> str | None:
    return _batch.language if _batch.table is not None else get_language()


class _Deferred:
    """An explanation written when it is first read, not when the status is judged.

    A bulk run judges every indicator of a municipality and most of its sentences are never
    shown, while writing them (numbers in Swedish notation, the target in words) was a
    third of the judging. The sentence is written in the language that was active at the
    judgement, whatever is active when it is read, so it is the same text as when written
    at once."""

    __slots__ = ("args", "build", "language")

    def __init__(self, build: Callable[..., str], *args: object) -> None:
        self.build = build
        self.args = args
        self.language = _active_language()

    def text(self) -> str:
        if _active_language() == self.language:
            return self.build(*self.args)
        with translation.override(self.language), batch_translations():
            return self.build(*self.args)


def _(message: str) -> str:
    """gettext, remembered per language (see ``batch_translations``)."""
    table = _batch.table
    if table is None:
        table = _TRANSLATED.setdefault(get_language(), {})
    text = table.get(message)
    if text is None:
        text = table[message] = gettext(message)
    return text


_PERIOD = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]|T[1-3]|H[12]|Q[1-4]))?$")


def status_label(status: str) -> str:
    return {
        MET: _("uppfyllt"),
        PARTLY_MET: _("delvis uppfyllt"),
        NOT_MET: _("ej uppfyllt"),
        NOT_ASSESSED: _("ej bedömt"),
    }[status]


# --- periods -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PeriodPoint:
    """Where a period code ends: its year, the month it ends in and how many months it spans."""

    code: str
    year: int
    end_month: int
    span_months: int


@lru_cache(maxsize=8192)
def parse_period(code: str) -> PeriodPoint:
    """Parse "2024", "2024-03", "2024-T2", "2024-H1", "2024-Q3"; ValueError otherwise."""
    match = _PERIOD.match(code.strip())
    if not match:
        raise ValueError(
            _("Ogiltig period '%(code)s' (använd t.ex. 2024, 2024-03, 2024-T1, 2024-H1).")
            % {"code": code}
        )
    year, part = int(match.group(1)), match.group(2)
    if part is None:
        return PeriodPoint(code, year, 12, 12)
    if part[0] == "T":
        return PeriodPoint(code, year, 4 * int(part[1]), 4)
    if part[0] == "H":
        return PeriodPoint(code, year, 6 * int(part[1]), 6)
    if part[0] == "Q":
        return PeriodPoint(code, year, 3 * int(part[1]), 3)
    return PeriodPoint(code, year, int(part), 1)


def is_valid_period(code: str) -> bool:
    return bool(_PERIOD.match(code.strip()))


_ALL_PARTS = (
    [""]
    + [f"-{month:02d}" for month in range(1, 13)]
    + [f"-T{n}" for n in range(1, 4)]
    + [f"-H{n}" for n in range(1, 3)]
    + [f"-Q{n}" for n in range(1, 5)]
)


@lru_cache(maxsize=1024)
def codes_up_to(code: str) -> tuple[str, ...]:
    """Every period code of the same year that ends no later than ``code`` does.

    Lets the database hand over only the values a period can use.
    """
    point = parse_period(code)
    codes = (f"{point.year}{part}" for part in _ALL_PARTS)
    return tuple(c for c in codes if parse_period(c).end_month <= point.end_month)


# --- inputs ------------------------------------------------------------------------------


class TargetRule(NamedTuple):
    """One målvärde: ``op`` ``value`` relative to something, for a year (and gender).

    Named tuples, not frozen dataclasses: a bulk run builds one per target and one
    ``IndicatorFacts`` per indicator of a whole municipality, and a frozen dataclass takes
    three to four times as long to build."""

    year: int | None
    op: str
    value: float | None
    relative_to: str
    gender: str = ""
    text: str = ""

    @property
    def is_numeric(self) -> bool:
        """True when the rule can be judged from numbers (given an indicator direction)."""
        if self.relative_to in (PREVIOUS_YEAR, BASELINE):
            return True
        return self.value is not None


class IndicatorFacts(NamedTuple):
    unit: str = ""
    direction: str = ""
    baseline_value: float | None = None
    baseline_year: int | None = None
    is_gender_split: bool = False


class Observation(NamedTuple):
    """One measured value; a plain ``(period, value, gender)`` tuple works as well."""

    period: str
    value: float | None
    gender: str = "T"


# --- results -----------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class RuleOutcome:
    """The judgement of one target rule for one gender, with every number that gave it.

    ``explanation`` may be given as a ``_Deferred`` sentence, written when first read."""

    status: str
    _explanation: str | _Deferred
    gender: str
    target: TargetRule | None = None
    actual: float | None = None
    actual_period: str | None = None
    threshold: float | None = None
    previous: float | None = None
    baseline: float | None = None
    reason: str = ""

    @property
    def explanation(self) -> str:
        text = self._explanation
        if isinstance(text, _Deferred):
            text = self._explanation = text.text()
        return text

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RuleOutcome):
            return NotImplemented
        return self.as_dict() == other.as_dict()

    def as_dict(self) -> dict[str, object]:
        target = self.target
        return {
            "status": self.status,
            "explanation": self.explanation,
            "gender": self.gender,
            "target": None
            if target is None
            else {
                "year": target.year,
                "op": target.op,
                "value": target.value,
                "relative_to": target.relative_to,
                "gender": target.gender,
                "text": target.text,
            },
            "actual": self.actual,
            "actual_period": self.actual_period,
            "threshold": self.threshold,
            "previous": self.previous,
            "baseline": self.baseline,
            "reason": self.reason,
        }


@dataclass(slots=True)
class IndicatorResult:
    """An indicator's status, worst of its outcomes', and the outcomes it was judged from."""

    status: str
    outcomes: list[RuleOutcome] = field(default_factory=list)
    several_genders: bool = False
    _text: str | None = field(default=None, repr=False, compare=False)

    @property
    def explanation(self) -> str:
        """The judged outcomes' explanations (all of them when none was judged), each
        after its gender when the indicator is judged for several; written when read."""
        text = self._text
        if text is None:
            judged = [o for o in self.outcomes if o.status != NOT_ASSESSED]
            if self.several_genders:
                parts = [
                    f"{GENDER_LABELS.get(o.gender, o.gender)}: {o.explanation}"
                    for o in judged or self.outcomes
                ]
            else:
                parts = [o.explanation for o in judged or self.outcomes]
            text = self._text = " ".join(parts)
        return text

    @property
    def has_numeric_target(self) -> bool:
        return any(o.target is not None and o.target.is_numeric for o in self.outcomes)


# --- formatting --------------------------------------------------------------------------

_UNITLESS = {"", "antal", "index", "st", "st."}
_OP_WORDS = {">=": "minst", "<=": "högst", ">": "över", "<": "under", "=": "lika med"}
_RELATIVE_WORDS = {
    ">=": "minst lika med",
    "<=": "högst lika med",
    ">": "högre än",
    "<": "lägre än",
    "=": "lika med",
}


def format_number(value: float) -> str:
    """Swedish notation: "1 034 578", "5,6", "-0,25"."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(",", " ").replace(".", ",")


# unit -> what follows the number ("" for a unitless one); a municipality has a few dozen
_UNIT_SUFFIXES: dict[str, str] = {}


def format_value(value: float, unit: str) -> str:
    suffix = _UNIT_SUFFIXES.get(unit)
    if suffix is None:
        shown = unit.strip()
        suffix = "" if shown.lower() in _UNITLESS else f" {shown}"
        if len(_UNIT_SUFFIXES) < 1024:
            _UNIT_SUFFIXES[unit] = suffix
    number = format_number(value)
    return number + suffix if suffix else number


# --- one indicator -----------------------------------------------------------------------


class _Series:
    """One gender's values, grouped by year, each as (end_month, span, value, period)."""

    __slots__ = ("by_year",)

    def __init__(self) -> None:
        self.by_year: dict[int, list[tuple[int, int, float, str]]] = {}

    def latest(self, year: int, end_month: int = 12) -> tuple[float, str] | None:
        best: tuple[int, int, float, str] | None = None
        for item in self.by_year.get(year, ()):
            if item[0] <= end_month and (best is None or item[:2] > best[:2]):
                best = item
        return None if best is None else (best[2], best[3])


_NO_VALUES = _Series()  # read only


def _group_by_gender(observations: Iterable[tuple[str, float | None, str]]) -> dict[str, _Series]:
    # The hottest loop of a bulk run: one pass, no helper calls per value.
    series: dict[str, _Series] = {}
    parse = parse_period
    for period, value, gender in observations:
        if value is None:
            continue
        try:
            point = parse(period)
        except ValueError:
            continue
        gender_series = series.get(gender)
        if gender_series is None:
            gender_series = series[gender] = _Series()
        by_year = gender_series.by_year
        values = by_year.get(point.year)
        if values is None:
            values = by_year[point.year] = []
        values.append((point.end_month, point.span_months, value, point.code))
    return series


class _Candidates:
    """One gender's values for one period, reduced while read to the three a judgement can
    use: the latest of the period's year up to the period's end, and the previous year's
    latest up to the same month and latest of all (``_judge``, ``_previous_year_value``).

    ``latest`` answers exactly as ``_Series.latest`` over every value would, for those three
    questions only; any other question is a programming error and raises."""

    __slots__ = ("end_month", "found", "ranks", "year")

    def __init__(self, year: int, end_month: int) -> None:
        self.year = year
        self.end_month = end_month
        # slot 0: this year up to end_month; 1: previous year up to end_month; 2: previous
        # year, any month. A rank orders as _Series.latest's (end_month, span) does.
        self.ranks = [-1, -1, -1]
        self.found: list[tuple[float, str] | None] = [None, None, None]

    def latest(self, year: int, end_month: int = 12) -> tuple[float, str] | None:
        if year == self.year and end_month == self.end_month:
            return self.found[0]
        if year == self.year - 1:
            if end_month == self.end_month:
                return self.found[1]
            if end_month >= 12:
                return self.found[2]
        raise ValueError(f"values were kept for {self.year} up to month {self.end_month}")


# What a value is to a period's judgement (_candidate_slots): this year up to the period's
# end; the previous year up to that month (also a candidate for its latest of all); the
# previous year after that month (only the latter).
_THIS_YEAR, _PREVIOUS_UP_TO, _PREVIOUS_AFTER = 0, 1, 2


def _candidate_slots(code: str, year: int, end_month: int) -> tuple[int, int] | None:
    """What a value for ``code`` is to a judgement of ``year`` up to ``end_month`` (one of
    the three kinds above) and its rank; None when no judgement of the period reads it."""
    try:
        point = parse_period(code)
    except ValueError:
        return None
    rank = point.end_month * 100 + point.span_months
    if point.year == year:
        return (_THIS_YEAR, rank) if point.end_month <= end_month else None
    if point.year == year - 1:
        return (_PREVIOUS_UP_TO if point.end_month <= end_month else _PREVIOUS_AFTER, rank)
    return None


def group_by_indicator(
    rows: Iterable[tuple[int, str, float | None, str]], period: str
) -> dict[int, dict[str, _Candidates]]:
    """``(indicator, period, value, gender)`` rows grouped as ``evaluate_indicator`` reads
    them (its ``series``) for ``period``, for a whole municipality in the one pass that reads
    the rows from the database. Only the values a judgement of ``period`` can pick are kept
    (see ``_Candidates``); the series answer for that period only."""
    point = parse_period(period)
    year, end_month = point.year, point.end_month
    grouped: dict[int, dict[str, _Candidates]] = {}
    # Per period code (a municipality has a few dozen): its kind and rank, worked out once.
    plans: dict[str, tuple[int, int] | None] = {}
    # Rows mostly come an indicator and gender at a time: the last one's values are at hand.
    last_iid: int | None = None
    last_gender = ""
    ranks: list[int] = []
    found: list[tuple[float, str] | None] = []
    for iid, code, value, gender in rows:
        try:
            plan = plans[code]
        except KeyError:
            plan = plans[code] = _candidate_slots(code, year, end_month)
        if plan is None or value is None:
            continue
        if iid != last_iid or gender != last_gender:
            by_gender = grouped.get(iid)
            if by_gender is None:
                by_gender = grouped[iid] = {}
            candidates = by_gender.get(gender)
            if candidates is None:
                candidates = by_gender[gender] = _Candidates(year, end_month)
            ranks, found = candidates.ranks, candidates.found
            last_iid, last_gender = iid, gender
        kind, rank = plan
        # strictly greater: of two values with the same rank the first read stays, as in
        # _Series.latest
        if kind == _THIS_YEAR:
            if rank > ranks[0]:
                ranks[0] = rank
                found[0] = (value, code)
            continue
        if rank > ranks[2]:
            ranks[2] = rank
            found[2] = (value, code)
        if kind == _PREVIOUS_UP_TO and rank > ranks[1]:
            ranks[1] = rank
            found[1] = (value, code)
    return grouped


def select_targets(targets: Sequence[TargetRule], year: int, gender: str) -> list[TargetRule]:
    """The targets that apply in ``year`` for ``gender`` (see the module docstring)."""
    if gender == "T":
        pool = [t for t in targets if t.gender in ("", "T")]
    else:
        pool = [t for t in targets if t.gender == gender] or [t for t in targets if not t.gender]
    if not pool:
        return pool
    first_year = pool[0].year
    if len(pool) == 1 or all(t.year == first_year for t in pool):
        # One year (or none) for all: whichever rule below picks, it picks them all.
        return pool
    exact = [t for t in pool if t.year == year]
    if exact:
        return exact
    undated = [t for t in pool if t.year is None]
    if undated:
        return undated
    earlier = [t.year for t in pool if t.year is not None and t.year < year]
    if earlier:
        chosen = max(earlier)
        return [t for t in pool if t.year == chosen]
    later = [t.year for t in pool if t.year is not None and t.year > year]
    if later:
        chosen = min(later)
        return [t for t in pool if t.year == chosen]
    return []


def _genders(facts: IndicatorFacts, targets: Sequence[TargetRule]) -> list[str]:
    if facts.is_gender_split:
        return ["T", "K", "M"]
    genders = ["T"]
    for target in targets:
        if target.gender in ("K", "M") and target.gender not in genders:
            genders.append(target.gender)
    return genders


def evaluate_indicator(
    facts: IndicatorFacts,
    targets: Sequence[TargetRule],
    observations: Iterable[tuple[str, float | None, str]],
    period: str,
    settings: StatusSettings,
    series: Mapping[str, _Series | _Candidates] | None = None,
) -> IndicatorResult:
    """Judge one indicator for one follow-up period against every target that applies.

    ``series`` is the observations already grouped for this period
    (``group_by_indicator``); a bulk run passes it and no observations."""
    point = parse_period(period)
    if series is None:
        series = _group_by_gender(observations)
    genders = _genders(facts, targets)
    outcomes: list[RuleOutcome] = []
    no_target = ""  # the sentence, written once for all genders that lack a target
    for gender in genders:
        chosen = select_targets(targets, point.year, gender)
        if not chosen:
            if not no_target:
                no_target = _("Inget målvärde för %(year)s.") % {"year": point.year}
            outcomes.append(RuleOutcome(NOT_ASSESSED, no_target, gender, reason="no_target"))
            continue
        gender_series = series.get(gender) or _NO_VALUES
        for target in chosen:
            outcomes.append(_judge(facts, target, gender_series, point, gender, settings))
    return _combine(outcomes, len(genders) > 1)


def _combine(outcomes: list[RuleOutcome], several_genders: bool) -> IndicatorResult:
    if len(outcomes) == 1:
        # The common case, shortened: one outcome is the status.
        return IndicatorResult(outcomes[0].status, outcomes, several_genders)
    judged = [o for o in outcomes if o.status != NOT_ASSESSED]
    if not judged:
        return IndicatorResult(NOT_ASSESSED, outcomes, several_genders)
    worst = min(judged, key=lambda o: _SEVERITY[o.status]).status
    return IndicatorResult(worst, outcomes, several_genders)


def _implied_op(facts: IndicatorFacts, target: TargetRule) -> str:
    """The operator a bare number or "better than" implies from the indicator's direction."""
    strict = target.relative_to in (PREVIOUS_YEAR, BASELINE)
    if facts.direction == INCREASE:
        return ">" if strict else ">="
    if facts.direction == DECREASE:
        return "<" if strict else "<="
    return ""


def _better_sign(facts: IndicatorFacts, op: str) -> int:
    """+1 when higher is better, -1 when lower is better, 0 when only closeness counts."""
    if facts.direction == INCREASE:
        return 1
    if facts.direction == DECREASE:
        return -1
    if op in (">", ">="):
        return 1
    if op in ("<", "<="):
        return -1
    return 0


def _compare(actual: float, op: str, threshold: float) -> bool:
    eps = 1e-9 * max(1.0, abs(threshold))
    if op == ">=":
        return actual >= threshold - eps
    if op == "<=":
        return actual <= threshold + eps
    if op == ">":
        return actual > threshold + eps
    if op == "<":
        return actual < threshold - eps
    return abs(actual - threshold) <= eps


def _not_assessed(
    message: str | _Deferred, gender: str, target: TargetRule, reason: str, **numbers: float | None
) -> RuleOutcome:
    outcome = RuleOutcome(NOT_ASSESSED, message, gender, target, reason=reason)
    for name, value in numbers.items():
        setattr(outcome, name, value)
    return outcome


def _judge(
    facts: IndicatorFacts,
    target: TargetRule,
    series: _Series | _Candidates,
    point: PeriodPoint,
    gender: str,
    settings: StatusSettings,
) -> RuleOutcome:
    relative_to = target.relative_to or ABSOLUTE
    if relative_to == ABSOLUTE and target.value is None:
        shown = target.text or "–"
        return _not_assessed(
            _("Målvärdet går inte att mäta: ”%(text)s”.") % {"text": shown},
            gender,
            target,
            "not_measurable",
        )
    op = target.op or _implied_op(facts, target)
    if not op:
        return _not_assessed(
            _("Målvärdet ”%(text)s” saknar villkor och indikatorn saknar riktning.")
            % {"text": target.text or format_number(target.value or 0)},
            gender,
            target,
            "no_operator",
        )
    found = series.latest(point.year, point.end_month)
    previous = _previous_year_value(facts, series, point)
    baseline = facts.baseline_value
    if found is None:
        return _not_assessed(
            _("Utfall saknas för %(period)s.") % {"period": point.code},
            gender,
            target,
            "no_value",
            previous=previous,
        )
    actual, actual_period = found
    threshold = _threshold(facts, target, op, previous)
    if threshold is None:
        return _not_assessed(
            _Deferred(_no_reference_text, facts, target, point, actual),
            gender,
            target,
            "no_reference",
            actual=actual,
            previous=previous,
            baseline=baseline,
        )
    status, reason = _status(facts, op, actual, threshold, previous, settings)
    text = _Deferred(
        _judged_text, facts, target, op, point, actual, actual_period, previous, reason, settings
    )
    # positional: (status, explanation, gender, target, actual, actual_period, threshold,
    # previous, baseline, reason)
    return RuleOutcome(
        status, text, gender, target, actual, actual_period, threshold, previous, baseline, reason
    )


def _no_reference_text(
    facts: IndicatorFacts, target: TargetRule, point: PeriodPoint, actual: float
) -> str:
    missing = (
        _("Föregående års utfall saknas (%(year)s).") % {"year": point.year - 1}
        if target.relative_to == PREVIOUS_YEAR
        else _("Nuläge saknas.")
    )
    return _("Utfall %(actual)s; %(missing)s") % {
        "actual": format_value(actual, facts.unit),
        "missing": missing,
    }


def _judged_text(
    facts: IndicatorFacts,
    target: TargetRule,
    op: str,
    point: PeriodPoint,
    actual: float,
    actual_period: str,
    previous: float | None,
    reason: str,
    settings: StatusSettings,
) -> str:
    where = f" ({actual_period})" if actual_period != point.code else ""
    year = target.year if target.year is not None else point.year
    text = _("Utfall %(actual)s%(where)s mot målet %(target)s (%(year)s)") % {
        "actual": format_value(actual, facts.unit),
        "where": where,
        "target": _target_words(facts, target, op, previous),
        "year": year,
    }
    if previous is not None and (target.relative_to or ABSOLUTE) != PREVIOUS_YEAR:
        text += _("; föregående år %(previous)s") % {"previous": format_value(previous, facts.unit)}
    return text + _verdict_suffix(reason, settings) + "."


def _previous_year_value(
    facts: IndicatorFacts, series: _Series | _Candidates, point: PeriodPoint
) -> float | None:
    found = series.latest(point.year - 1, point.end_month) or series.latest(point.year - 1)
    if found is not None:
        return found[0]
    if facts.baseline_year == point.year - 1:
        return facts.baseline_value
    return None


def _reference(
    facts: IndicatorFacts, target: TargetRule, previous: float | None
) -> tuple[float | None, str]:
    """What a relative target is relative to: the number, and its name in words."""
    if target.relative_to == PREVIOUS_YEAR:
        return previous, _("föregående år")
    label = _("nuläget")
    if facts.baseline_year:
        label += f" {facts.baseline_year}"
    return facts.baseline_value, label


def _threshold(
    facts: IndicatorFacts, target: TargetRule, op: str, previous: float | None
) -> float | None:
    """The number the outcome is compared with; None when what it is relative to is missing."""
    if (target.relative_to or ABSOLUTE) == ABSOLUTE:
        return target.value
    reference = previous if target.relative_to == PREVIOUS_YEAR else facts.baseline_value
    if reference is None or not target.value:
        return reference
    sign = -1 if op in ("<", "<=") else 1
    return reference * (1 + sign * target.value / 100)


def _target_words(
    facts: IndicatorFacts, target: TargetRule, op: str, previous: float | None
) -> str:
    """The target in words, for a target whose threshold exists (``_threshold``)."""
    if (target.relative_to or ABSOLUTE) == ABSOLUTE:
        assert target.value is not None  # noqa: S101 - a threshold exists
        return f"{_OP_WORDS[op]} {format_value(target.value, facts.unit)}"
    reference, label = _reference(facts, target, previous)
    assert reference is not None  # noqa: S101 - a threshold exists
    change = target.value
    if not change:
        return f"{_RELATIVE_WORDS[op]} {label} ({format_value(reference, facts.unit)})"
    threshold = _threshold(facts, target, op, previous)
    assert threshold is not None  # noqa: S101 - reference is not None
    return _(
        "%(change)s %% %(direction)s än %(label)s (%(reference)s), dvs. %(op)s %(threshold)s"
    ) % {
        "change": format_number(change),
        "direction": _("lägre") if op in ("<", "<=") else _("högre"),
        "label": label,
        "reference": format_value(reference, facts.unit),
        "op": _OP_WORDS[op],
        "threshold": format_value(threshold, facts.unit),
    }


def _status(
    facts: IndicatorFacts,
    op: str,
    actual: float,
    threshold: float,
    previous: float | None,
    settings: StatusSettings,
) -> tuple[str, str]:
    if _compare(actual, op, threshold):
        return MET, "met"
    band = abs(threshold) * settings.tolerance_percent / 100
    if band > 0 and abs(actual - threshold) <= band + 1e-9 * max(1.0, abs(threshold)):
        return PARTLY_MET, "tolerance"
    reference = previous if previous is not None else facts.baseline_value
    if settings.partly_when_improving and reference is not None:
        sign = _better_sign(facts, op)
        improved = (
            abs(actual - threshold) < abs(reference - threshold)
            if sign == 0
            else (actual - reference) * sign > 0
        )
        if improved:
            return PARTLY_MET, "improving"
    return NOT_MET, "not_met"


def _verdict_suffix(reason: str, settings: StatusSettings) -> str:
    if reason == "tolerance":
        return _(" – inom toleransen %(percent)s %% av målet") % {
            "percent": format_number(settings.tolerance_percent)
        }
    if reason == "improving":
        return _(" – utvecklingen går åt rätt håll")
    return ""


# --- goals -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoalInput:
    """One thing a goal's status is computed from, with the status and weight it counted with."""

    kind: str  # "indicator", "activity" or "goal"
    key: int
    label: str
    status: str
    weight: float = 1.0
    source: str = "computed"  # "computed", "assessment" or "activity_status"

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "id": self.key,
            "label": self.label,
            "status": self.status,
            "weight": self.weight,
            "source": self.source,
        }


@dataclass(slots=True)
class GoalResult:
    status: str
    rule: str
    explanation: str
    inputs: list[GoalInput] = field(default_factory=list)
    score: float | None = None


_RULE_LABELS = {
    "all": gettext_noop("alla underlag uppfyllda"),
    "majority": gettext_noop("majoriteten av underlagen uppfyllda"),
    "weighted": gettext_noop("viktat medelvärde"),
}
_KIND_LABELS = {
    "indicator": gettext_noop("indikatorer"),
    "activity": gettext_noop("aktiviteter"),
    "goal": gettext_noop("delmål"),
}


def rule_label(rule: str) -> str:
    return _(_RULE_LABELS[rule])


def evaluate_goal(inputs: Sequence[GoalInput], settings: StatusSettings) -> GoalResult:
    """A goal's status from its inputs by the municipality's rule; not-assessed inputs are
    listed but do not count."""
    rule = settings.goal_rule
    judged = [i for i in inputs if i.status in ASSESSABLE]
    if not judged:
        message = (
            _("Inget underlag har status ännu (%(n)d underlag ej bedömda).") % {"n": len(inputs)}
            if inputs
            else _("Målet har inga indikatorer, aktiviteter eller delmål att beräkna från.")
        )
        return GoalResult(NOT_ASSESSED, rule, message, list(inputs))
    counts = dict.fromkeys(ASSESSABLE, 0)
    for item in judged:
        counts[item.status] += 1
    total = len(judged)
    summary = _("%(met)d av %(total)d uppfyllda, %(partly)d delvis, %(not)d ej uppfyllda") % {
        "met": counts[MET],
        "total": total,
        "partly": counts[PARTLY_MET],
        "not": counts[NOT_MET],
    }
    skipped = len(inputs) - total
    if skipped:
        summary += _(" (%(n)d ej bedömda räknas inte)") % {"n": skipped}
    if rule == "weighted":
        return _weighted(inputs, judged, settings, summary)
    if rule == "majority":
        if counts[MET] * 2 > total:
            status = MET
        elif counts[NOT_MET] * 2 > total:
            status = NOT_MET
        else:
            status = PARTLY_MET
    elif counts[MET] == total:
        status = MET
    elif counts[NOT_MET] == total:
        status = NOT_MET
    else:
        status = PARTLY_MET
    explanation = _("Regel: %(rule)s. %(summary)s.") % {
        "rule": rule_label(rule),
        "summary": summary,
    }
    return GoalResult(status, rule, explanation, list(inputs))


def _weighted(
    inputs: Sequence[GoalInput],
    judged: Sequence[GoalInput],
    settings: StatusSettings,
    summary: str,
) -> GoalResult:
    total_weight = sum(i.weight for i in judged)
    weights = ", ".join(
        f"{_(_KIND_LABELS[kind])} {format_number(settings.weight(kind))}"
        for kind in ("indicator", "activity", "goal")
    )
    if total_weight <= 0:
        message = _("Regel: viktat medelvärde, men alla vikter är 0 (vikter: %(w)s).") % {
            "w": weights
        }
        return GoalResult(NOT_ASSESSED, "weighted", message, list(inputs))
    score = sum(SCORES[i.status] * i.weight for i in judged) / total_weight
    if score >= settings.weighted_met_at - 1e-9:
        status = MET
    elif score >= settings.weighted_partly_at - 1e-9:
        status = PARTLY_MET
    else:
        status = NOT_MET
    explanation = _(
        "Regel: viktat medelvärde %(score)s (uppfyllt = 1, delvis = 0,5, ej = 0; vikter: "
        "%(weights)s); uppfyllt från %(met_at)s, delvis från %(partly_at)s. %(summary)s."
    ) % {
        "score": format_number(score),
        "weights": weights,
        "met_at": format_number(settings.weighted_met_at),
        "partly_at": format_number(settings.weighted_partly_at),
        "summary": summary,
    }
    return GoalResult(status, "weighted", explanation, list(inputs), score)


ACTIVITY_STATUS_TO_STATUS: Mapping[str, str] = {
    "genomförd": MET,
    "pågår": PARTLY_MET,
    "ej påbörjad": NOT_MET,
    "avbruten": NOT_ASSESSED,
    "": NOT_ASSESSED,
}
