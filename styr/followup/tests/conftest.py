"""A small organisation with personas (planner, reporter, outsider) and plan builders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from django.urls import reverse

from styr.accounts.models import Role, RoleAssignment
from styr.followup.models import FollowUpPeriod, Measurement, PeriodKind
from styr.organisation.models import Municipality, OrgUnit, OrgUnitKind
from styr.plans.models import Goal, GoalLevel, Indicator, Plan, PlanKind, Target


@dataclass
class Org:
    municipality: Municipality
    committee: OrgUnit
    office: OrgUnit
    department: OrgUnit
    unit: OrgUnit


@pytest.fixture
def org(db: None) -> Org:
    municipality = Municipality.objects.create(name="Exempelkommun", kolada_code="9999")

    def unit(name: str, kind: str, parent: OrgUnit | None) -> OrgUnit:
        return OrgUnit.objects.create(
            municipality=municipality, parent=parent, kind=kind, name=name
        )

    committee = unit("Socialnämnden", OrgUnitKind.COMMITTEE, None)
    office = unit("Socialkontoret", OrgUnitKind.ADMINISTRATION, committee)
    department = unit("Vuxenverksamheten", OrgUnitKind.DEPARTMENT, office)
    leaf = unit("Resursteamet", OrgUnitKind.UNIT, department)
    return Org(municipality, committee, office, department, leaf)


def make_user(name: str, role: str | None, unit: OrgUnit | None) -> AbstractBaseUser:
    user = get_user_model().objects.create_user(username=name, password="x")
    if role is not None:
        RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def planner(org: Org) -> AbstractBaseUser:
    return make_user("planerare", Role.PLANNER, org.committee)


@pytest.fixture
def reporter(org: Org) -> AbstractBaseUser:
    return make_user("rapportor", Role.REPORTER, org.department)


@pytest.fixture
def outsider(org: Org) -> AbstractBaseUser:
    return make_user("utomstaende", None, None)


def make_plan(owner: OrgUnit, title: str = "Nämndplan 2024", year: int = 2024) -> Plan:
    return Plan.objects.create(
        title=title, kind=PlanKind.COMMITTEE_PLAN, owner=owner, period_from=year, period_to=year
    )


def make_goal(plan: Plan, title: str, parent: Goal | None = None, **fields: Any) -> Goal:
    fields.setdefault("level", GoalLevel.COMMITTEE_GOAL)
    fields.setdefault("position", Goal.objects.filter(plan=plan).count())
    return Goal.objects.create(plan=plan, title=title, parent=parent, **fields)


def make_indicator(
    goal: Goal,
    name: str,
    *,
    targets: list[dict[str, Any]] = (),  # type: ignore[assignment]
    values: dict[str, float | None] | None = None,
    **fields: Any,
) -> Indicator:
    fields.setdefault("unit", "%")
    fields.setdefault("position", Indicator.objects.filter(plan=goal.plan).count())
    indicator = Indicator.objects.create(plan=goal.plan, goal=goal, name=name, **fields)
    for position, target in enumerate(targets):
        target.setdefault("relative_to", "absolute")
        Target.objects.create(indicator=indicator, position=position, **target)
    for period, value in (values or {}).items():
        Measurement.objects.create(indicator=indicator, period=period, value=value)
    return indicator


def make_period(plan: Plan, code: str = "2024", *, closed: bool = False) -> FollowUpPeriod:
    year = int(code[:4])
    return FollowUpPeriod.objects.create(
        plan=plan,
        kind=PeriodKind.FULL_YEAR if code == str(year) else PeriodKind.TERTIAL,
        code=code,
        label=f"Helår {year}" if code == str(year) else f"Period {code}",
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31) if code == str(year) else dt.date(year, 4, 30),
        due_date=dt.date(year + 1, 1, 31) if code == str(year) else dt.date(year, 5, 15),
        is_closed=closed,
    )


def report_url(s: Any, unit: OrgUnit) -> str:
    """The unit's report form for a set-up's plan and period."""
    return reverse("followup:report", args=[s.plan.pk, s.period.code, unit.pk])


def form_data(client: Client, url: str, **extra: Any) -> dict[str, Any]:
    """What the page's form would post as shown: every field with its initial value."""
    response = client.get(url)
    assert response.status_code == 200
    data: dict[str, Any] = dict(extra)
    for row in response.context["report"].rows:
        for bound in row.form:
            value = bound.value()
            data[bound.html_name] = "" if value is None else value
    return data
