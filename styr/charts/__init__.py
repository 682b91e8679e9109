"""Styr's one chart and status-presentation module, shared by the web pages (SVG), the PDF
reports (SVG through WeasyPrint) and the Word reports (PNG through python-docx).

Each chart is built as a geometry ``Scene`` and then drawn by ``render_svg`` or
``render_png``; each chart also gives its numbers as a ``ChartTable`` for a text
alternative. See docs/charts.md.
"""

from __future__ import annotations

from styr.charts.bar import (
    BarChart,
    BarRow,
    bar_chart_png,
    bar_chart_scene,
    bar_chart_svg,
    bar_chart_table,
)
from styr.charts.indicators import indicator_line_chart
from styr.charts.line import (
    Baseline,
    LineChart,
    Series,
    TargetLine,
    line_chart_png,
    line_chart_scene,
    line_chart_svg,
    line_chart_table,
)
from styr.charts.numbers import format_number, format_value
from styr.charts.png import render_png
from styr.charts.risk import (
    RiskCell,
    RiskMatrixChart,
    RiskPoint,
    matrix_levels,
    risk_cells,
    risk_level,
    risk_matrix_png,
    risk_matrix_scene,
    risk_matrix_svg,
    risk_points,
    risk_table,
)
from styr.charts.scene import Scene
from styr.charts.status import (
    STATUS_STYLES,
    StatusStyle,
    status_label,
    status_style,
    status_symbol,
    status_text,
)
from styr.charts.summary import (
    StatusRow,
    StatusSummaryChart,
    status_summary_png,
    status_summary_svg,
    status_summary_table,
)
from styr.charts.svg import render_svg
from styr.charts.table import ChartTable, table_html

__all__ = [
    "STATUS_STYLES",
    "BarChart",
    "BarRow",
    "Baseline",
    "ChartTable",
    "LineChart",
    "RiskCell",
    "RiskMatrixChart",
    "RiskPoint",
    "Scene",
    "Series",
    "StatusRow",
    "StatusStyle",
    "StatusSummaryChart",
    "TargetLine",
    "bar_chart_png",
    "bar_chart_scene",
    "bar_chart_svg",
    "bar_chart_table",
    "format_number",
    "format_value",
    "indicator_line_chart",
    "line_chart_png",
    "line_chart_scene",
    "line_chart_svg",
    "line_chart_table",
    "matrix_levels",
    "render_png",
    "render_svg",
    "risk_cells",
    "risk_level",
    "risk_matrix_png",
    "risk_matrix_scene",
    "risk_matrix_svg",
    "risk_points",
    "risk_table",
    "status_label",
    "status_style",
    "status_summary_png",
    "status_summary_svg",
    "status_summary_table",
    "status_symbol",
    "status_text",
    "table_html",
]
