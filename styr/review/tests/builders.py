"""Small ``styr.plan/1`` documents for rule tests."""

from __future__ import annotations

from typing import Any

from styr.review.config import ReviewSettings
from styr.review.context import ReviewContext
from styr.review.engine import review_document
from styr.review.findings import Finding


def plan_doc(
    kind: str = "verksamhetsplan", period: tuple[int, int] = (2024, 2024), **lists: Any
) -> dict[str, Any]:
    return {
        "format": "styr.plan/1",
        "plan": {"title": "Testplan", "kind": kind, "period": {"from": period[0], "to": period[1]}},
        **lists,
    }


def goal(id: str, title: str, level: str = "nämndmål", **extra: Any) -> dict[str, Any]:
    return {
        "id": id,
        "code": None,
        "title": title,
        "level": level,
        "parent": None,
        "period": None,
        "criteria": [],
        **extra,
    }


def indicator(id: str, goal_id: str | None = "g1", **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": id,
        "goal": goal_id,
        "name": f"Indikator {id}",
        "unit": "%",
        "direction": "increase",
        "frequency": "år",
        "data_source": "Kolada",
        "kolada_kpi": None,
        "baseline": {"value": 50, "year": 2023, "text": "50 % (2023)"},
        "targets": [
            {"year": 2024, "op": ">=", "value": 60, "relative_to": "absolute", "text": "60 %"}
        ],
        "values": [],
    }
    base.update(extra)
    return base


def findings(
    doc: dict[str, Any],
    settings: ReviewSettings | None = None,
    context: ReviewContext | None = None,
) -> list[Finding]:
    return review_document(doc, settings, context)


def codes(
    doc: dict[str, Any],
    settings: ReviewSettings | None = None,
    context: ReviewContext | None = None,
) -> list[tuple[str, str | None]]:
    return [(f.code, f.item_id) for f in findings(doc, settings, context)]


def with_code(doc: dict[str, Any], code: str, **kwargs: Any) -> list[Finding]:
    return [f for f in findings(doc, **kwargs) if f.code == code]
