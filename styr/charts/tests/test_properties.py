"""Property tests: whatever the data, charts stay valid XML and keep things where they belong."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from styr.charts.bar import BarChart, BarRow, bar_chart_scene, bar_chart_svg
from styr.charts.line import LineChart, Series, line_chart_svg
from styr.charts.risk import BEFORE, RiskMatrixChart, RiskPoint, risk_matrix_scene
from styr.charts.scene import Circle, Line, Rect, Text
from styr.charts.tests.helpers import SVG, parse_svg
from styr.internal_control.models import default_matrix_definition

DEFINITION = default_matrix_definition()
level = st.one_of(st.none(), st.integers(1, 5))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(level, level), max_size=30))
def test_every_risk_is_counted_in_its_own_cell(places: list[tuple[int | None, int | None]]) -> None:
    risks = [RiskPoint(str(i + 1), f"Risk {i + 1}", p, c) for i, (p, c) in enumerate(places)]
    scene = risk_matrix_scene(RiskMatrixChart("Egenskap", DEFINITION, risks, (BEFORE,)))
    cells = {
        (dict(s.data)["probability"], dict(s.data)["consequence"]): s
        for s in scene.of_class("cell")
        if isinstance(s, Rect)
    }
    shown = 0
    for marker in scene.of_class("risk-marker") + scene.of_class("risk-more"):
        assert isinstance(marker, Circle)
        data = dict(marker.data)
        cell = cells[(data["probability"], data["consequence"])]
        assert (
            cell.x <= marker.x - marker.radius and marker.x + marker.radius <= cell.x + cell.width
        )
        assert (
            cell.y <= marker.y - marker.radius and marker.y + marker.radius <= cell.y + cell.height
        )
        shown += 1 if "risk-marker" in marker.css_class else 0
    hidden = sum(
        int(t.text[1:])
        for t in scene.of_class("risk-number")
        if isinstance(t, Text) and t.text.startswith("+")
    )
    assert shown + hidden == sum(1 for p, c in places if p and c)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.floats(-1e9, 1e9, allow_nan=False)),
            st.one_of(st.none(), st.floats(-1e9, 1e9, allow_nan=False)),
        ),
        max_size=12,
    )
)
def test_bars_stay_between_the_outer_grid_lines(
    rows: list[tuple[float | None, float | None]],
) -> None:
    chart = BarChart("Egenskap", [BarRow(f"Rad {i}", list(v), v[0]) for i, v in enumerate(rows)])
    scene = bar_chart_scene(chart)
    grid_x = [s.points[0][0] for s in scene.of_class("grid") if isinstance(s, Line)]
    low, high = min(grid_x), max(grid_x)
    for bar in scene.of_class("bar"):
        assert isinstance(bar, Rect)
        assert low - 1e-6 <= bar.x and bar.x + bar.width <= high + 1e-6
    parse_svg(bar_chart_svg(chart))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80), st.text(max_size=30), st.text(max_size=10))
def test_any_text_gives_valid_svg(title: str, label: str, unit: str) -> None:
    chart = LineChart(title=title, unit=unit, series=[Series(label, {"2023": 1.0, "2024": 2.0})])
    root = parse_svg(line_chart_svg(chart))
    assert root.find(f"{SVG}title") is not None
