"""Plan status from the database: roll-up, contributions across plans, assessments beside."""

from __future__ import annotations

import gc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from styr.followup.config import StatusSettings
from styr.followup.models import (
    Assessment,
    AssessmentState,
    FollowUpSettings,
    Measurement,
    Status,
)
from styr.followup.services import (
    _consume_streamed,
    compute_plan_status,
    compute_status_for_plans,
)
from styr.plans.models import Activity, ActivityStatus, GoalLevel, Target

from .conftest import Org, make_goal, make_indicator, make_period, make_plan

pytestmark = pytest.mark.django_db

STRICT = StatusSettings(tolerance_percent=0, partly_when_improving=False)


def test_indicator_statuses_roll_up_through_the_goal_tree(org: Org) -> None:
    plan = make_plan(org.committee)
    top = make_goal(plan, "Trygg och säker vård")
    child_met = make_goal(plan, "Fler nöjda brukare", top)
    child_not = make_goal(plan, "Budget i balans", top)
    good = make_indicator(
        child_met,
        "Nöjdhet",
        targets=[{"year": 2024, "op": ">=", "value": 85}],
        values={"2024": 90},
    )
    bad = make_indicator(
        child_not,
        "Budgetavvikelse",
        targets=[{"year": 2024, "op": "<=", "value": 1}],
        values={"2024": 5.9, "2023": 5.6},
        direction="decrease",
    )
    status = compute_plan_status(plan, "2024", STRICT)
    assert status.indicator(good.pk).status == Status.MET
    assert status.indicator(bad.pk).status == Status.NOT_MET
    assert status.goal(child_met.pk).status == Status.MET
    assert status.goal(child_not.pk).status == Status.NOT_MET
    top_status = status.goal(top.pk)
    assert top_status.status == Status.PARTLY_MET
    assert {(i.kind, i.key, i.status) for i in top_status.result.inputs} == {
        ("goal", child_met.pk, Status.MET),
        ("goal", child_not.pk, Status.NOT_MET),
    }
    assert [g.id for g in status.goals] == [top.pk, child_met.pk, child_not.pk]
    assert [g.depth for g in status.goals] == [0, 1, 1]


def test_an_operational_goal_counts_towards_the_committee_goal_it_answers_to(org: Org) -> None:
    committee_plan = make_plan(org.committee, "Nämndplan 2024")
    committee_goal = make_goal(committee_plan, "Fler blir självförsörjande")
    department_plan = make_plan(org.department, "Verksamhetsplan 2024")
    department_goal = make_goal(
        department_plan, "Fler i arbete efter insats", level=GoalLevel.OPERATIONAL_GOAL
    )
    department_goal.contributes_to.add(committee_goal)
    make_indicator(
        department_goal,
        "Andel i arbete",
        targets=[{"year": 2024, "op": ">=", "value": 40}],
        values={"2024": 30},
    )
    status = compute_plan_status(committee_plan, "2024", STRICT)
    goal = status.goal(committee_goal.pk)
    assert goal.status == Status.NOT_MET
    (contribution,) = goal.result.inputs
    assert contribution.key == department_goal.pk
    assert "Verksamhetsplan 2024" in contribution.label
    # The other plan's goals were computed but are not part of this plan's answer.
    assert [g.id for g in status.goals] == [committee_goal.pk]


def test_activities_count_with_their_status_or_assessment(org: Org) -> None:
    plan = make_plan(org.committee)
    period = make_period(plan, "2024")
    goal = make_goal(plan, "Utveckla arbetssätt")
    done = Activity.objects.create(plan=plan, title="Införa ny metod", status=ActivityStatus.DONE)
    ongoing = Activity.objects.create(plan=plan, title="Utbilda personal", status="pågår")
    done.goals.add(goal)
    ongoing.goals.add(goal)
    status = compute_plan_status(plan, "2024", STRICT)
    by_key = {i.key: (i.status, i.source) for i in status.goal(goal.pk).result.inputs}
    assert by_key[done.pk] == (Status.MET, "activity_status")
    assert by_key[ongoing.pk] == (Status.PARTLY_MET, "activity_status")
    Assessment.objects.create(
        period=period,
        activity=ongoing,
        unit=org.unit,
        status=Status.MET,
        state=AssessmentState.SUBMITTED,
    )
    status = compute_plan_status(plan, "2024", STRICT)
    assert status.goal(goal.pk).status == Status.MET
    by_key = {i.key: (i.status, i.source) for i in status.goal(goal.pk).result.inputs}
    assert by_key[ongoing.pk] == (Status.MET, "assessment")


def test_a_mismatch_between_assessment_and_computed_status_is_shown(org: Org) -> None:
    plan = make_plan(org.committee)
    period = make_period(plan, "2024")
    goal = make_goal(plan, "Minskad sjukfrånvaro")
    make_indicator(
        goal,
        "Sjukfrånvaro",
        targets=[{"year": 2024, "op": "<=", "value": 6}],
        values={"2024": 9.0},
    )
    Assessment.objects.create(
        period=period,
        goal=goal,
        unit=org.department,
        status=Status.MET,
        analysis="Vi bedömer att målet är nått.",
        state=AssessmentState.SUBMITTED,
    )
    status = compute_plan_status(plan, "2024", STRICT)
    goal_status = status.goal(goal.pk)
    assert goal_status.status == Status.NOT_MET  # computed stays computed
    (view,) = goal_status.assessments
    assert (view.status, view.mismatch, view.analysis) == (
        Status.MET,
        True,
        "Vi bedömer att målet är nått.",
    )
    assert status.mismatches == [goal_status]
    assert status.as_dict()["mismatches"] == [goal.pk]


