"""Time-series line chart of an indicator: measured series, peer comparisons, target step
lines and the baseline, on a Swedish-formatted value axis.

    chart = LineChart(
        title="Andel nöjda brukare",
        unit="%",
        series=[Series("Utfall", {"2021": 71.0, "2022": None, "2023": 78.5})],
        targets=[TargetLine("Mål", {"2023": 80.0, "2024": 85.0})],
        baseline=Baseline(70.0, period="2021"),
    )
    line_chart_svg(chart)       # inline SVG for the web page / WeasyPrint
    line_chart_png(chart)       # PNG bytes for python-docx
    line_chart_table(chart)     # the same data as rows for an HTML/Word table
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString

from styr.charts.numbers import decimals_for_step, format_number, format_value, nice_ticks
from styr.charts.png import render_png
from styr.charts.scene import (
    GRID,
    INK,
    MUTED,
    PAPER,
    Line,
    Marker,
    Rect,
    Scene,
    Text,
    fit_text,
    text_width,
    wrap_text,
)
from styr.charts.style import (
    BASELINE_STYLE,
    MEASURED_STYLES,
    PEER_STYLES,
    TARGET_STYLES,
    SeriesStyle,
    chart_ident,
)
from styr.charts.svg import render_svg
from styr.charts.table import ChartTable

MEASURED = "measured"
PEER = "peer"


@dataclass(frozen=True)
class Series:
    """Values by period label ("2023", "2024-T1"); ``None`` or a missing period is a gap.
    ``kind`` is "measured" (utfall) or "peer" (e.g. Kolada's average for similar
    municipalities), drawn hollow and grey-toned."""

    label: str
    values: Mapping[str, float | None]
    kind: str = MEASURED


@dataclass(frozen=True)
class TargetLine:
    """Målvärde per period or per year ("2024" also covers "2024-T1"); drawn as a step line."""

    label: str
    values: Mapping[str, float | None]


@dataclass(frozen=True)
class Baseline:
    """Nuläge / ingångsvärde: a horizontal reference line across the chart."""

    value: float
    period: str = ""
    label: str = "Nuläge"


@dataclass(frozen=True)
class LineChart:
    title: str
    series: Sequence[Series] = ()
    targets: Sequence[TargetLine] = ()
    baseline: Baseline | None = None
    unit: str = ""
    periods: Sequence[str] | None = None  # default: every period any series names, sorted
    description: str = ""  # default: a generated summary of the latest values
    decimals: int | None = None  # decimals of values in tooltips and the table
    width: float = 640
    height: float = 360
    show_title: bool = True
    ident: str = ""


@dataclass(frozen=True, slots=True)
class PlotArea:
    left: float
    top: float
    right: float
    bottom: float

    def contains(self, x: float, y: float, tolerance: float = 1e-6) -> bool:
        return (
            self.left - tolerance <= x <= self.right + tolerance
            and self.top - tolerance <= y <= self.bottom + tolerance
        )


def continuous_years(periods: Sequence[str], limit: int = 40) -> list[str]:
    """Sorted periods; when they are all whole years, the missing years in between are
    added (2024, 2026, 2030 → 2024 … 2030) so the axis spaces time evenly."""
    ordered = sorted(set(periods))
    if ordered and all(len(p) == 4 and p.isdigit() for p in ordered):
        first, last = int(ordered[0]), int(ordered[-1])
        if last - first <= limit:
            return [str(year) for year in range(first, last + 1)]
    return ordered


def chart_periods(chart: LineChart) -> list[str]:
    """The x axis: ``chart.periods`` as given, or every period a series (else a target)
    names, with missing whole years filled in."""
    if chart.periods is not None:
        return list(chart.periods)
    found = {p for s in chart.series for p in s.values}
    if not found:
        found = {p for t in chart.targets for p in t.values}
    return continuous_years(list(found))


def target_value(target: TargetLine, period: str) -> float | None:
    if period in target.values:
        return target.values[period]
    return target.values.get(period[:4]) if len(period) > 4 else None


def _finite(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _styles(chart: LineChart) -> list[SeriesStyle]:
    measured = peer = 0
    out = []
    for series in chart.series:
        if series.kind == PEER:
            out.append(PEER_STYLES[peer % len(PEER_STYLES)])
            peer += 1
        else:
            out.append(MEASURED_STYLES[measured % len(MEASURED_STYLES)])
            measured += 1
    return out


def _value_range(chart: LineChart, periods: list[str]) -> tuple[float, float] | None:
    values = [_finite(s.values.get(p)) for s in chart.series for p in periods]
    values += [_finite(target_value(t, p)) for t in chart.targets for p in periods]
    if chart.baseline is not None:
        values.append(_finite(chart.baseline.value))
    known = [v for v in values if v is not None]
    if not known:
        return None
    smallest, largest = min(known), max(known)
    if smallest == largest:  # one value: show it against zero rather than a magnified axis
        smallest, largest = min(smallest, 0.0), max(largest, 0.0)
    span = (largest - smallest) or abs(largest) or 1.0
    low, high = smallest - span * 0.05, largest + span * 0.05  # keep points off the frame
    if smallest >= 0:
        low = 0.0 if smallest < largest * 0.6 else max(low, 0.0)
    if largest <= 0:
        high = 0.0 if largest > smallest * 0.6 else min(high, 0.0)
    return low, high


def _legend_items(
    chart: LineChart, styles: list[SeriesStyle], periods: list[str]
) -> list[tuple[str, SeriesStyle]]:
    items = [(s.label, style) for s, style in zip(chart.series, styles, strict=True)]
    # A target line with no value among the periods shown is not drawn, so not named either.
    items += [
        (t.label, TARGET_STYLES[i % len(TARGET_STYLES)])
        for i, t in enumerate(chart.targets)
        if _target_runs(t, periods)
    ]
    if chart.baseline is not None:
        label = chart.baseline.label
        if chart.baseline.period:
            label += f" {chart.baseline.period}"
        items.append((label, BASELINE_STYLE))
    return items


_LEGEND_SAMPLE = 36
_LEGEND_FONT = 12.0


def _legend_rows(items: list[tuple[str, SeriesStyle]], width: float) -> list[list[int]]:
    rows: list[list[int]] = [[]]
    used = 0.0
    for index, (label, _style) in enumerate(items):
        need = _LEGEND_SAMPLE + 6 + min(text_width(label, _LEGEND_FONT), width - 50) + 18
        if rows[-1] and used + need > width:
            rows.append([])
            used = 0.0
        rows[-1].append(index)
        used += need
    return [row for row in rows if row]


def _marker(
    x: float, y: float, style: SeriesStyle, label: str, series_index: int, size: float = 4.5
) -> Marker:
    return Marker(
        x,
        y,
        style.marker,
        size=size,
        fill=style.colour if style.filled else PAPER,
        stroke=style.colour,
        stroke_width=1.5,
        label=label,
        data=(("series", str(series_index)),),
    )


def _description(chart: LineChart, periods: list[str]) -> str:
    if chart.description:
        return chart.description
    parts = [f"Linjediagram: {chart.title}."]
    if not periods or not any(
        _finite(s.values.get(p)) is not None for s in chart.series for p in periods
    ):
        parts.append("Inga värden finns ännu.")
    else:
        parts.append(f"Perioder {periods[0]}–{periods[-1]}." if len(periods) > 1 else "")
        for series in chart.series:
            known = [(p, _finite(series.values.get(p))) for p in periods]
            latest = [(p, v) for p, v in known if v is not None]
            if latest:
                p, v = latest[-1]
                parts.append(
                    f"{series.label}: senast {format_value(v, chart.unit, chart.decimals)} ({p})."
                )
        for target in chart.targets:
            set_for = [(p, _finite(target_value(target, p))) for p in periods]
            present = [(p, v) for p, v in set_for if v is not None]
            if present:
                p, v = present[-1]
                parts.append(f"{target.label} {p}: {format_value(v, chart.unit, chart.decimals)}.")
        if chart.baseline is not None:
            name = " ".join(p for p in (chart.baseline.label, chart.baseline.period) if p)
            value = format_value(chart.baseline.value, chart.unit, chart.decimals)
            parts.append(f"{name}: {value}.")
    parts.append("Samma värden finns i tabellen till diagrammet.")
    return " ".join(p for p in parts if p)


def line_chart_scene(chart: LineChart) -> Scene:
    """The geometry of ``chart``; renderers draw it, tests inspect it."""
    periods = chart_periods(chart)
    styles = _styles(chart)
    ident = chart.ident or chart_ident(
        "line",
        chart.title,
        chart.unit,
        periods,
        [(s.label, s.kind, sorted(s.values.items())) for s in chart.series],
        [(t.label, sorted(t.values.items())) for t in chart.targets],
        chart.baseline,
    )
    width, height = float(chart.width), float(chart.height)
    scene = Scene(
        width, height, chart.title, _description(chart, periods), ident, "chart line-chart"
    )

    pad = 12.0
    top = pad
    if chart.show_title and chart.title:
        for line in wrap_text(chart.title, 15, width - 2 * pad, bold=True)[:2]:
            top += 17
            scene.add(Text(pad, top, line, size=15, bold=True, css_class="chart-title"))
        top += 8

    value_range = _value_range(chart, periods)
    ticks = nice_ticks(*(value_range or (0.0, 1.0)), count=5)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    tick_decimals = decimals_for_step(step)
    tick_labels = [format_number(t, tick_decimals) for t in ticks]

    if chart.unit:
        top += 12
        scene.add(Text(pad, top, chart.unit, size=12, fill=MUTED, css_class="unit"))
    top += 10

    items = _legend_items(chart, styles, periods)
    legend_rows = _legend_rows(items, width - 2 * pad)
    legend_height = 22.0 * len(legend_rows) if items else 0.0
    bottom = height - pad - legend_height - 24
    left = pad + max(text_width(label, 11) for label in tick_labels) + 8
    right = width - pad - 6
    if periods:  # room for the last period label, centred under its point
        half_last = text_width(periods[-1], 11) / 2
        n = len(periods)
        right = min(right, left + (width - pad - half_last - left) * n / (n - 0.5))
    if bottom - top < 40:  # a very small figure: keep a usable plot area
        bottom = top + 40

    low, high = ticks[0], ticks[-1]

    def y_of(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - top)

    # grid and value axis
    for tick, label in zip(ticks, tick_labels, strict=True):
        y = y_of(tick)
        scene.add(
            Line(
                ((left, y), (right, y)),
                stroke=INK if tick == 0 else GRID,
                width=1,
                css_class="grid",
            ),
            Text(left - 6, y + 4, label, size=11, anchor="end", fill=MUTED, css_class="tick"),
        )
    scene.add(Line(((left, top), (left, bottom)), stroke=MUTED, width=1, css_class="axis"))
    scene.add(Line(((left, bottom), (right, bottom)), stroke=MUTED, width=1, css_class="axis"))

    count = len(periods)
    slot = (right - left) / max(count, 1)

    def x_of(index: int) -> float:
        return left + slot * (index + 0.5)

    # period axis: thin the labels out when they would collide, always keep the last
    if periods:
        widest = max(text_width(p, 11) for p in periods)
        every = max(1, math.ceil((widest + 8) / slot))
        for index, period in enumerate(periods):
            if (count - 1 - index) % every == 0:
                label = fit_text(period, 11, max(slot * every - 4, 20))
                half = text_width(label, 11) / 2
                # keep the first and last label inside the figure
                x = min(max(x_of(index), pad + half), width - pad - half)
                scene.add(
                    Text(
                        x,
                        bottom + 16,
                        label,
                        size=11,
                        anchor="middle",
                        fill=INK,
                        css_class="tick period",
                    )
                )
    if value_range is None:
        scene.add(
            Text(
                (left + right) / 2,
                (top + bottom) / 2,
                "Inga värden ännu",
                size=13,
                anchor="middle",
                fill=MUTED,
                css_class="empty",
            )
        )

    # baseline, then targets, then series on top
    if chart.baseline is not None and _finite(chart.baseline.value) is not None:
        y = y_of(chart.baseline.value)
        scene.add(
            Line(
                ((left, y), (right, y)),
                stroke=BASELINE_STYLE.colour,
                width=BASELINE_STYLE.width,
                dash=BASELINE_STYLE.dash,
                css_class="baseline",
            )
        )
    for index, target in enumerate(chart.targets):
        style = TARGET_STYLES[index % len(TARGET_STYLES)]
        for run in _target_runs(target, periods):
            points: list[tuple[float, float]] = []
            for i, value in run:
                # across the period's slot; a change of value makes a vertical step
                y = y_of(value)
                points.append((left + slot * i, y))
                points.append((left + slot * (i + 1), y))
            scene.add(
                Line(
                    tuple(points),
                    stroke=style.colour,
                    width=style.width,
                    dash=style.dash,
                    css_class="target",
                    data=(("target", str(index)),),
                )
            )
    # dense series get smaller markers so the lines and their dashes stay visible
    marker_size = min(4.5, max(2.5, slot * 0.3))
    for index, (series, style) in enumerate(zip(chart.series, styles, strict=True)):
        values = [_finite(series.values.get(p)) for p in periods]
        segment: list[tuple[float, float]] = []
        markers: list[Marker] = []
        for i, measured in enumerate(values):
            if measured is None:
                if len(segment) > 1:
                    scene.add(_series_line(segment, style, index))
                segment = []
                continue
            point = (x_of(i), y_of(measured))
            segment.append(point)
            markers.append(
                _marker(
                    *point,
                    style,
                    f"{series.label} {periods[i]}: "
                    f"{format_value(measured, chart.unit, chart.decimals)}",
                    index,
                    marker_size,
                )
            )
        if len(segment) > 1:
            scene.add(_series_line(segment, style, index))
        scene.add(*markers)

    # legend
    y = bottom + 24 + 15
    scene.height = max(height, bottom + 24 + legend_height + pad)  # grows for a long legend
    for row in legend_rows:
        x = pad
        for item in row:
            label, style = items[item]
            sample = ((x, y - 4), (x + _LEGEND_SAMPLE, y - 4))
            scene.add(
                Line(
                    sample,
                    stroke=style.colour,
                    width=style.width,
                    dash=style.dash,
                    css_class="legend-line",
                )
            )
            if style.marker:
                scene.add(
                    Marker(
                        x + _LEGEND_SAMPLE / 2,
                        y - 4,
                        style.marker,
                        size=4.5,
                        fill=style.colour if style.filled else PAPER,
                        stroke=style.colour,
                        css_class="legend-marker",
                    )
                )
            text = fit_text(label, _LEGEND_FONT, width - 2 * pad - _LEGEND_SAMPLE - 6)
            scene.add(Text(x + _LEGEND_SAMPLE + 6, y, text, size=_LEGEND_FONT, css_class="legend"))
            x += _LEGEND_SAMPLE + 6 + text_width(text, _LEGEND_FONT) + 18
        y += 22
    scene.add(Rect(left, top, right - left, bottom - top, css_class="plot-area"))
    return scene


def _series_line(points: list[tuple[float, float]], style: SeriesStyle, index: int) -> Line:
    return Line(
        tuple(points),
        stroke=style.colour,
        width=style.width,
        dash=style.dash,
        css_class="series",
        data=(("series", str(index)),),
    )


def _target_runs(target: TargetLine, periods: list[str]) -> list[list[tuple[int, float]]]:
    """Consecutive periods that have a target value, as runs of (index, value)."""
    runs: list[list[tuple[int, float]]] = [[]]
    for i, period in enumerate(periods):
        value = _finite(target_value(target, period))
        if value is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((i, value))
    return [run for run in runs if run]


def plot_area(scene: Scene) -> PlotArea:
    """The plot rectangle of a line chart scene (every data point lies inside it)."""
    rect = next(s for s in scene.of_class("plot-area") if isinstance(s, Rect))
    return PlotArea(rect.x, rect.y, rect.x + rect.width, rect.y + rect.height)


def line_chart_svg(chart: LineChart) -> SafeString:
    return render_svg(line_chart_scene(chart))


def line_chart_png(chart: LineChart, scale: float = 2.0) -> bytes:
    return render_png(line_chart_scene(chart), scale)


def line_chart_table(chart: LineChart) -> ChartTable:
    """The chart's numbers as a table: one row per period, one column per series and target."""
    periods = chart_periods(chart)
    columns = ["Period", *(s.label for s in chart.series), *(t.label for t in chart.targets)]
    rows = []
    for period in periods:
        row: list[str] = [period]
        row += [format_number(_finite(s.values.get(period)), chart.decimals) for s in chart.series]
        row += [
            format_number(_finite(target_value(t, period)), chart.decimals) for t in chart.targets
        ]
        rows.append(row)
    caption = chart.title
    if chart.unit:
        caption += f" ({chart.unit})"
    if chart.baseline is not None:
        where = f" {chart.baseline.period}" if chart.baseline.period else ""
        value = format_value(chart.baseline.value, chart.unit, chart.decimals)
        caption += f". {chart.baseline.label}{where}: {value}"
    return ChartTable(caption, columns, rows, [False] + [True] * (len(columns) - 1))
