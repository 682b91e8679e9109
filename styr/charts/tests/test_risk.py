"""The risk matrix heat map: risks in the right cells before and after actions, levels as
text, an accessible table, PNG output."""

from __future__ import annotations

from types import SimpleNamespace

from styr.charts.risk import (
    AFTER,
    BEFORE,
    RiskMatrixChart,
    RiskPoint,
    matrix_levels,
    risk_cells,
    risk_level,
    risk_matrix_png,
    risk_matrix_svg,
    risk_points,
    risk_table,
)
from styr.charts.tests.helpers import SVG, by_class, is_blank, open_png, parse_svg, save_artefact
from styr.internal_control.models import default_matrix_definition, validate_matrix_definition

DEFINITION = default_matrix_definition()
RISKS = [
    RiskPoint("1", "Brister i dokumentation", 4, 4, 2, 3),
    RiskPoint("2", "Hot och våld", 4, 4, 3, 3),
    RiskPoint("3", "Felaktiga utbetalningar", 5, 3),
    RiskPoint("4", "Sekretessbrott", 2, 5, 1, 5),
    RiskPoint("5", "Ej bedömd", None, None),
]
CHART = RiskMatrixChart("Riskmatris 2024", DEFINITION, RISKS)


def test_the_default_definition_is_valid() -> None:
    validate_matrix_definition(DEFINITION)


def test_levels_map_to_the_stylesheet_classes() -> None:
    levels = matrix_levels(DEFINITION)
    assert [lv.css_class for lv in levels] == [
        "level-low",
        "level-medium",
        "level-high",
        "level-very-high",
    ]
    assert risk_level(DEFINITION, 12).name == "Hög"  # type: ignore[union-attr]
    assert risk_level(DEFINITION, 30) is None


def test_cells_list_the_risks_highest_probability_first() -> None:
    rows = risk_cells(DEFINITION, RISKS)
    assert [row[0].probability for row in rows] == [5, 4, 3, 2, 1]
    assert [cell.consequence for cell in rows[0]] == [1, 2, 3, 4, 5]
    cell = rows[5 - 4][4 - 1]
    assert (cell.probability, cell.consequence, cell.score) == (4, 4, 16)
    assert [r.number for r in cell.risks] == ["1", "2"]
    assert cell.level is not None and cell.level.name == "Mycket hög"
    after = risk_cells(DEFINITION, RISKS, AFTER)
    assert [r.number for r in after[5 - 3][3 - 1].risks] == ["2"]
    assert sum(len(c.risks) for row in after for c in row) == 3  # 3 and 5 have no residual


def test_a_matrix_under_a_caption_leaves_its_title_out_but_keeps_its_name() -> None:
    from dataclasses import replace

    with_title = parse_svg(risk_matrix_svg(CHART))
    captioned = parse_svg(risk_matrix_svg(replace(CHART, show_title=False)))
    assert [el.text for el in by_class(with_title, "chart-title")] == ["Riskmatris 2024"]
    assert by_class(captioned, "chart-title") == []
    assert captioned.find(f"{SVG}title").text == "Riskmatris 2024"  # type: ignore[union-attr]


def test_svg_places_each_risk_marker_inside_its_cell() -> None:
    root = parse_svg(risk_matrix_svg(CHART))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Riskmatris 2024"  # type: ignore[union-attr]
    cells = {
        (el.get("data-panel"), el.get("data-probability"), el.get("data-consequence")): el
        for el in by_class(root, "cell")
    }
    assert len(cells) == 50
    markers = by_class(root, "risk-marker")
    placed = {(m.get("data-panel"), m.get("data-risk")) for m in markers}
    assert placed == {
        (BEFORE, "1"),
        (BEFORE, "2"),
        (BEFORE, "3"),
        (BEFORE, "4"),
        (AFTER, "1"),
        (AFTER, "2"),
        (AFTER, "4"),
    }
    expected = {
        (BEFORE, "1"): (4, 4),
        (BEFORE, "3"): (5, 3),
        (BEFORE, "4"): (2, 5),
        (AFTER, "1"): (2, 3),
        (AFTER, "2"): (3, 3),
        (AFTER, "4"): (1, 5),
    }
    for marker in markers:
        key = (marker.get("data-panel", ""), marker.get("data-risk", ""))
        if key not in expected:
            continue
        p, c = expected[key]
        cell = cells[(key[0], str(p), str(c))]
        x, y = float(marker.get("cx", 0)), float(marker.get("cy", 0))
        left, top = float(cell.get("x", 0)), float(cell.get("y", 0))
        assert left < x < left + float(cell.get("width", 0)), key
        assert top < y < top + float(cell.get("height", 0)), key


