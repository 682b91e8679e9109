"""The plan being built: lists of items with ids, and goal look-ups by text."""

from __future__ import annotations

from typing import Any

from styr.importer.blocks import Source
from styr.importer.interpret.similarity import similarity

LEVEL_RANK = {
    "vision": 0,
    "långsiktigt mål": 1,
    "strategiskt mål": 2,
    "nämndmål": 3,
    "verksamhetsmål": 3,
    "utvecklingsområde": 3,
    "inriktning": 4,
    "uppdrag": 4,
    "delmål": 5,
}
MERGE_THRESHOLD = 0.9


class PlanBuilder:
    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.goals: list[dict[str, Any]] = []
        self.indicators: list[dict[str, Any]] = []
        self.activities: list[dict[str, Any]] = []
        self.risks: list[dict[str, Any]] = []
        self.budget: list[dict[str, Any]] = []
        self.volumes: list[dict[str, Any]] = []
        self.political_points: list[dict[str, Any]] = []
        self.calendar: list[dict[str, Any]] = []
        self.unrecognised: list[dict[str, Any]] = []

    # goals -------------------------------------------------------------------------------
    def add_goal(
        self,
        title: str,
        level: str,
        source: Source,
        *,
        code: str | None = None,
        parent: str | None = None,
        period: dict[str, int] | None = None,
        description: str | None = None,
    ) -> dict[str, Any]:
        goal: dict[str, Any] = {
            "id": f"g{len(self.goals) + 1}",
            "code": code,
            "title": title,
            "description": description,
            "level": level,
            "parent": parent,
            "period": period,
            "criteria": [],
            "source": source.as_dict(),
        }
        self.goals.append(goal)
        return goal

    def find_goal(self, title: str, threshold: float = MERGE_THRESHOLD) -> dict[str, Any] | None:
        """The most recent goal whose title matches best (ties go to the later goal)."""
        best: tuple[float, int] | None = None
        for index, goal in enumerate(self.goals):
            score = similarity(goal["title"], title)
            if score >= threshold and (best is None or score >= best[0]):
                best = (score, index)
        return self.goals[best[1]] if best else None

    def find_indicator(self, name: str, threshold: float = 0.8) -> dict[str, Any] | None:
        for indicator in reversed(self.indicators):
            if similarity(indicator["name"], name) >= threshold:
                return indicator
        return None

    # other items -------------------------------------------------------------------------
    def add_indicator(self, name: str, goal: str | None, source: Source) -> dict[str, Any]:
        indicator: dict[str, Any] = {
            "id": f"i{len(self.indicators) + 1}",
            "goal": goal,
            "name": name,
            "unit": None,
            "direction": None,
            "frequency": None,
            "data_source": None,
            "kolada_kpi": None,
            "baseline": None,
            "targets": [],
            "values": [],
            "source": source.as_dict(),
        }
        self.indicators.append(indicator)
        return indicator

    def add_activity(
        self,
        title: str,
        goals: list[str],
        responsible: list[str],
        follow_up: str | None,
        source: Source,
    ) -> dict[str, Any]:
        activity = {
            "id": f"a{len(self.activities) + 1}",
            "goals": goals,
            "title": title,
            "responsible": responsible,
            "follow_up": follow_up,
            "status": None,
            "period": None,
            "source": source.as_dict(),
        }
        self.activities.append(activity)
        return activity

    def add_risk(
        self, title: str, source: Source, *, code: str | None = None, area: str | None = None
    ) -> dict[str, Any]:
        risk: dict[str, Any] = {
            "id": f"r{len(self.risks) + 1}",
            "code": code,
            "title": title,
            "description": None,
            "area": area,
            "goals": [],
            "probability": None,
            "consequence": None,
            "score": None,
            "controls": [],
            "actions": [],
            "source": source.as_dict(),
        }
        self.risks.append(risk)
        return risk

    def add_line(self, kind: str, line: dict[str, Any]) -> None:
        target = self.budget if kind == "budget" else self.volumes
        prefix = "b" if kind == "budget" else "v"
        target.append({"id": f"{prefix}{len(target) + 1}", **line})

    def unrecognised_text(self, text: str, source: Source) -> None:
        if text.strip():
            self.unrecognised.append({"text": text, "source": source.as_dict()})

    def document(self, plan: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": "styr.plan/1",
            "plan": plan,
            "goals": self.goals,
            "indicators": self.indicators,
            "activities": self.activities,
            "risks": self.risks,
            "budget": self.budget,
            "volumes": self.volumes,
        }
        if self.political_points:
            out["political_points"] = self.political_points
        if self.calendar:
            out["calendar"] = self.calendar
        out["unrecognised"] = self.unrecognised
        return out
