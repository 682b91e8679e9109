from __future__ import annotations

import pytest

from styr.importer.interpret.targets import infer_direction, parse_target


@pytest.mark.parametrize(
    ("text", "direction", "op", "value", "relative_to"),
    [
        ("< 1500", None, "<", 1500, "absolute"),
        ("<940 000", None, "<", 940000, "absolute"),
        ("85% >", None, ">=", 85, "absolute"),
        ("91 %>", None, ">=", 91, "absolute"),
        ("> 90 %", None, ">", 90, "absolute"),
        ("ca 25 %", "increase", ">=", 25, "absolute"),
        ("1 %", "decrease", "<=", 1, "absolute"),
        ("70", "increase", ">=", 70, "absolute"),
        ("högst 5", None, "<=", 5, "absolute"),
        ("> förgående år", None, ">", None, "previous_year"),
        ("< föregående år", None, "<", None, "previous_year"),
        ("Bättre än föregående år", "increase", ">", None, "previous_year"),
        ("Bättre än föregående år", "decrease", "<", None, "previous_year"),
        ("Nytt mått", None, None, None, None),
    ],
)
def test_it_turns_target_text_into_a_rule(
    text: str, direction: str | None, op: str | None, value: float | None, relative_to: str | None
) -> None:
    target = parse_target(text, 2020, direction)
    assert target is not None
    assert (target["op"], target["value"], target["relative_to"]) == (op, value, relative_to)
    assert target["text"] == text
    assert target["year"] == 2020


def test_a_year_in_parentheses_overrides_the_column_year() -> None:
    target = parse_target("50% (2024)", 2023, "increase")
    assert target is not None
    assert (target["year"], target["value"]) == (2024, 50)


def test_an_empty_cell_is_no_target() -> None:
    assert parse_target("–", 2020, None) is None


@pytest.mark.parametrize(
    ("baseline", "targets", "expected"),
    [
        (5.6, ["1 %", "0%"], "decrease"),
        (26, ["40 %", "100 %"], "increase"),
        (None, ["90%", "100%"], "increase"),
        (None, ["< förgående år"], "decrease"),
        (None, ["100 %"], "increase"),
        (1731, ["1250 kr/invånare"], "decrease"),
    ],
)
def test_it_infers_which_way_is_better(
    baseline: float | None, targets: list[str], expected: str
) -> None:
    assert infer_direction("Något mått", baseline, targets) == expected
