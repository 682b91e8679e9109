"""API: goal fulfilment of a plan for a period; reading and reporting measurements."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from styr.accounts.access import Action, require
from styr.followup.models import Measurement, MeasurementOrigin
from styr.followup.rules import parse_period
from styr.followup.services import compute_plan_status, save_measurement
from styr.plans.models import Gender, Indicator, Plan

router = Router()


class MeasurementIn(Schema):
    period: str
    value: float | None
    gender: str = Gender.TOTAL
    reason: str = ""


class MeasurementOut(Schema):
    indicator_id: int
    period: str
    gender: str
    value: float | None
    origin: str


@router.get("/plans/{plan_id}/status", summary="Måluppfyllelse för en period")
def plan_status(request: HttpRequest, plan_id: int, period: str) -> dict[str, Any]:
    plan = get_object_or_404(Plan, pk=plan_id)
    require(request.user, Action.VIEW, plan)
    _check_period(period)
    return compute_plan_status(plan, period).as_dict()


@router.get(
    "/indicators/{indicator_id}/measurements",
    response=list[MeasurementOut],
    summary="En indikators utfall",
)
def list_measurements(request: HttpRequest, indicator_id: int) -> Any:
    indicator = get_object_or_404(Indicator, pk=indicator_id)
    require(request.user, Action.VIEW, indicator)
    return Measurement.objects.filter(indicator=indicator).order_by("period", "gender")


@router.post(
    "/indicators/{indicator_id}/measurements",
    response={200: MeasurementOut},
    summary="Rapportera ett utfall (ersätter periodens värde)",
)
def report_measurement(request: HttpRequest, indicator_id: int, body: MeasurementIn) -> Any:
    """Posting the same period and gender twice keeps one value: the latest."""
    indicator = get_object_or_404(Indicator.objects.select_related("plan"), pk=indicator_id)
    require(request.user, Action.REPORT, indicator)
    _check_period(body.period)
    if body.gender not in Gender.values:
        raise ValidationError(
            f"gender: '{body.gender}' är inget känt kön (använd {', '.join(Gender.values)})"
        )
    with transaction.atomic():
        return save_measurement(
            indicator,
            body.period,
            body.value,
            body.gender,
            user=request.user,
            origin=MeasurementOrigin.MANUAL,
            reason=body.reason,
        )


def _check_period(period: str) -> None:
    try:
        parse_period(period)
    except ValueError as error:
        raise ValidationError(f"period: {error}") from error
