"""Indicators with baselines, targets as rules and years of measured values."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from styr.demo.context import Build
from styr.demo.sizes import spread
from styr.demo.vocabulary import DepartmentKind, IndicatorTemplate
from styr.demo.writer import RowStream
from styr.followup.models import Measurement, MeasurementOrigin
from styr.plans.models import (
    Direction,
    Frequency,
    Gender,
    Goal,
    Indicator,
    RelativeTo,
    Target,
    TargetOp,
)

NEW_MEASURE_SHARE = 0.05  # indicators whose baseline is "Nytt mått"
PREVIOUS_YEAR_SHARE = 0.2  # targets written as "> föregående år"
LONG_TERM_TARGET_SHARE = 0.3  # indicators with a second target three years ahead
MEASUREMENT_FIELDS = ("indicator", "period", "year", "gender", "value", "origin")


@dataclass(frozen=True)
class Curve:
    """The made-up truth behind an indicator's values: a level, a yearly trend and noise."""

    template: IndicatorTemplate
    start: float
    trend: float
    noise: float
    gender_gap: float

    def at(self, t: float) -> float:
        return self.start + self.trend * t

    def sample(self, rng: random.Random, t: float) -> float:
        return rounded(self.at(t) + (rng.random() - 0.5) * 2 * self.noise, self.template.unit)


def rounded(value: float, unit: str) -> float:
    if unit == "%":
        return round(min(max(value, 0.0), 100.0), 1)
    if unit == "index":
        return round(max(value, 0.0), 1)
    return float(round(max(value, 0.0)))


def swedish_number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value)}"
    return text.replace(".", ",")


def build_indicators(build: Build) -> None:
    bearing = _indicator_bearing_goals(build)
    counts = spread(build.amounts.indicators, len(bearing))
    indicators: list[Indicator] = []
    curves: list[Curve] = []
    positions: Counter[int] = Counter()
    for (goal, kind, unit_name), count in zip(bearing, counts, strict=True):
        offset = build.rng.randrange(len(kind.indicators))
        for k in range(count):
            template = kind.indicators[(offset + k) % len(kind.indicators)]
            curve = _curve(build.rng, template)
            position = positions[goal.plan_id]
            positions[goal.plan_id] += 1
            indicators.append(_indicator(build, goal, template, curve, unit_name, position))
            curves.append(curve)
    build.writer.create(Indicator, indicators)
    targets: list[Target] = []
    # Registered at the start of the plan year: a date from the base year, not the clock.
    constants = {"entered_at": build.moment(1, 1), "position": 0, "extra": {}}
    stream = build.writer.rows(Measurement, MEASUREMENT_FIELDS, constants)
    for indicator, curve in zip(indicators, curves, strict=True):
        targets += _targets(build, indicator, curve)
        _measurements(build, stream, indicator, curve)
    stream.flush()
    build.writer.create(Target, targets)


def _indicator_bearing_goals(build: Build) -> list[tuple[Goal, DepartmentKind, str]]:
    """Nämndmål, verksamhetsmål and delmål carry indicators; vision and KF goals do not."""
    bearing: list[tuple[Goal, DepartmentKind, str]] = []
    for node in build.committees:
        kinds = [d.spec.kind for d in node.departments]
        for i, goal in enumerate(node.committee_goals):
            if kinds:
                bearing.append((goal, kinds[i % len(kinds)], ""))
        for dept in node.departments:
            bearing += [(goal, dept.spec.kind, "") for goal in dept.goals]
            for unit in dept.units:
                bearing += [(g, dept.spec.kind, unit.name) for g in dept.sub_goals[unit.pk]]
    return bearing


def _curve(rng: random.Random, template: IndicatorTemplate) -> Curve:
    span = template.high - template.low
    better = 1 if template.direction == Direction.INCREASE else -1
    return Curve(
        template=template,
        start=rng.uniform(template.low, template.high),
        trend=span * rng.uniform(-0.03, 0.06) * better,
        noise=span * 0.04,
        gender_gap=span * rng.uniform(-0.08, 0.08) if template.gender_split else 0.0,
    )


