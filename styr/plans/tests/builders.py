"""A plan for the view and browser tests: goals in a tree, indicators with targets and values,
activities, follow-up periods and assessments, owned by Vuxenverksamheten."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from styr.followup.models import Assessment, FollowUpPeriod, Measurement
from styr.plans.models import Activity, Goal, Indicator, Plan, Target


def add_goals(plan: Plan, parent: Goal, units: list[Any], count: int, start: int = 0) -> None:
    """``count`` operational goals under ``parent``, each with an indicator (target and two
    values), an activity for one of ``units`` and an assessment in every period."""
    periods = list(FollowUpPeriod.objects.filter(plan=plan))
    for n in range(start, start + count):
        unit = units[n % len(units)]
        goal = Goal.objects.create(
            plan=plan,
            title=f"Delmål {n}",
            code=f"1.{n}",
            level="verksamhetsmål",
            parent=parent,
            responsible_unit=unit,
            position=n + 1,
        )
        indicator = Indicator.objects.create(
            plan=plan,
            goal=goal,
            name=f"Andel nöjda {n}",
            unit="%",
            direction="increase",
            position=n,
            responsible_unit=unit,
            has_baseline=True,
            baseline_value=65,
            baseline_year=2022,
            data_source="Brukarenkät",
        )
        Target.objects.create(indicator=indicator, year=2025, op=">=", value=80)
        Target.objects.create(indicator=indicator, year=2026, op=">=", value=85)
        Target.objects.create(indicator=indicator, year=2030, op=">=", value=95)
        for code, value in (("2022", 65), ("2023", 68 + n % 3), ("2024", 70)):
            Measurement.objects.create(indicator=indicator, period=code, value=value)
        Measurement.objects.create(indicator=indicator, period="2025", value=(60, 78, 90)[n % 3])
        activity = Activity.objects.create(
            plan=plan,
            title=f"Aktivitet {n}",
            status="pågår",
            responsible=[f"Enhetschef {unit.name}"],
            follow_up="Tertialvis",
            position=n,
        )
        activity.goals.add(goal)
        activity.responsible_units.add(unit)
        for period in periods:
            Assessment.objects.create(
                period=period, goal=goal, unit=unit, status="partly_met", analysis=f"Analys {n}"
            )
            Assessment.objects.create(period=period, activity=activity, unit=unit, status="met")


def build_view_plan(org: SimpleNamespace, goals: int = 2) -> SimpleNamespace:
    parent_plan = Plan.objects.create(
        title="Uppdragsplan 2025–2026",
        kind="uppdragsplan",
        owner=org.committee,
        period_from=2025,
        period_to=2026,
        status="adopted",
    )
    committee_goal = Goal.objects.create(
        plan=parent_plan, title="Fler blir självförsörjande", level="nämndmål", code="1"
    )
    plan = Plan.objects.create(
        title="Verksamhetsplan Vuxen 2025–2026",
        kind="verksamhetsplan",
        owner=org.adults,
        period_from=2025,
        period_to=2026,
        reference="SN 2024/123",
        adopted_by="Socialnämnden",
        adopted_date=dt.date(2024, 12, 12),
        status="adopted",
        parent_plan=parent_plan,
        source_file="vp-vuxen.docx",
    )
    for code, label, start, end in (
        ("2025-T1", "Tertial 1 2025", dt.date(2025, 1, 1), dt.date(2025, 4, 30)),
        ("2025", "Helår 2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ):
        FollowUpPeriod.objects.create(
            plan=plan,
            kind="tertial" if "T" in code else "full_year",
            code=code,
            label=label,
            start=start,
            end=end,
            due_date=end + dt.timedelta(days=20),
        )
    top = Goal.objects.create(
        plan=plan,
        title="Trygg och säker vård",
        level="nämndmål",
        code="1",
        position=0,
        source_file="vp-vuxen.docx",
        source_line=42,
    )
    top.contributes_to.add(committee_goal)
    add_goals(plan, top, [org.housing, org.reception], goals)
    loose = Activity.objects.create(plan=plan, title="Ta fram rutin för avvikelser")
    loose.responsible_units.add(org.adults)
    return SimpleNamespace(
        plan=plan, parent_plan=parent_plan, top=top, committee_goal=committee_goal
    )
