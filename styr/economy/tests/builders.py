"""Budget and volume lines for the persona organisation (also used by browser tests)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from styr.economy.models import BudgetLine, BudgetValue, VolumeLine, VolumeValue
from styr.plans.models import Plan


def add_budget_line(
    plan: Plan, unit: Any, label: str, total: bool = False, **amounts: float
) -> BudgetLine:
    """A tkr line with values named ``kind_year`` (e.g. ``budget_2025=-1000``)."""
    line = BudgetLine.objects.create(
        plan=plan, section="drift", label=label, unit="tkr", org_unit=unit, is_total=total
    )
    for position, (key, amount) in enumerate(amounts.items()):
        kind, year = key.rsplit("_", 1)
        BudgetValue.objects.create(
            line=line, year=int(year), kind=kind, amount=amount, position=position
        )
    return line


def add_volume_line(
    plan: Plan, unit: Any, label: str, group: str = "", **values: float
) -> VolumeLine:
    line = VolumeLine.objects.create(
        plan=plan, label=label, group=group, unit="antal", org_unit=unit
    )
    for position, (key, value) in enumerate(values.items()):
        kind, year = key.rsplit("_", 1)
        VolumeValue.objects.create(
            line=line, year=int(year), kind=kind, value=value, position=position
        )
    return line


def build_economy(org: SimpleNamespace) -> SimpleNamespace:
    """A verksamhetsplan of Vuxenverksamheten: one line per unit and a SUMMA row."""
    plan = Plan.objects.create(
        title="Verksamhetsplan 2025 Vuxenverksamheten",
        kind="verksamhetsplan",
        owner=org.adults,
        period_from=2025,
        period_to=2025,
    )
    housing = add_budget_line(
        plan,
        org.housing,
        "Boendeenheten",
        budget_2025=-10_000,
        prognos_2025=-10_600,
        utfall_2024=-9_500,
        budget_2024=-9_800,
    )
    reception = add_budget_line(
        plan,
        org.reception,
        "Mottagningen",
        budget_2025=-4_000,
        prognos_2025=-3_700,
    )
    income = add_budget_line(
        plan,
        org.reception,
        "Statsbidrag",
        budget_2025=500,
        prognos_2025=450,
    )
    total = add_budget_line(
        plan,
        org.adults,
        "SUMMA",
        total=True,
        budget_2025=-13_500,
        prognos_2025=-13_850,
    )
    volume = add_volume_line(
        plan,
        org.housing,
        "Antal platser, Boendeenheten",
        group="Boende",
        bokslut_2023=40,
        prognos_2024=42,
        budget_2025=45,
    )
    return SimpleNamespace(
        plan=plan,
        housing=housing,
        reception=reception,
        income=income,
        total=total,
        volume=volume,
    )
