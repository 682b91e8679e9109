from __future__ import annotations

from typing import Any

from styr.review.config import ReviewSettings
from styr.review.tests.builders import findings, plan_doc, with_code

CONTROL = {
    "description": "Stickprov",
    "responsible": "Enhetschef",
    "frequency": "2 ggr per år",
    "method": "Stickprov i 10 akter",
    "report_to": "Nämnden",
}
ACTION = {"title": "Ny rutin", "responsible": "Verksamhetschef"}


def risk(id: str, **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": id,
        "code": None,
        "title": f"Risk {id}",
        "description": None,
        "area": None,
        "goals": [],
        "probability": 2,
        "consequence": 3,
        "score": 6,
        "controls": [dict(CONTROL)],
        "actions": [dict(ACTION)],
    }
    base.update(extra)
    return base


def ik(*risks: dict) -> dict:
    return plan_doc(kind="internkontrollplan", risks=list(risks))


def test_a_complete_risk_gives_no_finding() -> None:
    assert findings(ik(risk("r1"))) == []


def test_an_unassessed_risk_in_an_internal_control_plan_is_reported() -> None:
    doc = ik(risk("r1", probability=None, consequence=None, score=None), risk("r2"))
    assert [f.item_id for f in with_code(doc, "risk.unassessed")] == ["r1"]


def test_risks_a_plan_only_lists_are_not_asked_for_an_assessment() -> None:
    doc = plan_doc(risks=[risk("r1", probability=None, consequence=None, score=None)])
    assert with_code(doc, "risk.unassessed") == []


def test_a_stated_score_without_factors_is_an_assessment() -> None:
    doc = ik(risk("r1", probability=None, consequence=None, score=8))
    assert with_code(doc, "risk.unassessed") == []


def test_values_outside_the_scale_are_errors() -> None:
    doc = ik(risk("r1", probability=6, consequence=3, score=18), risk("r2"))
    found = with_code(doc, "risk.out_of_scale")
    assert [(f.item_id, f.details["value"]) for f in found] == [("r1", 6)]
    assert found[0].is_error


def test_a_score_that_is_not_the_product_is_an_error() -> None:
    doc = ik(risk("r1", probability=3, consequence=4, score=16), risk("r2"))
    found = with_code(doc, "risk.score_mismatch")
    assert [(f.item_id, f.details["stated"], f.details["computed"]) for f in found] == [
        ("r1", 16, 12)
    ]


def test_a_score_no_product_on_the_scale_can_give_is_an_error() -> None:
    doc = ik(
        risk("r1", probability=None, consequence=None, score=13),
        risk("r2", probability=None, consequence=None, score=12),
    )
    assert [f.item_id for f in with_code(doc, "risk.score_off_scale")] == ["r1"]


def test_high_risks_need_control_and_action() -> None:
    doc = ik(
        risk("r1", probability=4, consequence=4, score=16, controls=[], actions=[]),
        risk("r2", probability=4, consequence=4, score=16, controls=[]),
        risk("r3", probability=4, consequence=4, score=16, actions=[]),
        risk("r4", probability=4, consequence=4, score=16),
        risk("r5", probability=2, consequence=5, score=10, controls=[], actions=[]),
    )
    assert [f.item_id for f in with_code(doc, "risk.high_unhandled")] == ["r1"]
    assert [f.item_id for f in with_code(doc, "risk.high_without_control")] == ["r2"]
    assert [f.item_id for f in with_code(doc, "risk.high_without_action")] == ["r3"]


def test_the_high_risk_threshold_is_a_setting() -> None:
    doc = ik(risk("r1", probability=2, consequence=5, score=10, controls=[], actions=[]))
    assert with_code(doc, "risk.high_unhandled") == []
    assert (
        len(with_code(doc, "risk.high_unhandled", settings=ReviewSettings(high_risk_threshold=10)))
        == 1
    )


def test_a_four_point_scale_changes_what_is_out_of_scale() -> None:
    settings = ReviewSettings(risk_scale_max=4, high_risk_threshold=9)
    doc = ik(risk("r1", probability=5, consequence=2, score=10))
    assert [f.item_id for f in with_code(doc, "risk.out_of_scale", settings=settings)] == ["r1"]


def test_incomplete_controls_are_reported_per_missing_part() -> None:
    control = dict(CONTROL, responsible=None, frequency="", method=None)
    doc = ik(risk("r1", controls=[dict(CONTROL), control]))
    for code in ("control.no_responsible", "control.no_frequency", "control.no_method"):
        assert [f.item_id for f in with_code(doc, code)] == ["r1/2"], code
