from __future__ import annotations

import pytest

from styr.kolada.comparison import compare_values

PEERS = {"0484": 6.2, "0582": 2.4, "1862": None, "0581": 5.1}


def test_it_gives_rank_median_quartiles_and_n() -> None:
    result = compare_values("0581", PEERS, national=3.9, direction="decrease")

    assert result.n == 3
    assert result.missing == ["1862"]
    assert result.median == 5.1
    assert result.q1 == pytest.approx(3.75)
    assert result.q3 == pytest.approx(5.65)
    assert result.mean == pytest.approx((6.2 + 2.4 + 5.1) / 3)
    assert result.rank == 2  # lower is better: 2.4 first, 5.1 second
    assert result.versus_national == "higher"


def test_rank_follows_the_direction_of_the_indicator() -> None:
    assert compare_values("0581", PEERS, direction="increase").rank == 2
    assert compare_values("0484", PEERS, direction="decrease").rank == 3
    assert compare_values("0484", PEERS, direction=None).rank == 1


def test_ties_share_a_rank() -> None:
    result = compare_values("a", {"a": 2.0, "b": 2.0, "c": 3.0}, direction="increase")
    assert result.rank == 2
    assert compare_values("c", {"a": 2.0, "b": 2.0, "c": 3.0}, direction="decrease").rank == 3


def test_the_municipality_is_counted_once_when_not_among_the_peers() -> None:
    result = compare_values("0581", {"0484": 6.2, "0582": 2.4}, own_value=5.1)
    assert result.n == 3
    assert result.median == 5.1


def test_better_than_mean_depends_on_the_direction() -> None:
    values = {"a": 1.0, "b": 2.0, "c": 6.0}  # mean 3
    assert compare_values("a", values, direction="decrease").better_than_mean is True
    assert compare_values("a", values, direction="increase").better_than_mean is False
    assert compare_values("a", values).better_than_mean is None
    assert compare_values("a", values).versus_mean == "lower"


def test_a_single_value_is_its_own_median_and_quartiles() -> None:
    result = compare_values("a", {"a": 4.0})
    assert (result.q1, result.median, result.q3, result.rank, result.n) == (4.0, 4.0, 4.0, 1, 1)


def test_a_missing_own_value_has_no_rank_and_says_so() -> None:
    result = compare_values("1862", PEERS)
    assert result.rank is None
    assert result.value is None
    assert "saknar värde" in result.summary()


def test_the_summary_states_the_comparison_in_swedish() -> None:
    result = compare_values(
        "0581", PEERS, national=3.9, direction="decrease", group_label="jämförelsegruppen"
    )
    text = result.summary()
    assert "högre än genomsnittet (4,6) för jämförelsegruppen" in text
    assert "plats 2 av 3" in text
    assert "riket 3,9" in text
    assert text.endswith("Källa: Kolada")
