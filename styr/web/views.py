"""Pages that belong to no single domain area: the start page, the organisation, search."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from styr.accounts.access import visible_plans


@login_required
def home(request: HttpRequest) -> HttpResponse:
    plans = visible_plans(request.user).select_related("owner").order_by("-period_from")[:20]
    return render(request, "web/home.html", {"nav": "home", "plans": plans})
