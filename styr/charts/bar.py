"""Horizontal grouped bar chart: budget against utfall (or prognos) per line, with the
deviation written beside each group. Budget bars are hatched and outlined, utfall bars
solid, so the two read apart without colour; a negative deviation is bold with a minus sign.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString

from styr.charts.numbers import decimals_for_step, format_number, nice_ticks
from styr.charts.png import render_png
from styr.charts.scene import (
    GRID,
    INK,
    MUTED,
    Line,
    Rect,
    Scene,
    Text,
    fit_text,
    text_width,
    wrap_text,
)
from styr.charts.style import chart_ident
from styr.charts.svg import render_svg
from styr.charts.table import ChartTable


@dataclass(frozen=True, slots=True)
class BarStyle:
    fill: str
    stroke: str
    hatch: bool


BAR_STYLES = (
    BarStyle("#ffffff", "#1b1b1b", True),  # budget: white, hatched, outlined
    BarStyle("#0b4f8a", "#0b4f8a", False),  # utfall: solid
    BarStyle("#b8cde0", "#0b4f8a", False),  # a third series (prognos): light, outlined
)


@dataclass(frozen=True)
class BarRow:
    label: str
    values: Sequence[float | None]  # one per series, e.g. (budget, utfall)
    deviation: float | None = None  # shown as written; negative is highlighted


@dataclass(frozen=True)
class BarChart:
    title: str
    rows: Sequence[BarRow]
    series: Sequence[str] = ("Budget", "Utfall")
    unit: str = "tkr"
    deviation_label: str = "Avvikelse"
    description: str = ""
    width: float = 640
    show_title: bool = True
    ident: str = ""


def bar_chart_scene(chart: BarChart) -> Scene:
    pad = 12.0
    width = float(chart.width)
    ident = chart.ident or chart_ident(
        "bar",
        chart.title,
        [(r.label, tuple(r.values), r.deviation) for r in chart.rows],
        tuple(chart.series),
        chart.unit,
    )
    scene = Scene(width, 0, chart.title, _description(chart), ident, "chart bar-chart")
    top = pad
    if chart.show_title and chart.title:
        for line in wrap_text(chart.title, 15, width - 2 * pad, bold=True)[:2]:
            top += 17
            scene.add(Text(pad, top, line, size=15, bold=True, css_class="chart-title"))
        top += 6
    # legend at the top, so it is read before the bars
    top += 14
    x = pad
    for index, name in enumerate(chart.series):
        style = BAR_STYLES[index % len(BAR_STYLES)]
        scene.add(
            Rect(
                x,
                top - 11,
                22,
                13,
                fill=style.fill,
                stroke=style.stroke,
                hatch=style.hatch,
                css_class="legend-swatch",
            )
        )
        scene.add(Text(x + 28, top, name, size=12, css_class="legend"))
        x += 28 + text_width(name, 12) + 20
    if chart.unit:
        scene.add(
            Text(width - pad, top, chart.unit, size=12, anchor="end", fill=MUTED, css_class="unit")
        )
    top += 14

    values = [v for r in chart.rows for v in r.values if v is not None]
    low, high = (min(0.0, *values), max(0.0, *values)) if values else (0.0, 1.0)
    ticks = nice_ticks(low, high, 5)
    decimals = decimals_for_step(ticks[1] - ticks[0]) if len(ticks) > 1 else 0
    label_w = min(width * 0.3, max([text_width(r.label, 11) for r in chart.rows] + [40]) + 8)
    deviations = [format_number(r.deviation) for r in chart.rows if r.deviation is not None]
    dev_w = (
        max(
            [text_width(d, 11, bold=True) for d in deviations]
            + [text_width(chart.deviation_label, 11)]
        )
        + 12
        if deviations
        else 0.0
    )
    left = pad + label_w
    right = width - pad - dev_w
    n_series = max(1, len(chart.series))
    bar_h = 12.0
    group_h = n_series * bar_h + 14
    grid_top = top + (18 if deviations else 6)
    if deviations:
        scene.add(
            Text(
                width - pad,
                top + 10,
                chart.deviation_label,
                size=11,
                anchor="end",
                fill=MUTED,
                css_class="deviation-head",
            )
        )
    bottom = grid_top + group_h * max(len(chart.rows), 1)
    lo, hi = ticks[0], ticks[-1]

    def x_of(value: float) -> float:
        return left + (value - lo) / (hi - lo) * (right - left)

    for tick in ticks:
        x = x_of(tick)
        scene.add(
            Line(
                ((x, grid_top), (x, bottom)),
                stroke=INK if tick == 0 else GRID,
                width=1,
                css_class="grid",
            )
        )
        scene.add(
            Text(
                x,
                bottom + 14,
                format_number(tick, decimals),
                size=10.5,
                anchor="middle",
                fill=MUTED,
                css_class="tick",
            )
        )
    zero = x_of(0.0)
    for r, row in enumerate(chart.rows):
        y = grid_top + r * group_h + 7
        scene.add(
            Text(
                left - 8,
                y + n_series * bar_h / 2 + 4,
                fit_text(row.label, 11, label_w - 8),
                size=11,
                anchor="end",
                css_class="row-label",
            )
        )
        for s, value in enumerate(row.values[:n_series]):
            if value is None:
                continue
            style = BAR_STYLES[s % len(BAR_STYLES)]
            x = x_of(value)
            scene.add(
                Rect(
                    min(x, zero),
                    y + s * bar_h,
                    abs(x - zero),
                    bar_h - 2,
                    fill=style.fill,
                    stroke=style.stroke,
                    hatch=style.hatch,
                    css_class="bar",
                    data=(("series", str(s)), ("row", str(r))),
                )
            )
        if row.deviation is not None:
            negative = row.deviation < 0
            scene.add(
                Text(
                    width - pad,
                    y + n_series * bar_h / 2 + 4,
                    format_number(row.deviation),
                    size=11,
                    anchor="end",
                    bold=negative,
                    fill="#a4161a" if negative else INK,
                    css_class="deviation deviation-negative" if negative else "deviation",
                )
            )
    scene.height = bottom + 22 + pad
    return scene


def _description(chart: BarChart) -> str:
    if chart.description:
        return chart.description
    parts = [f"Stapeldiagram: {chart.title}" + (f", {chart.unit}." if chart.unit else ".")]
    for row in chart.rows:
        pieces = [
            f"{name} {format_number(v)}" for name, v in zip(chart.series, row.values, strict=False)
        ]
        if row.deviation is not None:
            pieces.append(f"{chart.deviation_label.lower()} {format_number(row.deviation)}")
        parts.append(f"{row.label}: {', '.join(pieces)}.")
    return " ".join(parts)


def bar_chart_table(chart: BarChart) -> ChartTable:
    columns = ["Rad", *chart.series]
    has_dev = any(r.deviation is not None for r in chart.rows)
    if has_dev:
        columns.append(chart.deviation_label)
    rows = []
    for row in chart.rows:
        values = list(row.values[: len(chart.series)])
        values += [None] * (len(chart.series) - len(values))
        cells = [row.label, *(format_number(v) for v in values)]
        if has_dev:
            cells.append(format_number(row.deviation))
        rows.append(cells)
    caption = f"{chart.title} ({chart.unit})" if chart.unit else chart.title
    return ChartTable(caption, columns, rows, [False] + [True] * (len(columns) - 1))


def bar_chart_svg(chart: BarChart) -> SafeString:
    return render_svg(bar_chart_scene(chart))


def bar_chart_png(chart: BarChart, scale: float = 2.0) -> bytes:
    return render_png(bar_chart_scene(chart), scale)
