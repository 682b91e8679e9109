"""The bulk status path (values grouped while read) judges exactly as the one-indicator path."""

from __future__ import annotations

from styr.followup.config import StatusSettings
from styr.followup.rules import (
    IndicatorFacts,
    TargetRule,
    _group_by_gender,
    evaluate_indicator,
    group_by_indicator,
)

ROWS = [
    (1, "2023-12", 40.0, "T"),
    (1, "2024-03", 44.0, "T"),
    (1, "2024-07", 47.0, "T"),
    (1, "2024", 50.0, "K"),
    (1, "2024-09", None, "T"),  # no value: skipped
    (1, "not a period", 1.0, "T"),  # unreadable: skipped
    (2, "2024-T1", 10.0, "T"),
    (2, "2023", 12.0, "T"),
]


def test_grouping_by_indicator_matches_grouping_one_indicator() -> None:
    grouped = group_by_indicator(ROWS)
    assert set(grouped) == {1, 2}
    for iid in (1, 2):
        single = _group_by_gender((p, v, g) for i, p, v, g in ROWS if i == iid)
        assert {g: s.by_year for g, s in grouped[iid].items()} == {
            g: s.by_year for g, s in single.items()
        }


def test_evaluation_with_grouped_series_is_the_same() -> None:
    facts = IndicatorFacts("%", "increase", 41.0, 2023, True)
    targets = [
        TargetRule(2024, ">=", 45.0, "absolute", "T"),
        TargetRule(None, "", None, "previous_year", "K"),
    ]
    observations = [(p, v, g) for i, p, v, g in ROWS if i == 1]
    settings = StatusSettings()
    for period in ("2024-T1", "2024-T2", "2024"):
        plain = evaluate_indicator(facts, targets, observations, period, settings)
        bulk = evaluate_indicator(
            facts, targets, (), period, settings, series=group_by_indicator(ROWS)[1]
        )
        assert (bulk.status, bulk.explanation) == (plain.status, plain.explanation)
        assert [o.as_dict() for o in bulk.outcomes] == [o.as_dict() for o in plain.outcomes]


def test_bulk_status_restores_garbage_collection(db: object) -> None:
    import gc

    from styr.followup.services import compute_status_for_plans

    assert gc.isenabled()
    compute_status_for_plans([], "2024-T2")
    assert gc.isenabled()
    gc.disable()
    try:
        compute_status_for_plans([], "2024-T2")
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
