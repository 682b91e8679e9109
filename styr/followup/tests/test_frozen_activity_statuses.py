"""A closed period's goal statuses keep the activity statuses of the moment it was closed:
an activity's own status has no version per period, so a status set later (in a report of
an open period, or by editing the plan) would otherwise reach back into closed periods."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from styr.followup.models import FollowUpPeriod, Status
from styr.followup.reporting import record_activity_status
from styr.followup.services import close_period, compute_plan_status, compute_status_for_plans
from styr.followup.tests.conftest import Org, make_goal, make_period, make_plan
from styr.plans.models import Activity, ActivityStatus, Goal, Plan

pytestmark = pytest.mark.django_db

freezing = importlib.import_module(
    "styr.followup.migrations.0006_freeze_activity_statuses_of_closed_periods"
)


@dataclass
class Setup:
    plan: Plan
    goal: Goal
    activity: Activity
    closed: FollowUpPeriod
    open: FollowUpPeriod


@pytest.fixture
def setup(org: Org, planner: AbstractBaseUser) -> Setup:
    """A goal whose only input is an activity in progress (pågår → delvis uppfyllt); T1 is
    closed, T2 open."""
    plan = make_plan(org.department, "Verksamhetsplan 2024")
    goal = make_goal(plan, "Fler i jobbspår", code="1.1", responsible_unit=org.department)
    activity = Activity.objects.create(
        plan=plan, title="Starta jobbspår", status=ActivityStatus.IN_PROGRESS
    )
    activity.goals.add(goal)
    activity.responsible_units.add(org.department)
    t1, t2 = make_period(plan, "2024-T1"), make_period(plan, "2024-T2")
    close_period(t1, planner, "Tertialrapporten är beslutad")
    return Setup(plan, goal, activity, t1, t2)


def goal_status(s: Setup, period: FollowUpPeriod) -> str:
    return compute_plan_status(s.plan, period.code).goal(s.goal.pk).status


def test_closing_records_each_activitys_status_on_the_period(setup: Setup) -> None:
    setup.closed.refresh_from_db()
    assert setup.closed.activity_statuses == {str(setup.activity.pk): ActivityStatus.IN_PROGRESS}
    setup.open.refresh_from_db()
    assert setup.open.activity_statuses is None


def test_a_status_reported_later_leaves_the_closed_period_as_it_was(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    assert goal_status(setup, setup.closed) == Status.PARTLY_MET
    assert goal_status(setup, setup.open) == Status.PARTLY_MET
    _activity, changed = record_activity_status(
        reporter,
        setup.open,
        org.department,
        setup.activity,
        ActivityStatus.DONE,
        shown=ActivityStatus.IN_PROGRESS,
    )
    assert changed
    assert goal_status(setup, setup.open) == Status.MET
    closed = compute_plan_status(setup.plan, setup.closed.code).goal(setup.goal.pk)
    assert closed.status == Status.PARTLY_MET
    (activity_input,) = closed.result.inputs
    assert (activity_input.status, activity_input.source) == (Status.PARTLY_MET, "activity_status")


def test_editing_the_plans_activity_leaves_the_closed_period_as_it_was(setup: Setup) -> None:
    setup.activity.status = ActivityStatus.NOT_STARTED
    setup.activity.save()
    assert goal_status(setup, setup.closed) == Status.PARTLY_MET
    assert goal_status(setup, setup.open) == Status.NOT_MET


def test_a_planners_change_in_a_closed_periods_report_is_that_periods(
    setup: Setup, planner: AbstractBaseUser, org: Org
) -> None:
    """Changing the status in a closed period's report (a planner, with a reason) is meant
    for that period: it changes what that period froze, not what another closed period did."""
    close_period(setup.open, planner)  # T2 closed too, while the activity was in progress
    record_activity_status(
        planner,
        setup.closed,
        org.department,
        setup.activity,
        ActivityStatus.DONE,
        shown=ActivityStatus.IN_PROGRESS,
        reason="Beslut i nämnden",
    )
    assert goal_status(setup, setup.closed) == Status.MET
    assert goal_status(setup, setup.open) == Status.PARTLY_MET
    record = FollowUpPeriod.objects.get(pk=setup.closed.pk).history.first()
    assert record.history_change_reason == "Beslut i nämnden"
    assert record.history_user == planner


def test_the_bulk_computation_reads_the_frozen_status_of_each_plans_own_period(
    setup: Setup, org: Org, planner: AbstractBaseUser
) -> None:
    """Two plans, one with T1 closed while the activity was in progress, the other with T1
    still open: one computation gives each plan its own answer."""
    other = make_plan(org.department, "Verksamhetsplan 2024 B")
    other_goal = make_goal(other, "Fler i praktik", code="1.1")
    shared = Activity.objects.create(plan=other, title="Praktikplatser", status="pågår")
    shared.goals.add(other_goal, setup.goal)  # feeds a goal of the closed plan too
    make_period(other, "2024-T1")  # open
    closed = FollowUpPeriod.objects.get(pk=setup.closed.pk)
    closed.is_closed = False  # reopened ...
    closed.save()
    close_period(closed, planner)  # ... and closed again, now with the linked activity
    closed.refresh_from_db()
    assert closed.activity_statuses == {
        str(setup.activity.pk): ActivityStatus.IN_PROGRESS,
        str(shared.pk): ActivityStatus.IN_PROGRESS,  # another plan's, linked to a goal
    }
    Activity.objects.filter(pk__in=[setup.activity.pk, shared.pk]).update(status="genomförd")
    statuses = compute_status_for_plans([setup.plan, other], "2024-T1")
    assert statuses[setup.plan.pk].goal(setup.goal.pk).status == Status.PARTLY_MET
    assert statuses[other.pk].goal(other_goal.pk).status == Status.MET


def test_closing_a_closed_period_again_keeps_what_it_froze(
    setup: Setup, planner: AbstractBaseUser
) -> None:
    Activity.objects.filter(pk=setup.activity.pk).update(status=ActivityStatus.DONE)
    close_period(FollowUpPeriod.objects.get(pk=setup.closed.pk), planner)
    assert goal_status(setup, setup.closed) == Status.PARTLY_MET


def test_reopening_clears_the_statuses_and_the_period_follows_the_activity_again(
    setup: Setup,
) -> None:
    Activity.objects.filter(pk=setup.activity.pk).update(status=ActivityStatus.DONE)
    period = FollowUpPeriod.objects.get(pk=setup.closed.pk)
    period.is_closed = False  # as the admin reopens a period
    period.save(update_fields=["is_closed"])
    period.refresh_from_db()
    assert period.activity_statuses is None
    assert goal_status(setup, setup.closed) == Status.MET


def test_an_activity_added_after_the_close_counts_with_its_live_status(setup: Setup) -> None:
    later = Activity.objects.create(plan=setup.plan, title="Uppsökande arbete", status="pågår")
    later.goals.add(setup.goal)
    closed = compute_plan_status(setup.plan, setup.closed.code).goal(setup.goal.pk)
    assert {i.key: i.status for i in closed.result.inputs} == {
        setup.activity.pk: Status.PARTLY_MET,
        later.pk: Status.PARTLY_MET,
    }
    Activity.objects.filter(pk=later.pk).update(status=ActivityStatus.DONE)
    Activity.objects.filter(pk=setup.activity.pk).update(status=ActivityStatus.DONE)
    closed = compute_plan_status(setup.plan, setup.closed.code).goal(setup.goal.pk)
    assert {i.key: i.status for i in closed.result.inputs} == {
        setup.activity.pk: Status.PARTLY_MET,
        later.pk: Status.MET,
    }


def test_a_closed_period_costs_no_query_more_than_an_open_one(setup: Setup) -> None:
    def queries(code: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            compute_status_for_plans([setup.plan], code)
        return len(captured)

    assert queries(setup.closed.code) == queries(setup.open.code)


# --- the migration for periods closed before the statuses were frozen ---------------------


def test_the_migration_freezes_the_status_the_history_had_at_the_close(
    setup: Setup, org: Org
) -> None:
    """The period was closed at noon: the activity was then in progress (its history says),
    done since; an activity created in the afternoon is left out."""
    activity_history = Activity.history.model.objects
    period_history = FollowUpPeriod.history.model.objects
    noon = dt.datetime(2024, 5, 20, 12, 0, tzinfo=dt.UTC)
    hour = dt.timedelta(hours=1)
    later = Activity.objects.create(plan=setup.plan, title="Uppsökande arbete", status="pågår")
    Activity.objects.filter(pk=later.pk).update(created_at=noon + 2 * hour)
    setup.activity.status = ActivityStatus.DONE
    setup.activity.save()
    activity_history.filter(id=setup.activity.pk, status="pågår").update(history_date=noon - hour)
    activity_history.filter(id=setup.activity.pk, status="genomförd").update(
        history_date=noon + hour
    )
    records = period_history.filter(id=setup.closed.pk)
    records.filter(is_closed=False).update(history_date=noon - 2 * hour)
    records.filter(is_closed=True).update(history_date=noon)
    FollowUpPeriod.objects.filter(pk=setup.closed.pk).update(activity_statuses=None)

    freezing.freeze(apps, None)

    setup.closed.refresh_from_db()
    assert setup.closed.activity_statuses == {str(setup.activity.pk): "pågår"}
    assert goal_status(setup, setup.closed) == Status.PARTLY_MET
    assert goal_status(setup, setup.open) == Status.MET


def test_the_migration_freezes_todays_status_when_the_history_cannot_say(setup: Setup) -> None:
    """A period closed by a bulk update has no history record of its closing."""
    FollowUpPeriod.objects.filter(pk=setup.open.pk).update(is_closed=True)
    Activity.objects.filter(pk=setup.activity.pk).update(status=ActivityStatus.NOT_STARTED)
    frozen_before = FollowUpPeriod.objects.get(pk=setup.closed.pk).activity_statuses

    freezing.freeze(apps, None)

    setup.open.refresh_from_db()
    assert setup.open.activity_statuses == {str(setup.activity.pk): "ej påbörjad"}
    # A period that already has its statuses keeps them.
    assert FollowUpPeriod.objects.get(pk=setup.closed.pk).activity_statuses == frozen_before


def test_the_goal_page_shows_a_closed_period_the_status_it_was_closed_with(
    setup: Setup,
) -> None:
    from styr.plans.services import choose_period, goal_fulfilment

    setup.activity.status = ActivityStatus.DONE
    setup.activity.save()

    def shown(period: FollowUpPeriod) -> str:
        choice = choose_period(setup.plan, period.code, dt.date(2024, 12, 31))
        (row,) = goal_fulfilment(setup.goal, choice).activities
        return row.status_label

    assert shown(setup.closed) == ActivityStatus.IN_PROGRESS.label
    assert shown(setup.open) == ActivityStatus.DONE.label
