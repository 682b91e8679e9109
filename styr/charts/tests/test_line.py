"""The indicator line chart: valid accessible SVG, distinguishable series, targets, gaps,
a table fallback, PNG output, and every point inside the plot area."""

from __future__ import annotations

import itertools
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from styr.charts.line import (
    Baseline,
    LineChart,
    Series,
    TargetLine,
    line_chart_png,
    line_chart_scene,
    line_chart_svg,
    line_chart_table,
    plot_area,
)
from styr.charts.numbers import THIN_SPACE
from styr.charts.scene import Marker, Text, text_width
from styr.charts.table import table_html
from styr.charts.tests.helpers import SVG, by_class, is_blank, open_png, parse_svg, save_artefact

SATISFACTION = LineChart(
    title="Andel nöjda brukare i hemtjänsten",
    unit="%",
    series=[
        Series("Utfall", {"2020": 71.0, "2021": 74.2, "2022": None, "2023": 78.5, "2024": 77.0}),
        Series(
            "Liknande kommuner",
            {"2020": 73.0, "2021": 73.5, "2022": 75.0, "2023": 76.0, "2024": 76.4},
            kind="peer",
        ),
    ],
    targets=[TargetLine("Mål", {"2023": 80.0, "2024": 85.0})],
    baseline=Baseline(70.0, period="2020"),
)


def test_svg_is_valid_xml_with_an_accessible_name_and_description() -> None:
    root = parse_svg(line_chart_svg(SATISFACTION))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.text == "Andel nöjda brukare i hemtjänsten"
    assert desc is not None and "Utfall: senast 77" in (desc.text or "")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    # no external resources, no scripts
    text = str(line_chart_svg(SATISFACTION))
    assert "<script" not in text and "href" not in text


def test_one_marker_per_known_value() -> None:
    root = parse_svg(line_chart_svg(SATISFACTION))
    markers = by_class(root, "marker")
    # 4 measured values (2022 missing) + 5 peer values
    assert len(markers) == 9
    assert len([m for m in markers if m.get("data-series") == "0"]) == 4
    titles = [m.find(f"{SVG}title").text for m in markers]  # type: ignore[union-attr]
    assert f"Utfall 2023: 78,5{THIN_SPACE}%" in titles


def test_a_missing_value_breaks_the_line() -> None:
    root = parse_svg(line_chart_svg(SATISFACTION))
    measured = [el for el in by_class(root, "series") if el.get("data-series") == "0"]
    assert len(measured) == 2  # 2020–2021 and 2023–2024


def test_target_and_baseline_lines_are_drawn() -> None:
    root = parse_svg(line_chart_svg(SATISFACTION))
    targets = by_class(root, "target")
    assert len(targets) == 1
    points = targets[0].get("points", "").split()
    # a step: 2023 at 80, then 2024 at 85 → two distinct heights
    assert len({p.split(",")[1] for p in points}) == 2
    assert len(by_class(root, "baseline")) == 1


def test_series_differ_in_dash_pattern_and_marker_shape() -> None:
    chart = LineChart(
        title="Fem serier",
        series=[Series(f"S{i}", {"2021": i, "2022": i + 1}) for i in range(5)]
        + [Series("Riket", {"2021": 3, "2022": 2}, kind="peer")],
        targets=[TargetLine("Mål", {"2022": 4})],
    )
    root = parse_svg(line_chart_svg(chart))
    lines = by_class(root, "series")
    dashes = [el.get("stroke-dasharray", "solid") for el in lines]
    target_dash = by_class(root, "target")[0].get("stroke-dasharray")
    assert len(set(dashes)) == len(dashes) == 6
    assert target_dash not in dashes
    shapes_per_series: dict[str | None, set[str | None]] = {}
    for marker in by_class(root, "marker"):
        shapes_per_series.setdefault(marker.get("data-series"), set()).add(marker.get("data-shape"))
    shapes = [frozenset(s) for s in shapes_per_series.values()]
    assert all(len(s) == 1 for s in shapes)
    # the five measured series have five different shapes; the peer is hollow
    assert len({next(iter(s)) for s in shapes[:5]}) == 5


def test_legend_names_every_series_target_and_baseline() -> None:
    root = parse_svg(line_chart_svg(SATISFACTION))
    legend = [el.text for el in by_class(root, "legend")]
    assert legend == ["Utfall", "Liknande kommuner", "Mål", "Nuläge 2020"]


