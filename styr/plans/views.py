"""Plan pages: the list, a plan with its goal tree, the transformationskarta and a goal.

Thin views: rights through ``styr.accounts.access``, data from ``styr.plans.services``.
"""

from __future__ import annotations

import mimetypes

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from styr.accounts.access import Action, require
from styr.importer.models import ImportSession
from styr.importer.review import source_html
from styr.plans import services
from styr.plans.models import Goal, Plan, PlanKind, PlanStatus


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    filters = services.PlanListFilters.from_query(request.GET)
    return render(
        request,
        "plans/plan_list.html",
        {
            "nav": "plans",
            "groups": services.plan_list(request.user, filters),
            "filters": filters,
            "kinds": PlanKind.choices,
            "states": PlanStatus.choices,
        },
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("owner", "parent_plan"), pk=pk)
    require(request.user, Action.VIEW, plan)
    page = services.plan_page(
        request.user,
        plan,
        services.GoalFilters.from_query(request.GET),
        request.GET.get("period"),
        timezone.localdate(),
    )
    context = {
        "nav": "plans",
        "plan": plan,
        "page": page,
        "statuses": services.status_choices(),
        "years": services.plan_years(plan),
        "source": services.source_document(plan),
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "goal-tree":
        response = render(request, "plans/_goal_tree.html", {**context, "fragment": True})
    else:
        response = render(request, "plans/plan_detail.html", context)
    # The same URL answers with a fragment or a page: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@login_required
def transformation_map(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("owner"), pk=pk)
    require(request.user, Action.VIEW, plan)
    return render(
        request,
        "plans/transformation_map.html",
        {
            "nav": "plans",
            "plan": plan,
            "map": services.transformation_map(plan, timezone.localdate()),
            "years": services.plan_years(plan),
        },
    )


@login_required
def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(
        Goal.objects.select_related("plan__owner", "responsible_unit", "parent"), pk=pk
    )
    require(request.user, Action.VIEW, goal)
    page = services.goal_page(request.user, goal, request.GET.get("period"), timezone.localdate())
    return render(
        request,
        "plans/goal_detail.html",
        {"nav": "plans", "plan": goal.plan, "goal": goal, "page": page},
    )


def _source_session(request: HttpRequest, pk: int, *fields: str) -> tuple[Plan, ImportSession]:
    plan = get_object_or_404(Plan.objects.select_related("owner"), pk=pk)
    require(request.user, Action.VIEW, plan)
    document = services.source_document(plan)
    if document is None:
        raise Http404(_("Planen %(plan)s har inget sparat källdokument.") % {"plan": plan})
    session = ImportSession.objects.only("pk", "file_name", "stored_at", *fields).get(
        pk=document.session_id
    )
    return plan, session


@login_required
def plan_source(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's source text as the import read it, each line and page an anchor that the
    goal and indicator pages link to."""
    plan, session = _source_session(request, pk, "source_lines", "document")
    return render(
        request,
        "plans/plan_source.html",
        {"nav": "plans", "plan": plan, "session": session, "source": source_html(session)},
    )


@login_required
def plan_source_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The original file the plan was imported from."""
    _plan, session = _source_session(request, pk, "file_data")
    content_type = mimetypes.guess_type(session.file_name)[0] or "application/octet-stream"
    response = HttpResponse(bytes(session.file_data), content_type=content_type)
    safe_name = session.file_name.replace('"', "").replace("\\", "")
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    return response