def _indicator(
    build: Build,
    goal: Goal,
    template: IndicatorTemplate,
    curve: Curve,
    unit_name: str,
    position: int,
) -> Indicator:
    years = build.amounts.measurement_years
    is_new = build.rng.random() < NEW_MEASURE_SHARE
    baseline_year = build.base_year - 1
    baseline = None if is_new else rounded(curve.at(years - 0.5), template.unit)
    text = "Nytt mått" if baseline is None else f"{swedish_number(baseline)} ({baseline_year})"
    return Indicator(
        plan_id=goal.plan_id,
        goal=goal,
        ref=f"i{position + 1}",
        position=position,
        name=f"{template.name}, {unit_name}" if unit_name else template.name,
        unit=template.unit,
        direction=template.direction,
        frequency=Frequency.MONTH if build.amounts.monthly else Frequency.YEAR,
        data_source=template.data_source,
        has_baseline=True,
        baseline_value=baseline,
        baseline_year=None if baseline is None else baseline_year,
        baseline_text=text,
        is_gender_split=template.gender_split,
        responsible_unit=goal.responsible_unit,
    )


def _targets(build: Build, indicator: Indicator, curve: Curve) -> list[Target]:
    rng = build.rng
    increase = indicator.direction == Direction.INCREASE
    first_year = build.base_year - build.amounts.measurement_years
    if rng.random() < PREVIOUS_YEAR_SHARE:
        op = TargetOp.GT if increase else TargetOp.LT
        first = Target(
            indicator=indicator,
            year=build.base_year,
            op=op,
            value=None,
            relative_to=RelativeTo.PREVIOUS_YEAR,
            text=f"{op} föregående år",
        )
    else:
        first = _absolute_target(indicator, build.base_year, first_year, curve, 0.05)
    targets = [first]
    if rng.random() < LONG_TERM_TARGET_SHARE:
        target = _absolute_target(indicator, build.base_year + 3, first_year, curve, 0.12)
        targets.append(target)
    for position, target in enumerate(targets):
        target.position = position
        target.gender = Gender.TOTAL if indicator.is_gender_split else ""
    return targets


def _absolute_target(
    indicator: Indicator, year: int, first_year: int, curve: Curve, improvement: float
) -> Target:
    """A target a little better than where the indicator's curve will be in ``year``."""
    increase = indicator.direction == Direction.INCREASE
    span = curve.template.high - curve.template.low
    level = curve.at(year - first_year)
    goal = rounded(
        level + (span * improvement if increase else -span * improvement), indicator.unit
    )
    op = TargetOp.GTE if increase else TargetOp.LTE
    symbol = "≥" if increase else "≤"
    suffix = f" {indicator.unit}" if indicator.unit in {"%", "kr/inv"} else ""
    return Target(
        indicator=indicator,
        year=year,
        op=op,
        value=goal,
        relative_to=RelativeTo.ABSOLUTE,
        text=f"{symbol} {swedish_number(goal)}{suffix}",
    )


def _measurements(build: Build, stream: RowStream, indicator: Indicator, curve: Curve) -> None:
    rng = build.rng
    years = build.amounts.measurement_years
    first_year = build.base_year - years
    # Plain strings, not the choice enums: raw rows skip Django's value preparation.
    origin = (
        MeasurementOrigin.KOLADA if indicator.data_source == "Kolada" else MeasurementOrigin.MANUAL
    ).value
    total = Gender.TOTAL.value
    pk = indicator.pk
    for offset in range(years):
        year = first_year + offset
        if build.amounts.monthly:
            for month in range(1, 13):
                value = curve.sample(rng, offset + (month - 1) / 12)
                stream.add((pk, f"{year}-{month:02d}", year, total, value, origin))
        else:
            stream.add((pk, str(year), year, total, curve.sample(rng, offset), origin))
        if indicator.is_gender_split:
            middle = curve.at(offset + 0.5)
            for gender, sign in ((Gender.WOMEN.value, 1), (Gender.MEN.value, -1)):
                value = rounded(middle + sign * curve.gender_gap, indicator.unit)
                stream.add((pk, str(year), year, gender, value, origin))
