"""What is due from whom: each unit gets exactly its own items, the plan owner the unassigned."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from styr.accounts.tests.builders import build_plan
from styr.followup.models import Assessment, AssessmentState
from styr.followup.services import due_items
from styr.organisation.models import OrgUnit
from styr.plans.models import Indicator

pytestmark = pytest.mark.django_db

AFTER_T1 = dt.date(2025, 5, 20)


@pytest.fixture
def p(org: SimpleNamespace) -> SimpleNamespace:
    built = build_plan(org)
    Indicator.objects.update(frequency="tertial")  # due at the end of every tertial
    built.family_indicator.targets.create(year=2025, op="<=", value=30)
    return built


def owed(units: list[OrgUnit], today: dt.date = AFTER_T1) -> set[tuple[str, int, str]]:
    return {(i.kind, i.object_id, i.unit_name) for i in due_items(units, today)}


def test_a_unit_owes_its_goals_activities_and_indicators(
    p: SimpleNamespace, org: SimpleNamespace
) -> None:
    assert owed([org.housing]) == {
        ("goal_assessment", p.housing_goal.pk, "Boendeenheten"),
        ("activity_assessment", p.activity.pk, "Boendeenheten"),
        # The indicator names no unit: it is owed by its goal's unit.
        ("measurement", p.indicator.pk, "Boendeenheten"),
    }
    assert owed([org.family]) == {
        ("goal_assessment", p.family_goal.pk, "Familjeenheten"),
        ("activity_assessment", p.activity.pk, "Familjeenheten"),
        ("measurement", p.family_indicator.pk, "Familjeenheten"),
    }


def test_the_plan_owner_owes_what_names_no_unit(p: SimpleNamespace, org: SimpleNamespace) -> None:
    everything = owed([org.administration])
    assert ("goal_assessment", p.goal.pk, "Socialkontoret") in everything
    assert ("activity_assessment", p.plan_activity.pk, "Socialkontoret") in everything
    assert owed([org.housing]) | owed([org.family]) <= everything
    assert len(everything) == 8


def test_a_handed_in_assessment_is_no_longer_owed(p: SimpleNamespace, org: SimpleNamespace) -> None:
    Assessment.objects.filter(pk=p.housing_assessment.pk).update(state=AssessmentState.SUBMITTED)
    assert ("goal_assessment", p.housing_goal.pk, "Boendeenheten") not in owed([org.housing])
    assert ("goal_assessment", p.family_goal.pk, "Familjeenheten") in owed([org.family])


def test_nothing_is_owed_before_the_period_ends(p: SimpleNamespace, org: SimpleNamespace) -> None:
    assert owed([org.administration], today=dt.date(2025, 4, 1)) == set()


def test_the_query_count_does_not_grow_with_the_plan(
    p: SimpleNamespace, org: SimpleNamespace
) -> None:
    with CaptureQueriesContext(connection) as small:
        owed([org.housing])
    for n in range(20):
        Indicator.objects.create(
            plan=p.plan, goal=p.housing_goal, name=f"Indikator {n}", frequency="tertial"
        ).targets.create(year=2025, op=">=", value=n)
    with CaptureQueriesContext(connection) as large:
        result = owed([org.housing])
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(result) == 3 + 20
