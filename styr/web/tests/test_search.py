"""Search over plans, goals, indicators, activities and risks, limited to what one may read."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from styr.accounts.tests.builders import build_plan
from styr.internal_control.models import Risk
from styr.plans.models import Activity, Goal, Indicator, Plan
from styr.web import services


@pytest.fixture
def plans(org: SimpleNamespace) -> SimpleNamespace:
    built = build_plan(org)
    family_plan = Plan.objects.create(
        title="Familjeenhetens plan för äldre barn", kind="verksamhetsplan", owner=org.family
    )
    Goal.objects.create(plan=family_plan, title="Äldre barn får stöd", level="verksamhetsmål")
    return SimpleNamespace(built=built, family_plan=family_plan)


def kinds(groups: list[services.HitGroup]) -> dict[str, list[str]]:
    return {group.kind: [hit.title for hit in group.hits] for group in groups if group.hits}


def test_search_finds_every_kind_grouped(plans: SimpleNamespace, administrator: Any) -> None:
    Activity.objects.filter(pk=plans.built.activity.pk).update(title="Kartlägga boende")
    Risk.objects.filter(pk=plans.built.risk.pk).update(title="Brist på boende")
    found = kinds(services.search(administrator, "boende"))
    assert found["goal"] == ["Fler i eget boende"]
    assert found["indicator"] == ["Andel i eget boende"]
    assert found["activity"] == ["Kartlägga boende"]
    assert found["risk"] == ["Brist på boende"]
    assert "plan" not in found
    assert kinds(services.search(administrator, "verksamhetsplan"))["plan"] == [
        "Verksamhetsplan 2025"
    ]


def test_search_ignores_case_in_swedish_letters(plans: SimpleNamespace, administrator: Any) -> None:
    for query in ("äldre", "ÄLDRE", "Äldre"):
        found = kinds(services.search(administrator, query))
        assert found["goal"] == ["Äldre barn får stöd"], query
        assert found["plan"] == ["Familjeenhetens plan för äldre barn"], query


def test_search_shows_only_what_the_user_may_read(
    plans: SimpleNamespace, reporter: Any, outsider: Any
) -> None:
    assert kinds(services.search(reporter, "äldre")) == {}
    assert kinds(services.search(outsider, "äldre"))["goal"] == ["Äldre barn får stöd"]


def reverse_or_none(name: str, pk: int) -> str | None:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


def test_each_hit_links_to_its_page(plans: SimpleNamespace, administrator: Any) -> None:
    goal, plan = plans.built.goal, plans.built.plan
    groups = {g.kind: g for g in services.search(administrator, "Trygg")}
    # The goal page, or the plan page while the plans area has no goal page yet.
    assert groups["goal"].hits[0].url == (
        reverse_or_none("plans:goal-detail", goal.pk)
        or reverse_or_none("plans:plan-detail", plan.pk)
    )
    groups = {g.kind: g for g in services.search(administrator, "dokumentation")}
    assert groups["risk"].hits[0].url == reverse(
        "internal_control:risk-detail", args=[plans.built.risk.pk]
    )


def test_the_search_page_reports_hits_and_a_too_short_query(
    client: Any, plans: SimpleNamespace, reader: Any
) -> None:
    client.force_login(reader)
    text = client.get(reverse("web:search"), {"q": "eget boende"}).content.decode()
    assert "2 träffar för ”eget boende”" in text
    assert "Fler i eget boende" in text
    text = client.get(reverse("web:search"), {"q": "x"}).content.decode()
    assert "Skriv minst 2 tecken" in text
    text = client.get(reverse("web:search"), {"q": "zzzz"}).content.decode()
    assert "Inga träffar för ”zzzz”" in text


def test_search_results_are_bounded_and_the_query_count_flat(
    client: Any, plans: SimpleNamespace, planner: Any, django_assert_max_num_queries: Any
) -> None:
    plan = plans.built.plan
    client.force_login(planner)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("web:search"), {"q": "Mål"})
    Goal.objects.bulk_create(
        Goal(plan=plan, title=f"Mål nummer {n}", level="verksamhetsmål") for n in range(60)
    )
    Indicator.objects.bulk_create(
        Indicator(plan=plan, name=f"Mål-indikator {n}") for n in range(60)
    )
    with django_assert_max_num_queries(len(small)):
        response = client.get(reverse("web:search"), {"q": "Mål"})
    group = {g.kind: g for g in response.context["groups"]}["goal"]
    assert len(group.hits) == services.SEARCH_LIMIT
    assert group.more
