"""What the follow-up rules need beyond the plan document, as plain data.

The follow-up service (``styr.followup``) knows which goals are due in which period, the
assessments units have made and the status each indicator's measurements give. It hands
them to the review engine in these dataclasses, so the engine needs no database and tests
can feed it by hand.

Statuses use the code names of the glossary: ``met``, ``partly_met``, ``not_met``,
``not_assessed``. Periods are the format's period strings (``"2024"``, ``"2024-H1"``,
``"2024-T2"``); the engine only compares them for equality and shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

STATUSES = ("met", "partly_met", "not_met", "not_assessed")

# The Swedish status words a follow-up document may carry in a goal's extra ``status`` key.
DOCUMENT_STATUS_WORDS = {
    "uppfyllt": "met",
    "delvis uppfyllt": "partly_met",
    "ej uppfyllt": "not_met",
    "inte uppfyllt": "not_met",
    "ej bedömt": "not_assessed",
}


@dataclass(frozen=True)
class Assessment:
    """A unit's judged status for a goal in a follow-up period (``Assessment`` in followup)."""

    goal_id: str
    period: str
    status: str

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"assessment status {self.status!r} is not one of {STATUSES}")


@dataclass(frozen=True)
class IndicatorStatus:
    """The status an indicator's measurements give for a period, computed by follow-up."""

    indicator_id: str
    period: str
    status: str
    value: float | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"indicator status {self.status!r} is not one of {STATUSES}")


@dataclass(frozen=True)
class ReviewContext:
    """Follow-up facts for one plan.

    ``due_goals`` maps a period to the ids (document ids) of the goals whose assessment is
    due in it; ``assessments`` and ``indicator_statuses`` are what has been recorded and
    computed so far. Every part is optional: an empty context switches the follow-up rules
    off.
    """

    due_goals: Mapping[str, frozenset[str]] = field(default_factory=dict)
    assessments: tuple[Assessment, ...] = ()
    indicator_statuses: tuple[IndicatorStatus, ...] = ()

    def assessment_for(self, goal_id: str, period: str) -> Assessment | None:
        for assessment in self.assessments:
            if assessment.goal_id == goal_id and assessment.period == period:
                return assessment
        return None


def context_from_document(doc: Mapping[str, Any]) -> ReviewContext:
    """The follow-up facts a follow-up document states about itself.

    A goal's ``status`` key (``"uppfyllt"`` ...) is an assessment for the plan's last year;
    an indicator's yearly total value compared with an absolute target for the same year
    gives its status. Due goals cannot be read from a document, so none are set.
    """
    period = _plan_year(doc)
    if period is None:
        return ReviewContext()
    assessments = []
    for goal in doc.get("goals") or []:
        word = str(goal.get("status") or "").strip().lower()
        if word in DOCUMENT_STATUS_WORDS and goal.get("id"):
            assessments.append(Assessment(str(goal["id"]), period, DOCUMENT_STATUS_WORDS[word]))
    statuses = []
    for indicator in doc.get("indicators") or []:
        status = _indicator_status(indicator, int(period))
        if status is not None and indicator.get("id"):
            statuses.append(IndicatorStatus(str(indicator["id"]), period, *status))
    return ReviewContext(assessments=tuple(assessments), indicator_statuses=tuple(statuses))


def _plan_year(doc: Mapping[str, Any]) -> str | None:
    period = (doc.get("plan") or {}).get("period") or {}
    year = period.get("to") or period.get("from")
    return str(year) if isinstance(year, int) else None


def _indicator_status(indicator: Mapping[str, Any], year: int) -> tuple[str, float] | None:
    value = _yearly_total(indicator, year)
    if value is None:
        return None
    for target in indicator.get("targets") or []:
        if target.get("year") != year or target.get("relative_to") not in (None, "absolute"):
            continue
        op, wanted = target.get("op"), target.get("value")
        if op is None or not isinstance(wanted, int | float):
            continue
        return ("met" if compare(value, op, wanted) else "not_met"), value
    return None


def _yearly_total(indicator: Mapping[str, Any], year: int) -> float | None:
    for measured in indicator.get("values") or []:
        if str(measured.get("period")) != str(year):
            continue
        if measured.get("gender") not in (None, "T"):
            continue
        value = measured.get("value")
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    return None


def compare(value: float, op: str, wanted: float) -> bool:
    return {
        ">=": value >= wanted,
        "<=": value <= wanted,
        ">": value > wanted,
        "<": value < wanted,
        "=": value == wanted,
    }.get(op, False)
