"""Downloads at /rapporter/: the view right decides, the file is the command's file."""

from __future__ import annotations

from typing import Any

from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from styr.plans.models import Plan, PlanKind
from styr.reports.tests.conftest import parse_ics, read_xlsx
from styr.reports.views import feed_token


def make_plan(org: Any) -> Plan:
    from styr.organisation.models import OrgUnit

    unit: OrgUnit = org.housing  # outside the outsider's sight, inside the reader's
    return Plan.objects.create(
        title="Verksamhetsplan 2025",
        kind=PlanKind.OPERATIONAL_PLAN,
        owner=unit,
        period_from=2025,
        period_to=2025,
    )


def test_a_reader_downloads_the_plan_as_excel(client: Any, org: Any, reader: Any) -> None:
    plan = make_plan(org)
    client.force_login(reader)
    response = client.get(reverse("reports:download", args=[plan.pk, "plan", "xlsx"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert read_xlsx(response.content).sheetnames[0] == "Indikatorer"


def test_someone_outside_the_plan_is_refused(client: Any, org: Any, outsider: Any) -> None:
    plan = make_plan(org)
    client.force_login(outsider)
    response = client.get(reverse("reports:download", args=[plan.pk, "plan", "docx"]))
    assert response.status_code == 403


def test_an_unsupported_format_is_a_clear_400(client: Any, org: Any, reader: Any) -> None:
    plan = make_plan(org)
    client.force_login(reader)
    response = client.get(reverse("reports:download", args=[plan.pk, "plan", "ics"]))
    assert response.status_code == 400
    assert "kan inte skrivas som ics" in response.content.decode()


def test_the_calendar_feed_needs_a_valid_token_and_the_right(
    client: Any, org: Any, reader: Any, outsider: Any
) -> None:
    plan = make_plan(org)
    ok = client.get(reverse("reports:calendar-feed", args=[feed_token(reader.pk, plan.pk)]))
    assert ok.status_code == 200 and ok["Content-Type"].startswith("text/calendar")
    assert parse_ics(ok.content) == []
    refused = client.get(reverse("reports:calendar-feed", args=[feed_token(outsider.pk, plan.pk)]))
    assert refused.status_code == 403
    forged = client.get(reverse("reports:calendar-feed", args=["abc:def"]))
    assert forged.status_code == 404


def test_the_links_snippet_lists_each_kind_and_format(org: Any, reader: Any) -> None:
    plan = make_plan(org)
    request = RequestFactory().get("/")
    request.user = reader
    html = Template("{% load reports %}{% report_links plan '2025-T1' %}").render(
        Context({"plan": plan, "request": request})
    )
    assert reverse("reports:download", args=[plan.pk, "plan", "docx"]) in html
    assert (
        reverse("reports:download", args=[plan.pk, "followup", "pdf"]) + "?period=2025-T1" in html
    )
    assert "/rapporter/kalender/" in html


def test_the_plan_page_offers_the_downloads(client: Any, org: Any, reader: Any) -> None:
    plan = make_plan(org)
    client.force_login(reader)
    response = client.get(reverse("plans:plan-detail", args=[plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for kind, fmt in (
        ("plan", "docx"),
        ("followup", "pdf"),
        ("internal-control", "xlsx"),
        ("calendar", "ics"),
    ):
        assert reverse("reports:download", args=[plan.pk, kind, fmt]) in html
