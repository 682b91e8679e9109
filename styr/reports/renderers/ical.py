"""iCalendar (RFC 5545) for the årshjul, written by hand: CRLF line ends, lines folded at
75 octets, text escaped, every event with a UID and a DTSTAMP; whole-day events with
``VALUE=DATE``, repeated yearly over the plan's years with an RRULE."""

from __future__ import annotations

import datetime as dt

from styr.reports.document import Report

PRODID = "-//Styr//Arshjul//SV"


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _date(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


def _stamp(value: dt.datetime | None) -> str:
    moment = value or dt.datetime.now(dt.UTC)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def render_ics(report: Report) -> bytes:
    stamp = _stamp(report.updated or report.generated)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(report.title)}",
        "X-WR-TIMEZONE:Europe/Stockholm",
    ]
    for event in report.events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_date(event.start)}",
            f"DTEND;VALUE=DATE:{_date(event.end)}",
            f"SUMMARY;LANGUAGE=sv:{escape(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION;LANGUAGE=sv:{escape(event.description)}")
        if event.categories:
            lines.append("CATEGORIES:" + ",".join(escape(c) for c in event.categories))
        if event.yearly_count > 1:
            lines.append(f"RRULE:FREQ=YEARLY;COUNT={event.yearly_count}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
