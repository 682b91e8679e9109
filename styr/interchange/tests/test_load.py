"""Storing a document: what ends up in the models, history, and refusal of bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from styr.economy.models import BudgetLine, BudgetValue
from styr.followup.models import Measurement, MeasurementOrigin
from styr.interchange import loader
from styr.interchange.errors import InterchangeError
from styr.interchange.services import export_plan, load_document, read_document
from styr.internal_control.models import Risk
from styr.organisation.models import OrgUnit, OrgUnitKind
from styr.plans.models import Activity, Goal, Indicator, Plan

STORED_MODELS = (Plan, Goal, Indicator, Activity, Risk, BudgetLine, BudgetValue, Measurement)


def stored_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in STORED_MODELS}


def test_it_stores_every_kind_of_item_with_its_references(
    small_document: dict[str, Any], owner: OrgUnit
) -> None:
    plan = load_document(small_document, owner)

    assert plan.owner == owner
    assert plan.reference == "SN 2025/0001"
    assert plan.source_file == "plan.txt"
    sub_goal = plan.goals.get(ref="g2")
    assert sub_goal.parent == plan.goals.get(ref="g1")
    assert sub_goal.source_line == 14
    indicator = plan.indicators.get()
    assert indicator.goal == sub_goal
    assert (indicator.baseline_value, indicator.baseline_year) == (31.5, 2024)
    assert indicator.targets.get().op == ">="
    activity = plan.activities.get()
    assert set(activity.goals.values_list("ref", flat=True)) == {"g1", "g2"}
    risk = plan.risks.get()
    assert list(risk.goals.values_list("ref", flat=True)) == ["g1"]
    assert risk.controls.get().report_to == "Nämnden"
    assert plan.budget_lines.get().values.count() == 2
    assert plan.political_points.get().activity_notes == [
        {"title": "Jobbspår", "responsible": "SOK"}
    ]
    assert plan.calendar_items.get().month == 2
    assert plan.unrecognised.get().text == "Innehållsförteckning"


def test_indicator_values_become_document_measurements(
    small_document: dict[str, Any], owner: OrgUnit
) -> None:
    user = get_user_model().objects.create_user("planerare")
    plan = load_document(small_document, owner, user=user)

    measurements = Measurement.objects.filter(indicator__plan=plan).order_by("gender")
    assert [(m.period, m.gender, m.value) for m in measurements] == [
        ("2025-H1", "K", 30.0),
        ("2025-H1", "T", 33.0),
    ]
    assert {m.origin for m in measurements} == {MeasurementOrigin.DOCUMENT}
    assert {m.year for m in measurements} == {2025}
    assert {m.entered_by for m in measurements} == {user}


def test_measurements_from_elsewhere_are_exported_after_the_documents_own(
    small_document: dict[str, Any], owner: OrgUnit
) -> None:
    plan = load_document(small_document, owner)
    indicator = plan.indicators.get()
    Measurement.objects.create(indicator=indicator, period="2024", value=29, origin="kolada")

    values = export_plan(plan)["indicators"][0]["values"]

    assert values[:2] == small_document["indicators"][0]["values"]
    assert values[2] == {"period": "2024", "value": 29, "gender": "T"}


def test_the_audit_trail_shows_who_imported_the_plan(
    small_document: dict[str, Any], owner: OrgUnit
) -> None:
    user = get_user_model().objects.create_user("planerare")
    plan = load_document(small_document, owner, user=user)

    created = plan.history.get()
    assert created.history_type == "+"
    assert created.history_user == user
    assert created.history_change_reason == loader.CHANGE_REASON
    goal_history = Goal.history.filter(plan_id=plan.pk)
    assert goal_history.count() == 2
    assert {h.history_user for h in goal_history} == {user}
    assert Risk.history.filter(plan_id=plan.pk, history_type="+").count() == 1


def test_activities_are_linked_to_the_units_their_responsible_names(
    small_document: dict[str, Any], owner: OrgUnit
) -> None:
    frideborg = OrgUnit.objects.create(
        municipality=owner.municipality, parent=owner, kind=OrgUnitKind.UNIT, name="Frideborg"
    )
    small_document["activities"][0]["responsible"] = ["Enhetschef Frideborg", "Okänd enhet"]

    activity = load_document(small_document, owner).activities.get()

    assert list(activity.responsible_units.all()) == [frideborg]
    assert activity.responsible == ["Enhetschef Frideborg", "Okänd enhet"]


def test_unit_matching_needs_the_whole_name_as_words() -> None:
    units = [
        OrgUnit(name="Frideborg"),
        OrgUnit(name="Borg"),
        OrgUnit(name="SN"),
    ]
    matched = loader.match_units(["enhetschef FRIDEBORG", "SN"], units)
    assert [unit.name for unit in matched] == ["Frideborg"]


def test_loading_the_same_document_twice_gives_two_plans(
    small_document: dict[str, Any], owner: OrgUnit
) -> None:
    first = load_document(small_document, owner)
    second = load_document(small_document, owner)

    assert first.pk != second.pk
    assert Goal.objects.filter(ref="g1").count() == 2
    assert export_plan(first) == export_plan(second)


def test_a_schema_violation_names_the_item_and_key(
    small_document: dict[str, Any], owner: OrgUnit
) -> None:
    small_document["goals"][1]["level"] = "huvudmål"
    del small_document["indicators"][0]["name"]

    with pytest.raises(InterchangeError) as raised:
        load_document(small_document, owner)

    problems = raised.value.problems
    assert any(p.startswith('goals[1] (id "g2").level: ') and "huvudmål" in p for p in problems)
    assert any(p.startswith('indicators[0] (id "i1"): ') and '"name"' in p for p in problems)
    assert Plan.objects.count() == 0


def test_an_unknown_goal_parent_stores_nothing(
    small_document: dict[str, Any], owner: OrgUnit
) -> None:
    before = stored_counts()
    small_document["goals"][1]["parent"] = "g99"

    with pytest.raises(InterchangeError, match=r'goals\[1\] \(id "g2"\)\.parent: .*"g99"'):
        load_document(small_document, owner)

    assert stored_counts() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["goals"][0].update(parent="g2"), r'goals\[0\] \(id "g1"\)\.parent: .*cirkel'),
        (lambda d: d["indicators"][0].update(id="g1"), r"indicators\[0\].*id: .*goals\[0\]"),
        (lambda d: d["activities"][0].update(goals=["g1", "g1"]), r"activities\[0\].*mer än en"),
        (lambda d: d["risks"][0].update(goals=["g7"]), r'risks\[0\] \(id "r1"\)\.goals: .*"g7"'),
        (lambda d: d["indicators"][0].update(goal="g7"), r'indicators\[0\].*\.goal: .*"g7"'),
        (lambda d: d["plan"]["adopted"].update(date="2024-02-30"), r"plan\.adopted\.date"),
        (lambda d: d["goals"][0].update(_styr={}), r"_styr är reserverad"),
        (
            lambda d: d["indicators"][0]["values"].append(dict(d["indicators"][0]["values"][0])),
            r"2025-H1 \(kön T\) har mer än ett värde",
        ),
        (lambda d: d["goals"][0].update(id="g" * 70), r"goals\[0\].*id: "),
        (lambda d: d["goals"][0].update(period={"from": -1, "to": None}), r"period\.from"),
    ],
)
def test_bad_references_and_values_are_refused_with_the_place_named(
    small_document: dict[str, Any], owner: OrgUnit, change: Any, message: str
) -> None:
    change(small_document)
    with pytest.raises(InterchangeError, match=message):
        load_document(small_document, owner)
    assert Plan.objects.count() == 0


def test_a_failure_while_storing_leaves_nothing_behind(
    small_document: dict[str, Any], owner: OrgUnit, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = stored_counts()

    def fail(self: Any, rows: Any, goals: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader._Writer, "risks", fail)
    with pytest.raises(RuntimeError):
        load_document(small_document, owner)

    assert stored_counts() == before


def test_a_text_longer_than_its_field_is_kept_whole_for_export(
    small_document: dict[str, Any], owner: OrgUnit
) -> None:
    long_text = "Kommunfullmäktige efter beredning i kommunstyrelsen och nämnden. " * 6
    small_document["plan"]["adopted"]["by"] = long_text

    plan, warnings = loader.load(small_document, owner)

    plan.refresh_from_db()
    assert len(plan.adopted_by) <= 200 and plan.adopted_by.endswith("…")
    assert export_plan(plan)["plan"]["adopted"]["by"] == long_text
    assert any("adopted" in warning for warning in warnings), warnings


def test_a_long_control_frequency_is_stored_whole(
    small_document: dict[str, Any], owner: OrgUnit
) -> None:
    long_text = "Rapporteras till delår och helår. " * 12
    small_document["risks"][0]["controls"][0]["frequency"] = long_text

    plan, warnings = loader.load(small_document, owner)

    assert plan.risks.get().controls.get().frequency == long_text
    assert not warnings


def test_invalid_json_is_reported_with_line_and_column(tmp_path: Any) -> None:
    path = tmp_path / "plan.json"
    path.write_text('{"format": "styr.plan/1",\n "plan": }', encoding="utf-8")
    with pytest.raises(InterchangeError, match=r"ogiltig JSON på rad 2, kolumn 10"):
        read_document(path)


def test_a_json_value_that_is_not_an_object_is_refused(tmp_path: Any) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps([1, 2]), encoding="utf-8")
    with pytest.raises(InterchangeError, match="JSON-objekt"):
        read_document(path)
