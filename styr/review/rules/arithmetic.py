"""Arithmetic rules: stated totals in budget and volume tables, deviation columns and
budget figures in the text.

Tolerance. Money in a plan is shown rounded (kronor to tkr, tkr to mnkr with one decimal),
so a total computed from unrounded figures may differ from the sum of the rounded parts.
Each shown figure is off by at most half its rounding step, so the sum of n parts and the
stated total can differ by at most (n + 1) × step / 2 without anyone having made a
mistake. The step is the smallest one the table shows: 0.1 when figures have one decimal,
1 for whole numbers, and 100 or 1 000 when every figure of the table (at least four) ends
in that many zeros (a table rounded to hundreds). A difference within that bound is no
fault; when the step is coarser than the unit (hundreds of tkr) it is reported as
information, since the reader sees figures that do not add up. Counts in volume tables are
exact whole numbers and must add up exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styr.review.config import ReviewSettings
from styr.review.context import ReviewContext
from styr.review.document import PlanDocument, shorten
from styr.review.findings import Finding, ItemKind, Severity
from styr.review.rules.base import check, number, quoted, rule

BUDGET_TOTAL = rule(
    "arithmetic.budget_total",
    Severity.ERROR,
    gettext_lazy("Summan i budgettabellen stämmer inte"),
    gettext_lazy("Räkna om summaraden (eller rätta den rad som är fel) så att delarna går ihop."),
)
ROUNDING = rule(
    "arithmetic.rounding_difference",
    Severity.INFO,
    gettext_lazy("Avrundningsdifferens i tabellen"),
    gettext_lazy("Justera en rad så att de avrundade beloppen summerar till den angivna summan."),
)
VOLUME_TOTAL = rule(
    "arithmetic.volume_total",
    Severity.WARNING,
    gettext_lazy("Summan i volymtabellen stämmer inte"),
    gettext_lazy("Räkna om totalraden så att den är summan av delraderna."),
)
DEVIATION = rule(
    "arithmetic.deviation",
    Severity.ERROR,
    gettext_lazy("Avvikelsen är inte skillnaden mellan prognos och budget"),
    gettext_lazy("Räkna om avvikelsen som prognos (eller utfall) minus budget."),
)
TEXT_TOTAL = rule(
    "arithmetic.text_total",
    Severity.WARNING,
    gettext_lazy("Beloppet i texten stämmer inte med tabellen"),
    gettext_lazy("Låt texten och tabellen ange samma belopp."),
)

_TOTAL_LABEL = re.compile(r"^\s*(summa|s:a|totalt?|netto|nettokostnad)\b|[,\s]totalt?\s*$", re.I)
_NET_LABEL = re.compile(r"\bnetto", re.I)
# "varav"/"därav" rows break a line down and are already inside it: never a part of a sum.
_BREAKDOWN_LABEL = re.compile(r"^\s*(varav|därav)\b", re.I)
_TOTAL_COLUMN = re.compile(r"^\s*(summa|totalt?)\b", re.I)
_UNIT_FACTOR = {"kr": 0.001, "tkr": 1.0, "mnkr": 1000.0, "mkr": 1000.0}

ColumnKey = tuple[Any, Any, Any]


def _amount(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _decimals(value: float) -> int:
    text = repr(value)
    return len(text.split(".")[1].rstrip("0")) if "." in text and "e" not in text else 0


def rounding_step(figures: Sequence[float]) -> float:
    """The rounding step the table's figures are shown with (see the module docstring)."""
    figures = [f for f in figures if f is not None]
    decimals = max((_decimals(f) for f in figures), default=0)
    if decimals:
        return 10.0**-decimals
    nonzero = [abs(round(f)) for f in figures if round(f) != 0]
    if len(nonzero) < 4:
        return 1.0
    zeros = min(len(str(n)) - len(str(n).rstrip("0")) for n in nonzero)
    return 10.0 ** min(zeros, 3)


