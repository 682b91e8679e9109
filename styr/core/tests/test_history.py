"""The audit trail: who changed what in a plan, and the plan as it stood on a date."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from simple_history.utils import update_change_reason

from styr.core.history import acting_as, plan_as_of, plan_changes
from styr.followup.models import Measurement
from styr.internal_control.models import Control, Risk
from styr.plans.models import Goal, Indicator, Plan, Target

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).resolve().parents[3] / ".." / "shared" / "spec" / "plan.schema.json"


@pytest.fixture
def plan(org: SimpleNamespace) -> Plan:
    return Plan.objects.create(
        title="Verksamhetsplan 2025", kind="verksamhetsplan", owner=org.adults
    )


@pytest.fixture
def two_editors(db: None) -> tuple[User, User]:
    return User.objects.create_user("anna"), User.objects.create_user("bertil")


def test_plan_changes_lists_each_title_change_with_its_author(
    plan: Plan, two_editors: tuple[User, User]
) -> None:
    anna, bertil = two_editors
    with acting_as(anna):
        goal = Goal.objects.create(plan=plan, title="Första lydelsen", level="nämndmål")
        goal.title = "Andra lydelsen"
        goal.save()
    goal._history_user = bertil  # type: ignore[attr-defined]
    goal.title = "Tredje lydelsen"
    goal.save()

    title_changes = [
        (change.user, field.before, field.after)
        for change in plan_changes(plan)
        if change.model == "plans.Goal"
        for field in change.fields
        if field.field == "title"
    ]
    assert title_changes == [
        (anna, "Första lydelsen", "Andra lydelsen"),
        (bertil, "Andra lydelsen", "Tredje lydelsen"),
    ]


def test_plan_as_of_a_time_between_two_changes_shows_the_middle_title(
    plan: Plan, two_editors: tuple[User, User]
) -> None:
    anna, bertil = two_editors
    goal = Goal.objects.create(plan=plan, title="Första lydelsen", level="nämndmål")
    with acting_as(anna):
        goal.title = "Andra lydelsen"
        goal.save()
    between = timezone.now()
    with acting_as(bertil):
        goal.title = "Tredje lydelsen"
        goal.save()

    assert [g["title"] for g in plan_as_of(plan, between)["goals"]] == ["Andra lydelsen"]
    assert [g["title"] for g in plan_as_of(plan, timezone.now())["goals"]] == ["Tredje lydelsen"]


def test_plan_changes_follow_items_below_the_plan_and_keep_deletions(
    plan: Plan, two_editors: tuple[User, User]
) -> None:
    anna, _ = two_editors
    indicator = Indicator.objects.create(plan=plan, name="Andel nöjda")
    risk = Risk.objects.create(plan=plan, title="Risk")
    with acting_as(anna):
        target = Target.objects.create(indicator=indicator, year=2025, op=">=", value=80)
        Measurement.objects.create(indicator=indicator, period="2025", value=75)
        Control.objects.create(risk=risk, description="Stickprov")
        target.delete()

    mine = [(c.model, c.kind) for c in plan_changes(plan) if c.user == anna]
    assert mine == [
        ("plans.Target", "created"),
        ("followup.Measurement", "created"),
        ("internal_control.Control", "created"),
        ("plans.Target", "deleted"),
    ]


def test_plan_changes_since_a_time_leave_earlier_changes_out(plan: Plan) -> None:
    goal = Goal.objects.create(plan=plan, title="Före", level="nämndmål")
    since = timezone.now()
    goal.title = "Efter"
    goal.save()
    update_change_reason(goal, "Justerat efter nämndens beslut")

    changes = plan_changes(plan, since=since)
    assert [(c.kind, c.reason) for c in changes] == [("changed", "Justerat efter nämndens beslut")]
    assert changes[0].fields[0].label == "mål"
    assert changes[0].user is None and changes[0].user_name == "okänd"


def test_a_save_without_a_change_is_not_listed(plan: Plan) -> None:
    goal = Goal.objects.create(plan=plan, title="Oförändrad", level="nämndmål")
    goal.save()
    assert [c.kind for c in plan_changes(plan) if c.model == "plans.Goal"] == ["created"]


def test_acting_as_restores_the_previous_author_afterwards(two_editors: tuple[User, User]) -> None:
    from simple_history.models import HistoricalRecords

    anna, bertil = two_editors
    with acting_as(anna):
        with acting_as(bertil):
            assert HistoricalRecords.context.request.user == bertil
        assert HistoricalRecords.context.request.user == anna
    assert not hasattr(HistoricalRecords.context, "request")


def test_plan_as_of_before_the_plan_existed_says_so(plan: Plan) -> None:
    with pytest.raises(Plan.DoesNotExist, match="fanns inte"):
        plan_as_of(plan, plan.created_at.replace(year=2000))


def test_plan_as_of_is_a_valid_plan_document(org: SimpleNamespace) -> None:
    if not SCHEMA.exists():
        pytest.skip(f"the plan schema is not beside the repository ({SCHEMA})")
    import jsonschema

    from styr.accounts.tests.builders import build_plan

    built = build_plan(org)
    document = plan_as_of(built.plan, timezone.now())
    jsonschema.validate(document, json.loads(SCHEMA.read_text(encoding="utf-8")))
    indicator = next(i for i in document["indicators"] if i["name"] == "Andel i eget boende")
    assert indicator["targets"][0]["value"] == 70
    assert indicator["values"] == [{"period": "2025", "value": 65, "gender": "T"}]
    assert document["risks"][0]["controls"][0]["description"] == "Stickprov"
    assert document["budget"][0]["values"] == [{"year": 2025, "kind": "budget", "amount": -100}]
    assert document["plan"]["organisation"] == ["Socialnämnden", "Socialkontoret"]