def test_an_agreeing_or_empty_assessment_is_no_mismatch(org: Org) -> None:
    plan = make_plan(org.committee)
    period = make_period(plan, "2024")
    goal = make_goal(plan, "Mål")
    make_indicator(goal, "I", targets=[{"year": 2024, "op": ">=", "value": 1}], values={"2024": 2})
    Assessment.objects.create(period=period, goal=goal, unit=org.unit, status=Status.MET)
    Assessment.objects.create(period=period, goal=goal, unit=org.department)
    status = compute_plan_status(plan, "2024", STRICT)
    assert status.mismatches == []


def test_a_child_goal_without_numbers_rolls_up_with_its_assessment(org: Org) -> None:
    plan = make_plan(org.committee)
    period = make_period(plan, "2024")
    top = make_goal(plan, "Övergripande")
    child = make_goal(plan, "Mål utan indikatorer", top)
    Assessment.objects.create(period=period, goal=child, unit=org.unit, status=Status.PARTLY_MET)
    status = compute_plan_status(plan, "2024", STRICT)
    (item,) = status.goal(top.pk).result.inputs
    assert (item.status, item.source) == (Status.PARTLY_MET, "assessment")
    no_fill = StatusSettings(use_assessment_when_not_computable=False)
    assert compute_plan_status(plan, "2024", no_fill).goal(top.pk).status == Status.NOT_ASSESSED


def test_the_municipality_rule_is_used_when_none_is_given(org: Org) -> None:
    FollowUpSettings.objects.create(
        municipality=org.municipality, definition={"goal_rule": "majority"}
    )
    plan = make_plan(org.committee)
    goal = make_goal(plan, "Mål")
    for n, value in enumerate([90, 90, 10]):
        make_indicator(
            goal,
            f"I{n}",
            targets=[{"year": 2024, "op": ">=", "value": 85}],
            values={"2024": value},
        )
    status = compute_plan_status(plan, "2024")
    assert status.settings.goal_rule == "majority"
    assert status.goal(goal.pk).status == Status.MET
    assert "majoriteten" in status.goal(goal.pk).result.explanation


def test_the_number_of_queries_does_not_grow_with_the_plan(org: Org) -> None:
    def build(n: int) -> int:
        plan = make_plan(org.committee, f"Plan {n}")
        for g in range(n):
            goal = make_goal(plan, f"Mål {g}")
            activity = Activity.objects.create(plan=plan, title=f"A {g}", status="pågår")
            activity.goals.add(goal)
            make_indicator(
                goal,
                f"I {g}",
                targets=[{"year": 2024, "op": ">=", "value": 1}],
                values={"2024": 2, "2023-12": 1},
            )
        return plan.pk

    small, large = build(1), build(12)
    with CaptureQueriesContext(connection) as one:
        compute_status_for_plans([small], "2024")
    with CaptureQueriesContext(connection) as many:
        compute_status_for_plans([large], "2024")
    assert len(many) == len(one)
    assert len(one) <= 12


def test_values_are_read_as_one_logged_query_with_the_query_rows(org: Org) -> None:
    # On PostgreSQL the values are streamed to the grouping (_consume_streamed); they must
    # still be the query's rows, and the read one query that logs and counts see.
    plan = make_plan(org.committee)
    goal = make_goal(plan, "Mål")
    for n in range(3):
        make_indicator(
            goal, f"I {n}", values={"2024-03": n / 3, "2023-12": 0.1 + 0.2, "2022": None}
        )
    values = (
        Measurement.objects.filter(indicator__plan=plan)
        .order_by()
        .values_list("indicator_id", "period", "value", "gender")
    )
    with CaptureQueriesContext(connection) as queries:
        rows = _consume_streamed(values, list)
    assert sorted(rows, key=repr) == sorted(values.all(), key=repr)
    assert len(rows) == 9
    assert len(queries) == 1
    assert "followup_measurement" in queries[0]["sql"]
    assert _consume_streamed(values.none(), list) == []


def test_targets_are_judged_in_their_order_whatever_order_they_were_saved_in(org: Org) -> None:
    plan = make_plan(org.committee)
    goal = make_goal(plan, "Mål")
    indicator = make_indicator(goal, "Andel", values={"2024": 50})
    # saved last, placed first; and two with one position, told apart by when they were saved
    Target.objects.create(indicator=indicator, position=1, year=2024, op=">=", value=40)
    Target.objects.create(indicator=indicator, position=1, year=2024, op="<=", value=60)
    Target.objects.create(indicator=indicator, position=0, year=2024, op=">=", value=70)
    explanation = compute_plan_status(plan, "2024").indicator(indicator.pk).result.explanation
    assert explanation.index("minst 70") < explanation.index("minst 40")
    assert explanation.index("minst 40") < explanation.index("högst 60")


def test_a_bulk_run_leaves_the_collector_no_backlog(org: Org) -> None:
    # What the run built is handed to the oldest generation unwalked, so that the next
    # allocation after it does not make the collector walk all of it (see _no_cyclic_gc).
    plan = make_plan(org.committee)
    goal = make_goal(plan, "Mål")
    for n in range(5):
        make_indicator(goal, f"I {n}", targets=[{"year": 2024, "op": ">=", "value": 1}])
    gc.collect()
    assert gc.isenabled()
    status = compute_status_for_plans([plan.pk], "2024")
    indicators = status[plan.pk].indicators
    assert len(indicators) == 5
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(i) in oldest and id(i.result) in oldest for i in indicators)
