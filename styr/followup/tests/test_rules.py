"""Target rules judged from plain data: every rule kind, genders, missing data, tolerance."""

from __future__ import annotations

import pytest

from styr.followup.config import StatusSettings
from styr.followup.models import Status
from styr.followup.rules import (
    MET,
    NOT_ASSESSED,
    NOT_MET,
    PARTLY_MET,
    IndicatorFacts,
    Observation,
    TargetRule,
    codes_up_to,
    evaluate_indicator,
    format_number,
    parse_period,
    select_targets,
)

STRICT = StatusSettings(tolerance_percent=0, partly_when_improving=False)
DEFAULT = StatusSettings()
PERCENT_DOWN = IndicatorFacts(unit="%", direction="decrease")
PERCENT_UP = IndicatorFacts(unit="%", direction="increase")


def absolute(op: str, value: float, year: int | None = 2024, gender: str = "") -> TargetRule:
    return TargetRule(year, op, value, "absolute", gender, f"{op} {value}")


def judge(facts, targets, values, period="2024", settings=STRICT):
    observations = [Observation(p, v, g) for p, v, g in values]
    return evaluate_indicator(facts, targets, observations, period, settings)


def test_status_constants_match_the_model_choices() -> None:
    assert {MET, PARTLY_MET, NOT_MET, NOT_ASSESSED} == set(Status.values)


@pytest.mark.parametrize(
    ("op", "target", "actual", "expected"),
    [
        ("<=", 1, 1, MET),
        ("<=", 1, 1.01, NOT_MET),
        (">", 85, 85.5, MET),
        (">", 85, 85, NOT_MET),
        (">=", 85, 85, MET),
        ("<", 1500, 1499, MET),
        ("<", 1500, 1500, NOT_MET),
        ("=", 100, 100, MET),
        ("=", 100, 99, NOT_MET),
    ],
)
def test_it_judges_every_absolute_operator(
    op: str, target: float, actual: float, expected: str
) -> None:
    result = judge(IndicatorFacts(), [absolute(op, target)], [("2024", actual, "T")])
    assert result.status == expected


def test_it_explains_an_absolute_target_as_a_committee_member_reads_it() -> None:
    result = judge(
        PERCENT_DOWN,
        [absolute("<=", 1, 2020)],
        [("2020", 5.9, "T"), ("2019", 5.6, "T")],
        period="2020",
        settings=DEFAULT,
    )
    assert result.status == NOT_MET
    assert result.explanation == "Utfall 5,9 % mot målet högst 1 % (2020); föregående år 5,6 %."
    outcome = result.outcomes[0]
    assert (outcome.actual, outcome.threshold, outcome.previous) == (5.9, 1, 5.6)


def test_it_compares_with_the_previous_year() -> None:
    target = TargetRule(2024, ">", None, "previous_year", "", "> föregående år")
    better = judge(PERCENT_UP, [target], [("2023", 78, "T"), ("2024", 80, "T")])
    worse = judge(PERCENT_UP, [target], [("2023", 78, "T"), ("2024", 77, "T")])
    assert better.status == MET
    assert worse.status == NOT_MET
    assert "högre än föregående år (78 %)" in better.explanation


def test_a_required_change_in_percent_raises_the_bar() -> None:
    target = TargetRule(2024, ">=", 10, "previous_year", "", "minst 10 % bättre")
    small_rise = judge(PERCENT_UP, [target], [("2023", 50, "T"), ("2024", 54, "T")])
    enough = judge(PERCENT_UP, [target], [("2023", 50, "T"), ("2024", 55, "T")])
    assert small_rise.status == NOT_MET
    assert enough.status == MET
    assert enough.outcomes[0].threshold == pytest.approx(55)


def test_a_required_decrease_in_percent_lowers_the_bar() -> None:
    target = TargetRule(2024, "<=", 20, "previous_year", "", "20 % lägre")
    result = judge(PERCENT_DOWN, [target], [("2023", 10, "T"), ("2024", 8, "T")])
    assert result.status == MET
    assert result.outcomes[0].threshold == pytest.approx(8)


def test_previous_year_falls_back_to_a_baseline_of_that_year() -> None:
    facts = IndicatorFacts(unit="%", direction="decrease", baseline_value=9.9, baseline_year=2023)
    target = TargetRule(2024, "<", None, "previous_year", "", "< föregående år")
    result = judge(facts, [target], [("2024", 9.5, "T")])
    assert result.status == MET
    assert result.outcomes[0].previous == 9.9


def test_previous_year_uses_the_same_point_of_the_year() -> None:
    target = TargetRule(2024, "<", None, "previous_year", "", "< föregående år")
    values = [("2023-T1", 5.0, "T"), ("2023", 7.0, "T"), ("2024-T1", 6.0, "T")]
    result = judge(PERCENT_DOWN, [target], values, period="2024-T1")
    assert result.outcomes[0].previous == 5.0
    assert result.status == NOT_MET