@dataclass
class Line:
    item: dict[str, Any]
    values: dict[ColumnKey, float | None]
    is_total: bool
    is_net: bool


def _column_label(key: ColumnKey) -> str:
    year, kind, column = key
    if column:
        return str(column)
    return " ".join(str(part) for part in (kind, year) if part)


@check
def check_arithmetic(
    doc: PlanDocument, settings: ReviewSettings, context: ReviewContext
) -> Iterator[Finding]:
    budget_tables = list(_tables(doc.budget, amount_key="amount"))
    for table in budget_tables:
        yield from _column_totals(table, kind=ItemKind.BUDGET)
        step = rounding_step(_figures(table))
        for line in table:
            yield from _row_totals(line, step)
            yield from _deviation(line, step)
    for table in _tables(doc.volumes, amount_key="value", grouped=True):
        yield from _volume_totals(table)
    yield from _text_totals(doc, budget_tables)


def _figures(table: Sequence[Line]) -> list[float]:
    return [v for line in table for v in line.values.values() if v is not None]


# -- table assembly -------------------------------------------------------------------------
def _line(item: dict[str, Any], amount_key: str) -> Line:
    values: dict[ColumnKey, float | None] = {}
    for value in item.get("values") or []:
        if isinstance(value, dict):
            key = (value.get("year"), value.get("kind"), value.get("column"))
            values[key] = _amount(value.get(amount_key))
    label = str(item.get("label") or "")
    is_total = bool(item.get("is_total")) or bool(_TOTAL_LABEL.search(label))
    return Line(item, values, is_total, bool(_NET_LABEL.search(label)))


def _tables(
    items: list[dict[str, Any]], amount_key: str, grouped: bool = False
) -> Iterator[list[Line]]:
    """Consecutive lines of one table: same section (or group) and unit, overlapping columns."""
    table: list[Line] = []
    signature: tuple[Any, ...] | None = None
    for item in items:
        line = _line(item, amount_key)
        own = (
            item.get("group") if grouped else item.get("section"),
            None if grouped else item.get("unit"),
        )
        columns = set(line.values)
        if table and (own != signature or not (columns & set(table[-1].values))):
            yield table
            table = []
        table.append(line)
        signature = own
    if table:
        yield table


# -- column totals --------------------------------------------------------------------------
@dataclass
class Comparison:
    key: ColumnKey
    stated: float
    computed: float
    difference: float
    tolerance: float
    step: float

    @property
    def ok(self) -> bool:
        return abs(self.difference) <= self.tolerance + 1e-9 * max(1.0, abs(self.stated))


def _compare(
    total: Line, parts: Sequence[Line], step: float, signs: Sequence[int] | None = None
) -> list[Comparison]:
    signs = signs or [1] * len(parts)
    result = []
    for key, stated in total.values.items():
        if stated is None:
            continue
        figures = [part.values.get(key) for part in parts]
        if all(f is None for f in figures):
            continue
        computed = sum(sign * (f or 0.0) for sign, f in zip(signs, figures, strict=True))
        tolerance = (len(parts) + 1) * step / 2
        result.append(Comparison(key, stated, computed, stated - computed, tolerance, step))
    return result


def _candidates(
    pending: list[Line], subtotals: list[Line], last_total: Line | None, total: Line
) -> list[tuple[str, list[Line], list[int] | None]]:
    candidates: list[tuple[str, list[Line], list[int] | None]] = []
    if pending:
        candidates.append(("parts", pending, None))
        if total.is_net and len(pending) >= 2:
            candidates.extend(("parts", pending, signs) for signs in _net_signs(len(pending)))
    if subtotals:
        group = subtotals + pending
        candidates.append(("subtotals", group, None))
        if total.is_net and len(group) >= 2:
            candidates.extend(("subtotals", group, signs) for signs in _net_signs(len(group)))
    if last_total is not None and not pending:
        candidates.append(("repeat", [last_total], None))
    return candidates


