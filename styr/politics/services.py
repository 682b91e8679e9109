"""The political programme and the årshjul in plain Python, cut to what a user may read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from styr.accounts.access import restrict
from styr.organisation.models import OrgUnit
from styr.plans.models import Activity, Goal, Plan
from styr.politics.models import CalendarItem, PoliticalPoint

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip

# How a programme point's free-text status reads as a follow-up status (symbol and label
# come from styr.charts); an unknown status is shown as written, without a symbol.
STATUS_WORDS = (
    ("ej påbörjad", "not_assessed"),
    ("inte påbörjad", "not_assessed"),
    ("delvis", "partly_met"),
    ("pågår", "partly_met"),
    ("påbörjad", "partly_met"),
    ("genomförd", "met"),
    ("klar", "met"),
    ("avslutad", "met"),
)


def status_code(status: str) -> str | None:
    """The follow-up status a programme point's status text corresponds to, if any."""
    text = status.strip().lower()
    for word, code in STATUS_WORDS:
        if word in text:
            return code
    return None


def visible_points(user: Any, plan: Plan | None = None) -> QuerySet[PoliticalPoint]:
    """Programme points the user may read, with their plan, goals and activities (4 queries)."""
    points = restrict(user, PoliticalPoint.objects.all())
    if plan is not None:
        points = points.filter(plan=plan)
    return (
        points.select_related("plan__owner")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.select_related("plan").order_by("position")),
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related("plan").order_by("position"),
            ),
        )
        .order_by("plan__owner__path", "plan_id", "position", "pk")
    )


@dataclass
class PlanPoints:
    plan: Plan
    points: list[PoliticalPoint] = field(default_factory=list)


def points_by_plan(points: QuerySet[PoliticalPoint]) -> list[PlanPoints]:
    groups: dict[int, PlanPoints] = {}
    for point in points:
        groups.setdefault(point.plan_id, PlanPoints(point.plan)).points.append(point)
    return list(groups.values())


# --- the årshjul -------------------------------------------------------------------------------


def visible_calendar(user: Any) -> QuerySet[CalendarItem]:
    return restrict(user, CalendarItem.objects.all())


def calendar_owners(items: QuerySet[CalendarItem]) -> list[OrgUnit]:
    """The units (nämnder) whose plans hold the calendar items, for the filter (one query)."""
    return list(
        OrgUnit.objects.filter(plans__calendar_items__in=items)
        .select_related("municipality")
        .distinct()
        .order_by("municipality__name", "path")
    )


def calendar_years(items: QuerySet[CalendarItem]) -> list[int]:
    """Years the plans holding calendar items cover, newest first (one query)."""
    years: set[int] = set()
    spans = Plan.objects.filter(calendar_items__in=items).values_list("period_from", "period_to")
    for start, end in spans.distinct():
        if start is None and end is None:
            continue
        first, last = start or end, end or start
        assert first is not None and last is not None  # noqa: S101 - narrowed above
        years.update(range(first, last + 1))
    return sorted(years, reverse=True)


def months_of(item: CalendarItem) -> list[int]:
    """The months an entry covers: its month, and the further months its label names
    ("JANUARI / FEBRUARI" covers January and February)."""
    named = [
        index
        for index, name in enumerate(MONTHS, start=1)
        if re.search(rf"\b{name}\b", item.label.lower())
    ]
    months = sorted(set(named) | ({item.month} if item.month else set()))
    return [m for m in months if 1 <= m <= 12]


@dataclass
class MonthEntry:
    item: CalendarItem
    continued: bool  # the entry started in an earlier month (a span)


@dataclass
class Month:
    number: int
    name: str
    entries: list[MonthEntry] = field(default_factory=list)


@dataclass
class YearCalendar:
    year: int | None
    months: list[Month]
    undated: list[CalendarItem]


def year_calendar(items: QuerySet[CalendarItem], year: int | None) -> YearCalendar:
    """Twelve months, each listing what goes to the nämnd; entries without a month apart.

    Only plans whose period covers ``year`` (or have no period) count. Two queries.
    """
    if year is not None:
        items = items.filter(
            Q(plan__period_from__lte=year) | Q(plan__period_from__isnull=True),
            Q(plan__period_to__gte=year) | Q(plan__period_to__isnull=True),
        )
    months = [Month(number, name.capitalize()) for number, name in enumerate(MONTHS, start=1)]
    undated = []
    for item in items.select_related("plan__owner").order_by(
        "month", "plan__owner__path", "position", "pk"
    ):
        covered = months_of(item)
        if not covered:
            undated.append(item)
        for index, month in enumerate(covered):
            months[month - 1].entries.append(MonthEntry(item, continued=index > 0))
    return YearCalendar(year, months, undated)
