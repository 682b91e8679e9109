"""The risk matrix heat map (sannolikhet × konsekvens) with numbered risks in their cells,
before and after actions, from a municipality's matrix definition (see
``styr.internal_control.models.default_matrix_definition``).

Probability runs bottom (1) to top; consequence left (1) to right. Each cell shows its
level name and score in text, so the levels read without colour; each risk is a numbered
circle. ``risk_cells`` gives the same placement as rows for an accessible HTML table.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString

from styr.charts.png import render_png
from styr.charts.scene import (
    INK,
    MUTED,
    PAPER,
    Circle,
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

BEFORE = "before"
AFTER = "after"
PANEL_TITLES = {BEFORE: "Före åtgärder", AFTER: "Efter åtgärder"}
_LEVEL_CLASSES = ("level-low", "level-medium", "level-high", "level-very-high")


@dataclass(frozen=True, slots=True)
class RiskPoint:
    """One risk to place: ``number`` is what the marker shows (the risk's code, or its
    position), ``title`` names it in tooltips and tables."""

    number: str
    title: str
    probability: int | None
    consequence: int | None
    residual_probability: int | None = None
    residual_consequence: int | None = None

    def position(self, panel: str) -> tuple[int, int] | None:
        if panel == AFTER:
            p, c = self.residual_probability, self.residual_consequence
        else:
            p, c = self.probability, self.consequence
        return (p, c) if p and c else None


@dataclass(frozen=True, slots=True)
class MatrixLevel:
    name: str
    low: int
    high: int
    colour: str
    css_class: str


@dataclass(slots=True)
class RiskCell:
    probability: int
    consequence: int
    score: int
    level: MatrixLevel | None
    risks: list[RiskPoint] = field(default_factory=list)


@dataclass(frozen=True)
class RiskMatrixChart:
    title: str
    definition: Mapping[str, Any]
    risks: Sequence[RiskPoint] = ()
    panels: Sequence[str] = (BEFORE, AFTER)  # ("before",) for a matrix without actions
    layout: str = "horizontal"  # or "vertical": panels stacked (narrow Word pages)
    list_risks: bool = False  # add a numbered list "1 Title" under the matrices
    description: str = ""
    ident: str = ""
    show_title: bool = True  # False where a caption outside the picture names the chart


def risk_points(risks: Iterable[Any]) -> list[RiskPoint]:
    """``RiskPoint``s from ``Risk`` model objects (or anything with the same attributes);
    a risk without a code is numbered by its place in the list."""
    out = []
    for index, risk in enumerate(risks, start=1):
        out.append(
            RiskPoint(
                number=str(getattr(risk, "code", "") or index),
                title=str(getattr(risk, "title", "")),
                probability=getattr(risk, "probability", None),
                consequence=getattr(risk, "consequence", None),
                residual_probability=getattr(risk, "residual_probability", None),
                residual_consequence=getattr(risk, "residual_consequence", None),
            )
        )
    return out


def matrix_levels(definition: Mapping[str, Any]) -> list[MatrixLevel]:
    """The definition's levels, lowest first, each with a CSS class from styr.css."""
    raw = sorted(definition.get("levels", []), key=lambda level: level["min"])
    out = []
    for index, level in enumerate(raw):
        # any number of levels onto the four classes, lowest and highest kept; the same
        # rounding as styr.internal_control.services so web table and picture agree
        slot = round(index * (len(_LEVEL_CLASSES) - 1) / max(len(raw) - 1, 1))
        out.append(
            MatrixLevel(
                str(level.get("name", "")),
                int(level["min"]),
                int(level["max"]),
                str(level.get("colour", "#808080")),
                _LEVEL_CLASSES[slot],
            )
        )
    return out


def risk_level(definition: Mapping[str, Any], score: float) -> MatrixLevel | None:
    for level in matrix_levels(definition):
        if level.low <= score <= level.high:
            return level
    return None


def risk_cells(
    definition: Mapping[str, Any], risks: Sequence[RiskPoint], panel: str = BEFORE
) -> list[list[RiskCell]]:
    """The matrix as rows of cells, highest probability first (as drawn), consequence
    ascending within a row; each cell lists the risks placed in it."""
    probabilities = len(definition["probability"])
    consequences = len(definition["consequence"])
    levels = matrix_levels(definition)

    def level_of(score: int) -> MatrixLevel | None:
        return next((lv for lv in levels if lv.low <= score <= lv.high), None)

    rows = [
        [RiskCell(p, c, p * c, level_of(p * c)) for c in range(1, consequences + 1)]
        for p in range(probabilities, 0, -1)
    ]
    for risk in risks:
        where = risk.position(panel)
        if where is None:
            continue
        p, c = where
        if 1 <= p <= probabilities and 1 <= c <= consequences:
            rows[probabilities - p][c - 1].risks.append(risk)
    return rows


