from __future__ import annotations

import pytest

from styr.review.context import Assessment, IndicatorStatus, ReviewContext, context_from_document
from styr.review.tests.builders import goal, indicator, plan_doc, with_code

GOALS = [goal("g1", "Fler får stöd", criteria=["x"]), goal("g2", "Kortare väntan", criteria=["x"])]


def test_a_due_goal_without_assessment_is_reported() -> None:
    context = ReviewContext(
        due_goals={"2024-H1": frozenset({"g1", "g2"})},
        assessments=(Assessment("g1", "2024-H1", "met"), Assessment("g2", "2024-T1", "met")),
    )
    found = with_code(plan_doc(goals=GOALS), "followup.assessment_missing", context=context)
    assert [(f.item_id, f.details["period"]) for f in found] == [("g2", "2024-H1")]


def test_not_assessed_counts_as_missing_but_other_statuses_do_not() -> None:
    context = ReviewContext(
        due_goals={"2024": frozenset({"g1", "g2"})},
        assessments=(Assessment("g1", "2024", "not_assessed"), Assessment("g2", "2024", "not_met")),
    )
    found = with_code(plan_doc(goals=GOALS), "followup.assessment_missing", context=context)
    assert [f.item_id for f in found] == ["g1"]


def test_met_while_an_indicator_is_not_met_is_flagged_not_overruled() -> None:
    doc = plan_doc(goals=GOALS, indicators=[indicator("i1", "g1"), indicator("i2", "g2")])
    context = ReviewContext(
        assessments=(Assessment("g1", "2024", "met"), Assessment("g2", "2024", "met")),
        indicator_statuses=(
            IndicatorStatus("i1", "2024", "not_met"),
            IndicatorStatus("i2", "2024", "met"),
        ),
    )
    found = with_code(doc, "followup.met_contradicted", context=context)
    assert [(f.item_id, f.details["indicators"]) for f in found] == [("g1", ["i1"])]
    assert "står kvar" in found[0].message


def test_a_follow_up_document_supplies_its_own_verdicts_and_outcomes() -> None:
    doc = plan_doc(
        kind="uppföljning",
        goals=[goal("g1", "Fler får stöd", criteria=["x"], status="uppfyllt")],
        indicators=[indicator("i1", "g1", values=[{"period": "2024", "value": 55, "gender": "T"}])],
    )
    context = context_from_document(doc)
    assert context.assessments == (Assessment("g1", "2024", "met"),)
    assert context.indicator_statuses[0].status == "not_met"
    assert [f.item_id for f in with_code(doc, "followup.met_contradicted")] == ["g1"]


def test_an_unknown_status_is_refused() -> None:
    with pytest.raises(ValueError, match="status"):
        Assessment("g1", "2024", "klart")
