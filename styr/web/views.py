"""Pages that belong to no single domain area: the start page, the organisation, search."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from styr.accounts.access import Action, require
from styr.core.datacache import cached
from styr.organisation.models import OrgUnit
from styr.web import services


@login_required
def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    today = timezone.localdate(now)

    def render_body() -> str:
        page = services.start_page(request.user, today, now)
        return render_to_string(
            "web/_home_body.html",
            {"page": page, "due_limit": services.DUE_LIMIT, "days": services.RECENT_DAYS},
        )

    # What is due is counted over every unit the user reports for (tens of thousands of items
    # for a large municipality's administrator), so the user's page is kept until the data
    # changes. It has no form, so no CSRF token is kept with it.
    body = cached(
        ("start-page", request.user.pk, today),
        render_body,
        scopes=services.start_page_scopes(request.user),
    )
    return render(
        request,
        "web/home.html",
        {"nav": "home", "body": mark_safe(body)},  # noqa: S308 - our own rendered template
    )


@login_required
def org_tree(request: HttpRequest) -> HttpResponse:
    return render(
        request, "web/org_tree.html", {"nav": "org", "trees": services.org_tree(request.user)}
    )


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(OrgUnit.objects.select_related("municipality"), pk=pk)
    require(request.user, Action.VIEW, unit)
    return render(
        request,
        "web/unit_detail.html",
        {"nav": "org", "page": services.unit_page(request.user, unit)},
    )


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    groups = services.search(request.user, query)
    return render(
        request,
        "web/search.html",
        {
            "nav": "search",
            "query": query,
            "groups": groups,
            "total": sum(len(group.hits) for group in groups),
            "too_short": 0 < len(query) < services.SEARCH_MIN_LENGTH,
            "min_length": services.SEARCH_MIN_LENGTH,
            "limit": services.SEARCH_LIMIT,
        },
    )
