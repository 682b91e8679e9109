"""Programme points and the årshjul: services, pages per role, flat query counts."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styr.plans.models import Plan
from styr.politics import services
from styr.politics.models import CalendarItem
from styr.politics.tests.builders import add_points

pytestmark = pytest.mark.django_db


def get(client: Client, user: Any, name: str, **params: Any) -> Any:
    client.force_login(user)
    return client.get(reverse(f"politics:{name}"), params)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Genomförd", "met"),
        ("Delvis genomförd", "partly_met"),
        ("Pågår", "partly_met"),
        ("Ej påbörjad", "not_assessed"),
        ("Beslutad i KF", None),
        ("", None),
    ],
)
def test_a_status_text_reads_as_a_follow_up_status(text: str, code: str | None) -> None:
    assert services.status_code(text) == code


def test_a_calendar_label_naming_two_months_covers_both() -> None:
    item = CalendarItem(month=1, label="JANUARI / FEBRUARI")
    assert services.months_of(item) == [1, 2]
    assert services.months_of(CalendarItem(month=None, label="Löpande")) == []
    assert services.months_of(CalendarItem(month=None, label="Oktober")) == [10]


def test_the_year_calendar_has_twelve_months_and_only_the_years_plans(
    pol: SimpleNamespace, org: SimpleNamespace, superuser: Any
) -> None:
    other = Plan.objects.create(
        title="Nämndplan 2026",
        kind="nämndplan",
        owner=org.committee,
        period_from=2026,
        period_to=2026,
    )
    CalendarItem.objects.create(plan=other, month=5, label="MAJ", items=["Plan 2026"])
    items = services.visible_calendar(superuser)
    assert services.calendar_years(items) == [2026, 2025]
    calendar = services.year_calendar(items, 2025)
    assert [m.name for m in calendar.months][:3] == ["Januari", "Februari", "Mars"]
    assert len(calendar.months) == 12
    assert [(e.item, e.continued) for e in calendar.months[0].entries] == [(pol.january, False)]
    assert [(e.item, e.continued) for e in calendar.months[1].entries] == [(pol.january, True)]
    assert [e.item for e in calendar.months[4].entries] == [pol.may]
    assert calendar.undated == [pol.undated]


def test_a_reader_sees_points_with_status_and_links_to_goals_and_activities(
    client: Client, pol: SimpleNamespace, reader: Any
) -> None:
    response = get(client, reader, "index")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fler unga i arbete" in html and "Trygg äldreomsorg" in html
    assert reverse("plans:goal-detail", args=[pol.goal.pk]) in html
    assert reverse("plans:plan-detail", args=[pol.plan.pk]) in html and "Jobbspår för unga" in html
    assert 'class="status status-met"' in html and "Genomförd" in html
    assert "Feriearbete" in html


def test_a_reporter_reads_the_committee_plan_above_their_unit(
    client: Client, pol: SimpleNamespace, reporter: Any
) -> None:
    assert "Fler unga i arbete" in get(client, reporter, "index").content.decode()


def test_a_user_without_roles_sees_no_points_nor_calendar(
    client: Client, pol: SimpleNamespace, org: SimpleNamespace
) -> None:
    from django.contrib.auth.models import User

    nobody = User.objects.create_user("nobody")
    assert "Fler unga i arbete" not in get(client, nobody, "index").content.decode()
    response = get(client, nobody, "calendar")
    assert response.status_code == 200 and "Tertialrapport 1" not in response.content.decode()


def test_an_outsider_does_not_see_another_committees_programme(
    client: Client, org: SimpleNamespace, outsider: Any
) -> None:
    from styr.organisation.models import OrgUnit

    elsewhere = OrgUnit.objects.create(
        municipality=org.municipality, parent=None, kind="committee", name="Kulturnämnden"
    )
    plan = Plan.objects.create(title="Kulturplan", kind="nämndplan", owner=elsewhere)
    add_points(plan, 1)
    assert "Punkt 0" not in get(client, outsider, "index").content.decode()


def test_the_calendar_shows_the_months_and_a_chosen_year(
    client: Client, pol: SimpleNamespace, reader: Any
) -> None:
    response = get(client, reader, "calendar", ar="2025")
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["year"] == 2025
    assert "Januari" in html and "December" in html and "Tertialrapport 1" in html
    assert 'data-month="5"' in html and "(forts.)" in html and "Delegationsbeslut" in html
    assert get(client, reader, "calendar", ar="nej").context["year"] == 2025


def test_the_index_makes_the_same_number_of_queries_for_n_and_3n_points(
    client: Client, pol: SimpleNamespace, reader: Any
) -> None:
    add_points(pol.plan, 4)
    client.force_login(reader)
    url = reverse("politics:index")
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    add_points(pol.plan, 8, start=4)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert "Punkt 11" in response.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries) <= 10


def test_the_calendar_makes_the_same_number_of_queries_for_more_items(
    client: Client, pol: SimpleNamespace, reader: Any
) -> None:
    client.force_login(reader)
    url = reverse("politics:calendar")
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, {"ar": 2025}).status_code == 200
    for month in range(1, 13):
        CalendarItem.objects.create(plan=pol.plan, month=month, label="", items=[f"Ärende {month}"])
    with CaptureQueriesContext(connection) as large:
        response = client.get(url, {"ar": 2025})
    assert "Ärende 12" in response.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries) <= 8


def test_the_calendar_can_show_one_namnd(
    client: Client, pol: SimpleNamespace, org: SimpleNamespace, superuser: Any
) -> None:
    from styr.organisation.models import OrgUnit

    other = OrgUnit.objects.create(
        municipality=org.municipality, parent=None, kind="committee", name="Äldrenämnden"
    )
    plan = Plan.objects.create(
        title="Äldreplan", kind="nämndplan", owner=other, period_from=2025, period_to=2025
    )
    CalendarItem.objects.create(plan=plan, month=5, label="MAJ", items=["Äldrerapport"])
    response = get(client, superuser, "calendar", ar="2025")
    assert [o.name for o in response.context["owners"]] == ["Socialnämnden", "Äldrenämnden"]
    html = response.content.decode()
    assert "Äldrerapport" in html and "Tertialrapport 1" in html
    html = get(client, superuser, "calendar", ar="2025", namnd=other.pk).content.decode()
    assert "Äldrerapport" in html and "Tertialrapport 1" not in html
