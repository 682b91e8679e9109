"""Economy pages: budget, prognos, utfall and avvikelse per unit and line; volume tables."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from styr.accounts.access import Action, require
from styr.economy import services
from styr.organisation.models import OrgUnit

SUMMARY_ABOVE = 150  # budget rows shown one by one before the page sums per unit instead


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Budget against prognos and utfall for a year, and volumes, filtered by unit."""
    unit = None
    unit_id = _int(request.GET.get("enhet"))
    if unit_id is not None:
        unit = get_object_or_404(OrgUnit, pk=unit_id)
        require(request.user, Action.VIEW, unit)
    all_budget = services.visible_budget_lines(request.user)
    all_volume = services.visible_volume_lines(request.user)
    budget_lines = services.visible_budget_lines(request.user, unit)
    years = services.budget_years(all_budget)  # the same choice whatever the unit
    year = _int(request.GET.get("ar"))
    if year is None or year not in years:
        year = services.default_year(budget_lines, years)
    groups = services.budget_table(budget_lines, year)
    # Without a unit chosen, a large organisation gets one sum row per unit, each linking to
    # its lines, rather than a page of thousands of rows.
    summary = unit is None and sum(len(group.rows) for group in groups) > SUMMARY_ABOVE
    volume_lines = services.visible_volume_lines(request.user, unit)
    volume_count = volume_lines.count()
    volumes_hidden = unit is None and volume_count > SUMMARY_ABOVE
    volumes = services.volume_table(volume_lines.none() if volumes_hidden else volume_lines)
    return render(
        request,
        "economy/index.html",
        {
            "nav": "economy",
            "unit": unit,
            "units": services.units_with_lines(all_budget, all_volume),
            "year": year,
            "years": years,
            "groups": groups,
            "summary": summary,
            "volumes_hidden": volumes_hidden,
            "volume_count": volume_count,
            "volumes": volumes,
            "volume_columns": [
                (year_, services.kind_label(kind)) for year_, kind in volumes.columns
            ],
        },
    )
