"""Politics pages: the programme points with their goals and activities, and the årshjul."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from styr.charts import status_style
from styr.politics import services


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The political programme points the user may read, grouped by plan."""
    groups = services.points_by_plan(services.visible_points(request.user))
    for group in groups:
        for point in group.points:
            code = services.status_code(point.status)
            point.status_style = status_style(code) if code else None  # type: ignore[attr-defined]
    return render(request, "politics/index.html", {"nav": "politics", "groups": groups})


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The årshjul: twelve months, each listing what goes to the nämnd, for a chosen year."""
    items = services.visible_calendar(request.user)
    owners = services.calendar_owners(items)
    owner = next((o for o in owners if str(o.pk) == request.GET.get("namnd")), None)
    if owner is not None:
        items = items.filter(plan__owner=owner)
    years = services.calendar_years(items)
    try:
        year: int | None = int(request.GET.get("ar", ""))
    except ValueError:
        year = None
    if year not in years:
        this_year = timezone.localdate().year
        year = this_year if this_year in years else (years[0] if years else None)
    return render(
        request,
        "politics/calendar.html",
        {
            "nav": "politics",
            "years": years,
            "owners": owners,
            "owner": owner,
            "several_municipalities": len({o.municipality_id for o in owners}) > 1,
            "year": year,
            "calendar": services.year_calendar(items, year),
        },
    )
