"""A read-only view of a ``styr.plan/1`` document for the rules.

The rules must not crash on a document an importer produced in a hurry: every accessor
tolerates missing keys and ``null`` lists, and items without an ``id`` get a positional one
so a finding can still point at them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Any

FORMAT = "styr.plan/1"

Item = dict[str, Any]

# How far up the goal ladder each level stands (lower is higher). Framing levels
# (inriktning, utvecklingsområde, uppdrag) stand beside the ladder and have no rank.
GOAL_RANK = {
    "vision": 0,
    "långsiktigt mål": 1,
    "strategiskt mål": 1,
    "nämndmål": 2,
    "verksamhetsmål": 3,
    "delmål": 4,
}
FRAMING_LEVELS = ("inriktning", "utvecklingsområde")


class DocumentError(ValueError):
    """The input is not a ``styr.plan/1`` document the engine can read."""


class PlanDocument:
    def __init__(self, data: Mapping[str, Any]) -> None:
        if not isinstance(data, Mapping):
            raise DocumentError("a styr.plan/1 document must be a JSON object")
        fmt = data.get("format")
        if fmt is not None and fmt != FORMAT:
            raise DocumentError(f"format is {fmt!r}, expected {FORMAT!r}")
        if not isinstance(data.get("plan") or {}, Mapping):
            raise DocumentError("'plan' must be an object")
        for key in ("goals", "indicators", "activities", "risks", "budget", "volumes"):
            if not isinstance(data.get(key) or [], list):
                raise DocumentError(f"'{key}' must be a list")
        self.data = data

    # -- plan ---------------------------------------------------------------------------
    @property
    def plan(self) -> Mapping[str, Any]:
        return self.data.get("plan") or {}

    @property
    def kind(self) -> str:
        return str(self.plan.get("kind") or "")

    @property
    def period(self) -> tuple[int, int] | None:
        period = self.plan.get("period") or {}
        start, end = period.get("from"), period.get("to")
        if isinstance(start, int) and isinstance(end, int):
            return start, end
        if isinstance(start, int):
            return start, start
        if isinstance(end, int):
            return end, end
        return None

    # -- lists --------------------------------------------------------------------------
    def items(self, key: str, prefix: str) -> list[Item]:
        """The list under ``key``, each item a dict with an ``id`` (positional if missing)."""
        result = []
        for position, item in enumerate(self.data.get(key) or [], start=1):
            if not isinstance(item, Mapping):
                continue
            copy = dict(item)
            if not copy.get("id"):
                copy["id"] = f"{prefix}#{position}"
            copy["id"] = str(copy["id"])
            result.append(copy)
        return result

    @cached_property
    def goals(self) -> list[Item]:
        return self.items("goals", "goal")

    @cached_property
    def indicators(self) -> list[Item]:
        return self.items("indicators", "indicator")

    @cached_property
    def activities(self) -> list[Item]:
        return self.items("activities", "activity")

    @cached_property
    def risks(self) -> list[Item]:
        return self.items("risks", "risk")

    @cached_property
    def budget(self) -> list[Item]:
        return self.items("budget", "budget")

    @cached_property
    def volumes(self) -> list[Item]:
        return self.items("volumes", "volume")

    @cached_property
    def texts(self) -> list[Item]:
        """Running text of the document where a figure may be stated: unplaced paragraphs
        and the prose under goals."""
        result: list[Item] = []
        for item in self.data.get("unrecognised") or []:
            if isinstance(item, Mapping) and item.get("text"):
                result.append({"text": str(item["text"]), "source": item.get("source") or {}})
        for goal in self.goals:
            if goal.get("description"):
                result.append({"text": str(goal["description"]), "source": goal.get("source")})
        return result

    # -- goal tree ----------------------------------------------------------------------
    @cached_property
    def goals_by_id(self) -> dict[str, Item]:
        return {goal["id"]: goal for goal in self.goals}

    @cached_property
    def children(self) -> dict[str, list[Item]]:
        result: dict[str, list[Item]] = {}
        for goal in self.goals:
            parent = goal.get("parent")
            if parent:
                result.setdefault(str(parent), []).append(goal)
        return result

    def descendants(self, goal_id: str) -> Iterator[Item]:
        seen: set[str] = set()
        stack = list(self.children.get(goal_id, []))
        while stack:
            goal = stack.pop()
            if goal["id"] in seen:
                continue
            seen.add(goal["id"])
            yield goal
            stack.extend(self.children.get(goal["id"], []))

    def ancestors(self, goal_id: str) -> Iterator[Item]:
        seen = {goal_id}
        goal = self.goals_by_id.get(goal_id)
        while goal and goal.get("parent") and str(goal["parent"]) not in seen:
            seen.add(str(goal["parent"]))
            goal = self.goals_by_id.get(str(goal["parent"]))
            if goal:
                yield goal

    @cached_property
    def indicators_by_goal(self) -> dict[str, list[Item]]:
        result: dict[str, list[Item]] = {}
        for indicator in self.indicators:
            if indicator.get("goal"):
                result.setdefault(str(indicator["goal"]), []).append(indicator)
        return result


def source_of(item: Mapping[str, Any]) -> dict[str, Any]:
    source = item.get("source")
    return dict(source) if isinstance(source, Mapping) else {}


def shorten(text: Any, limit: int = 70) -> str:
    """A title short enough to name an item in one line of a report."""
    words = " ".join(str(text or "").split())
    if len(words) <= limit:
        return words
    return words[: limit - 1].rsplit(" ", 1)[0] + "…"
