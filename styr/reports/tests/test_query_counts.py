"""Building a document takes a fixed number of queries, however large the plan."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from styr.followup.models import FollowUpPeriod, Measurement
from styr.internal_control.models import Control, Risk
from styr.plans.models import Activity, Goal, Indicator, Plan, PlanKind, Target
from styr.reports.services import build_report


def grow(plan: Plan, goals: int) -> None:
    for n in range(goals):
        goal = Goal.objects.create(plan=plan, title=f"Mål {n}", level="nämndmål", position=n)
        indicator = Indicator.objects.create(
            plan=plan, goal=goal, name=f"Indikator {n}", unit="%", direction="increase"
        )
        Target.objects.create(
            indicator=indicator, year=2025, op=">=", value=80, relative_to="absolute"
        )
        for year in (2023, 2024, 2025):
            Measurement.objects.create(indicator=indicator, period=str(year), value=70 + n)
        activity = Activity.objects.create(plan=plan, title=f"Aktivitet {n}", position=n)
        activity.goals.add(goal)
        risk = Risk.objects.create(plan=plan, title=f"Risk {n}", probability=2, consequence=3)
        Control.objects.create(risk=risk, description=f"Kontroll {n}")


def queries(kind: str, plan: Plan, period: str | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        build_report(kind, plan, period)
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "kind", ["plan", "followup", "internal-control", "transformation-map", "calendar"]
)
def test_the_query_count_does_not_grow_with_the_plan(org: Any, kind: str) -> None:
    counts = []
    for size in (2, 12):
        plan = Plan.objects.create(
            title=f"Plan {size}",
            kind=PlanKind.COMMITTEE_PLAN,
            owner=org.committee,
            period_from=2025,
            period_to=2025,
        )
        FollowUpPeriod.objects.create(
            plan=plan,
            kind="full_year",
            code="2025",
            label="Helår 2025",
            start="2025-01-01",
            end="2025-12-31",
        )
        grow(plan, size)
        counts.append(queries(kind, plan, "2025" if kind == "followup" else None))
    assert counts[0] == counts[1], counts
