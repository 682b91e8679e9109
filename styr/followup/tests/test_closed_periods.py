"""A closed period changes only by a planner, with a reason kept in the history."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError

from styr.followup.models import Assessment, Measurement, Status
from styr.followup.services import (
    ClosedPeriodError,
    StaleAssessmentError,
    change_closed_period,
    close_period,
    save_assessment,
    save_measurement,
)

from .conftest import Org, make_goal, make_indicator, make_period, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(org: Org):
    plan = make_plan(org.committee)
    goal = make_goal(plan, "Minskad sjukfrånvaro")
    indicator = make_indicator(goal, "Sjukfrånvaro", values={"2024-T1": 7.0})
    period = make_period(plan, "2024-T1")
    return plan, goal, indicator, period


def test_a_reporter_may_not_close_a_period(setup, reporter: AbstractBaseUser) -> None:
    _plan, _goal, _indicator, period = setup
    with pytest.raises(ClosedPeriodError, match="planerare"):
        close_period(period, reporter)
    period.refresh_from_db()
    assert not period.is_closed


def test_a_planner_closes_a_period(setup, planner: AbstractBaseUser) -> None:
    _plan, _goal, _indicator, period = setup
    close_period(period, planner, "Tertialrapporten är beslutad")
    period.refresh_from_db()
    assert period.is_closed
    assert period.history.first().history_change_reason == "Tertialrapporten är beslutad"


def test_a_value_in_a_closed_period_is_refused_for_a_reporter(
    setup, planner: AbstractBaseUser, reporter: AbstractBaseUser
) -> None:
    _plan, _goal, indicator, period = setup
    close_period(period, planner)
    with pytest.raises(ClosedPeriodError, match="stängd"):
        save_measurement(indicator, "2024-03", 6.5, user=reporter)
    with pytest.raises(ClosedPeriodError, match="planerare"):
        save_measurement(indicator, "2024-03", 6.5, user=reporter, reason="Rättelse")
    assert not Measurement.objects.filter(period="2024-03").exists()
    # A value after the closed period's end is still open for reporting.
    save_measurement(indicator, "2024-06", 6.0, user=reporter)


def test_a_planner_changes_a_closed_period_with_a_reason(setup, planner: AbstractBaseUser) -> None:
    _plan, _goal, indicator, period = setup
    close_period(period, planner)
    with pytest.raises(ClosedPeriodError, match="skäl"):
        save_measurement(indicator, "2024-T1", 6.8, user=planner)
    saved = save_measurement(
        indicator, "2024-T1", 6.8, user=planner, reason="Fel siffra från lönesystemet"
    )
    assert saved.value == 6.8
    latest = saved.history.first()
    assert latest.history_change_reason == "Fel siffra från lönesystemet"


def test_change_closed_period_keeps_the_reason_and_refuses_others(
    setup,
    org: Org,
    planner: AbstractBaseUser,
    reporter: AbstractBaseUser,
    outsider: AbstractBaseUser,
) -> None:
    _plan, goal, _indicator, period = setup
    assessment = Assessment.objects.create(
        period=period, goal=goal, unit=org.department, status=Status.NOT_MET
    )
    close_period(period, planner)
    for user in (reporter, outsider, None):
        with pytest.raises(ClosedPeriodError):
            change_closed_period(user, period, "Skäl", assessment, {"status": Status.MET})
    with pytest.raises(ClosedPeriodError, match="skäl"):
        change_closed_period(planner, period, "  ", assessment, {"status": Status.MET})
    change_closed_period(
        planner,
        period,
        "Nämnden beslutade annan bedömning",
        assessment,
        {"status": Status.PARTLY_MET},
    )
    assessment.refresh_from_db()
    assert (assessment.status, assessment.version) == (Status.PARTLY_MET, 2)
    assert assessment.history.first().history_change_reason == "Nämnden beslutade annan bedömning"


def test_saving_an_assessment_refuses_a_stale_version(
    setup, org: Org, reporter: AbstractBaseUser
) -> None:
    _plan, goal, _indicator, period = setup
    assessment = Assessment.objects.create(period=period, goal=goal, unit=org.department)
    first = Assessment.objects.get(pk=assessment.pk)
    second = Assessment.objects.get(pk=assessment.pk)
    first.analysis = "Först"
    save_assessment(first, user=reporter, expected_version=1)
    second.analysis = "Sen"
    with pytest.raises(StaleAssessmentError):
        save_assessment(second, user=reporter, expected_version=1)
    assert Assessment.objects.get(pk=assessment.pk).analysis == "Först"


def test_a_change_must_belong_to_the_closed_period(setup, planner: AbstractBaseUser) -> None:
    _plan, _goal, indicator, period = setup
    later = Measurement.objects.create(indicator=indicator, period="2024-06", value=1.0)
    close_period(period, planner)
    with pytest.raises(ValidationError, match="hör inte till"):
        change_closed_period(planner, period, "Rättelse", later, {"value": 2.0})
    earlier = Measurement.objects.get(indicator=indicator, period="2024-T1")
    change_closed_period(planner, period, "Rättelse", earlier, {"value": 2.0})
    earlier.refresh_from_db()
    assert earlier.value == 2.0
