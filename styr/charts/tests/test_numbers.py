"""Swedish number notation: decimal comma, thin-space thousands, a true minus sign."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from styr.charts.numbers import (
    MINUS,
    THIN_SPACE,
    decimals_for_step,
    format_number,
    format_value,
    nice_ticks,
)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234567.5, None, f"1{THIN_SPACE}234{THIN_SPACE}567,5"),
        (5.6, None, "5,6"),
        (-0.25, None, f"{MINUS}0,25"),
        (1000, None, f"1{THIN_SPACE}000"),
        (0, None, "0"),
        (12.345, None, "12,35"),
        (2.5, 2, "2,50"),
        (2.5, 0, "2"),
        (-0.001, None, "0"),
        (None, None, "–"),
        (float("nan"), None, "–"),
    ],
)
def test_it_formats_numbers_the_swedish_way(
    value: float | None, decimals: int | None, expected: str
) -> None:
    assert format_number(value, decimals) == expected


def test_a_value_keeps_its_unit() -> None:
    assert format_value(12.5, "%") == f"12,5{THIN_SPACE}%"
    assert format_value(1500, "tkr") == f"1{THIN_SPACE}500 tkr"
    assert format_value(3, "") == "3"
    assert format_value(None, "tkr") == "–"


def test_decimals_follow_the_tick_step() -> None:
    assert decimals_for_step(5) == 0
    assert decimals_for_step(0.5) == 1
    assert decimals_for_step(0.25) == 2
    assert decimals_for_step(2.5) == 1


def test_ticks_are_round_and_cover_the_range() -> None:
    assert nice_ticks(0, 97) == [0, 20, 40, 60, 80, 100]
    assert nice_ticks(71, 85) == [70, 75, 80, 85]
    assert nice_ticks(0.1, 0.9) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert nice_ticks(5, 5)[0] < 5 < nice_ticks(5, 5)[-1]


@given(
    st.floats(-1e9, 1e9, allow_nan=False),
    st.floats(-1e9, 1e9, allow_nan=False),
)
def test_ticks_always_cover_both_ends(a: float, b: float) -> None:
    ticks = nice_ticks(a, b)
    assert ticks[0] <= min(a, b) + 1e-6 * max(1, abs(a), abs(b))
    assert ticks[-1] >= max(a, b) - 1e-6 * max(1, abs(a), abs(b))
    assert 2 <= len(ticks) <= 12
    assert ticks == sorted(ticks)


@given(st.floats(-1e12, 1e12, allow_nan=False))
def test_a_formatted_number_has_no_dot_or_ascii_minus(value: float) -> None:
    text = format_number(value)
    assert "." not in text and "-" not in text
    assert text.replace(THIN_SPACE, "").replace(",", "").lstrip(MINUS).isdigit()
