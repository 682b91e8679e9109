"""Internal control rules in plain Python: the risk register, the risk matrix placement,
recording control results and risk actions.

Views, commands and tests call these; rights are checked here through ``styr.accounts.access``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from styr.accounts.access import Action, require
from styr.charts import RiskMatrixChart, RiskPoint, risk_matrix_svg
from styr.followup.models import FollowUpPeriod
from styr.internal_control.models import (
    Control,
    ControlResult,
    Risk,
    RiskAction,
    RiskMatrix,
    default_matrix_definition,
)
from styr.plans.models import Plan

# The stylesheet's four heat-map classes, from the lowest band to the highest.
LEVEL_CLASSES = ("level-low", "level-medium", "level-high", "level-very-high")

SORTS = {
    "position": ("position", "pk"),
    "score": ("sort_score", "position", "pk"),
    "-score": ("-sort_score", "position", "pk"),
    "residual": ("sort_residual", "position", "pk"),
    "-residual": ("-sort_residual", "position", "pk"),
}


class RecordingError(Exception):
    """A control result or an action that cannot be stored, with a Swedish message."""


# --- the matrix definition ----------------------------------------------------------------


def matrix_definition_for(plan: Plan, risks: list[Risk] | None = None) -> dict[str, Any]:
    """The matrix a plan's risks are judged on: the risks' own, the municipality's, the default.

    ``risks`` should come with ``matrix`` selected (no query then); the municipality's
    matrix costs one query when no risk names one.
    """
    for risk in risks or []:
        if risk.matrix_id is not None and risk.matrix is not None:
            return risk.matrix.definition
    municipality_id = plan.owner.municipality_id
    matrix = (
        RiskMatrix.objects.filter(municipality_id=municipality_id).order_by("pk").first()
        or RiskMatrix.objects.filter(municipality__isnull=True).order_by("pk").first()
    )
    return matrix.definition if matrix else default_matrix_definition()


@dataclass(frozen=True)
class Level:
    name: str
    css: str
    colour: str


def level_for(definition: dict[str, Any], score: float | None) -> Level | None:
    """The risk level (band) a score falls in, with the stylesheet class for its rank."""
    if score is None:
        return None
    levels = sorted(definition.get("levels", []), key=lambda level: level["min"])
    for index, level in enumerate(levels):
        if level["min"] <= score <= level["max"]:
            return Level(level["name"], _level_class(index, len(levels)), level.get("colour", ""))
    return None


def _level_class(index: int, count: int) -> str:
    if count <= 1:
        return LEVEL_CLASSES[0]
    rank = round(index * (len(LEVEL_CLASSES) - 1) / (count - 1))
    return LEVEL_CLASSES[rank]


# --- the register ---------------------------------------------------------------------------


@dataclass
class RegisterRow:
    """One risk of the register, numbered for the matrix legend."""

    number: int
    risk: Risk
    score: float | None
    level: Level | None
    residual_score: float | None
    residual_level: Level | None
    controls: int
    url: str  # the risk's page: the register links to it from the table, legend and matrices


def register_queryset(plan: Plan) -> QuerySet[Risk]:
    return (
        Risk.objects.filter(plan=plan)
        .select_related("matrix")
        .annotate(control_count=Count("controls", distinct=True))
        .order_by("position", "pk")
    )


def residual_score(risk: Risk) -> float | None:
    if risk.residual_probability and risk.residual_consequence:
        return float(risk.residual_probability * risk.residual_consequence)
    return None


def risk_register(plan: Plan, sort: str = "position") -> tuple[list[RegisterRow], dict[str, Any]]:
    """The plan's risks numbered in document order, sorted as asked; and the matrix used."""
    risks = list(register_queryset(plan))
    definition = matrix_definition_for(plan, risks)
    rows = [
        RegisterRow(
            number=number,
            risk=risk,
            score=(score := risk.effective_score),
            level=level_for(definition, score),
            residual_score=(residual := residual_score(risk)),
            residual_level=level_for(definition, residual),
            controls=getattr(risk, "control_count", 0),
            url=reverse("internal_control:risk-detail", args=[risk.pk]),
        )
        for number, risk in enumerate(risks, start=1)
    ]
    return sort_rows(rows, sort), definition