def risk_table(chart: RiskMatrixChart) -> ChartTable:
    """Every placed risk as a row: number, risk, and per panel sannolikhet, konsekvens,
    riskvärde and level."""
    levels = matrix_levels(chart.definition)
    columns = ["Nr", "Risk"]
    for panel in chart.panels:
        suffix = "" if panel == BEFORE else " efter åtgärd"
        columns += [
            f"Sannolikhet{suffix}",
            f"Konsekvens{suffix}",
            f"Riskvärde{suffix}",
            f"Risknivå{suffix}",
        ]
    rows = []
    for risk in chart.risks:
        row = [risk.number, risk.title]
        for panel in chart.panels:
            where = risk.position(panel)
            if where is None:
                row += ["–", "–", "–", "–"]
                continue
            score = where[0] * where[1]
            level = next((lv.name for lv in levels if lv.low <= score <= lv.high), "–")
            row += [str(where[0]), str(where[1]), str(score), level]
        rows.append(row)
    numeric = [False, False] + [True, True, True, False] * len(chart.panels)
    return ChartTable(chart.title, columns, rows, numeric)


def _tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white (amount 0 = colour, 1 = white)."""
    text = colour.lstrip("#")
    if len(text) == 3:
        text = "".join(ch * 2 for ch in text)
    try:
        rgb = [int(text[i : i + 2], 16) for i in (0, 2, 4)]
    except ValueError:
        rgb = [128, 128, 128]
    mixed = [round(c + (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)


_CELL_W = 84.0
_CELL_H = 66.0
_LABEL_W = 104.0
_AXIS_W = 22.0
_MARKER_R = 9.0


def _panel(
    scene: Scene,
    chart: RiskMatrixChart,
    panel: str,
    x0: float,
    y0: float,
) -> tuple[float, float]:
    """Draw one matrix with its top-left corner at (x0, y0); return its width and height."""
    definition = chart.definition
    prob_labels = [str(v) for v in definition["probability"]]
    cons_labels = [str(v) for v in definition["consequence"]]
    rows = risk_cells(definition, chart.risks, panel)
    n_prob, n_cons = len(prob_labels), len(cons_labels)

    y = y0 + 16
    if len(chart.panels) > 1:
        scene.add(
            Text(x0, y, PANEL_TITLES.get(panel, panel), size=14, bold=True, css_class="panel-title")
        )
        y += 12
    grid_left = x0 + _AXIS_W + _LABEL_W
    grid_top = y
    grid_h = n_prob * _CELL_H
    scene.add(
        Text(
            x0 + 14,
            grid_top + grid_h / 2,
            "Sannolikhet",
            size=12,
            bold=True,
            anchor="middle",
            rotate=-90,
            css_class="axis-title",
        )
    )
    for r, row in enumerate(rows):
        top = grid_top + r * _CELL_H
        p = n_prob - r
        lines = wrap_text(f"{p} {prob_labels[p - 1]}", 11, _LABEL_W - 8)[:3]
        first = top + _CELL_H / 2 - (len(lines) - 1) * 7 + 4
        for i, line in enumerate(lines):
            scene.add(
                Text(
                    grid_left - 6,
                    first + i * 14,
                    line,
                    size=11,
                    anchor="end",
                    css_class="axis-label",
                )
            )
        for cell in row:
            left = grid_left + (cell.consequence - 1) * _CELL_W
            colour = cell.level.colour if cell.level else "#9e9e9e"
            css = f"cell {cell.level.css_class}" if cell.level else "cell"
            scene.add(
                Rect(
                    left,
                    top,
                    _CELL_W,
                    _CELL_H,
                    fill=_tint(colour, 0.62),
                    stroke=PAPER,
                    stroke_width=2,
                    css_class=css,
                    data=(
                        ("probability", str(cell.probability)),
                        ("consequence", str(cell.consequence)),
                        ("panel", panel),
                    ),
                )
            )
            name = cell.level.name if cell.level else ""
            scene.add(
                Text(
                    left + 4,
                    top + 12,
                    fit_text(name, 9.5, _CELL_W - 26),
                    size=9.5,
                    fill=INK,
                    css_class="cell-level",
                )
            )
            scene.add(
                Text(
                    left + _CELL_W - 4,
                    top + 12,
                    str(cell.score),
                    size=9.5,
                    anchor="end",
                    fill=INK,
                    css_class="cell-score",
                )
            )
            _place_markers(scene, cell, left, top, panel)
    grid_bottom = grid_top + grid_h
    for c, label in enumerate(cons_labels, start=1):
        centre = grid_left + (c - 0.5) * _CELL_W
        for i, line in enumerate(wrap_text(f"{c} {label}", 11, _CELL_W - 4)[:3]):
            scene.add(
                Text(
                    centre,
                    grid_bottom + 15 + i * 13,
                    line,
                    size=11,
                    anchor="middle",
                    css_class="axis-label",
                )
            )
    scene.add(
        Text(
            grid_left + n_cons * _CELL_W / 2,
            grid_bottom + 60,
            "Konsekvens",
            size=12,
            bold=True,
            anchor="middle",
            css_class="axis-title",
        )
    )
    return _AXIS_W + _LABEL_W + n_cons * _CELL_W, grid_bottom + 66 - y0


def _place_markers(scene: Scene, cell: RiskCell, left: float, top: float, panel: str) -> None:
    if not cell.risks:
        return
    widest = max(text_width(r.number, 10, bold=True) for r in cell.risks)
    radius = max(_MARKER_R, widest / 2 + 4)
    pitch = 2 * radius + 3
    columns = max(1, int((_CELL_W - 4) // pitch))
    lines = max(1, int((_CELL_H - 18) // pitch))
    capacity = columns * lines
    shown = cell.risks if len(cell.risks) <= capacity else cell.risks[: capacity - 1]
    labels: list[tuple[str, RiskPoint | None]] = [(r.number, r) for r in shown]
    if len(shown) < len(cell.risks):
        labels.append((f"+{len(cell.risks) - len(shown)}", None))
    used_cols = min(columns, len(labels))
    span = used_cols * pitch
    for i, (label, risk) in enumerate(labels):
        col, line = i % columns, i // columns
        cx = left + (_CELL_W - span) / 2 + pitch * (col + 0.5)
        cy = top + 18 + pitch * (line + 0.5)
        data: tuple[tuple[str, str], ...] = (
            ("risk", risk.number if risk else ""),
            ("probability", str(cell.probability)),
            ("consequence", str(cell.consequence)),
            ("panel", panel),
        )
        css = "risk-marker" if risk else "risk-more"
        scene.add(
            Circle(
                cx, cy, radius, fill=PAPER, stroke=INK, stroke_width=1.5, css_class=css, data=data
            )
        )
        size = 10 if text_width(label, 10, bold=True) <= 2 * radius - 4 else 8
        scene.add(
            Text(
                cx,
                cy + 3.6,
                label,
                size=size,
                bold=True,
                anchor="middle",
                css_class="risk-number",
                data=(("panel", panel),),
            )
        )


def _description(chart: RiskMatrixChart) -> str:
    if chart.description:
        return chart.description
    parts = [
        f"Riskmatris: {chart.title}. Sannolikhet (lodrätt, "
        f"1–{len(chart.definition['probability'])}) mot konsekvens (vågrätt, "
        f"1–{len(chart.definition['consequence'])})."
    ]
    for panel in chart.panels:
        placed = [r for r in chart.risks if r.position(panel)]
        summary = ", ".join(
            f"risk {r.number} i cell {r.position(panel)[0]}×{r.position(panel)[1]}"  # type: ignore[index]
            for r in placed
        )
        parts.append(f"{PANEL_TITLES.get(panel, panel)}: {summary or 'inga placerade risker'}.")
    parts.append("Samma placering finns i tabellen till matrisen.")
    return " ".join(parts)


def risk_matrix_scene(chart: RiskMatrixChart) -> Scene:
    pad = 12.0
    ident = chart.ident or chart_ident(
        "risk",
        chart.title,
        dict(chart.definition),
        list(chart.risks),
        list(chart.panels),
        chart.layout,
        chart.list_risks,
    )
    scene = Scene(0, 0, chart.title, _description(chart), ident, "chart risk-matrix-chart")
    top = pad
    if chart.title and chart.show_title:
        top += 17
        scene.add(Text(pad, top, chart.title, size=15, bold=True, css_class="chart-title"))
        top += 6
    x, y = pad, top
    width = height = 0.0
    for panel in chart.panels:
        w, h = _panel(scene, chart, panel, x, y)
        width, height = max(width, x + w), max(height, y + h)
        if chart.layout == "vertical":
            y += h + 16
        else:
            x += w + 28
    # level legend
    y = height + 18
    x = pad
    for level in matrix_levels(chart.definition):
        label = f"{level.name} ({level.low}–{level.high})"
        scene.add(
            Rect(
                x,
                y - 11,
                16,
                14,
                fill=_tint(level.colour, 0.62),
                stroke=MUTED,
                css_class=f"legend-swatch {level.css_class}",
            )
        )
        scene.add(Text(x + 22, y, label, size=11, css_class="legend"))
        x += 22 + text_width(label, 11) + 18
    width = max(width, x)
    height = y + 8
    if chart.list_risks and chart.risks:
        y += 22
        for risk in chart.risks:
            title = risk.title
            if not any(risk.position(panel) for panel in chart.panels):
                title += " (inte placerad: sannolikhet eller konsekvens saknas)"
            lines = wrap_text(title, 11, max(width - pad - 40, 200)) or [""]
            scene.add(
                Text(
                    pad + 24,
                    y,
                    risk.number,
                    size=11,
                    bold=True,
                    anchor="end",
                    css_class="risk-list-number",
                )
            )
            for line in lines[:3]:
                scene.add(Text(pad + 32, y, line, size=11, css_class="risk-list"))
                y += 15
            y += 3
        height = y
    scene.width = math.ceil(width + pad)
    scene.height = math.ceil(height + pad)
    return scene


def risk_matrix_svg(chart: RiskMatrixChart) -> SafeString:
    return render_svg(risk_matrix_scene(chart))


def risk_matrix_png(chart: RiskMatrixChart, scale: float = 2.0) -> bytes:
    return render_png(risk_matrix_scene(chart), scale)
