from __future__ import annotations

import pytest

from styr.importer.interpret.numbers import is_empty_cell, parse_amount, value_and_year


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("- 723", -723),
        ("- 23 271", -23271),
        ("<b>- 273 956</b>", -273956),
        ("621,8", 621.8),
        ("-331,6", -331.6),
        ("55%", 55),
        ("4274", 4274),
        ("0,0", 0.0),
        ("1\u00a0034\u00a0578", 1034578),
        ("−46,7", -46.7),
    ],
)
def test_it_reads_swedish_amounts(cell: str, expected: float) -> None:
    assert parse_amount(cell) == expected


@pytest.mark.parametrize("cell", ["Nytt mått", "Budget 2020", "ca 25 %", ""])
def test_it_refuses_cells_that_are_not_one_number(cell: str) -> None:
    assert parse_amount(cell) is None


@pytest.mark.parametrize("cell", ["", "-", "–", " . "])
def test_a_dash_is_an_empty_cell(cell: str) -> None:
    assert is_empty_cell(cell)


@pytest.mark.parametrize(
    ("text", "value", "year"),
    [
        ("5,6 % 2018", 5.6, 2018),
        ("1510 (2018)", 1510, 2018),
        ("1 034 578 (2018)", 1034578, 2018),
        ("33 (jan-oktober 2019)", 33, 2019),
        ("Nytt mått", None, None),
        ("1731 kr/invånare (2022, Kolada)", 1731, 2022),
        ("78", 78, None),
    ],
)
def test_it_splits_a_baseline_into_value_and_year(
    text: str, value: float | None, year: int | None
) -> None:
    assert value_and_year(text) == (value, year)