def test_missing_previous_year_is_not_assessable() -> None:
    target = TargetRule(2024, ">", None, "previous_year", "", "> föregående år")
    result = judge(PERCENT_UP, [target], [("2024", 80, "T")])
    assert result.status == NOT_ASSESSED
    assert "Föregående års utfall saknas (2023)" in result.explanation


def test_it_compares_with_the_baseline() -> None:
    facts = IndicatorFacts(unit="%", direction="increase", baseline_value=82, baseline_year=2018)
    target = TargetRule(2024, ">", None, "baseline", "", "bättre än nuläget")
    assert judge(facts, [target], [("2024", 83, "T")]).status == MET
    result = judge(facts, [target], [("2024", 81, "T")])
    assert result.status == NOT_MET
    assert "nuläget 2018 (82 %)" in result.explanation


def test_a_baseline_target_without_a_baseline_is_not_assessable() -> None:
    target = TargetRule(2024, ">", None, "baseline", "", "bättre än nuläget")
    result = judge(PERCENT_UP, [target], [("2024", 83, "T")])
    assert result.status == NOT_ASSESSED
    assert "Nuläge saknas" in result.explanation


def test_the_target_of_the_period_year_is_used() -> None:
    targets = [absolute(">=", 90, 2020), absolute(">=", 100, 2023)]
    assert select_targets(targets, 2020, "T") == [targets[0]]
    assert select_targets(targets, 2023, "T") == [targets[1]]
    # Between target years the earlier promise stays in force; before them, the first one.
    assert select_targets(targets, 2021, "T") == [targets[0]]
    assert select_targets(targets, 2019, "T") == [targets[0]]
    result = judge(PERCENT_UP, targets, [("2023", 95, "T")], period="2023")
    assert result.status == NOT_MET
    assert "(2023)" in result.explanation


def test_a_gender_split_indicator_is_judged_per_gender() -> None:
    facts = IndicatorFacts(unit="%", direction="increase", is_gender_split=True)
    values = [("2024", 86, "T"), ("2024", 90, "K"), ("2024", 80, "M")]
    result = judge(facts, [absolute(">=", 85)], values)
    assert result.status == NOT_MET
    by_gender = {o.gender: o.status for o in result.outcomes}
    assert by_gender == {"T": MET, "K": MET, "M": NOT_MET}
    assert "Kvinnor: Utfall 90 %" in result.explanation
    assert "Män: Utfall 80 %" in result.explanation


def test_a_target_for_one_gender_applies_to_that_gender_only() -> None:
    facts = IndicatorFacts(unit="%", direction="increase", is_gender_split=True)
    targets = [absolute(">=", 85), absolute(">=", 75, gender="M")]
    values = [("2024", 86, "T"), ("2024", 90, "K"), ("2024", 80, "M")]
    result = judge(facts, targets, values)
    assert result.status == MET
    men = next(o for o in result.outcomes if o.gender == "M")
    assert men.threshold == 75


def test_a_gender_without_values_does_not_hide_the_others() -> None:
    facts = IndicatorFacts(unit="%", direction="increase", is_gender_split=True)
    result = judge(facts, [absolute(">=", 85)], [("2024", 90, "K"), ("2024", 88, "M")])
    assert result.status == MET
    assert "Totalt" not in result.explanation


def test_no_value_for_the_period_is_not_assessable() -> None:
    result = judge(PERCENT_UP, [absolute(">=", 85)], [("2023", 90, "T"), ("2024", None, "T")])
    assert result.status == NOT_ASSESSED
    assert result.explanation == "Utfall saknas för 2024."


def test_a_target_only_in_words_is_not_assessable() -> None:
    target = TargetRule(2024, "", None, "", "", "Nytt mått")
    result = judge(PERCENT_UP, [target], [("2024", 90, "T")])
    assert result.status == NOT_ASSESSED
    assert "Nytt mått" in result.explanation
    assert not result.has_numeric_target


def test_an_indicator_without_targets_is_not_assessable() -> None:
    result = judge(PERCENT_UP, [], [("2024", 90, "T")])
    assert result.status == NOT_ASSESSED
    assert "Inget målvärde" in result.explanation


def test_a_bare_number_takes_its_operator_from_the_direction() -> None:
    bare = TargetRule(2024, "", 70, "absolute", "", "70")
    assert judge(PERCENT_UP, [bare], [("2024", 70, "T")]).status == MET
    assert judge(PERCENT_UP, [bare], [("2024", 69, "T")]).status == NOT_MET
    assert judge(PERCENT_DOWN, [bare], [("2024", 69, "T")]).status == MET
    assert judge(IndicatorFacts(), [bare], [("2024", 69, "T")]).status == NOT_ASSESSED


