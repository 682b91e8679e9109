"""Economy rules in plain Python: budget against prognos and utfall, the deviation, sums per
unit, and volume tables by period.

Amounts keep the document's own sign (a net cost is negative, as in ``- 23 271`` tkr), so the
deviation is *compared − budget* whatever the line: a negative deviation is always worse than
the budget (a larger cost or a smaller income), a positive one better.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from styr.accounts.access import restrict
from styr.economy.models import BudgetLine, BudgetValue, ValueKind, VolumeLine, VolumeValue
from styr.organisation.models import OrgUnit

# Kinds that count as the outcome of a year: an utfall, or the bokslut of a closed year.
OUTCOME_KINDS = (ValueKind.OUTCOME, ValueKind.ACCOUNTS)
KIND_ORDER: dict[str, int] = {
    str(kind): index
    for index, kind in enumerate(
        (
            ValueKind.ACCOUNTS,
            ValueKind.OUTCOME,
            ValueKind.FORECAST,
            ValueKind.BUDGET,
            ValueKind.PLAN,
            ValueKind.DEVIATION,
        )
    )
}


def deviation(budget: float | None, compared: float | None) -> float | None:
    """Avvikelse mot budget: ``compared − budget`` (negative: worse than the budget)."""
    if budget is None or compared is None:
        return None
    return compared - budget


@dataclass
class BudgetRow:
    line: BudgetLine
    budget: float | None
    forecast: float | None
    outcome: float | None
    deviation: float | None
    # What the deviation is measured against: "utfall", "prognos", "dokument" or "".
    basis: str


@dataclass
class UnitBudget:
    """The lines of one unit for a year, with their sums."""

    unit: OrgUnit
    rows: list[BudgetRow] = field(default_factory=list)

    @property
    def mixed_units(self) -> bool:
        """Lines in different money units (tkr and mnkr): their sum would mean nothing."""
        return len({row.line.unit for row in self.rows}) > 1

    def _sum(self, attribute: str) -> float | None:
        if self.mixed_units:
            return None
        values = [getattr(row, attribute) for row in self.rows]
        known = [value for value in values if value is not None]
        return sum(known) if known else None

    @property
    def budget(self) -> float | None:
        return self._sum("budget")

    @property
    def forecast(self) -> float | None:
        return self._sum("forecast")

    @property
    def outcome(self) -> float | None:
        return self._sum("outcome")

    @property
    def deviation(self) -> float | None:
        return self._sum("deviation")

    @property
    def money_unit(self) -> str:
        units = {row.line.unit for row in self.rows if row.line.unit}
        return units.pop() if len(units) == 1 else ""


def budget_row(line: BudgetLine, values: Iterable[BudgetValue]) -> BudgetRow:
    """One line's budget, prognos, utfall and deviation for the values of one year."""
    by_kind: dict[str, float] = {}
    for value in values:
        if value.amount is not None and value.kind not in by_kind:
            by_kind[value.kind] = value.amount
    budget = by_kind.get(ValueKind.BUDGET)
    forecast = by_kind.get(ValueKind.FORECAST)
    outcome = next((by_kind[k] for k in OUTCOME_KINDS if k in by_kind), None)
    if budget is not None and outcome is not None:
        return BudgetRow(line, budget, forecast, outcome, deviation(budget, outcome), "utfall")
    if budget is not None and forecast is not None:
        return BudgetRow(line, budget, forecast, outcome, deviation(budget, forecast), "prognos")
    stored = by_kind.get(ValueKind.DEVIATION)
    return BudgetRow(line, budget, forecast, outcome, stored, "dokument" if stored else "")


def unit_of(line: BudgetLine | VolumeLine) -> OrgUnit:
    """The unit a line belongs to: its own, else its plan's owner."""
    return line.org_unit if line.org_unit is not None else line.plan.owner


def visible_budget_lines(user: Any, unit: OrgUnit | None = None) -> QuerySet[BudgetLine]:
    """Budget lines the user may read, of ``unit`` and the units under it when given."""
    lines = restrict(user, BudgetLine.objects.all())
    return _in_unit(lines, unit)


def visible_volume_lines(user: Any, unit: OrgUnit | None = None) -> QuerySet[VolumeLine]:
    lines = restrict(user, VolumeLine.objects.all())
    return _in_unit(lines, unit)