def sort_rows(rows: list[RegisterRow], sort: str) -> list[RegisterRow]:
    """Sort by score or residual score (risks without one last), else keep document order."""
    key = sort.lstrip("-")
    if key not in ("score", "residual"):
        return rows
    descending = sort.startswith("-")

    def value(row: RegisterRow) -> float | None:
        return row.score if key == "score" else row.residual_score

    known = [row for row in rows if value(row) is not None]
    unknown = [row for row in rows if value(row) is None]
    known.sort(key=lambda row: (value(row), -row.number if descending else row.number))
    if descending:
        known.reverse()
    return known + unknown


# --- the matrix ------------------------------------------------------------------------------


@dataclass
class Cell:
    probability: int
    consequence: int
    score: int
    level: Level | None
    rows: list[RegisterRow] = field(default_factory=list)


@dataclass
class MatrixGrid:
    """A matrix with each risk placed in its cell; rows run from the highest probability."""

    residual: bool
    probability_labels: list[str]
    consequence_labels: list[str]
    grid: list[tuple[int, str, list[Cell]]]  # (probability, label, cells by consequence)
    unplaced: list[RegisterRow]
    levels: list[Level]

    @property
    def placed_count(self) -> int:
        return sum(len(cell.rows) for _, _, cells in self.grid for cell in cells)


def place_risks(
    definition: dict[str, Any], rows: list[RegisterRow], residual: bool = False
) -> MatrixGrid:
    """Place each risk in the cell of its probability and consequence (or residual ones).

    A risk without both values, or with a value outside the matrix, is listed as unplaced
    rather than put somewhere it does not belong.
    """
    probability_labels = list(definition["probability"])
    consequence_labels = list(definition["consequence"])
    cells = {
        (p, c): Cell(p, c, p * c, level_for(definition, p * c))
        for p in range(1, len(probability_labels) + 1)
        for c in range(1, len(consequence_labels) + 1)
    }
    unplaced = []
    for row in sorted(rows, key=lambda row: row.number):
        risk = row.risk
        if residual:
            key = (risk.residual_probability, risk.residual_consequence)
        else:
            key = (risk.probability, risk.consequence)
        cell = cells.get(key)  # type: ignore[arg-type]
        if cell is None:
            unplaced.append(row)
        else:
            cell.rows.append(row)
    grid = [
        (
            p,
            probability_labels[p - 1],
            [cells[(p, c)] for c in range(1, len(consequence_labels) + 1)],
        )
        for p in range(len(probability_labels), 0, -1)
    ]
    levels = [
        level
        for band in sorted(definition.get("levels", []), key=lambda band: band["min"])
        if (level := level_for(definition, band["min"])) is not None
    ]
    return MatrixGrid(residual, probability_labels, consequence_labels, grid, unplaced, levels)


def matrix_svg(plan: Plan, definition: dict[str, Any], rows: list[RegisterRow]) -> str:
    """The heat map picture (styr.charts) with the same marker numbers as the register."""
    points = [
        RiskPoint(
            number=str(row.number),
            title=row.risk.title,
            probability=row.risk.probability,
            consequence=row.risk.consequence,
            residual_probability=row.risk.residual_probability,
            residual_consequence=row.risk.residual_consequence,
        )
        for row in sorted(rows, key=lambda row: row.number)
    ]
    return risk_matrix_svg(
        RiskMatrixChart(
            title=_("Riskmatris: %(plan)s") % {"plan": plan.title},
            definition=definition,
            risks=points,
        )
    )


# --- recording --------------------------------------------------------------------------------