def test_better_than_last_year_takes_its_direction_from_the_indicator() -> None:
    better = TargetRule(2024, "", None, "previous_year", "", "Bättre än föregående år")
    values = [("2023", 10, "T"), ("2024", 9, "T")]
    assert judge(PERCENT_DOWN, [better], values).status == MET
    assert judge(PERCENT_UP, [better], values).status == NOT_MET


def test_a_miss_within_the_tolerance_is_partly_met() -> None:
    settings = StatusSettings(tolerance_percent=5, partly_when_improving=False)
    near = judge(PERCENT_UP, [absolute(">=", 90)], [("2024", 86, "T")], settings=settings)
    far = judge(PERCENT_UP, [absolute(">=", 90)], [("2024", 85, "T")], settings=settings)
    assert near.status == PARTLY_MET
    assert "inom toleransen 5 % av målet" in near.explanation
    assert far.status == NOT_MET


def test_a_miss_moving_the_right_way_is_partly_met_when_the_municipality_wants_it() -> None:
    values = [("2023", 70, "T"), ("2024", 75, "T")]
    improving = StatusSettings(tolerance_percent=0, partly_when_improving=True)
    result = judge(PERCENT_UP, [absolute(">=", 90)], values, settings=improving)
    assert result.status == PARTLY_MET
    assert "åt rätt håll" in result.explanation
    assert judge(PERCENT_UP, [absolute(">=", 90)], values, settings=STRICT).status == NOT_MET


def test_an_equality_target_counts_getting_closer_as_the_right_way() -> None:
    improving = StatusSettings(tolerance_percent=0, partly_when_improving=True)
    values = [("2023", 80, "T"), ("2024", 95, "T")]
    result = judge(IndicatorFacts(unit="%"), [absolute("=", 100)], values, settings=improving)
    assert result.status == PARTLY_MET


def test_a_yearly_indicator_at_a_tertial_uses_the_latest_value_so_far() -> None:
    values = [("2024-03", 4.0, "T"), ("2024-06", 3.0, "T"), ("2024-10", 9.0, "T")]
    result = judge(PERCENT_DOWN, [absolute("<=", 3.5)], values, period="2024-T2")
    assert result.status == MET
    assert result.outcomes[0].actual_period == "2024-06"
    assert "(2024-06)" in result.explanation


def test_a_whole_year_value_wins_over_december() -> None:
    values = [("2024-12", 4.0, "T"), ("2024", 3.0, "T")]
    result = judge(PERCENT_DOWN, [absolute("<=", 3.5)], values, period="2024")
    assert result.outcomes[0].actual == 3.0


def test_all_targets_of_a_year_must_hold() -> None:
    targets = [absolute(">=", 85), TargetRule(2024, ">", None, "previous_year", "", "")]
    values = [("2023", 90, "T"), ("2024", 88, "T")]
    result = judge(PERCENT_UP, targets, values)
    assert [o.status for o in result.outcomes] == [MET, NOT_MET]
    assert result.status == NOT_MET


def test_period_codes_parse_to_their_end() -> None:
    assert parse_period("2024-T2").end_month == 8
    assert parse_period("2024-H1").end_month == 6
    assert parse_period("2024-Q3").end_month == 9
    assert parse_period("2024-03").end_month == 3
    assert parse_period("2024").span_months == 12
    with pytest.raises(ValueError, match="Ogiltig period"):
        parse_period("2024-T4")
    assert set(codes_up_to("2024-T1")) == {
        "2024-01",
        "2024-02",
        "2024-03",
        "2024-04",
        "2024-T1",
        "2024-Q1",
    }


@pytest.mark.parametrize(
    ("value", "text"),
    [(5.6, "5,6"), (1034578, "1 034 578"), (0, "0"), (-0.25, "-0,25"), (1510.0, "1 510")],
)
def test_numbers_are_written_the_swedish_way(value: float, text: str) -> None:
    assert format_number(value) == text


def test_an_explanation_read_later_is_in_the_language_it_was_judged_in(monkeypatch) -> None:
    # Explanations are written when first read (bulk runs seldom read them); they must
    # still come out in the language active at the judgement, and reading one under another
    # language must not leave that language's remembered sentences wrong.
    from django.utils import translation

    from styr.followup import rules

    monkeypatch.setattr(rules, "gettext", lambda message: f"[{translation.get_language()}]")
    monkeypatch.setattr(rules, "_TRANSLATED", {})
    with translation.override("en"):
        in_english = judge(PERCENT_DOWN, [absolute("<=", 1)], [("2024", 5.9, "T")])
    with translation.override("sv"):
        assert in_english.explanation.startswith("[en]")
        in_swedish = judge(PERCENT_DOWN, [absolute("<=", 1)], [("2024", 5.9, "T")])
        assert in_swedish.explanation.startswith("[sv]")
    assert in_english.status == in_swedish.status == NOT_MET