def _in_unit(lines: QuerySet[Any], unit: OrgUnit | None) -> QuerySet[Any]:
    if unit is None:
        return lines
    return lines.filter(
        Q(org_unit__path__startswith=unit.path)
        | Q(org_unit__isnull=True, plan__owner__path__startswith=unit.path)
    )


def budget_years(lines: QuerySet[BudgetLine]) -> list[int]:
    """The years the lines have a budget, prognos or utfall for, newest first (one query)."""
    found = (
        BudgetValue.objects.filter(line__in=lines, year__isnull=False)
        .exclude(kind=ValueKind.PLAN)
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted({year for year in found if year is not None}, reverse=True)


def default_year(lines: QuerySet[BudgetLine], years: list[int]) -> int:
    """The newest year with a budget and something to compare it with, else the newest
    budget year, else this year (one query)."""
    pairs = (
        BudgetValue.objects.filter(line__in=lines, year__in=years)
        .values_list("year", "kind")
        .distinct()
    )
    budgeted: set[int] = set()
    compared: set[int] = set()
    for year, kind in pairs:
        if year is None:
            continue
        if kind == ValueKind.BUDGET:
            budgeted.add(year)
        elif kind == ValueKind.FORECAST or kind in OUTCOME_KINDS:
            compared.add(year)
    for candidates in (compared & budgeted, budgeted, set(years)):
        if candidates:
            return max(candidates)
    return dt.date.today().year


def budget_table(lines: QuerySet[BudgetLine], year: int) -> list[UnitBudget]:
    """The lines of ``year`` grouped by unit (in organisation order), with sums per unit.

    SUMMA rows of the documents (``is_total``) are left out: each unit's sum is computed,
    so nothing is counted twice. Two queries however many lines.
    """
    year_values = Prefetch(
        "values",
        queryset=BudgetValue.objects.filter(year=year).order_by("position", "pk"),
        to_attr="year_values",
    )
    groups: dict[int, UnitBudget] = {}
    for line in (
        lines.filter(is_total=False)
        .select_related("org_unit", "plan__owner")
        .prefetch_related(year_values)
        .order_by("plan_id", "position", "pk")
    ):
        row = budget_row(line, line.year_values)
        if row.budget is None and row.forecast is None and row.outcome is None:
            continue
        unit = unit_of(line)
        groups.setdefault(unit.pk, UnitBudget(unit)).rows.append(row)
    return sorted(groups.values(), key=lambda group: (group.unit.path, group.unit.name))


@dataclass
class VolumeGroup:
    name: str
    rows: list[tuple[VolumeLine, list[float | None]]]


@dataclass
class VolumeTable:
    columns: list[tuple[int | None, str]]  # (year, kind)
    groups: list[VolumeGroup]


def volume_table(lines: QuerySet[VolumeLine]) -> VolumeTable:
    """Volume lines with their values by period: a column per (year, kind). Two queries."""
    fetched = list(
        lines.select_related("org_unit", "plan__owner")
        .prefetch_related(Prefetch("values", queryset=VolumeValue.objects.order_by("pk")))
        .order_by("group", "plan_id", "position", "pk")
    )
    keys = {(v.year, v.kind) for line in fetched for v in line.values.all()}
    columns = sorted(keys, key=lambda key: (key[0] or 0, KIND_ORDER.get(key[1], 99)))
    groups: dict[str, VolumeGroup] = {}
    for line in fetched:
        cells: dict[tuple[int | None, str], float | None] = {}
        for value in line.values.all():
            cells.setdefault((value.year, value.kind), value.value)
        group = groups.setdefault(line.group, VolumeGroup(line.group, []))
        group.rows.append((line, [cells.get(column) for column in columns]))
    return VolumeTable(columns, list(groups.values()))


def units_with_lines(
    budget: QuerySet[BudgetLine], volume: QuerySet[VolumeLine]
) -> QuerySet[OrgUnit]:
    """Units that have budget or volume lines among those given (for the unit filter)."""
    return OrgUnit.objects.filter(
        Q(pk__in=budget.values("org_unit"))
        | Q(pk__in=budget.filter(org_unit__isnull=True).values("plan__owner"))
        | Q(pk__in=volume.values("org_unit"))
        | Q(pk__in=volume.filter(org_unit__isnull=True).values("plan__owner"))
    ).order_by("path")


def kind_label(kind: str) -> str:
    try:
        return str(ValueKind(kind).label)
    except ValueError:
        return kind
