"""The review page of a plan: today's findings, and the stored runs auditors can refer to."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styr.accounts.access import Action, can, require
from styr.interchange.exporter import document_ids
from styr.plans.models import Plan
from styr.review.presentation import group_findings
from styr.review.services import ReviewInputError, review_stored_plan, store_review, summary
from styr.review.stored import context_for_plan


@login_required
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("owner"), pk=pk)
    require(request.user, Action.VIEW, plan)
    ids = document_ids(plan)  # one lookup for the follow-up facts and the links
    try:
        findings = review_stored_plan(plan, context=context_for_plan(plan, ids=ids))
        problem = ""
    except ReviewInputError as error:
        findings, problem = [], str(error)
    context = {
        "nav": "plans",
        "plan": plan,
        "groups": group_findings(plan, findings, ids),
        "summary": summary(findings) if findings else "",
        "problem": problem,
        "runs": plan.reviews.all()[:10],
        "may_store": can(request.user, Action.EDIT_PLAN, plan),
    }
    return render(request, "review/plan_review.html", context)


@login_required
@require_POST
def store_plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk)
    require(request.user, Action.EDIT_PLAN, plan)
    run = store_review(plan, review_stored_plan(plan))
    messages.success(
        request,
        _("Granskningen sparades: %(errors)d fel, %(warnings)d varningar.")
        % {"errors": run.error_count, "warnings": run.warning_count},
    )
    return redirect("review:plan", pk=plan.pk)