def test_cells_name_their_level_in_text() -> None:
    root = parse_svg(risk_matrix_svg(CHART))
    names = {el.text for el in by_class(root, "cell-level")}
    assert names == {"Låg", "Medel", "Hög", "Mycket hög"}
    assert {el.text for el in by_class(root, "axis-title")} == {"Sannolikhet", "Konsekvens"}


def test_a_crowded_cell_shows_how_many_more() -> None:
    crowd = [RiskPoint(str(i), f"Risk {i}", 3, 3) for i in range(1, 12)]
    root = parse_svg(risk_matrix_svg(RiskMatrixChart("Trångt", DEFINITION, crowd, (BEFORE,))))
    shown = len(by_class(root, "risk-marker"))
    more = [el for el in by_class(root, "risk-number") if (el.text or "").startswith("+")]
    assert len(more) == 1 and more[0].text == f"+{11 - shown}"


def test_table_gives_each_risk_with_score_and_level() -> None:
    table = risk_table(CHART)
    assert table.columns[:6] == ["Nr", "Risk", "Sannolikhet", "Konsekvens", "Riskvärde", "Risknivå"]
    assert table.rows[0] == [
        "1",
        "Brister i dokumentation",
        "4",
        "4",
        "16",
        "Mycket hög",
        "2",
        "3",
        "6",
        "Medel",
    ]
    assert table.rows[4][2:] == ["–"] * 8


def test_risk_points_from_model_like_objects() -> None:
    risks = [
        SimpleNamespace(
            code="R7",
            title="A",
            probability=3,
            consequence=2,
            residual_probability=None,
            residual_consequence=None,
        ),
        SimpleNamespace(
            code="",
            title="B",
            probability=1,
            consequence=1,
            residual_probability=1,
            residual_consequence=1,
        ),
    ]
    points = risk_points(risks)
    assert [p.number for p in points] == ["R7", "2"]


def test_a_four_by_four_matrix_from_data() -> None:
    definition = {
        "probability": ["Låg", "Medel", "Hög", "Mycket hög"],
        "consequence": ["Liten", "Måttlig", "Stor", "Mycket stor"],
        "levels": [
            {"name": "Acceptabel", "min": 1, "max": 3, "colour": "#2e7d32"},
            {"name": "Bevaka", "min": 4, "max": 8, "colour": "#f9a825"},
            {"name": "Åtgärda", "min": 9, "max": 16, "colour": "#c62828"},
        ],
    }
    validate_matrix_definition(definition)
    chart = RiskMatrixChart("4×4", definition, [RiskPoint("1", "X", 4, 4)], (BEFORE,))
    root = parse_svg(risk_matrix_svg(chart))
    assert len(by_class(root, "cell")) == 16
    # the same classes as the web page's HTML matrix gives these levels
    from styr.internal_control.services import level_for

    web_levels = [level_for(definition, score) for score in (1, 4, 9)]
    assert [lv.css_class for lv in matrix_levels(definition)] == [
        lv.css if lv else "" for lv in web_levels
    ]


def test_png_opens_and_is_not_blank() -> None:
    data = risk_matrix_png(CHART, scale=1)
    svg = parse_svg(risk_matrix_svg(CHART))
    image = open_png(data)
    assert image.size == (int(float(svg.get("width", 0))), int(float(svg.get("height", 0))))
    assert not is_blank(image)
    save_artefact("risk-matrix.png", risk_matrix_png(CHART))
    vertical = RiskMatrixChart(
        "Riskmatris 2024", DEFINITION, RISKS, layout="vertical", list_risks=True
    )
    save_artefact("risk-matrix-vertical.png", risk_matrix_png(vertical))
