"""Indicator rules: baseline, targets, data source, frequency and whether targets make sense."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styr.review.config import ReviewSettings
from styr.review.context import ReviewContext
from styr.review.document import PlanDocument
from styr.review.findings import Finding, ItemKind, Severity
from styr.review.rules.base import check, indicator_label, number, quoted, rule, sentence

NO_BASELINE = rule(
    "indicator.no_baseline",
    Severity.WARNING,
    gettext_lazy("Indikatorn saknar nuläge"),
    gettext_lazy("Ange nuläget (ingångsvärdet) med värde och år, så att förändringen kan mätas."),
)
NO_TARGET = rule(
    "indicator.no_target",
    Severity.WARNING,
    gettext_lazy("Indikatorn saknar målvärde"),
    gettext_lazy("Ange vilket värde som ska nås och vilket år."),
)
NO_DATA_SOURCE = rule(
    "indicator.no_data_source",
    Severity.INFO,
    gettext_lazy("Indikatorn saknar datakälla"),
    gettext_lazy("Ange var värdet hämtas: Kolada (med KPI-id), verksamhetssystem, enkät …"),
)
NO_FREQUENCY = rule(
    "indicator.no_frequency",
    Severity.INFO,
    gettext_lazy("Indikatorn saknar mätfrekvens"),
    gettext_lazy("Ange hur ofta indikatorn mäts: månad, kvartal, tertial, halvår eller år."),
)
TARGET_NOT_MEASURABLE = rule(
    "indicator.target_not_measurable",
    Severity.WARNING,
    gettext_lazy("Målvärdet är inte mätbart"),
    gettext_lazy(
        "Skriv målvärdet som ett tal med jämförelse, t.ex. ”≥ 85 %” eller ”< föregående år”."
    ),
)
TARGET_OUTSIDE_PERIOD = rule(
    "indicator.target_outside_period",
    Severity.WARNING,
    gettext_lazy("Målvärdets år ligger utanför planperioden"),
    gettext_lazy("Kontrollera året: målvärden ska avse planperiodens år."),
)
TARGETS_BEYOND_PERIOD = rule(
    "indicator.targets_beyond_period",
    Severity.INFO,
    gettext_lazy("Inget målvärde avser planperioden"),
    gettext_lazy("Ange delmål för planperiodens år så att utvecklingen kan följas upp under året."),
)
TARGET_WRONG_SIDE = rule(
    "indicator.target_wrong_side",
    Severity.WARNING,
    gettext_lazy("Målvärdet ligger på fel sida om nuläget"),
    gettext_lazy("Kontrollera målvärdet och om högre eller lägre värde är bättre för indikatorn."),
)
PREVIOUS_YEAR_WITHOUT_BASE = rule(
    "indicator.previous_year_without_base",
    Severity.WARNING,
    gettext_lazy("Jämförelse med föregående år saknar tidigare värde"),
    gettext_lazy(
        "Ange nuläget eller ett uppmätt värde för året före, annars kan målet inte bedömas."
    ),
)

_NUMBER_TYPES = (int, float)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, _NUMBER_TYPES):
        return None
    return float(value)


@check
def check_indicators(
    doc: PlanDocument, settings: ReviewSettings, context: ReviewContext
) -> Iterator[Finding]:
    horizon = _target_horizon(doc)
    for indicator in doc.indicators:
        yield from _completeness(indicator)
        yield from _targets(doc, indicator, horizon)
    yield from _targets_beyond_period(doc)


def _completeness(indicator: dict[str, Any]) -> Iterator[Finding]:
    label = indicator_label(indicator)
    baseline = indicator.get("baseline") or {}
    if _number(baseline.get("value")) is None:
        text = str(baseline.get("text") or "").strip()
        if text:
            yield NO_BASELINE.finding(
                _("%(item)s har inget värde för nuläget; dokumentet skriver %(text)s.")
                % {"item": sentence(label), "text": quoted(text, 40)},
                ItemKind.INDICATOR,
                indicator,
                severity=Severity.INFO,
            )
        else:
            yield NO_BASELINE.finding(
                _("%(item)s saknar nuläge (ingångsvärde).") % {"item": sentence(label)},
                ItemKind.INDICATOR,
                indicator,
            )
    if not indicator.get("targets"):
        yield NO_TARGET.finding(
            _("%(item)s saknar målvärde.") % {"item": sentence(label)},
            ItemKind.INDICATOR,
            indicator,
        )
    if not str(indicator.get("data_source") or "").strip() and not indicator.get("kolada_kpi"):
        yield NO_DATA_SOURCE.finding(
            _("%(item)s saknar datakälla.") % {"item": sentence(label)},
            ItemKind.INDICATOR,
            indicator,
        )
    if not str(indicator.get("frequency") or "").strip():
        yield NO_FREQUENCY.finding(
            _("%(item)s saknar mätfrekvens.") % {"item": sentence(label)},
            ItemKind.INDICATOR,
            indicator,
        )


def _target_horizon(doc: PlanDocument) -> Counter[int]:
    """How many indicators aim at each year: the plan's own target horizon."""
    years: Counter[int] = Counter()
    for indicator in doc.indicators:
        years.update(
            {
                t.get("year")
                for t in indicator.get("targets") or []
                if isinstance(t.get("year"), int)
            }
        )
    return years


