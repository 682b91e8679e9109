from __future__ import annotations

from styr.review.config import ReviewSettings
from styr.review.rules.goals import parse_code, states_a_level
from styr.review.tests.builders import goal, indicator, plan_doc, with_code


def test_a_goal_without_indicator_criterion_or_figure_is_unmeasurable() -> None:
    doc = plan_doc(goals=[goal("g1", "Samverkan ska utvecklas.")])
    found = with_code(doc, "goal.unmeasurable")
    assert [f.item_id for f in found] == ["g1"]
    assert "Samverkan ska utvecklas" in found[0].message


def test_a_goal_with_a_criterion_an_indicator_or_a_figure_is_measurable() -> None:
    doc = plan_doc(
        goals=[
            goal("g1", "Samverkan ska utvecklas.", criteria=["Årlig redovisning av samverkan."]),
            goal("g2", "Tillgängligheten ska öka."),
            goal("g3", "Sjuktalet har minskat till 6,5 % inom förvaltningen."),
            goal("g4", "Samtliga chefer har gått ledarskapsutbildning."),
        ],
        indicators=[indicator("i1", "g2")],
    )
    assert with_code(doc, "goal.unmeasurable") == []


def test_a_goal_measured_through_a_sub_goal_is_measurable() -> None:
    doc = plan_doc(
        goals=[goal("g1", "Bättre stöd."), goal("g2", "Stöd i tid.", level="delmål", parent="g1")],
        indicators=[indicator("i1", "g2")],
    )
    assert with_code(doc, "goal.unmeasurable") == []


def test_framing_levels_and_council_goals_are_not_asked_for_measures() -> None:
    doc = plan_doc(
        goals=[
            goal("g1", "Ett tryggt län", level="strategiskt mål"),
            goal("g2", "Utveckla samverkan", level="uppdrag"),
        ]
    )
    assert with_code(doc, "goal.unmeasurable") == []


def test_years_and_ordinals_are_not_figures() -> None:
    assert not states_a_level("Socialnämnden ska tydliggöra en 1:a linjens socialtjänst under 2024")
    assert states_a_level("Minst 30 deltagare har deltagit.")


def test_a_committee_goal_without_parent_is_unlinked_when_the_plan_has_council_goals() -> None:
    doc = plan_doc(
        goals=[
            goal("k1", "Hållbar ekonomi", level="långsiktigt mål"),
            goal("g1", "Budget i balans", parent="k1", criteria=["x"]),
            goal("g2", "Fler bor kvar hemma", criteria=["x"]),
        ]
    )
    assert [f.item_id for f in with_code(doc, "goal.unlinked")] == ["g2"]


def test_no_unlink_finding_when_the_plan_has_no_goals_above_the_committee() -> None:
    doc = plan_doc(
        goals=[goal("v", "Vision 2035", level="vision"), goal("g1", "Mål", criteria=["x"])]
    )
    assert with_code(doc, "goal.unlinked") == []


def test_a_goal_set_under_a_childless_development_area_is_not_unlinked() -> None:
    doc = plan_doc(
        goals=[
            goal("k1", "Hållbar ekonomi", level="långsiktigt mål"),
            goal("u1", "dialog med brukare", level="utvecklingsområde"),
            goal("g1", "Brukare är delaktiga", criteria=["x"]),
        ]
    )
    assert with_code(doc, "goal.unlinked") == []


def test_two_goals_with_nearly_the_same_wording_are_duplicates() -> None:
    doc = plan_doc(
        goals=[
            goal("g1", "Andelen hushåll med försörjningsstöd ska minska.", criteria=["x"]),
            goal("g2", "Andelen hushåll med försörjningsstöd ska minska", criteria=["x"]),
        ]
    )
    found = with_code(doc, "goal.duplicate")
    assert [f.item_id for f in found] == ["g2"]
    assert found[0].details["duplicate_of"] == "g1"


def test_the_same_goal_for_two_years_or_levels_is_not_a_duplicate() -> None:
    doc = plan_doc(
        goals=[
            goal("g1", "Försörjningsstödet minskar med 10 %", period={"from": 2018, "to": 2018}),
            goal("g2", "Försörjningsstödet minskar med 10 %", period={"from": 2019, "to": 2019}),
            goal("s1", "Integration", level="strategiskt mål"),
            goal("u1", "Integration", level="utvecklingsområde", parent="s1"),
            goal("g3", "Barn får stöd i tid", criteria=["x"]),
        ]
    )
    assert with_code(doc, "goal.duplicate") == []


def test_the_similarity_threshold_is_a_setting() -> None:
    doc = plan_doc(
        goals=[
            goal("g1", "Barn får stöd i tid", criteria=["x"]),
            goal("g2", "Barn får hjälp i tid", criteria=["x"]),
        ]
    )
    assert with_code(doc, "goal.duplicate") == []
    assert (
        len(with_code(doc, "goal.duplicate", settings=ReviewSettings(duplicate_similarity=0.7)))
        == 1
    )


def test_a_gap_in_the_numbering_is_reported() -> None:
    doc = plan_doc(
        goals=[
            goal("g1", "A", code="1", criteria=["x"]),
            goal("g2", "B", code="2", criteria=["x"]),
            goal("g3", "C", code="4", criteria=["x"]),
        ]
    )
    found = with_code(doc, "goal.numbering")
    assert [f.item_id for f in found] == ["g3"]
    assert found[0].details == {"number": 4, "previous": 2}


def test_numbering_may_start_again_under_a_new_heading() -> None:
    doc = plan_doc(
        goals=[
            goal("g1", "A", code="Mål 1", criteria=["x"]),
            goal("g2", "B", code="Mål 2", criteria=["x"]),
            goal("g3", "C", code="1", level="uppdrag"),
            goal("g4", "D", code="1", level="uppdrag"),
            goal("g5", "E", code="2", level="uppdrag"),
        ]
    )
    assert with_code(doc, "goal.numbering") == []


def test_a_sub_number_must_belong_to_its_parent() -> None:
    doc = plan_doc(
        goals=[
            goal("g1", "A", code="1", criteria=["x"]),
            goal("g2", "B", code="1 a", level="inriktning", parent="g1"),
            goal("g3", "C", code="2 b", level="inriktning", parent="g1"),
        ]
    )
    found = with_code(doc, "goal.numbering")
    assert [f.item_id for f in found] == ["g3"]


def test_codes_parse_with_labels_and_letters() -> None:
    assert parse_code("Mål 3") == ("mål", 3, None)
    assert parse_code("2 b") == ("", 2, "b")
    assert parse_code("1.2") == ("", 1, "2")
    assert parse_code("A") is None


def test_main_numbers_run_across_parents() -> None:
    doc = plan_doc(
        goals=[
            goal("k1", "A", level="långsiktigt mål"),
            goal("k2", "B", level="långsiktigt mål"),
            goal("g1", "C", code="1", parent="k1", criteria=["x"]),
            goal("g2", "D", code="2", parent="k2", criteria=["x"]),
            goal("g3", "E", code="3", parent="k1", criteria=["x"]),
        ]
    )
    assert with_code(doc, "goal.numbering") == []


def test_a_repeated_sub_number_is_reported() -> None:
    doc = plan_doc(
        goals=[
            goal("g1", "A", code="1", criteria=["x"]),
            goal("d1", "B", code="1.1", level="delmål", parent="g1"),
            goal("d2", "C", code="1.1", level="delmål", parent="g1"),
        ]
    )
    found = with_code(doc, "goal.numbering")
    assert [f.item_id for f in found] == ["d2"] and "samma nummer" in found[0].message
