"""Driftbudget and volumes: a line per unit in each verksamhetsplan, a line per verksamhet in
the nämnd plan, and SUMMA rows that are exactly the sum of their parts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from styr.demo.context import Build, CommitteeNode, DepartmentNode
from styr.economy.models import (
    BudgetLine,
    BudgetSection,
    BudgetValue,
    MoneyUnit,
    ValueKind,
    VolumeLine,
    VolumeValue,
)
from styr.organisation.models import OrgUnit
from styr.plans.models import Plan

# The columns of a budget table, as (year offset from the plan year, kind).
BUDGET_COLUMNS = (
    (-2, ValueKind.ACCOUNTS),
    (-1, ValueKind.FORECAST),
    (0, ValueKind.BUDGET),
    (1, ValueKind.PLAN),
    (2, ValueKind.PLAN),
)
VOLUME_COLUMNS = BUDGET_COLUMNS[:3]
SUMMA = "SUMMA"

Amounts = dict[tuple[int, str], float]  # (year, kind) → amount


@dataclass
class Tables:
    budget_lines: list[BudgetLine] = field(default_factory=list)
    budget_values: list[tuple[BudgetLine, Amounts]] = field(default_factory=list)
    volume_lines: list[VolumeLine] = field(default_factory=list)
    volume_values: list[tuple[VolumeLine, Amounts]] = field(default_factory=list)
    positions: Counter[tuple[int, str]] = field(default_factory=Counter)

    def budget(self, plan: Plan, label: str, unit: OrgUnit, amounts: Amounts, total: bool) -> None:
        position = self._next(plan, "b")
        line = BudgetLine(
            plan=plan,
            ref=f"b{position + 1}",
            position=position,
            section=BudgetSection.OPERATING,
            label=label,
            unit=MoneyUnit.THOUSANDS,
            is_total=total,
            org_unit=unit,
        )
        self.budget_lines.append(line)
        self.budget_values.append((line, amounts))

    def volume(
        self, plan: Plan, group: str, label: str, unit_label: str, unit: OrgUnit, amounts: Amounts
    ) -> None:
        position = self._next(plan, "v")
        line = VolumeLine(
            plan=plan,
            ref=f"v{position + 1}",
            position=position,
            group=group,
            label=label,
            unit=unit_label,
            org_unit=unit,
        )
        self.volume_lines.append(line)
        self.volume_values.append((line, amounts))

    def _next(self, plan: Plan, prefix: str) -> int:
        key = (plan.pk, prefix)
        self.positions[key] += 1
        return self.positions[key] - 1


def build_economy(build: Build) -> None:
    tables = Tables()
    for node in build.committees:
        department_costs = [_department_budget(build, tables, dept) for dept in node.departments]
        _committee_budget(build, tables, node, department_costs)
        for dept in node.departments:
            _volumes(build, tables, node, dept)
    writer = build.writer
    writer.create(BudgetLine, tables.budget_lines)
    writer.create(
        BudgetValue,
        [
            BudgetValue(line=line, year=year, kind=kind, amount=amount, position=i)
            for line, amounts in tables.budget_values
            for i, ((year, kind), amount) in enumerate(amounts.items())
        ],
    )
    writer.create(VolumeLine, tables.volume_lines)
    writer.create(
        VolumeValue,
        [
            VolumeValue(line=line, year=year, kind=kind, value=value, position=i)
            for line, amounts in tables.volume_values
            for i, ((year, kind), value) in enumerate(amounts.items())
        ],
    )


def _series(build: Build, level: int, columns: tuple[tuple[int, str], ...], sign: int) -> Amounts:
    """A row of whole numbers growing 2–4 % a year, with the outcome years a little off."""
    rng = build.rng
    growth = rng.uniform(0.02, 0.04)
    row: Amounts = {}
    for offset, kind in columns:
        planned = level * (1 + growth) ** (offset + 2)
        if kind in (ValueKind.ACCOUNTS, ValueKind.FORECAST):
            planned *= rng.uniform(0.95, 1.06)
        row[(build.base_year + offset, kind)] = float(sign * round(planned))
    return row


def _sum(rows: list[Amounts]) -> Amounts:
    total: Amounts = {}
    for row in rows:
        for key, amount in row.items():
            total[key] = total.get(key, 0.0) + amount
    return total


def _department_budget(build: Build, tables: Tables, dept: DepartmentNode) -> Amounts:
    low, high = dept.spec.kind.cost_range
    rows = []
    for unit in dept.units:
        row = _series(build, build.rng.randint(low, high), BUDGET_COLUMNS, sign=-1)
        tables.budget(dept.own_plan, unit.name, unit, row, total=False)
        rows.append(row)
    total = _sum(rows)
    tables.budget(dept.own_plan, SUMMA, dept.unit, total, total=True)
    return total


def _committee_budget(
    build: Build, tables: Tables, node: CommitteeNode, department_costs: list[Amounts]
) -> None:
    management = _series(build, build.rng.randint(3_000, 12_000), BUDGET_COLUMNS, sign=-1)
    tables.budget(
        node.own_plan, "Nämnd och förvaltningsledning", node.administration, management, total=False
    )
    for dept, row in zip(node.departments, department_costs, strict=True):
        tables.budget(node.own_plan, dept.spec.name, dept.unit, row, total=False)
    tables.budget(
        node.own_plan, SUMMA, node.unit, _sum([management, *department_costs]), total=True
    )


def _volumes(build: Build, tables: Tables, node: CommitteeNode, dept: DepartmentNode) -> None:
    kind = dept.spec.kind
    for label, unit_label, low, high in kind.volumes:
        rows = []
        for unit in dept.units:
            row = _series(build, build.rng.randint(low, high), VOLUME_COLUMNS, sign=1)
            tables.volume(
                dept.own_plan, kind.volume_group, f"{label}, {unit.name}", unit_label, unit, row
            )
            rows.append(row)
        tables.volume(
            node.own_plan,
            kind.volume_group,
            f"{label}, {dept.spec.name}",
            unit_label,
            dept.unit,
            _sum(rows),
        )
