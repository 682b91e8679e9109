"""The economy page per role, with the unit filter, the year choice and flat query counts."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styr.economy.tests.builders import add_budget_line, add_volume_line

pytestmark = pytest.mark.django_db

URL = "/ekonomi/"


def get(client: Client, user: Any, **params: Any) -> Any:
    client.force_login(user)
    return client.get(reverse("economy:index"), params)


def test_the_index_lives_at_ekonomi() -> None:
    assert reverse("economy:index") == URL


def test_a_reader_sees_budget_prognos_and_a_highlighted_deviation(
    client: Client, eco: SimpleNamespace, reader: Any
) -> None:
    response = get(client, reader)
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["year"] == 2025
    assert "Boendeenheten" in html and "Mottagningen" in html
    assert 'class="num deviation-negative"' in html  # Boendeenheten: 600 over budget
    assert "\u2212600" in html and "sämre än budget" in html
    assert "Summa Mottagningen" in html
    assert "Antal platser, Boendeenheten" in html


def test_an_outsider_does_not_see_another_departments_lines(
    client: Client, eco: SimpleNamespace, outsider: Any
) -> None:
    response = get(client, outsider)
    assert response.status_code == 200
    assert "Boendeenheten" not in response.content.decode()
    assert response.context["groups"] == []


def test_an_outsider_is_refused_another_units_figures(
    client: Client, eco: SimpleNamespace, outsider: Any, org: SimpleNamespace
) -> None:
    assert get(client, outsider, enhet=org.housing.pk).status_code == 403


def test_the_unit_filter_shows_only_that_unit(
    client: Client, eco: SimpleNamespace, reader: Any, org: SimpleNamespace
) -> None:
    response = get(client, reader, enhet=org.reception.pk)
    assert [g.unit for g in response.context["groups"]] == [org.reception]
    assert "Antal platser" not in response.content.decode()


def test_a_year_can_be_chosen_and_an_unknown_year_falls_back(
    client: Client, eco: SimpleNamespace, reporter: Any
) -> None:
    response = get(client, reporter, ar="2024")
    assert response.context["year"] == 2024
    row = response.context["groups"][0].rows[0]
    assert (row.budget, row.outcome, row.deviation) == (-9_800, -9_500, 300)
    assert get(client, reporter, ar="1999").context["year"] == 2025
    assert get(client, reporter, ar="x").context["year"] == 2025


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client, eco: SimpleNamespace) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


def test_the_page_makes_the_same_number_of_queries_for_n_and_3n_lines(
    client: Client, eco: SimpleNamespace, org: SimpleNamespace, reader: Any
) -> None:
    def add(count: int, start: int) -> None:
        for i in range(start, start + count):
            add_budget_line(eco.plan, org.housing, f"Rad {i}", budget_2025=-i, prognos_2025=-i)
            add_volume_line(eco.plan, org.reception, f"Volym {i}", budget_2025=i, plan_2026=i)

    add(5, 0)
    client.force_login(reader)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    add(10, 5)
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL)
    assert "Rad 14" in response.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries) <= 12


def test_a_large_selection_without_a_unit_shows_a_sum_per_unit_with_links(
    client: Client, eco: SimpleNamespace, org: SimpleNamespace, reader: Any, monkeypatch: Any
) -> None:
    from styr.economy import views

    monkeypatch.setattr(views, "SUMMARY_ABOVE", 2)
    response = get(client, reader)
    html = response.content.decode()
    assert response.context["summary"] and response.context["volumes_hidden"] is False
    assert "budget-summary" in html and f"?enhet={org.reception.pk}&amp;ar=2025" in html
    assert "Statsbidrag" not in html  # lines only after choosing the unit
    assert "Summa Mottagningen" not in html
    response = get(client, reader, enhet=org.reception.pk)
    assert not response.context["summary"] and "Statsbidrag" in response.content.decode()
    monkeypatch.setattr(views, "SUMMARY_ABOVE", 0)
    assert "Välj en enhet ovan" in get(client, reader).content.decode()
