"""API: the plans a user may read, one plan as a styr.plan/1 document, storing a document."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Body, Router, Schema, Status

from styr.accounts.access import Action, require, visible_plans
from styr.interchange.services import export_plan, load_document, resolve_org_path
from styr.plans.models import Plan

router = Router()


class PlanOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    owner_id: int
    owner: str
    period_from: int | None
    period_to: int | None
    reference: str
    parent_plan_id: int | None

    @staticmethod
    def resolve_owner(plan: Plan) -> str:
        return plan.owner.name


class StoredOut(Schema):
    id: int
    title: str


@router.get("/plans", response=list[PlanOut], summary="Planer som användaren får läsa")
def list_plans(request: HttpRequest, year: int | None = None) -> Any:
    plans = visible_plans(request.user).select_related("owner").order_by("pk")
    if year is not None:
        plans = plans.filter(period_from__lte=year, period_to__gte=year)
    return plans


@router.get("/plans/{plan_id}", summary="En plan som styr.plan/1-dokument")
def get_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    plan = get_object_or_404(Plan, pk=plan_id)
    require(request.user, Action.VIEW, plan)
    return export_plan(plan)


@router.post("/plans", response={201: StoredOut}, summary="Lagra ett styr.plan/1-dokument")
def store_plan(
    request: HttpRequest,
    org: str,
    document: dict[str, Any] = Body(...),  # noqa: B008
) -> Any:
    """``org`` is the owner's path ("Kommun/Nämnd"); it must exist and the caller must be
    allowed to edit plans there. All or nothing: a bad document stores nothing."""
    with transaction.atomic():
        owner = resolve_org_path(org, create=False)
        require(request.user, Action.EDIT_PLAN, owner)
        plan = load_document(document, owner, user=request.user, source_file="api")
    return Status(201, plan)
