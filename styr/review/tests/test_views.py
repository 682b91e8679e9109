"""The review page: findings with links for readers, storing a run for planners only."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styr.accounts.tests.builders import build_plan
from styr.core.tests.clients import logged_in
from styr.plans.models import Goal, Plan
from styr.review.models import Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def p(org: SimpleNamespace) -> SimpleNamespace:
    return build_plan(org)


def test_a_reader_sees_the_findings_linked_to_their_items(reader: User, p: SimpleNamespace) -> None:
    page = logged_in(reader).get(reverse("review:plan", args=[p.plan.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    # Tertial 1 2025 has ended and no unit has handed in an assessment of the top goal.
    goal_link = f'<a href="{reverse("plans:goal-detail", args=[p.goal.pk])}">'
    finding_row = html[html.index("followup.assessment_missing") :]
    assert goal_link + "Nämndmål ”Trygg vård” ska följas upp" in finding_row
    assert finding_row.index(goal_link) < finding_row.index("</tr>")
    assert "Spara dagens granskning" not in html


def test_someone_outside_the_plan_is_refused(org: SimpleNamespace, outsider: User) -> None:
    other = Plan.objects.create(title="Annan plan", kind="verksamhetsplan", owner=org.adults)
    assert logged_in(outsider).get(reverse("review:plan", args=[other.pk])).status_code == 403


def test_a_planner_stores_a_run_and_a_reader_may_not(
    planner: User, reader: User, p: SimpleNamespace
) -> None:
    url = reverse("review:store", args=[p.plan.pk])
    before = Review.objects.filter(plan=p.plan).count()
    assert logged_in(reader).post(url).status_code == 403
    assert Review.objects.filter(plan=p.plan).count() == before
    response = logged_in(planner).post(url, follow=True)
    run = Review.objects.filter(plan=p.plan).latest("pk")
    assert Review.objects.filter(plan=p.plan).count() == before + 1
    assert run.findings.count() == run.error_count + run.warning_count + run.info_count > 0
    assert "Granskningen sparades" in response.content.decode()


def test_the_page_query_count_does_not_grow_with_the_plan(reader: User, p: SimpleNamespace) -> None:
    client = logged_in(reader)
    url = reverse("review:plan", args=[p.plan.pk])
    client.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(30):
        Goal.objects.create(plan=p.plan, title=f"Mål {n}", level="verksamhetsmål", parent=p.goal)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