def test_a_target_outside_the_periods_shown_is_not_in_the_legend() -> None:
    outcomes = Series("Utfall", {"2022": 70.0, "2023": 72.0})
    later = TargetLine("Målvärde", {"2026": 80.0})
    shown = TargetLine("Delmål", {"2023": 75.0})
    chart = LineChart(
        title="Andel nöjda", series=[outcomes], targets=[later, shown], periods=["2022", "2023"]
    )
    root = parse_svg(line_chart_svg(chart))
    assert [el.text for el in by_class(root, "legend")] == ["Utfall", "Delmål"]
    assert len(by_class(root, "target")) == 1


def test_value_axis_uses_swedish_numbers() -> None:
    chart = LineChart(
        title="Kostnad per brukare",
        unit="kr",
        series=[Series("Utfall", {"2022": 1250.5, "2023": 1480.25, "2024": 1990.0})],
    )
    root = parse_svg(line_chart_svg(chart))
    ticks = [el.text or "" for el in by_class(root, "tick") if "period" not in el.get("class", "")]
    assert f"1{THIN_SPACE}000" in ticks or f"2{THIN_SPACE}000" in ticks
    assert not any("." in t for t in ticks)


def test_table_fallback_has_the_same_numbers() -> None:
    table = line_chart_table(SATISFACTION)
    assert table.columns == ["Period", "Utfall", "Liknande kommuner", "Mål"]
    assert table.rows[1] == ["2021", "74,2", "73,5", "–"]
    assert table.rows[2][1] == "–"
    assert table.rows[4] == ["2024", "77", "76,4", "85"]
    assert "Nuläge 2020: 70" in table.caption
    html = table_html(table, visually_hidden=True)
    assert html.startswith('<table class="visually-hidden"><caption>')
    assert '<th scope="row">2024</th><td class="num">77</td>' in html


def test_missing_whole_years_are_filled_in() -> None:
    chart = LineChart(title="Glest", series=[Series("Utfall", {"2020": 1, "2023": 2})])
    assert [row[0] for row in line_chart_table(chart).rows] == ["2020", "2021", "2022", "2023"]
    tertials = LineChart(title="T", series=[Series("Utfall", {"2023-T1": 1, "2024-T3": 2})])
    assert [row[0] for row in line_chart_table(tertials).rows] == ["2023-T1", "2024-T3"]


def test_targets_by_year_cover_the_periods_of_that_year() -> None:
    chart = LineChart(
        title="Tertial",
        series=[Series("Utfall", {"2024-T1": 5, "2024-T2": 6, "2024-T3": 7})],
        targets=[TargetLine("Mål", {"2024": 6.5})],
    )
    assert [row[2] for row in line_chart_table(chart).rows] == ["6,5", "6,5", "6,5"]


def test_an_empty_chart_renders_and_says_so() -> None:
    for chart in (LineChart(title="Tom"), LineChart(title="Tom", series=[Series("Utfall", {})])):
        root = parse_svg(line_chart_svg(chart))
        assert by_class(root, "marker") == []
        assert [el.text for el in by_class(root, "empty")] == ["Inga värden ännu"]
        assert not is_blank(open_png(line_chart_png(chart)))
        assert line_chart_table(chart).rows == []


def test_a_single_point_renders_one_marker() -> None:
    chart = LineChart(title="En punkt", series=[Series("Utfall", {"2024": 42.0})])
    root = parse_svg(line_chart_svg(chart))
    assert len(by_class(root, "marker")) == 1
    assert by_class(root, "series") == []  # no line with one point


def test_titles_with_markup_are_escaped() -> None:
    chart = LineChart(title='<b>"A & B"</b>\x0b', series=[Series("<i>", {"2024": 1})])
    root = parse_svg(line_chart_svg(chart))
    assert root.find(f"{SVG}title").text == '<b>"A & B"</b> '  # type: ignore[union-attr]


def test_output_is_deterministic() -> None:
    assert line_chart_svg(SATISFACTION) == line_chart_svg(SATISFACTION)
    assert line_chart_png(SATISFACTION) == line_chart_png(SATISFACTION)


def test_two_different_charts_get_different_ids() -> None:
    other = LineChart(title="Annan", series=[Series("Utfall", {"2024": 1})])
    assert parse_svg(line_chart_svg(SATISFACTION)).find(f"{SVG}title").get("id") != (  # type: ignore[union-attr]
        parse_svg(line_chart_svg(other)).find(f"{SVG}title").get("id")  # type: ignore[union-attr]
    )


def test_png_has_the_requested_size_and_is_not_blank() -> None:
    data = line_chart_png(SATISFACTION, scale=2)
    image = open_png(data)
    assert image.format == "PNG"
    assert image.size == (1280, 720)
    assert not is_blank(image)
    save_artefact("line-satisfaction.png", data)
    save_artefact("line-satisfaction.svg", line_chart_svg(SATISFACTION))


