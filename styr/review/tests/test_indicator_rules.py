from __future__ import annotations

from styr.review.findings import Severity
from styr.review.tests.builders import findings, goal, indicator, plan_doc, with_code

GOALS = [goal("g1", "Fler får stöd i tid")]


def doc_with(*indicators: dict, period: tuple[int, int] = (2024, 2024)) -> dict:
    return plan_doc(goals=GOALS, indicators=list(indicators), period=period)


def test_a_complete_indicator_gives_no_finding() -> None:
    assert findings(doc_with(indicator("i1"))) == []


def test_missing_baseline_target_source_and_frequency_are_each_reported() -> None:
    doc = doc_with(indicator("i1", baseline=None, targets=[], data_source=None, frequency=None))
    for code in (
        "indicator.no_baseline",
        "indicator.no_target",
        "indicator.no_data_source",
        "indicator.no_frequency",
    ):
        assert [f.item_id for f in with_code(doc, code)] == ["i1"], code


def test_a_kolada_kpi_counts_as_data_source() -> None:
    doc = doc_with(indicator("i1", data_source=None, kolada_kpi="U23471"))
    assert with_code(doc, "indicator.no_data_source") == []


def test_a_baseline_given_only_as_text_is_information() -> None:
    doc = doc_with(indicator("i1", baseline={"value": None, "year": None, "text": "Nytt mått"}))
    found = with_code(doc, "indicator.no_baseline")
    assert found[0].severity is Severity.INFO
    assert "Nytt mått" in found[0].message


def test_a_text_only_target_is_not_measurable() -> None:
    target = {
        "year": 2024,
        "op": None,
        "value": None,
        "relative_to": None,
        "text": "Ska förbättras",
    }
    found = with_code(
        doc_with(indicator("i1", targets=[target])), "indicator.target_not_measurable"
    )
    assert [f.details["year"] for f in found] == [2024]


def test_a_relative_target_without_value_is_measurable() -> None:
    target = {
        "year": 2024,
        "op": ">",
        "value": None,
        "relative_to": "previous_year",
        "text": "> föregående år",
    }
    assert (
        with_code(doc_with(indicator("i1", targets=[target])), "indicator.target_not_measurable")
        == []
    )


def test_a_lone_stray_target_year_is_reported() -> None:
    targets = [
        {"year": 2020, "op": ">=", "value": 55, "relative_to": "absolute", "text": "55 %"},
        {"year": 2024, "op": ">=", "value": 60, "relative_to": "absolute", "text": "60 %"},
    ]
    other = [{"year": 2023, "op": ">=", "value": 60, "relative_to": "absolute", "text": "60 %"}]
    doc = doc_with(
        indicator("i1", targets=targets), indicator("i2", targets=other), period=(2020, 2023)
    )
    found = with_code(doc, "indicator.target_outside_period")
    assert [(f.item_id, f.details["year"]) for f in found] == [("i1", 2024)]


def test_a_shared_long_term_horizon_is_one_plan_level_note() -> None:
    target = [{"year": 2027, "op": ">=", "value": 100, "relative_to": "absolute", "text": "100 %"}]
    doc = doc_with(indicator("i1", targets=target), indicator("i2", targets=target))
    assert with_code(doc, "indicator.target_outside_period") == []
    found = with_code(doc, "indicator.targets_beyond_period")
    assert len(found) == 1 and found[0].details["years"] == [2027]


def test_a_target_worse_than_the_baseline_is_on_the_wrong_side() -> None:
    decreasing = indicator(
        "i1",
        direction="decrease",
        baseline={"value": 9.9, "year": 2023, "text": "9,9 %"},
        targets=[
            {"year": 2024, "op": "<=", "value": 11, "relative_to": "absolute", "text": "11 %"}
        ],
    )
    found = with_code(doc_with(decreasing), "indicator.target_wrong_side")
    assert [(f.details["baseline"], f.details["target"]) for f in found] == [(9.9, 11.0)]


def test_a_target_better_than_the_baseline_or_without_direction_is_fine() -> None:
    unknown = indicator(
        "i2",
        direction=None,
        targets=[{"year": 2024, "op": ">=", "value": 10, "relative_to": "absolute", "text": "10"}],
    )
    assert with_code(doc_with(indicator("i1"), unknown), "indicator.target_wrong_side") == []


def test_previous_year_rule_without_anything_earlier_is_reported() -> None:
    target = [
        {
            "year": 2024,
            "op": ">",
            "value": None,
            "relative_to": "previous_year",
            "text": "> föregående år",
        }
    ]
    doc = doc_with(indicator("i1", baseline=None, targets=target))
    assert [f.item_id for f in with_code(doc, "indicator.previous_year_without_base")] == ["i1"]


def test_previous_year_rule_with_a_baseline_or_earlier_value_is_fine() -> None:
    target = [
        {
            "year": 2024,
            "op": ">",
            "value": None,
            "relative_to": "previous_year",
            "text": "> föregående år",
        }
    ]
    measured = indicator(
        "i2", baseline=None, targets=target, values=[{"period": "2023", "value": 12, "gender": "T"}]
    )
    doc = doc_with(indicator("i1", targets=target), measured)
    assert with_code(doc, "indicator.previous_year_without_base") == []
