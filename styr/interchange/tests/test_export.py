"""Exporting: canonical form for items made in the UI, edits win, bounded queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from styr.economy.models import BudgetLine, BudgetValue
from styr.interchange.schema import validate_document
from styr.interchange.services import export_plan, load_document
from styr.internal_control.models import Control, Risk
from styr.organisation.models import OrgUnit
from styr.plans.models import Activity, Goal, Indicator, Plan, Target
from styr.politics.models import PoliticalPoint

from .conftest import GOLD_DIR, gold_files, read_json


@pytest.fixture
def plan_made_in_the_ui(owner: OrgUnit) -> Plan:
    plan = Plan.objects.create(title="Nämndplan 2026", kind="nämndplan", owner=owner)
    vision = Goal.objects.create(plan=plan, title="Ett tryggt liv", level="vision")
    goal = Goal.objects.create(
        plan=plan, title="Fler i arbete", level="nämndmål", parent=vision, code="1"
    )
    indicator = Indicator.objects.create(plan=plan, goal=goal, name="Andel i arbete", unit="%")
    Target.objects.create(indicator=indicator, year=2026, op=">=", value=40.0, text="40 %")
    activity = Activity.objects.create(plan=plan, title="Jobbspår", responsible=["SOK"])
    activity.goals.add(goal)
    risk = Risk.objects.create(plan=plan, title="Felaktiga utbetalningar", probability=2)
    Control.objects.create(risk=risk, description="Stickprov")
    line = BudgetLine.objects.create(plan=plan, label="Intäkter", section="drift", unit="tkr")
    BudgetValue.objects.create(line=line, year=2026, kind="budget", amount=-100.0)
    PoliticalPoint.objects.create(plan=plan, number="3", text="Fler i arbete")
    return plan


def test_a_plan_made_in_the_ui_exports_in_full_canonical_form(
    plan_made_in_the_ui: Plan,
) -> None:
    doc = export_plan(plan_made_in_the_ui)

    assert validate_document(doc) == []
    assert set(doc) == {
        "format", "plan", "goals", "indicators", "activities", "risks", "budget",
        "volumes", "political_points", "calendar", "unrecognised",
    }  # fmt: skip
    assert doc["plan"] == {
        "title": "Nämndplan 2026",
        "kind": "nämndplan",
        "municipality": None,
        "organisation": [],
        "period": None,
        "reference": None,
        "adopted": None,
    }
    vision, goal = doc["goals"]
    assert goal == {
        "id": goal["id"],
        "code": "1",
        "title": "Fler i arbete",
        "description": None,
        "level": "nämndmål",
        "parent": vision["id"],
        "period": None,
        "criteria": [],
        "source": None,
    }
    indicator = doc["indicators"][0]
    assert indicator["goal"] == goal["id"]
    assert indicator["baseline"] is None
    assert indicator["targets"] == [
        {"year": 2026, "op": ">=", "value": 40, "relative_to": None, "text": "40 %"}
    ]
    assert isinstance(indicator["targets"][0]["value"], int)
    assert doc["activities"][0]["goals"] == [goal["id"]]
    assert doc["risks"][0]["controls"] == [
        {"description": "Stickprov", "responsible": None, "frequency": None, "method": None,
         "report_to": None}
    ]  # fmt: skip
    assert doc["budget"][0]["values"] == [{"year": 2026, "kind": "budget", "amount": -100}]
    assert "id" not in doc["political_points"][0]


def test_items_without_an_id_get_ones_no_other_item_uses(
    plan_made_in_the_ui: Plan,
) -> None:
    Goal.objects.create(plan=plan_made_in_the_ui, title="Har id", level="delmål", ref="g-1")

    doc = export_plan(plan_made_in_the_ui)

    ids = [item["id"] for key in ("goals", "indicators", "activities", "risks", "budget")
           for item in doc[key]]  # fmt: skip
    assert len(ids) == len(set(ids))
    assert all(ids)
    assert export_plan(plan_made_in_the_ui) == doc  # stable between exports


def test_an_edit_in_the_ui_wins_over_how_the_document_wrote_the_value(
    small_document: dict[str, Any], owner: OrgUnit
) -> None:
    small_document["goals"][0]["code"] = ""
    del small_document["calendar"]
    plan = load_document(small_document, owner)
    assert export_plan(plan)["goals"][0]["code"] == ""

    plan.goals.filter(ref="g1").update(code="1 a")
    plan.calendar_items.create(month=5, label="MAJ", items=["Delårsrapport"])
    exported = export_plan(plan)

    assert exported["goals"][0]["code"] == "1 a"
    assert exported["calendar"][0]["label"] == "MAJ"


def test_clearing_a_field_after_load_exports_null_not_the_old_form(
    small_document: dict[str, Any], owner: OrgUnit
) -> None:
    small_document["goals"][1]["description"] = ""
    plan = load_document(small_document, owner)
    plan.goals.filter(ref="g2").update(description="Ny text")
    assert export_plan(plan)["goals"][1]["description"] == "Ny text"


def biggest_gold_file() -> list[Any]:
    files = gold_files()
    return [max(files, key=lambda path: path.stat().st_size)] if files else []


@pytest.mark.skipif(not gold_files(), reason=f"no gold documents in {GOLD_DIR}")
@pytest.mark.parametrize("path", biggest_gold_file(), ids=lambda p: p.stem)
def test_export_reads_the_biggest_gold_plan_in_a_fixed_number_of_queries(
    path: Any, owner: OrgUnit, django_assert_max_num_queries: Any
) -> None:
    plan = load_document(read_json(path), owner)
    with django_assert_max_num_queries(20):
        export_plan(plan)


def test_export_queries_do_not_grow_with_the_plan(
    small_document: dict[str, Any], owner: OrgUnit, django_assert_num_queries: Any
) -> None:
    small = load_document(small_document, owner)
    for key in ("goals", "indicators", "activities", "risks", "budget", "volumes"):
        for index, item in enumerate(list(small_document[key])):
            copy = {**item, "id": f"{item['id']}-copy{index}"}
            small_document[key].append(copy)
    for item in small_document["activities"] + small_document["risks"]:
        item["goals"] = ["g1"]
    for item in small_document["indicators"]:
        item["goal"] = "g1"
    for item in small_document["goals"]:
        item["parent"] = None if item["id"] == "g1" else "g1"
    bigger = load_document(small_document, owner)

    with CaptureQueriesContext(connection) as small_queries:
        export_plan(small)
    with django_assert_num_queries(len(small_queries)):
        export_plan(bigger)