def test_sample_artefacts_for_review() -> None:
    """Charts a person looks at in test-artefacts/charts/ (tertials, negatives, many series)."""
    tertial = LineChart(
        title="Antal placerade barn och unga per tertial, långt namn som behöver radbrytas "
        "för att få plats i diagrammet",
        unit="antal",
        series=[
            Series(
                "Totalt",
                {
                    f"{y}-T{t}": 100 + 10 * y % 7 + t * 3
                    for y in range(2021, 2025)
                    for t in (1, 2, 3)
                },
            ),
            Series("Flickor", {f"{y}-T{t}": 40 + t for y in range(2021, 2025) for t in (1, 2, 3)}),
            Series("Pojkar", {f"{y}-T{t}": 55 - t for y in range(2021, 2025) for t in (1, 2, 3)}),
        ],
        targets=[TargetLine("Mål totalt", {"2023": 110, "2024": 105})],
    )
    negative = LineChart(
        title="Resultat mot budget",
        unit="mnkr",
        series=[Series("Avvikelse", {"2020": -3.4, "2021": 1.25, "2022": -12.8, "2023": 0.4})],
        targets=[TargetLine("Mål", {"2020": 0, "2021": 0, "2022": 0, "2023": 0})],
    )
    single = LineChart(title="En mätning", unit="%", series=[Series("Utfall", {"2024": 12.5})])
    months = [f"{y}-{m:02d}" for y in range(2020, 2025) for m in range(1, 13)]
    monthly = LineChart(
        title="Hushåll med ekonomiskt bistånd per månad",
        unit="hushåll",
        series=[
            Series("Totalt", {p: 1_200_000 + 900 * i for i, p in enumerate(months) if i % 17}),
            Series("Riket", {p: 1_150_000 + 1500 * i for i, p in enumerate(months)}, kind="peer"),
        ],
        targets=[TargetLine("Mål", {"2023": 1_250_000, "2024": 1_200_000})],
    )
    scene = line_chart_scene(monthly)
    labels = [s for s in scene.of_class("period") if isinstance(s, Text)]
    assert labels[-1].text == "2024-12"
    assert labels[-1].x + text_width("2024-12", 11) / 2 <= monthly.width
    gaps = [b.x - a.x for a, b in itertools.pairwise(labels)]
    assert min(gaps) > text_width("2024-12", 11)  # thinned labels never overlap
    charts = (
        ("tertial", tertial),
        ("negative", negative),
        ("single", single),
        ("monthly", monthly),
    )
    for name, chart in charts:
        data = line_chart_png(chart)
        assert not is_blank(open_png(data))
        save_artefact(f"line-{name}.png", data)


values = st.one_of(st.none(), st.floats(-1e7, 1e7, allow_nan=False, allow_infinity=False))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(values, min_size=0, max_size=14), min_size=0, max_size=4),
    st.lists(values, min_size=0, max_size=14),
    st.one_of(st.none(), st.floats(-1e7, 1e7, allow_nan=False)),
    st.integers(200, 1200),
    st.integers(160, 800),
)
def test_every_point_lies_inside_the_plot_area(
    series_values: list[list[float | None]],
    target_values: list[float | None],
    baseline: float | None,
    width: int,
    height: int,
) -> None:
    periods = [str(2000 + i) for i in range(14)]
    chart = LineChart(
        title="Egenskap",
        series=[
            Series(f"S{i}", dict(zip(periods, vals, strict=False)))
            for i, vals in enumerate(series_values)
        ],
        targets=[TargetLine("Mål", dict(zip(periods, target_values, strict=False)))],
        baseline=None if baseline is None else Baseline(baseline),
        width=width,
        height=height,
    )
    scene = line_chart_scene(chart)
    area = plot_area(scene)
    markers = [s for s in scene.shapes if isinstance(s, Marker) and s.css_class == "marker"]
    expected = sum(1 for vals in series_values for v in vals if v is not None)
    assert len(markers) == expected
    for marker in markers:
        assert area.contains(marker.x, marker.y), (marker, area)
    for line in scene.of_class("target") + scene.of_class("baseline") + scene.of_class("series"):
        for x, y in line.points:  # type: ignore[union-attr]
            assert area.contains(x, y)
    assert all(math.isfinite(v) for s in scene.shapes for v in (getattr(s, "x", 0.0),))
    # nothing falls off the figure, however long the legend
    assert scene.height >= height
    for text in scene.shapes:
        if isinstance(text, Text):
            assert 0 < text.y <= scene.height
