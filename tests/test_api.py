"""The HTTP API: session or key authentication, the user's rights, clear errors, no half writes."""

from __future__ import annotations

import io
import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from styr.accounts.models import ApiToken
from styr.accounts.tests.builders import build_plan
from styr.accounts.tokens import create_token
from styr.core.tests.clients import logged_in
from styr.followup.models import Measurement
from styr.interchange.services import export_plan
from styr.plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def p(org: SimpleNamespace) -> SimpleNamespace:
    return build_plan(org)


def with_key(user: User) -> Client:
    _token, key = create_token(user, "test")
    return Client(headers={"authorization": f"Bearer {key}"})


def post_json(client: Client, url: str, body: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_anonymous_callers_are_refused(p: SimpleNamespace) -> None:
    assert Client().get("/api/v1/plans").status_code == 401


def test_the_openapi_document_describes_the_operations(reader: User) -> None:
    schema = logged_in(reader).get("/api/v1/openapi.json").json()
    assert "/api/v1/plans/{plan_id}/status" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/indicators/{indicator_id}/measurements"]


def test_a_reader_lists_only_plans_they_may_read(
    reader: User, outsider: User, p: SimpleNamespace, org: SimpleNamespace
) -> None:
    other = Plan.objects.create(title="Annan plan", kind="verksamhetsplan", owner=org.adults)
    ids = [row["id"] for row in logged_in(reader).get("/api/v1/plans").json()]
    assert ids == [p.plan.pk, other.pk]
    outsider_ids = [row["id"] for row in logged_in(outsider).get("/api/v1/plans").json()]
    assert other.pk not in outsider_ids


def test_a_plan_comes_back_as_its_interchange_document(reader: User, p: SimpleNamespace) -> None:
    document = logged_in(reader).get(f"/api/v1/plans/{p.plan.pk}").json()
    assert document == json.loads(json.dumps(export_plan(p.plan)))
    assert document["format"] == "styr.plan/1"


def test_a_plan_outside_the_users_subtree_is_forbidden_with_a_reason(
    outsider: User, org: SimpleNamespace
) -> None:
    other = Plan.objects.create(title="Annan plan", kind="verksamhetsplan", owner=org.adults)
    response = logged_in(outsider).get(f"/api/v1/plans/{other.pk}")
    assert response.status_code == 403
    assert response.json()["detail"]


def test_an_unknown_plan_is_not_found(reader: User, p: SimpleNamespace) -> None:
    assert logged_in(reader).get("/api/v1/plans/999999").status_code == 404


def test_status_of_a_period(reader: User, p: SimpleNamespace) -> None:
    status = logged_in(reader).get(f"/api/v1/plans/{p.plan.pk}/status?period=2025").json()
    indicator = next(i for i in status["indicators"] if i["id"] == p.indicator.pk)
    assert indicator["status"] == "not_met"  # 65 against a target of at least 70
    bad = logged_in(reader).get(f"/api/v1/plans/{p.plan.pk}/status?period=tertial")
    assert bad.status_code == 422 and "period" in bad.json()["problems"][0]


def test_a_reporter_reports_a_measurement_for_their_unit_with_a_key(
    reporter: User, p: SimpleNamespace
) -> None:
    client = with_key(reporter)
    url = f"/api/v1/indicators/{p.indicator.pk}/measurements"
    first = post_json(client, url, {"period": "2025-T1", "value": 72.5})
    again = post_json(client, url, {"period": "2025-T1", "value": 73})
    assert first.status_code == again.status_code == 200
    stored = Measurement.objects.filter(indicator=p.indicator, period="2025-T1")
    assert [m.value for m in stored] == [73]
    assert stored.get().entered_by == reporter


def test_a_reporter_cannot_report_for_another_unit(reporter: User, p: SimpleNamespace) -> None:
    url = f"/api/v1/indicators/{p.family_indicator.pk}/measurements"
    response = post_json(with_key(reporter), url, {"period": "2025-T1", "value": 1})
    assert response.status_code == 403
    assert not Measurement.objects.filter(indicator=p.family_indicator, period="2025-T1").exists()


def test_a_bad_measurement_names_the_field(reporter: User, p: SimpleNamespace) -> None:
    url = f"/api/v1/indicators/{p.indicator.pk}/measurements"
    response = post_json(with_key(reporter), url, {"period": "2025-T1", "value": 1, "gender": "X"})
    assert response.status_code == 422
    assert response.json()["problems"][0].startswith("gender")


def test_session_writes_need_the_csrf_token(reporter: User, p: SimpleNamespace) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    url = f"/api/v1/indicators/{p.indicator.pk}/measurements"
    assert post_json(client, url, {"period": "2025-T1", "value": 1}).status_code == 403


def test_a_planner_stores_a_document_and_a_bad_one_stores_nothing(
    planner: User, p: SimpleNamespace, org: SimpleNamespace
) -> None:
    client = with_key(planner)
    document = export_plan(p.plan)
    path = "Testkommun/Socialnämnden/Socialkontoret"
    stored = post_json(client, f"/api/v1/plans?org={path}", document)
    assert stored.status_code == 201, stored.content
    copy = Plan.objects.get(pk=stored.json()["id"])
    assert copy.goals.count() == p.plan.goals.count()

    before = Plan.objects.count()
    document["goals"][0]["level"] = "inte en nivå"
    refused = post_json(client, f"/api/v1/plans?org={path}", document)
    assert refused.status_code == 422
    assert any("level" in problem for problem in refused.json()["problems"])
    assert Plan.objects.count() == before


def test_a_planner_cannot_store_a_plan_above_their_subtree(
    planner: User, p: SimpleNamespace
) -> None:
    response = post_json(
        with_key(planner), "/api/v1/plans?org=Testkommun/Socialnämnden", export_plan(p.plan)
    )
    assert response.status_code == 403


def test_risks_with_controls(reader: User, p: SimpleNamespace) -> None:
    risks = logged_in(reader).get(f"/api/v1/plans/{p.plan.pk}/risks").json()
    assert [r["title"] for r in risks] == ["Brister i dokumentation"]
    assert risks[0]["controls"][0]["description"] == "Stickprov"


def test_revoked_and_unknown_keys_are_refused(reporter: User, p: SimpleNamespace) -> None:
    token, key = create_token(reporter, "cron")
    client = Client(headers={"authorization": f"Bearer {key}"})
    assert client.get("/api/v1/plans").status_code == 200
    call_command("token", "revoke", "reporter", "--name", "cron", stdout=io.StringIO())
    assert client.get("/api/v1/plans").status_code == 401
    wrong = Client(headers={"authorization": "Bearer styr_not-a-key"})
    assert wrong.get("/api/v1/plans").status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_keys_are_stored_only_as_hashes(reporter: User) -> None:
    token, key = create_token(reporter, "cron")
    assert key not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert key.startswith(token.prefix)