def _net_signs(count: int) -> list[list[int]]:
    """A net row over positive figures: income minus costs, or costs minus income."""
    first_minus_rest = [1] + [-1] * (count - 1)
    return [first_minus_rest, [-sign for sign in first_minus_rest]]


def _column_totals(table: list[Line], kind: ItemKind) -> Iterator[Finding]:
    step = rounding_step(_figures(table))
    pending: list[Line] = []
    subtotals: list[Line] = []
    last_total: Line | None = None
    for line in table:
        if _BREAKDOWN_LABEL.match(str(line.item.get("label") or "")):
            continue
        if not line.is_total:
            pending.append(line)
            continue
        best: tuple[str, list[Line], list[Comparison]] | None = None
        for name, parts, signs in _candidates(pending, subtotals, last_total, line):
            comparisons = _compare(line, parts, step, signs)
            if not comparisons:
                continue
            score = sum(c.ok for c in comparisons)
            if best is None or score > sum(c.ok for c in best[2]):
                best = (name, parts, comparisons)
            if score == len(comparisons):
                break
        if best is not None:
            yield from _report_total(line, best[1], best[2], kind)
            if best[0] == "parts":
                subtotals.append(line)
            elif best[0] == "subtotals":
                subtotals = [line]
        pending = []
        last_total = line


def _report_total(
    total: Line, parts: list[Line], comparisons: list[Comparison], kind: ItemKind
) -> Iterator[Finding]:
    unit = total.item.get("unit") or ""
    label = quoted(total.item.get("label"), 50)
    part_ids = [part.item["id"] for part in parts]
    for comparison in comparisons:
        column = _column_label(comparison.key)
        figures = {
            "item": label,
            "column": column,
            "stated": number(comparison.stated),
            "computed": number(comparison.computed),
            "difference": number(abs(comparison.difference)),
            "unit": unit,
        }
        details: dict[str, Any] = {
            "column": column,
            "stated": comparison.stated,
            "computed": comparison.computed,
            "difference": round(comparison.difference, 6),
            "tolerance": comparison.tolerance,
            "parts": part_ids,
        }
        if not comparison.ok:
            yield BUDGET_TOTAL.finding(
                _(
                    "Raden %(item)s anger %(stated)s %(unit)s för %(column)s, men delarna "
                    "summerar till %(computed)s %(unit)s (skillnad %(difference)s)."
                )
                % figures,
                kind,
                total.item,
                **details,
            )
        elif comparison.difference and comparison.step > 1:
            yield ROUNDING.finding(
                _(
                    "Raden %(item)s anger %(stated)s %(unit)s för %(column)s och delarna "
                    "summerar till %(computed)s %(unit)s; tabellen är avrundad till hela "
                    "%(step)s %(unit)s, så skillnaden %(difference)s %(unit)s är en "
                    "avrundningsdifferens."
                )
                % {**figures, "step": number(comparison.step)},
                kind,
                total.item,
                **details,
            )


# -- row totals and deviations --------------------------------------------------------------
def _row_totals(line: Line, step: float) -> Iterator[Finding]:
    for (year, kind, column), stated in line.values.items():
        if stated is None or year is not None or not _TOTAL_COLUMN.match(str(column or "")):
            continue
        parts = [
            value
            for (p_year, p_kind, p_column), value in line.values.items()
            if p_kind == kind and not _TOTAL_COLUMN.match(str(p_column or "")) and value is not None
        ]
        if len(parts) < 2:
            continue
        computed = sum(parts)
        difference = stated - computed
        if abs(difference) <= (len(parts) + 1) * step / 2 + 1e-9 * max(1.0, abs(stated)):
            continue
        yield BUDGET_TOTAL.finding(
            _(
                "Raden %(item)s anger %(stated)s %(unit)s i kolumnen %(column)s, men årens "
                "belopp summerar till %(computed)s %(unit)s."
            )
            % {
                "item": quoted(line.item.get("label"), 50),
                "stated": number(stated),
                "computed": number(computed),
                "unit": line.item.get("unit") or "",
                "column": column,
            },
            ItemKind.BUDGET,
            line.item,
            column=column,
            stated=stated,
            computed=computed,
            difference=round(difference, 6),
        )


