from __future__ import annotations

from typing import Any

from styr.review.tests.builders import findings, goal, plan_doc, with_code


def activity(id: str, **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": id,
        "goals": ["g1"],
        "title": f"Aktivitet {id}",
        "responsible": ["Enhetschef"],
        "follow_up": "Halvår och helår till nämnden",
        "status": None,
        "period": None,
    }
    base.update(extra)
    return base


def doc_with(*activities: dict) -> dict:
    return plan_doc(goals=[goal("g1", "Mål", criteria=["x"])], activities=list(activities))


def test_a_complete_activity_gives_no_finding() -> None:
    assert findings(doc_with(activity("a1"))) == []


def test_an_activity_without_responsible_is_reported() -> None:
    doc = doc_with(
        activity("a1", responsible=[]), activity("a2", responsible=["  "]), activity("a3")
    )
    assert [f.item_id for f in with_code(doc, "activity.no_responsible")] == ["a1", "a2"]


def test_an_activity_without_follow_up_is_reported() -> None:
    doc = doc_with(activity("a1", follow_up=None), activity("a2"))
    assert [f.item_id for f in with_code(doc, "activity.no_follow_up")] == ["a1"]


def test_an_activity_linked_to_no_goal_is_reported() -> None:
    doc = doc_with(activity("a1", goals=[]), activity("a2"))
    assert [f.item_id for f in with_code(doc, "activity.unlinked")] == ["a1"]
