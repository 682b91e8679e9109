"""The bridge from a report's ``Chart`` blocks to the shared chart module ``styr.charts``.

Reports never draw: a line chart of an indicator's series and the risk matrix come from
``styr.charts`` (SVG for the PDF, PNG for Word), the same drawings the web pages show.
A chart kind the module cannot draw is left out and its text alternative (``Chart.alt``)
is all the document says about it.

In the PDF the chart's title is the figure's caption (HTML text above the picture), not
text inside the SVG: WeasyPrint lays out every letter of an SVG text on its own, and the
title was shown twice (in the chart and in the caption).
"""

from __future__ import annotations

from typing import Any

from styr.reports.document import Chart

# 1.5 × 560 px is 840 px over 15 cm in Word (about 140 dpi): sharp on screen and paper, and
# a third of the drawing time of the chart module's default 2×.
PNG_SCALE = 1.5


# The height of a chart's one-line title (``styr.charts``: 17 px line and 8 px gap); a
# chart without its title is that much lower, so the plot keeps its size.
TITLE_HEIGHT = 25


def _line_chart(chart: Chart, show_title: bool = True) -> Any:
    from styr.charts import Baseline, LineChart, Series, TargetLine

    data = chart.data
    lower = 0 if show_title else TITLE_HEIGHT
    if "lines" in data:  # several indicators of one unit, no targets
        return LineChart(
            title=chart.title,
            series=[Series(_short(name), dict(points)) for name, points in data["lines"]],
            unit=data.get("unit") or "",
            description=chart.alt,
            show_title=show_title,
            width=560,
            height=280 - lower,
        )
    points = dict(data["points"])
    targets = {str(t["year"]): t["value"] for t in data.get("targets", []) if t.get("year")}
    baseline = None
    if data.get("baseline") is not None:
        baseline = Baseline(float(data["baseline"]), str(data.get("baseline_year") or ""))
    return LineChart(
        title=chart.title,
        series=[Series("Utfall", points)],
        targets=[TargetLine("Målvärde", targets)] if targets else [],
        baseline=baseline,
        unit=data.get("unit") or "",
        description=chart.alt,
        show_title=show_title,
        width=560,
        height=260 - lower,
    )


def _short(name: str, limit: int = 60) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _risk_chart(chart: Chart, layout: str, show_title: bool = True) -> Any:
    from styr.charts import RiskMatrixChart, RiskPoint
    from styr.charts.risk import AFTER, BEFORE

    risks = [
        RiskPoint(
            number=str(r["label"]),
            title=str(r["title"]),
            probability=r["probability"],
            consequence=r["consequence"],
            residual_probability=r.get("residual_probability"),
            residual_consequence=r.get("residual_consequence"),
        )
        for r in chart.data["risks"]
    ]
    residual = any(r.residual_probability and r.residual_consequence for r in risks)
    return RiskMatrixChart(
        title=chart.title,
        definition=chart.data["definition"],
        risks=risks,
        panels=(BEFORE, AFTER) if residual else (BEFORE,),
        layout=layout,
        description=chart.alt,
        show_title=show_title,
    )


def _summary_chart(chart: Chart, show_title: bool = True) -> Any:
    from styr.charts import StatusRow, StatusSummaryChart

    return StatusSummaryChart(
        chart.title,
        [StatusRow(str(label), dict(counts)) for label, counts in chart.data["rows"]],
        noun="mål",
        row_header="Nivå",
        show_title=show_title,
    )


def _bar_chart(chart: Chart, show_title: bool = True) -> Any:
    from styr.charts import BarChart, BarRow

    return BarChart(
        chart.title,
        [
            BarRow(str(label), list(values), deviation)
            for label, values, deviation in chart.data["rows"]
        ],
        series=tuple(chart.data["series"]),
        unit=chart.data.get("unit") or "",
        show_title=show_title,
    )


def chart_png(chart: Chart) -> bytes | None:
    """The chart as a PNG (for Word), or None when it cannot be drawn."""
    import styr.charts as charts

    if chart.kind == "series":
        return bytes(charts.line_chart_png(_line_chart(chart), scale=PNG_SCALE))
    if chart.kind == "risk_matrix":
        return bytes(charts.risk_matrix_png(_risk_chart(chart, "vertical")))
    if chart.kind == "status_summary":
        return bytes(charts.status_summary_png(_summary_chart(chart)))
    if chart.kind == "budget":
        return bytes(charts.bar_chart_png(_bar_chart(chart)))
    return None


def chart_svg(chart: Chart) -> str | None:
    """The chart as an SVG picture for the PDF, or None when it cannot be drawn.

    Drawn for an ``<img>`` (``render_svg(image=True)``) and without its title, which the
    PDF's caption above the picture says."""
    import styr.charts as charts
    from styr.charts.summary import status_summary_scene

    if chart.kind == "series":
        scene = charts.line_chart_scene(_line_chart(chart, show_title=False))
    elif chart.kind == "risk_matrix":
        scene = charts.risk_matrix_scene(_risk_chart(chart, "horizontal", show_title=False))
    elif chart.kind == "status_summary":
        scene = status_summary_scene(_summary_chart(chart, show_title=False))
    elif chart.kind == "budget":
        scene = charts.bar_chart_scene(_bar_chart(chart, show_title=False))
    else:
        return None
    return str(charts.render_svg(scene, image=True))
