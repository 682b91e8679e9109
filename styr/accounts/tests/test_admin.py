"""The Django admin: every model opens, in Swedish, and non-superusers get exactly their rights."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import models
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.urls import reverse

from styr.accounts.tests.builders import build_plan
from styr.core.tests.clients import logged_in
from styr.followup.models import Assessment
from styr.plans.models import Goal, Plan

pytestmark = pytest.mark.django_db

DOMAIN_APPS = (
    "organisation",
    "accounts",
    "plans",
    "followup",
    "internal_control",
    "economy",
    "politics",
    "review",
)


def domain_models() -> list[type[models.Model]]:
    return [
        model
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    ]


def admin_request(user: User) -> HttpRequest:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def admin_url(model: type[models.Model], view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def p(org: SimpleNamespace) -> SimpleNamespace:
    return build_plan(org)


def test_every_domain_model_is_registered_in_the_admin() -> None:
    missing = [m._meta.label for m in domain_models() if m not in admin.site._registry]
    assert missing == []


@pytest.mark.parametrize("model", [*domain_models(), User], ids=lambda model: model._meta.label)
def test_superuser_opens_every_models_changelist_add_and_change_page(
    superuser: User, p: SimpleNamespace, reporter: User, model: type[models.Model]
) -> None:
    admin_client = logged_in(superuser)
    obj = model._default_manager.first()
    assert obj is not None, f"the test plan has no {model._meta.label}"
    pages = [admin_url(model, "changelist"), admin_url(model, "change", obj.pk)]
    if admin.site._registry[model].has_add_permission(admin_request(superuser)):
        pages.append(admin_url(model, "add"))
    if hasattr(model, "history") and model is not User:
        pages.append(admin_url(model, "history", obj.pk))
    for page in pages:
        response = admin_client.get(page)
        assert response.status_code == 200, page


def test_the_admin_speaks_swedish(superuser: User, p: SimpleNamespace) -> None:
    admin_client = logged_in(superuser)
    page = admin_client.get(admin_url(Plan, "changelist")).content.decode()
    assert "planer" in page.lower()
    assert "Lägg till plan" in admin_client.get(admin_url(Plan, "add")).content.decode()


def test_reporter_sees_only_the_plans_they_may_read(
    reporter: User, org: SimpleNamespace, p: SimpleNamespace
) -> None:
    hidden = Plan.objects.create(
        title="Barn och ungas plan", kind="verksamhetsplan", owner=org.children
    )
    page = logged_in(reporter).get(admin_url(Plan, "changelist")).content.decode()
    assert p.plan.title in page
    assert hidden.title not in page
    assert logged_in(reporter).get(admin_url(Plan, "change", hidden.pk)).status_code == 302


def assessment_form(assessment: Assessment, **changes: Any) -> dict[str, Any]:
    data = {
        "period": assessment.period_id,
        "goal": assessment.goal_id or "",
        "activity": assessment.activity_id or "",
        "unit": assessment.unit_id,
        "status": assessment.status,
        "analysis": assessment.analysis,
        "state": assessment.state,
    }
    return {**data, **changes}


def test_reporter_writes_an_assessment_for_their_own_unit_in_the_admin(
    reporter: User, p: SimpleNamespace
) -> None:
    url = admin_url(Assessment, "change", p.housing_assessment.pk)
    response = logged_in(reporter).post(
        url, assessment_form(p.housing_assessment, analysis="Fler har fått eget boende.")
    )
    assert response.status_code == 302
    p.housing_assessment.refresh_from_db()
    assert p.housing_assessment.analysis == "Fler har fått eget boende."
    assert p.housing_assessment.history.first().history_user == reporter


def test_reporter_cannot_change_an_assessment_of_a_unit_outside_their_subtree_in_the_admin(
    reporter: User, p: SimpleNamespace
) -> None:
    url = admin_url(Assessment, "change", p.family_assessment.pk)
    client = logged_in(reporter)
    assert client.get(url).status_code == 200  # readable: it is in a plan they read
    response = client.post(url, assessment_form(p.family_assessment, analysis="Ändrad"))
    assert response.status_code == 403
    p.family_assessment.refresh_from_db()
    assert p.family_assessment.analysis == ""


def test_reporter_cannot_move_an_assessment_to_another_unit_in_the_admin(
    reporter: User, org: SimpleNamespace, p: SimpleNamespace
) -> None:
    url = admin_url(Assessment, "change", p.housing_assessment.pk)
    response = logged_in(reporter).post(
        url, assessment_form(p.housing_assessment, unit=org.reception.pk)
    )
    assert response.status_code == 200  # the form again, with an error
    assert response.context["adminform"].form.errors
    p.housing_assessment.refresh_from_db()
    assert p.housing_assessment.unit == org.housing


def test_reporter_cannot_approve_their_own_assessment_but_planner_can(
    reporter: User, planner: User, p: SimpleNamespace
) -> None:
    url = admin_url(Assessment, "change", p.housing_assessment.pk)
    response = logged_in(reporter).post(
        url, assessment_form(p.housing_assessment, state="approved")
    )
    assert response.status_code == 200
    assert "godkänna" in str(response.context["adminform"].form.non_field_errors())

    response = logged_in(planner).post(url, assessment_form(p.housing_assessment, state="approved"))
    assert response.status_code == 302
    p.housing_assessment.refresh_from_db()
    assert (p.housing_assessment.state, p.housing_assessment.approved_by) == ("approved", planner)


def test_reporter_cannot_edit_goals_in_the_admin(reporter: User, p: SimpleNamespace) -> None:
    client = logged_in(reporter)
    assert client.get(admin_url(Goal, "add")).status_code == 403
    response = client.post(
        admin_url(Goal, "change", p.housing_goal.pk),
        {
            "plan": p.plan.pk,
            "title": "Ändrat",
            "level": "verksamhetsmål",
            "position": 0,
            "extra": "{}",
            "criteria": "[]",
        },
    )
    assert response.status_code == 403
    assert Goal.objects.get(pk=p.housing_goal.pk).title == "Fler i eget boende"


def test_planner_adds_a_goal_to_a_plan_of_their_subtree_in_the_admin(
    planner: User, p: SimpleNamespace
) -> None:
    response = logged_in(planner).post(
        admin_url(Goal, "add"),
        {
            "plan": p.plan.pk,
            "title": "Nytt mål",
            "level": "verksamhetsmål",
            "position": 0,
            "extra": "{}",
            "criteria": "[]",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    assert Goal.objects.get(title="Nytt mål").history.first().history_user == planner


def test_only_administrators_manage_the_organisation_in_the_admin(
    planner: User, administrator: User, org: SimpleNamespace
) -> None:
    from styr.organisation.models import OrgUnit

    url = admin_url(OrgUnit, "change", org.housing.pk)
    form = {
        "municipality": org.municipality.pk,
        "parent": org.adults.pk,
        "kind": "unit",
        "name": "Boendet",
        "short_name": "",
        "kolada_ou_id": "",
    }
    assert logged_in(planner).post(url, form).status_code == 403
    assert logged_in(administrator).post(url, form).status_code == 302
    org.housing.refresh_from_db()
    assert org.housing.name == "Boendet"
    assert logged_in(planner).get(admin_url(User, "changelist")).status_code == 403


def count_queries(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("model", [Plan, Goal, Assessment], ids=lambda m: m._meta.label)
def test_a_change_list_costs_the_same_queries_for_one_plan_or_three(
    planner: User, org: SimpleNamespace, model: type[models.Model]
) -> None:
    client = logged_in(planner)
    build_plan(org)
    one = count_queries(client, admin_url(model, "changelist"))
    build_plan(org)
    build_plan(org, owner_name="adults")
    assert count_queries(client, admin_url(model, "changelist")) == one


def test_reporters_admin_index_lists_plan_data_but_not_users(
    reporter: User, p: SimpleNamespace
) -> None:
    page = logged_in(reporter).get(reverse("admin:index")).content.decode()
    assert admin_url(Assessment, "changelist") in page
    assert admin_url(User, "changelist") not in page
