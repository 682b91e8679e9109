"""The start page: what the user must report, recent changes, their plans."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from styr.accounts.tests.builders import build_plan
from styr.core.history import acting_as
from styr.followup.models import Assessment, FollowUpPeriod
from styr.plans.models import Goal, Plan
from styr.web import services


@pytest.fixture
def plan(org: SimpleNamespace) -> SimpleNamespace:
    built = build_plan(org)
    built.period.due_date = dt.date(2025, 5, 15)
    built.period.save()
    return built


def test_a_reporter_sees_what_their_unit_must_report_with_the_deadline(
    client: Any, plan: SimpleNamespace, reporter: Any
) -> None:
    client.force_login(reporter)
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Att rapportera den här perioden" in text
    assert "Kartlägga behov" in text  # the housing unit's activity status is due
    assert "Status för aktivitet" in text
    assert "15 maj 2025" in text  # the period's due date, in Swedish
    assert "Försenad" in text
    # Each item leads to the unit's report form for the period, at the item's row.
    report = reverse(
        "followup:report",
        args=[
            plan.plan.pk,
            "2025-T1",
            plan.activity.responsible_units.get(name="Boendeenheten").pk,
        ],
    )
    assert f'href="{report}#activity-{plan.activity.pk}"' in text
    # The family unit's goal is someone else's to report.
    assert "Snabbare utredningar" not in text.split("Senaste ändringar")[0]


def test_a_submitted_assessment_is_no_longer_due(plan: SimpleNamespace, reporter: Any) -> None:
    now = dt.datetime(2026, 1, 10, tzinfo=dt.UTC)
    before = services.start_page(reporter, now.date(), now)
    assert any(row.item.object_id == plan.activity.pk for row in before.due)
    Assessment.objects.create(
        period=plan.period,
        activity=plan.activity,
        unit=plan.housing_goal.responsible_unit,
        status="met",
        state="submitted",
    )
    after = services.start_page(reporter, now.date(), now)
    assert not any(row.item.object_id == plan.activity.pk for row in after.due)


def test_a_reader_has_nothing_to_report_but_sees_the_plans(
    client: Any, plan: SimpleNamespace, reader: Any
) -> None:
    client.force_login(reader)
    text = client.get(reverse("web:home")).content.decode()
    assert "Du har inget att rapportera just nu" in text
    assert "Verksamhetsplan 2025" in text


def test_recent_changes_name_who_changed_what(
    client: Any, plan: SimpleNamespace, planner: Any, reader: Any
) -> None:
    with acting_as(planner):
        plan.goal.title = "Trygg och säker vård"
        plan.goal.save()
    client.force_login(reader)
    text = client.get(reverse("web:home")).content.decode()
    section = text.split("Senaste ändringar")[1].split("Mina planer")[0]
    assert "Trygg och säker vård" in section
    assert "ändrad av planner" in section


def test_recent_changes_leave_out_plans_the_user_may_not_read(
    org: SimpleNamespace, outsider: Any, reporter: Any
) -> None:
    plan = Plan.objects.create(title="Boendeplan", kind="verksamhetsplan", owner=org.housing)
    Goal.objects.create(plan=plan, title="Eget boende", level="verksamhetsmål")
    now = dt.datetime.now(tz=dt.UTC)
    assert services.recent_changes(outsider, now - dt.timedelta(days=1)) == []
    assert services.recent_changes(reporter, now - dt.timedelta(days=1))


def test_the_start_page_makes_as_many_queries_with_more_data(
    client: Any,
    org: SimpleNamespace,
    planner: Any,
    django_assert_max_num_queries: Any,
) -> None:
    def grow() -> None:
        built = build_plan(org)
        FollowUpPeriod.objects.filter(pk=built.period.pk).update(due_date=dt.date(2025, 5, 15))
        for number in range(5):
            Goal.objects.create(
                plan=built.plan,
                title=f"Mål {number}",
                level="verksamhetsmål",
                responsible_unit=org.reception,
            )

    client.force_login(planner)
    grow()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("web:home")).status_code == 200
    for _ in range(3):
        grow()
    with django_assert_max_num_queries(len(small)):
        response = client.get(reverse("web:home"))
    assert response.status_code == 200
    assert response.content.decode().count("Mål 4") >= 1


def test_a_planner_sees_submitted_assessments_waiting_for_approval(
    client: Any, plan: SimpleNamespace, planner: Any, reporter: Any
) -> None:
    Assessment.objects.filter(pk=plan.housing_assessment.pk).update(state="submitted")
    Assessment.objects.filter(pk=plan.family_assessment.pk).update(state="submitted")
    client.force_login(planner)
    text = client.get(reverse("web:home")).content.decode()
    section = text.split("Att godkänna")[1].split("Senaste ändringar")[0]
    assert "Verksamhetsplan 2025" in section and "Tertial 1" in section
    assert '<td class="num">2</td>' in section
    assert reverse("followup:approval", args=[plan.plan.pk, "2025-T1"]) in section
    # A reporter approves nothing: no such section.
    client.force_login(reporter)
    assert "Att godkänna" not in client.get(reverse("web:home")).content.decode()
    assert services.to_approve(reporter) == []


def test_recent_changes_are_the_newest_over_every_history_table(
    plan: SimpleNamespace, planner: Any, reader: Any
) -> None:
    from django.db.models import F

    from styr.core.history import historised_plan_models, plan_path

    with acting_as(planner):
        for n in range(3):
            plan.goal.title = f"Mål {n}"
            plan.goal.save()
            plan.plan.title = f"Plan {n}"
            plan.plan.save()
            plan.activity.title = f"Aktivitet {n}"
            plan.activity.save()
    since = dt.datetime.now(tz=dt.UTC) - dt.timedelta(days=1)
    # What one query per table merged by date gives (how recent_changes used to read them).
    expected: list[tuple[Any, Any, Any]] = []
    for model in historised_plan_models():
        path = plan_path(model._meta.label)
        if path is None:
            continue
        history = getattr(model, model._meta.simple_history_manager_attribute)  # type: ignore[attr-defined]
        records = (
            history.filter(history_date__gte=since)
            .annotate(styr_plan_id=F(path or "id"))
            .order_by("-history_date", "-history_id")
        )
        expected.extend((r.history_date, model, r.history_id) for r in records)
    expected.sort(key=lambda entry: entry[0], reverse=True)
    assert len(expected) > 5
    for limit in (1, 4, 100):
        changes = services.recent_changes(reader, since, limit=limit)
        assert [(c.when, c.model_name) for c in changes] == [
            (when, str(model._meta.verbose_name)) for when, model, _ in expected[:limit]
        ]