def _deviation(line: Line, step: float) -> Iterator[Finding]:
    by_year: dict[Any, dict[str, float]] = {}
    for (year, kind, _column), value in line.values.items():
        if value is not None and year is not None:
            by_year.setdefault(year, {})[str(kind)] = value
    for year, kinds in by_year.items():
        deviation, budget = kinds.get("avvikelse"), kinds.get("budget")
        actual = kinds.get("prognos", kinds.get("utfall"))
        if deviation is None or budget is None or actual is None:
            continue
        # Sign conventions differ (costs negative or positive), so only the size must agree.
        expected = actual - budget
        if abs(abs(deviation) - abs(expected)) <= 1.5 * step + 1e-9:
            continue
        yield DEVIATION.finding(
            _(
                "Raden %(item)s anger avvikelsen %(deviation)s för %(year)s, men prognos/utfall "
                "%(actual)s och budget %(budget)s skiljer %(expected)s."
            )
            % {
                "item": quoted(line.item.get("label"), 50),
                "deviation": number(deviation),
                "year": year,
                "actual": number(actual),
                "budget": number(budget),
                "expected": number(expected),
            },
            ItemKind.BUDGET,
            line.item,
            year=year,
            stated=deviation,
            computed=expected,
        )


# -- volume totals --------------------------------------------------------------------------
_VOLUME_TOTAL_SUFFIX = re.compile(r"^(?P<prefix>.+?)[,\s]+totalt?\s*$", re.I)
_VOLUME_TOTAL_PREFIX = re.compile(r"^\s*(summa|totalt?|s:a)\b", re.I)


def _volume_parts(table: list[Line], total: Line) -> list[Line]:
    label = str(total.item.get("label") or "")
    suffix = _VOLUME_TOTAL_SUFFIX.match(label)
    if suffix and not _VOLUME_TOTAL_PREFIX.match(label):
        prefix = suffix.group("prefix").strip().lower()
        return [
            line
            for line in table
            if line is not total
            and not line.is_total
            and re.match(rf"{re.escape(prefix)}[,\s]", str(line.item.get("label") or "").lower())
        ]
    position = table.index(total)
    parts: list[Line] = []
    for line in reversed(table[:position]):
        if line.is_total:
            break
        parts.insert(0, line)
    return parts


def _volume_totals(table: list[Line]) -> Iterator[Finding]:
    for total in table:
        if not total.is_total:
            continue
        parts = _volume_parts(table, total)
        if len(parts) < 2:
            continue
        figures = _figures([total, *parts])
        step = rounding_step(figures)
        whole = all(float(f).is_integer() for f in figures)
        # Counts are exact; only a table visibly rounded (to tens or more, or decimals) may
        # carry rounding differences.
        exact = whole and step == 1
        for comparison in _compare(total, parts, step):
            if (exact and comparison.difference == 0) or (not exact and comparison.ok):
                continue
            column = _column_label(comparison.key)
            yield VOLUME_TOTAL.finding(
                _(
                    "Raden %(item)s anger %(stated)s för %(column)s, men delraderna summerar "
                    "till %(computed)s."
                )
                % {
                    "item": quoted(total.item.get("label"), 50),
                    "stated": number(comparison.stated),
                    "column": column,
                    "computed": number(comparison.computed),
                },
                ItemKind.VOLUME,
                total.item,
                column=column,
                stated=comparison.stated,
                computed=comparison.computed,
                difference=round(comparison.difference, 6),
                parts=[part.item["id"] for part in parts],
            )


