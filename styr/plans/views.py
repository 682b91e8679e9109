"""Plan pages: the list, a plan with its goal tree, the transformationskarta and a goal.

Thin views: rights through ``styr.accounts.access``, data from ``styr.plans.services``.
"""

from __future__ import annotations

import datetime as dt
import mimetypes

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from styr.accounts.access import Action, require
from styr.core.datacache import cached, municipality_scope
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
    today = timezone.localdate()
    filters = services.GoalFilters.from_query(request.GET)
    period = services.choose_period(plan, request.GET.get("period"), today)
    fragment = bool(
        request.headers.get("HX-Request") and request.headers.get("HX-Target") == "goal-tree"
    )
    goals_html = _goal_section(plan, filters, period, today, fragment)
    if fragment:
        response = HttpResponse(goals_html)
    else:
        response = render(
            request,
            "plans/plan_detail.html",
            {
                "nav": "plans",
                "plan": plan,
                "period": period,
                "goals_html": goals_html,
                "relations": services.plan_relations(request.user, plan),
                "years": services.plan_years(plan),
                "source": services.source_document(plan),
            },
        )
    # The same URL answers with a fragment or a page: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _goal_section(
    plan: Plan,
    filters: services.GoalFilters,
    period: services.PeriodChoice,
    today: dt.date,
    fragment: bool,
) -> str:
    """The goal tree with its filters: the costly part of the plan page, the same for every
    reader, so it is computed once per data version and shared."""
    template = "plans/_goal_tree.html" if fragment else "plans/_goal_section.html"

    def render_section() -> str:
        page = services.plan_page(plan, filters, period)
        context = {"plan": plan, "page": page, "statuses": services.status_choices()}
        return render_to_string(template, {**context, "fragment": fragment})

    key = ("plan-goals", plan.pk, period.code, filters, fragment, today)
    scopes = [municipality_scope(plan.owner.municipality_id)]
    return mark_safe(cached(key, render_section, scopes=scopes))  # noqa: S308 - our own template


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
    today = timezone.localdate()
    period = services.choose_period(goal.plan, request.GET.get("period"), today)

    def render_fulfilment() -> tuple[str, str, str, services.GoalLinks]:
        """The goal's status, its explanation, the indicator and activity sections and the
        links every reader gets: the costly part of the page, shared per data version."""
        fulfilment = services.goal_fulfilment(goal, period)
        html = render_to_string(
            "plans/_goal_fulfilment.html", {"goal": goal, "plan": goal.plan, "page": fulfilment}
        )
        links = services.goal_links(goal, fulfilment.source)
        return fulfilment.status_code, fulfilment.explanation, html, links

    status, explanation, html, links = cached(
        ("goal", goal.pk, period.code, today),
        render_fulfilment,
        scopes=[municipality_scope(goal.plan.owner.municipality_id)],
    )
    return render(
        request,
        "plans/goal_detail.html",
        {
            "nav": "plans",
            "plan": goal.plan,
            "goal": goal,
            "page": services.goal_page(request.user, goal, period, links),
            "fulfilment_status": status,
            "explanation": explanation,
            "fulfilment_html": mark_safe(html),  # noqa: S308 - our own rendered template
        },
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
