"""A line chart built from an indicator's measurements and targets."""

from __future__ import annotations

from types import SimpleNamespace

from styr.charts.indicators import indicator_line_chart
from styr.charts.line import line_chart_svg, line_chart_table
from styr.charts.tests.helpers import by_class, parse_svg


def measurement(period: str, value: float | None, gender: str = "T") -> SimpleNamespace:
    return SimpleNamespace(period=period, value=value, gender=gender)


def target(
    year: int | None, value: float | None, op: str = ">=", relative_to: str = "", gender: str = ""
) -> SimpleNamespace:
    return SimpleNamespace(year=year, value=value, op=op, relative_to=relative_to, gender=gender)


INDICATOR = SimpleNamespace(
    name="Andel återaktualiseringar", unit="%", baseline_value=20.0, baseline_year=2022
)


def test_one_series_with_targets_baseline_and_peer() -> None:
    chart = indicator_line_chart(
        INDICATOR,
        [measurement("2022", 20.0), measurement("2023", 18.5), measurement("2024", None)],
        [target(2024, 15, "<="), target(2027, 12, "<="), target(2023, 10, "<", "previous_year")],
        peers=[("Liknande kommuner", {"2022": 19.0, "2023": 19.5})],
    )
    assert chart.title == "Andel återaktualiseringar"
    assert [s.label for s in chart.series] == ["Utfall", "Liknande kommuner"]
    # the target year 2027 extends the axis, and the years between keep time evenly spaced
    assert list(chart.periods or []) == ["2022", "2023", "2024", "2025", "2026", "2027"]
    table = line_chart_table(chart)
    assert table.columns == ["Period", "Utfall", "Liknande kommuner", "Mål"]
    assert [row[3] for row in table.rows] == ["–", "–", "15", "–", "–", "12"]
    assert chart.baseline is not None and chart.baseline.period == "2022"


def test_gender_split_gives_a_series_and_target_per_gender() -> None:
    chart = indicator_line_chart(
        INDICATOR,
        [measurement("2023", v, g) for g, v in (("T", 10), ("K", 12), ("M", 8))],
        [target(2023, 9, gender="K"), target(2023, 7, gender="M")],
    )
    assert [s.label for s in chart.series] == ["Totalt", "Kvinnor", "Män"]
    assert [t.label for t in chart.targets] == ["Mål kvinnor", "Mål män"]
    root = parse_svg(line_chart_svg(chart))
    assert len(by_class(root, "marker")) == 3


def test_undated_and_baseline_relative_targets() -> None:
    chart = indicator_line_chart(
        INDICATOR,
        [measurement("2023", 19), measurement("2024", 17)],
        [target(None, 10, "<=", "baseline")],
    )
    # 10 % lower than the baseline 20 → 18, for every year shown
    assert [row[2] for row in line_chart_table(chart).rows] == ["18", "18"]


def test_an_indicator_without_data_gives_an_empty_chart() -> None:
    chart = indicator_line_chart(SimpleNamespace(name="Ny", unit=""), [])
    assert chart.series == []
    assert line_chart_table(chart).rows == []
    parse_svg(line_chart_svg(chart))
