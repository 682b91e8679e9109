"""Goal fulfilment summary: stacked bars by status, labelled with symbol and count."""

from __future__ import annotations

from django.utils import translation

from styr.charts.summary import (
    StatusRow,
    StatusSummaryChart,
    status_summary_png,
    status_summary_svg,
    status_summary_table,
)
from styr.charts.tests.helpers import by_class, is_blank, open_png, parse_svg, save_artefact

CHART = StatusSummaryChart(
    "Måluppfyllelse T2 2024",
    [
        StatusRow("Hela planen", {"met": 12, "partly_met": 5, "not_met": 3, "not_assessed": 2}),
        StatusRow("Nämndmål", {"met": 3, "partly_met": 1}),
        StatusRow("Verksamhetsmål med ett långt namn", {"not_met": 1}),
        StatusRow("Utan mål", {}),
    ],
    row_header="Nivå",
)


def test_segments_are_sized_by_count_and_say_symbol_and_count() -> None:
    with translation.override("sv"):
        root = parse_svg(status_summary_svg(CHART))
    segments = [s for s in by_class(root, "segment") if s.get("data-row") == "0"]
    assert [s.get("data-status") for s in segments] == [
        "met",
        "partly_met",
        "not_met",
        "not_assessed",
    ]
    widths = [float(s.get("width", 0)) for s in segments]
    assert abs(widths[0] / widths[1] - 12 / 5) < 1e-3
    labels = [el.text for el in by_class(root, "segment-label")]
    assert "● 12" in labels and "◐ 5" in labels and "✕ 3" in labels
    assert len(by_class(root, "segment-empty")) == 1


def test_legend_and_table_name_every_status() -> None:
    with translation.override("sv"):
        root = parse_svg(status_summary_svg(CHART))
        table = status_summary_table(CHART)
    assert [el.text for el in by_class(root, "legend")] == [
        "● Uppfyllt",
        "◐ Delvis uppfyllt",
        "✕ Ej uppfyllt",
        "– Ej bedömt",
    ]
    assert table.columns == [
        "Nivå",
        "Uppfyllt",
        "Delvis uppfyllt",
        "Ej uppfyllt",
        "Ej bedömt",
        "Totalt",
    ]
    assert table.rows[0] == ["Hela planen", "12", "5", "3", "2", "22"]
    assert table.rows[3] == ["Utan mål", "0", "0", "0", "0", "0"]


def test_png_opens_and_is_not_blank() -> None:
    with translation.override("sv"):
        data = status_summary_png(CHART)
    assert not is_blank(open_png(data))
    save_artefact("status-summary.png", data)
