"""API: a plan's risks with their scores and controls."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from styr.accounts.access import Action, require
from styr.internal_control.models import Control, Risk
from styr.plans.models import Plan

router = Router()


class ControlOut(Schema):
    id: int
    description: str
    responsible: str
    frequency: str
    method: str
    report_to: str


class RiskOut(Schema):
    id: int
    code: str
    title: str
    area: str
    probability: int | None
    consequence: int | None
    score: float | None
    residual_probability: int | None
    residual_consequence: int | None
    controls: list[ControlOut]

    @staticmethod
    def resolve_controls(risk: Risk) -> list[Control]:
        return list(risk.controls.all())


@router.get("/plans/{plan_id}/risks", response=list[RiskOut], summary="Planens risker")
def list_risks(request: HttpRequest, plan_id: int) -> Any:
    plan = get_object_or_404(Plan, pk=plan_id)
    require(request.user, Action.VIEW, plan)
    return (
        Risk.objects.filter(plan=plan)
        .prefetch_related(Prefetch("controls", queryset=Control.objects.order_by("position", "pk")))
        .order_by("position", "pk")
    )