# -- figures in the text --------------------------------------------------------------------
_TEXT_AMOUNT = re.compile(
    r"(?P<subject>budget\w*|ram\w*|investering\w*|omslutning\w*)"
    r"(?P<between>[^.;:]{0,80}?)"
    r"(?P<figure>\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*"
    r"(?P<unit>tkr|mnkr|mkr|miljoner kronor|tusen kronor)\b",
    re.IGNORECASE,
)
_UNIT_WORDS = {"miljoner kronor": "mnkr", "tusen kronor": "tkr", "mkr": "mnkr"}
_YEAR_WORD = re.compile(r"\b(19|20)\d\d\b")


@dataclass
class TextAmount:
    text: dict[str, Any]
    section: str
    year: int | None
    amount: float
    unit: str
    step: float
    excerpt: str


def _text_amounts(doc: PlanDocument) -> Iterator[TextAmount]:
    period = doc.period
    for text in doc.texts:
        for match in _TEXT_AMOUNT.finditer(text["text"]):
            figure = match.group("figure").replace(" ", "").replace("\u00a0", "")
            amount = float(figure.replace(",", "."))
            unit = match.group("unit").lower()
            unit = _UNIT_WORDS.get(unit, unit)
            subject = match.group("subject").lower()
            section = "investering" if subject.startswith("investering") else "drift"
            years = [int(y.group(0)) for y in _YEAR_WORD.finditer(match.group("between"))]
            year = years[0] if years else (period[0] if period and period[0] == period[1] else None)
            decimals = len(figure.split(",")[1]) if "," in figure else 0
            zeros = len(figure) - len(figure.rstrip("0")) if not decimals and amount else 0
            step = 10.0**-decimals if decimals else 10.0 ** min(zeros, 3)
            yield TextAmount(text, section, year, amount, unit, step, shorten(match.group(0), 90))


def _text_totals(doc: PlanDocument, tables: list[list[Line]]) -> Iterator[Finding]:
    for amount in _text_amounts(doc):
        if amount.year is None:
            continue
        total = _grand_total(tables, amount.section, amount.year)
        if total is None:
            continue
        line, stated, table_step = total
        table_unit = str(line.item.get("unit") or "tkr")
        if table_unit not in _UNIT_FACTOR or amount.unit not in _UNIT_FACTOR:
            continue
        in_table_unit = amount.amount * _UNIT_FACTOR[amount.unit] / _UNIT_FACTOR[table_unit]
        text_step = amount.step * _UNIT_FACTOR[amount.unit] / _UNIT_FACTOR[table_unit]
        tolerance = (max(text_step, table_step)) / 2
        difference = abs(in_table_unit) - abs(stated)
        if abs(difference) <= tolerance + 1e-9 * max(1.0, abs(stated)):
            continue
        yield TEXT_TOTAL.finding(
            _(
                "Texten anger %(text_amount)s %(text_unit)s (%(excerpt)s), men tabellens rad "
                "%(item)s anger %(stated)s %(unit)s för %(year)s."
            )
            % {
                "text_amount": number(amount.amount),
                "text_unit": amount.unit,
                "excerpt": quoted(amount.excerpt, 90),
                "item": quoted(line.item.get("label"), 50),
                "stated": number(stated),
                "unit": table_unit,
                "year": amount.year,
            },
            ItemKind.TEXT,
            amount.text,
            item_id=line.item["id"],
            text_amount=amount.amount,
            text_unit=amount.unit,
            stated=stated,
            year=amount.year,
        )


def _grand_total(
    tables: list[list[Line]], section: str, year: int
) -> tuple[Line, float, float] | None:
    """The last total row of the section's tables with a budget figure for the year."""
    for table in reversed(tables):
        if table[0].item.get("section") not in (
            (section,) if section == "investering" else ("drift", "ram")
        ):
            continue
        for line in reversed(table):
            if not line.is_total:
                continue
            for (value_year, kind, _column), value in line.values.items():
                if value_year == year and kind == "budget" and value is not None:
                    return line, value, rounding_step(_figures(table))
    return None