def record_control_result(
    user: Any,
    control: Control,
    *,
    performed_on: dt.date,
    result: str,
    has_deviation: bool,
    deviations: str = "",
) -> tuple[ControlResult, bool]:
    """Store a control result; returns (result, created).

    The same result for the same control and day, recorded by the same person, is the
    same result posted twice: it is returned, not stored again. The control row is locked
    for the check so two simultaneous posts cannot both insert.
    """
    require(user, Action.REPORT, control)
    result = result.strip()
    deviations = deviations.strip()
    if performed_on > timezone.localdate():
        raise RecordingError(_("Datumet för kontrollen kan inte ligga i framtiden."))
    if has_deviation and not deviations:
        raise RecordingError(
            _("Beskriv avvikelsen: resultatet är markerat som avvikelse men beskrivningen saknas.")
        )
    period = period_for(control, performed_on)
    if period is not None and period.is_closed:
        raise RecordingError(
            _(
                "Uppföljningsperioden %(period)s är stängd, så ett resultat daterat "
                "%(date)s kan inte registreras. Kontakta planeraren om det behöver ändras."
            )
            % {"period": period.label or period.code, "date": performed_on.isoformat()}
        )
    with transaction.atomic():
        Control.objects.select_for_update().filter(pk=control.pk).first()
        existing = ControlResult.objects.filter(
            control=control,
            performed_on=performed_on,
            result=result,
            has_deviation=has_deviation,
            deviations=deviations if has_deviation else "",
            recorded_by=user if getattr(user, "pk", None) else None,
        ).first()
        if existing is not None:
            return existing, False
        stored = ControlResult.objects.create(
            control=control,
            period=period,
            performed_on=performed_on,
            result=result,
            has_deviation=has_deviation,
            deviations=deviations if has_deviation else "",
            recorded_by=user if getattr(user, "pk", None) else None,
        )
    return stored, True


def period_for(control: Control, day: dt.date) -> FollowUpPeriod | None:
    """The plan's shortest follow-up period that holds ``day`` (a tertial before the year)."""
    return (
        FollowUpPeriod.objects.filter(plan_id=control.risk.plan_id, start__lte=day, end__gte=day)
        .order_by("end", "-start")
        .first()
    )


def add_risk_action(
    user: Any,
    risk: Risk,
    *,
    title: str,
    responsible: str = "",
    responsible_unit: Any = None,
    deadline: dt.date | None = None,
) -> tuple[RiskAction, bool]:
    """Add an action against a risk (a change of the plan); a double post returns the first."""
    require(user, Action.EDIT_PLAN, risk)
    title = title.strip()
    if not title:
        raise RecordingError(_("Skriv vad åtgärden är."))
    with transaction.atomic():
        Risk.objects.select_for_update().filter(pk=risk.pk).first()
        existing = RiskAction.objects.filter(
            risk=risk, title=title, deadline=deadline, responsible=responsible.strip()
        ).first()
        if existing is not None:
            return existing, False
        last = risk.actions.order_by("-position").values_list("position", flat=True).first()
        action = RiskAction.objects.create(
            risk=risk,
            title=title,
            responsible=responsible.strip(),
            responsible_unit=responsible_unit,
            deadline=deadline,
            position=(last + 1) if last is not None else 0,
        )
    return action, True


def set_action_status(user: Any, action: RiskAction, *, is_done: bool, version: str) -> RiskAction:
    """Mark an action done or not done, as a report; ``version`` guards against overwriting.

    ``version`` is the ``updated_at`` the user saw (ISO format). If someone changed the
    action since, nothing is written and a ``RecordingError`` names the conflict.
    """
    require(user, Action.REPORT, action)
    with transaction.atomic():
        current = RiskAction.objects.select_for_update().get(pk=action.pk)
        if version and current.updated_at.isoformat() != version:
            raise RecordingError(
                _(
                    "Åtgärden ”%(action)s” har ändrats av någon annan sedan du öppnade sidan. "
                    "Ladda om sidan och försök igen; inget har sparats."
                )
                % {"action": current}
            )
        if current.is_done != is_done:
            current.is_done = is_done
            current.save(update_fields=["is_done", "updated_at"])
    return current


def action_state(action: RiskAction, today: dt.date | None = None) -> str:
    """'done', 'overdue' or 'ongoing': the status shown beside an action."""
    if action.is_done:
        return "done"
    today = today or timezone.localdate()
    if action.deadline and action.deadline < today:
        return "overdue"
    return "ongoing"
