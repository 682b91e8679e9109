"""The årshjul as iCalendar: RFC 5545 line rules, one event per item, a feed to subscribe to."""

from __future__ import annotations

from typing import Any

from styr.plans.models import Plan, PlanKind
from styr.reports.renderers import render
from styr.reports.renderers.ical import fold
from styr.reports.services import build_report
from styr.reports.tests.conftest import parse_ics


def test_long_lines_are_folded_at_75_octets_without_splitting_a_letter() -> None:
    line = "SUMMARY:" + "Årshjul för socialnämnden och förvaltningen " * 4
    folded = fold(line).split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in folded)
    assert "".join(p[1:] if i else p for i, p in enumerate(folded)) == line


def test_the_calendar_is_valid_and_holds_every_item_and_due_date(demo: Any) -> None:
    plan = Plan.objects.get(owner__municipality=demo, kind=PlanKind.ASSIGNMENT_PLAN)
    data = render(build_report("calendar", plan), "ics")
    text = data.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    events = parse_ics(data)
    items = [i for entry in plan.calendar_items.exclude(month=None) for i in entry.items]
    due = plan.periods.exclude(due_date=None)
    assert len(events) == len(items) + due.count()
    assert len({e["UID"] for e in events}) == len(events)
    assert all(e["DTSTAMP"].endswith("Z") for e in events)
    summaries = {e["SUMMARY"].replace("\\,", ",").replace("\\;", ";") for e in events}
    assert set(items) <= summaries
    period = due.first()
    assert period is not None
    assert f"Sista rapportdag: {period.label}" in summaries
    yearly = [e for e in events if "RRULE" in e]
    years = (plan.period_to or plan.period_from or 0) - (plan.period_from or 0) + 1
    if years > 1:
        assert yearly and all(e["RRULE"] == f"FREQ=YEARLY;COUNT={years}" for e in yearly)