def _targets(
    doc: PlanDocument, indicator: dict[str, Any], horizon: Counter[int]
) -> Iterator[Finding]:
    label = sentence(indicator_label(indicator))
    targets = [t for t in indicator.get("targets") or [] if isinstance(t, dict)]
    for target in targets:
        year = target.get("year")
        text = quoted(target.get("text") or "", 40)
        if target.get("op") is None or (
            target.get("relative_to") in (None, "absolute") and _number(target.get("value")) is None
        ):
            yield TARGET_NOT_MEASURABLE.finding(
                _("%(item)s: målvärdet för %(year)s, %(text)s, är inte mätbart.")
                % {"item": label, "year": year or _("okänt år"), "text": text},
                ItemKind.INDICATOR,
                indicator,
                year=year,
                text=target.get("text"),
            )
        yield from _outside_period(doc, indicator, target, horizon)
        yield from _wrong_side(indicator, target)
        yield from _previous_year_without_base(indicator, target, targets)


def _outside_period(
    doc: PlanDocument, indicator: dict[str, Any], target: dict[str, Any], horizon: Counter[int]
) -> Iterator[Finding]:
    year, period = target.get("year"), doc.period
    if not isinstance(year, int) or period is None or period[0] <= year <= period[1]:
        return
    # A year that other indicators aim at too is the plan's own horizon (a four-year goal
    # with its target in the mandate's last year), not a slip of the pen.
    if horizon[year] >= 2:
        return
    yield TARGET_OUTSIDE_PERIOD.finding(
        _("%(item)s har målvärde för %(year)s, utanför planperioden %(start)s–%(end)s.")
        % {
            "item": sentence(indicator_label(indicator)),
            "year": year,
            "start": period[0],
            "end": period[1],
        },
        ItemKind.INDICATOR,
        indicator,
        year=year,
        period=list(period),
    )


def _targets_beyond_period(doc: PlanDocument) -> Iterator[Finding]:
    period = doc.period
    years = sorted(_target_horizon(doc))
    if period is None or not years:
        return
    if any(period[0] <= year <= period[1] for year in years):
        return
    if len(years) == 1 and sum(_target_horizon(doc).values()) < 2:
        return  # one stray target is reported on its indicator
    yield TARGETS_BEYOND_PERIOD.finding(
        _(
            "Planen gäller %(period)s men alla målvärden avser %(years)s; inget målvärde kan "
            "följas upp under planperioden."
        )
        % {
            "period": f"{period[0]}–{period[1]}" if period[0] != period[1] else period[0],
            "years": ", ".join(str(y) for y in years),
        },
        ItemKind.PLAN,
        None,
        item_id=None,
        years=years,
    )


def _wrong_side(indicator: dict[str, Any], target: dict[str, Any]) -> Iterator[Finding]:
    baseline = indicator.get("baseline") or {}
    start = _number(baseline.get("value"))
    goal = _number(target.get("value"))
    direction = indicator.get("direction")
    if start is None or goal is None or target.get("relative_to") not in (None, "absolute"):
        return
    start_year, target_year = baseline.get("year"), target.get("year")
    if isinstance(start_year, int) and isinstance(target_year, int) and target_year < start_year:
        return
    wrong = (direction == "increase" and goal < start) or (direction == "decrease" and goal > start)
    if not wrong:
        return
    better = _("högre") if direction == "increase" else _("lägre")
    yield TARGET_WRONG_SIDE.finding(
        _(
            "%(item)s: målvärdet %(goal)s för %(year)s är sämre än nuläget %(start)s, "
            "fast %(better)s värde är bättre."
        )
        % {
            "item": sentence(indicator_label(indicator)),
            "goal": number(goal),
            "year": target.get("year") or _("okänt år"),
            "start": number(start),
            "better": better,
        },
        ItemKind.INDICATOR,
        indicator,
        baseline=start,
        target=goal,
        direction=direction,
    )


def _previous_year_without_base(
    indicator: dict[str, Any], target: dict[str, Any], targets: list[dict[str, Any]]
) -> Iterator[Finding]:
    year = target.get("year")
    if target.get("relative_to") != "previous_year" or not isinstance(year, int):
        return
    baseline = indicator.get("baseline") or {}
    if _number(baseline.get("value")) is not None:
        return
    if any(
        _measured_year(v) is not None and _measured_year(v) < year  # type: ignore[operator]
        for v in indicator.get("values") or []
    ):
        return
    # An earlier target row shows the measure is taken before this year.
    if any(isinstance(t.get("year"), int) and t["year"] < year for t in targets):
        return
    yield PREVIOUS_YEAR_WITHOUT_BASE.finding(
        _(
            "%(item)s ska för %(year)s jämföras med föregående år, men planen har inget "
            "nuläge eller tidigare värde att jämföra med."
        )
        % {"item": sentence(indicator_label(indicator)), "year": year},
        ItemKind.INDICATOR,
        indicator,
        year=year,
    )


def _measured_year(value: Any) -> int | None:
    if not isinstance(value, dict) or _number(value.get("value")) is None:
        return None
    period = str(value.get("period") or "")
    return int(period[:4]) if period[:4].isdigit() else None
