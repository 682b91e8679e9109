"""Goal fulfilment at a glance: one stacked bar per row (the whole plan, a goal level, a
unit) split by status. Each segment writes its symbol and count, so it reads without
colour; the table gives the same counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString

from styr.charts.png import render_png
from styr.charts.scene import INK, MUTED, PAPER, Rect, Scene, Text, fit_text, text_width, wrap_text
from styr.charts.status import MET, NOT_ASSESSED, NOT_MET, PARTLY_MET, status_style
from styr.charts.style import chart_ident
from styr.charts.svg import render_svg
from styr.charts.table import ChartTable

ORDER = (MET, PARTLY_MET, NOT_MET, NOT_ASSESSED)


@dataclass(frozen=True)
class StatusRow:
    label: str
    counts: Mapping[str, int]  # status → how many goals (or activities)

    @property
    def total(self) -> int:
        return sum(self.counts.get(status, 0) for status in ORDER)


@dataclass(frozen=True)
class StatusSummaryChart:
    title: str
    rows: Sequence[StatusRow]
    noun: str = "mål"  # what is counted, for the description ("12 mål")
    row_header: str = "Del"  # the first column's header in the table
    description: str = ""
    width: float = 640
    show_title: bool = True
    ident: str = ""


def status_summary_scene(chart: StatusSummaryChart) -> Scene:
    pad = 12.0
    width = float(chart.width)
    ident = chart.ident or chart_ident(
        "status", chart.title, [(r.label, sorted(r.counts.items())) for r in chart.rows]
    )
    scene = Scene(width, 0, chart.title, _description(chart), ident, "chart status-summary")
    top = pad
    if chart.show_title and chart.title:
        for line in wrap_text(chart.title, 15, width - 2 * pad, bold=True)[:2]:
            top += 17
            scene.add(Text(pad, top, line, size=15, bold=True, css_class="chart-title"))
        top += 6
    top += 14
    x = pad
    for status in ORDER:
        style = status_style(status)
        label = f"{style.symbol} {style.label}"
        scene.add(
            Rect(
                x,
                top - 11,
                14,
                14,
                fill=style.colour,
                stroke=style.colour,
                css_class=f"legend-swatch {style.css_class}",
            )
        )
        scene.add(Text(x + 20, top, label, size=12, fill=INK, css_class="legend"))
        x += 20 + text_width(label, 12) + 18
    top += 16
    label_w = min(width * 0.3, max([text_width(r.label, 11) for r in chart.rows] + [30]) + 8)
    total_w = max([text_width(str(r.total), 11) for r in chart.rows] + [10]) + 10
    left = pad + label_w
    right = width - pad - total_w
    bar_h = 24.0
    for index, row in enumerate(chart.rows):
        y = top + index * (bar_h + 10)
        scene.add(
            Text(
                left - 8,
                y + bar_h / 2 + 4,
                fit_text(row.label, 11, label_w - 8),
                size=11,
                anchor="end",
                css_class="row-label",
            )
        )
        total = row.total
        x = left
        for status in ORDER:
            count = row.counts.get(status, 0)
            if not count or not total:
                continue
            style = status_style(status)
            w = (right - left) * count / total
            scene.add(
                Rect(
                    x,
                    y,
                    w,
                    bar_h,
                    fill=style.colour,
                    stroke=PAPER,
                    stroke_width=1.5,
                    css_class=f"segment {style.css_class}",
                    data=(("status", status), ("count", str(count)), ("row", str(index))),
                )
            )
            text = f"{style.symbol} {count}"
            if text_width(text, 11, bold=True) + 8 <= w:
                scene.add(
                    Text(
                        x + w / 2,
                        y + bar_h / 2 + 4,
                        text,
                        size=11,
                        bold=True,
                        anchor="middle",
                        fill=PAPER,
                        css_class="segment-label",
                    )
                )
            x += w
        if not total:
            scene.add(
                Rect(
                    left,
                    y,
                    right - left,
                    bar_h,
                    fill="none",
                    stroke=MUTED,
                    css_class="segment-empty",
                )
            )
        scene.add(
            Text(
                width - pad,
                y + bar_h / 2 + 4,
                str(total),
                size=11,
                anchor="end",
                fill=MUTED,
                css_class="row-total",
            )
        )
    scene.height = top + len(chart.rows) * (bar_h + 10) + pad
    return scene


def _description(chart: StatusSummaryChart) -> str:
    if chart.description:
        return chart.description
    parts = [f"Måluppfyllelse: {chart.title}."]
    for row in chart.rows:
        counts = ", ".join(f"{status_style(s).label.lower()} {row.counts.get(s, 0)}" for s in ORDER)
        parts.append(f"{row.label}: {row.total} {chart.noun}; {counts}.")
    return " ".join(parts)


def status_summary_table(chart: StatusSummaryChart) -> ChartTable:
    columns = [chart.row_header, *(status_style(s).label for s in ORDER), "Totalt"]
    rows = [
        [row.label, *(str(row.counts.get(s, 0)) for s in ORDER), str(row.total)]
        for row in chart.rows
    ]
    return ChartTable(chart.title, columns, rows, [False] + [True] * (len(columns) - 1))


def status_summary_svg(chart: StatusSummaryChart) -> SafeString:
    return render_svg(status_summary_scene(chart))


def status_summary_png(chart: StatusSummaryChart, scale: float = 2.0) -> bytes:
    return render_png(status_summary_scene(chart), scale)
