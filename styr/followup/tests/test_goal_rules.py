"""A goal's status from its inputs by the municipality's chosen rule."""

from __future__ import annotations

from styr.followup.config import StatusSettings
from styr.followup.rules import (
    MET,
    NOT_ASSESSED,
    NOT_MET,
    PARTLY_MET,
    GoalInput,
    evaluate_goal,
)


def inputs(*statuses: str, kind: str = "indicator", weight: float = 1.0) -> list[GoalInput]:
    return [GoalInput(kind, n, f"{kind} {n}", s, weight) for n, s in enumerate(statuses, 1)]


def test_all_met_needs_every_input_met() -> None:
    rule = StatusSettings(goal_rule="all")
    assert evaluate_goal(inputs(MET, MET), rule).status == MET
    assert evaluate_goal(inputs(MET, NOT_MET), rule).status == PARTLY_MET
    assert evaluate_goal(inputs(NOT_MET, NOT_MET), rule).status == NOT_MET
    result = evaluate_goal(inputs(MET, NOT_MET, NOT_ASSESSED), rule)
    assert "1 av 2 uppfyllda" in result.explanation
    assert "1 ej bedömda räknas inte" in result.explanation
    assert "alla underlag uppfyllda" in result.explanation


def test_majority_needs_more_than_half_met() -> None:
    rule = StatusSettings(goal_rule="majority")
    assert evaluate_goal(inputs(MET, MET, NOT_MET), rule).status == MET
    assert evaluate_goal(inputs(MET, NOT_MET), rule).status == PARTLY_MET
    assert evaluate_goal(inputs(MET, NOT_MET, NOT_MET), rule).status == NOT_MET


def test_weighted_average_shows_its_weights_and_thresholds() -> None:
    rule = StatusSettings(
        goal_rule="weighted",
        weights={"indicator": 3, "activity": 1, "goal": 1},
        weighted_met_at=0.7,
        weighted_partly_at=0.4,
    )
    mixed = inputs(MET, kind="indicator", weight=3) + inputs(NOT_MET, kind="activity")
    result = evaluate_goal(mixed, rule)
    assert result.score == 0.75
    assert result.status == MET
    assert "indikatorer 3" in result.explanation
    assert "aktiviteter 1" in result.explanation
    assert "uppfyllt från 0,7" in result.explanation
    reverse = inputs(NOT_MET, kind="indicator", weight=3) + inputs(MET, kind="activity")
    assert evaluate_goal(reverse, rule).status == NOT_MET


def test_a_goal_with_nothing_to_judge_is_not_assessed() -> None:
    assert evaluate_goal([], StatusSettings()).status == NOT_ASSESSED
    only_unknown = evaluate_goal(inputs(NOT_ASSESSED), StatusSettings())
    assert only_unknown.status == NOT_ASSESSED
    assert len(only_unknown.inputs) == 1
