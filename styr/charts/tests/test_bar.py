"""Budget against utfall: hatched and solid bars, deviation text, table, PNG."""

from __future__ import annotations

from styr.charts.bar import (
    BarChart,
    BarRow,
    bar_chart_png,
    bar_chart_scene,
    bar_chart_svg,
    bar_chart_table,
)
from styr.charts.numbers import MINUS, THIN_SPACE
from styr.charts.scene import Rect
from styr.charts.tests.helpers import by_class, is_blank, open_png, parse_svg, save_artefact

BUDGET = BarChart(
    "Driftbudget 2024 per verksamhet",
    [
        BarRow("Vuxenverksamheten", [-120500, -131200], -10700),
        BarRow("Barn och unga", [-98000, -95400], 2600),
        BarRow("Myndighet", [-45000, None]),
        BarRow("Intäkter", [12000, 14500], 2500),
    ],
)


def test_bars_for_every_known_value_and_budget_is_hatched() -> None:
    root = parse_svg(bar_chart_svg(BUDGET))
    bars = by_class(root, "bar")
    assert len(bars) == 7
    # the hatch overlay follows each budget bar
    text = str(bar_chart_svg(BUDGET))
    assert text.count("url(#") == 4 + 1  # four budget bars and the legend swatch


def test_bars_grow_from_zero_in_both_directions() -> None:
    root = parse_svg(bar_chart_svg(BUDGET))
    bars = by_class(root, "bar")
    ends = [float(b.get("x", 0)) + float(b.get("width", 0)) for b in bars[:2]]
    starts = [float(b.get("x", 0)) for b in bars[-2:]]
    # negative bars end and positive bars start at the zero line (to the SVG's 0.01 px)
    assert max(ends + starts) - min(ends + starts) <= 0.02


def test_negative_deviation_is_highlighted_in_more_than_colour() -> None:
    root = parse_svg(bar_chart_svg(BUDGET))
    negative = by_class(root, "deviation-negative")
    assert len(negative) == 1
    assert negative[0].text == f"{MINUS}10{THIN_SPACE}700"
    assert negative[0].get("font-weight") == "bold"


def test_table_rows() -> None:
    table = bar_chart_table(BUDGET)
    assert table.columns == ["Rad", "Budget", "Utfall", "Avvikelse"]
    assert table.rows[2] == ["Myndighet", f"{MINUS}45{THIN_SPACE}000", "–", "–"]
    assert table.caption.endswith("(tkr)")


def test_an_empty_bar_chart_renders() -> None:
    chart = BarChart("Inga rader", [])
    assert by_class(parse_svg(bar_chart_svg(chart)), "bar") == []
    assert open_png(bar_chart_png(chart)).size[0] == 1280


def test_png_opens_and_is_not_blank() -> None:
    data = bar_chart_png(BUDGET)
    image = open_png(data)
    assert image.size[0] == 1280
    assert not is_blank(image)
    save_artefact("bar-budget.png", data)


def test_png_keeps_white_paper_and_the_bar_colour() -> None:
    scene = bar_chart_scene(BUDGET)
    outcome = next(s for s in scene.of_class("bar") if dict(s.data)["series"] == "1")
    assert isinstance(outcome, Rect)
    image = open_png(bar_chart_png(BUDGET, scale=2)).convert("RGB")
    assert image.getpixel((2, 2)) == (255, 255, 255)
    centre = (
        round((outcome.x + outcome.width / 2) * 2),
        round((outcome.y + outcome.height / 2) * 2),
    )
    pixel = image.getpixel(centre)
    assert isinstance(pixel, tuple)
    assert all(abs(a - b) <= 8 for a, b in zip(pixel, (0x0B, 0x4F, 0x8A), strict=True))
