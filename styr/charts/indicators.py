"""A ``LineChart`` from an indicator's model objects, so the goal page and the follow-up
report draw the same chart from the same data.

Pass already-fetched rows (``prefetch_related("measurements", "targets")``): this module
never queries the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from styr.charts.line import Baseline, LineChart, Series, TargetLine, continuous_years

GENDER_LABELS = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}


def _target_threshold(target: Any, baseline: float | None) -> float | None:
    """The number a target line is drawn at, when it is a fixed number: an absolute value,
    or a change relative to the baseline. Targets relative to the previous year move with
    the data and are left to the table."""
    value = getattr(target, "value", None)
    relative_to = getattr(target, "relative_to", "") or "absolute"
    if value is None:
        return None
    if relative_to == "absolute":
        return float(value)
    if relative_to == "baseline" and baseline is not None:
        sign = -1 if getattr(target, "op", "") in ("<", "<=") else 1
        return baseline * (1 + sign * float(value) / 100) if value else baseline
    return None


def indicator_line_chart(
    indicator: Any,
    measurements: Iterable[Any],
    targets: Iterable[Any] = (),
    peers: Sequence[tuple[str, Mapping[str, float | None]]] = (),
    *,
    title: str | None = None,
    genders: Sequence[str] | None = None,
    **options: Any,
) -> LineChart:
    """The indicator's time series: one series per gender present (or just "Utfall"), one
    target step line per gender with numeric targets, the baseline, and ``peers`` such as
    ``[("Liknande kommuner", {"2022": 71.0, ...})]``. ``options`` go to ``LineChart``
    (width, height, show_title, description ...)."""
    by_gender: dict[str, dict[str, float | None]] = {}
    for m in measurements:
        gender = getattr(m, "gender", "T") or "T"
        by_gender.setdefault(gender, {})[str(m.period)] = m.value
    wanted = list(genders) if genders is not None else [g for g in "TKM" if g in by_gender]
    split = len(wanted) > 1
    series = [
        Series(GENDER_LABELS.get(g, g) if split else "Utfall", by_gender.get(g, {})) for g in wanted
    ]
    series += [Series(label, values, kind="peer") for label, values in peers]

    baseline_value = getattr(indicator, "baseline_value", None)
    baseline = (
        Baseline(
            float(baseline_value),
            period=str(getattr(indicator, "baseline_year", "") or ""),
        )
        if baseline_value is not None
        else None
    )

    target_values: dict[str, dict[str, float | None]] = {}
    undated: dict[str, float] = {}
    for target in targets:
        threshold = _target_threshold(target, baseline_value)
        if threshold is None:
            continue
        gender = getattr(target, "gender", "") or "T"
        if getattr(target, "year", None):
            target_values.setdefault(gender, {})[str(target.year)] = threshold
        else:
            undated[gender] = threshold
    periods = sorted({p for s in series for p in s.values})
    years = sorted({p[:4] for p in periods} | {y for v in target_values.values() for y in v})
    for gender, value in undated.items():
        values = target_values.setdefault(gender, {})
        for year in years:
            values.setdefault(year, value)
    target_lines = [
        TargetLine(
            "Mål"
            if gender == "T" and len(target_values) == 1
            else f"Mål {GENDER_LABELS.get(gender, gender).lower()}",
            values,
        )
        for gender, values in sorted(target_values.items(), key=lambda kv: "TKM".find(kv[0]))
    ]
    if not periods:
        periods = years
    else:
        # a target for a later year than any measurement still shows where the goal is
        periods = sorted(set(periods) | {y for y in years if not any(p[:4] == y for p in periods)})
    periods = continuous_years(periods)
    return LineChart(
        title=title if title is not None else str(getattr(indicator, "name", "")),
        series=series,
        targets=target_lines,
        baseline=baseline,
        unit=str(getattr(indicator, "unit", "") or ""),
        periods=periods,
        **options,
    )
