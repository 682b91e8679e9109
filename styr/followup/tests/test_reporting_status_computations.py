"""A report POST computes the plan's status at most once: the computation reads every goal,
indicator and value of the plan (and the plans contributing to it), so the page must not
compute it before the save only to throw it away and compute it again after."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse

from styr.core.tests.clients import logged_in
from styr.followup import services
from styr.followup.models import FollowUpPeriod
from styr.followup.tests.conftest import (
    Org,
    form_data,
    make_goal,
    make_indicator,
    make_period,
    make_plan,
    report_url,
)
from styr.plans.models import Activity, Goal, Indicator, Plan

pytestmark = pytest.mark.django_db


@dataclass
class Setup:
    plan: Plan
    period: FollowUpPeriod
    goal: Goal
    activity: Activity
    indicator: Indicator


@pytest.fixture
def setup(org: Org) -> Setup:
    plan = make_plan(org.department, "Verksamhetsplan 2024")
    parent = make_goal(plan, "Fler i egen försörjning", code="1", responsible_unit=org.unit)
    goal = make_goal(plan, "Fler i jobbspår", code="1.1", parent=parent, responsible_unit=org.unit)
    activity = Activity.objects.create(plan=plan, title="Starta jobbspår", status="pågår")
    activity.goals.add(goal)
    activity.responsible_units.add(org.unit)
    indicator = make_indicator(
        goal, "Andel i arbete", targets=[{"op": ">=", "value": 40, "year": 2024}]
    )
    return Setup(plan, make_period(plan, "2024-T1"), goal, activity, indicator)


@pytest.fixture
def computations(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[Any, ...]]]:
    """Every call of the bulk status computation (compute_plan_status goes through it)."""
    calls: list[tuple[Any, ...]] = []
    original = services.compute_status_for_plans

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "compute_status_for_plans", counted)
    yield calls


def item_url(s: Setup, org: Org, kind: str, pk: int) -> str:
    return reverse(f"followup:report-{kind}", args=[s.plan.pk, s.period.code, org.unit.pk, pk])


def activity_row(s: Setup, status: str, analysis: str = "", version: int = 0) -> dict[str, Any]:
    prefix = f"a-{s.activity.pk}"
    return {
        f"{prefix}-status": "not_assessed",
        f"{prefix}-analysis": analysis,
        f"{prefix}-version": version,
        f"{prefix}-activity_status": status,
        f"{prefix}-activity_status_shown": "pågår",
        "action": "save",
    }


def test_an_htmx_row_save_computes_the_status_once(
    setup: Setup, reporter: AbstractBaseUser, org: Org, computations: list[tuple[Any, ...]]
) -> None:
    response = logged_in(reporter).post(
        item_url(setup, org, "activity", setup.activity.pk),
        activity_row(setup, "genomförd"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    text = response.content.decode()
    # the refreshed goals come from that one computation, after the save
    assert f'id="goal-{setup.goal.pk}-computed" hx-swap-oob="true"' in text
    assert "1.1 Fler i jobbspår – Uppfyllt" in text
    assert len(computations) == 1


def test_an_htmx_value_save_computes_the_status_once(
    setup: Setup, reporter: AbstractBaseUser, org: Org, computations: list[tuple[Any, ...]]
) -> None:
    pk = setup.indicator.pk
    response = logged_in(reporter).post(
        item_url(setup, org, "indicator", pk),
        {f"i-{pk}-value_T": "30", f"i-{pk}-shown_T": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Utfall 30 % mot målet minst 40 %" in response.content.decode()
    assert len(computations) == 1


def test_a_refused_htmx_row_save_computes_the_status_once_and_shows_it(
    setup: Setup, reporter: AbstractBaseUser, org: Org, computations: list[tuple[Any, ...]]
) -> None:
    pk = setup.indicator.pk
    response = logged_in(reporter).post(
        item_url(setup, org, "indicator", pk),
        {f"i-{pk}-value_T": "trettio", f"i-{pk}-shown_T": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    row = response.context["row"]
    assert row.has_errors
    assert row.computed == "not_assessed"
    assert row.explanation.startswith("Utfall saknas")
    assert len(computations) == 1


def test_a_row_save_without_javascript_computes_nothing_before_the_redirect(
    setup: Setup, reporter: AbstractBaseUser, org: Org, computations: list[tuple[Any, ...]]
) -> None:
    response = logged_in(reporter).post(
        item_url(setup, org, "activity", setup.activity.pk), activity_row(setup, "genomförd")
    )
    assert response.status_code == 302
    assert computations == []


def test_a_closed_periods_row_post_computes_the_status_once(
    setup: Setup, reporter: AbstractBaseUser, org: Org, computations: list[tuple[Any, ...]]
) -> None:
    FollowUpPeriod.objects.filter(pk=setup.period.pk).update(is_closed=True)
    response = logged_in(reporter).post(
        item_url(setup, org, "goal", setup.goal.pk),
        {f"g-{setup.goal.pk}-status": "met", f"g-{setup.goal.pk}-version": 0},
    )
    assert response.status_code == 409
    assert response.context["row"].computed == "partly_met"  # the activity is in progress
    assert len(computations) == 1


def test_the_whole_form_computes_the_status_once_when_refused_and_not_when_saved(
    setup: Setup, reporter: AbstractBaseUser, org: Org, computations: list[tuple[Any, ...]]
) -> None:
    client = logged_in(reporter)
    url = report_url(setup, org.unit)
    data = form_data(client, url, action="save")
    computations.clear()  # the GET's own computation
    data[f"i-{setup.indicator.pk}-value_T"] = "trettio"
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["failed"]
    rows = {row.item.pk: row for row in response.context["report"].goals}
    assert rows[setup.goal.pk].computed == "partly_met"
    assert len(computations) == 1
    computations.clear()
    data[f"i-{setup.indicator.pk}-value_T"] = "45"
    assert client.post(url, data).status_code == 302
    assert computations == []
