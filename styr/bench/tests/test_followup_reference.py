"""The DuckDB reference of benchmark 1 gives Styr's result, and a changed result is caught."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb")

from styr.bench.followup import (
    FollowUpResult,
    compare,
    export_parquet,
    exported_counts,
    run_reference,
    styr_result,
)


@pytest.fixture
def generated(db: Any) -> list[int]:
    from styr.demo.generator import generate
    from styr.plans.models import Plan

    municipality_id = generate("S", seed=3).municipality_ids[0]
    return list(
        Plan.objects.filter(owner__municipality_id=municipality_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def test_compare_names_every_kind_of_difference() -> None:
    ours = FollowUpResult({1: "met", 2: "not_met"}, {10: ("met", 2, 2, 0, 0)})
    theirs = FollowUpResult({1: "met", 2: "partly_met", 3: "met"}, {10: ("met", 3, 2, 0, 0)})
    problems = compare(ours, theirs)
    assert "indicator 2: Styr 'not_met', reference 'partly_met'" in problems
    assert any("only in the reference" in p and "[3]" in p for p in problems)
    assert any(p.startswith("goal 10:") for p in problems)
    assert compare(ours, ours) == []


@pytest.mark.parametrize("period", ["2024-T2", "2024", "2025-T1"])
def test_reference_equals_styr(generated: list[int], tmp_path: Path, period: str) -> None:
    """2024-T2 and 2024 judge values; 2025-T1 has none, so assessments stand in."""
    counts = export_parquet(generated, tmp_path)
    assert counts["measurement"] > 1000
    assert exported_counts(tmp_path, generated) == counts
    ours = styr_result(generated, period)
    theirs = run_reference(tmp_path, period)
    assert compare(ours, theirs) == []
    summary = ours.summary()
    assert len(summary["indicators"]) + len(summary["goals"]) >= 3  # not all one status
    assert len(ours.goals) >= 80


@pytest.mark.parametrize("rule", ["majority", "weighted"])
def test_reference_follows_the_municipality_rule(
    generated: list[int], tmp_path: Path, rule: str
) -> None:
    from styr.followup.services import save_settings
    from styr.plans.models import Plan

    municipality_id = Plan.objects.get(pk=generated[0]).owner.municipality_id
    save_settings(
        municipality_id,
        {"goal_rule": rule, "tolerance_percent": 2, "weights": {"indicator": 2, "goal": 1}},
    )
    export_parquet(generated, tmp_path)
    assert compare(styr_result(generated, "2024-T2"), run_reference(tmp_path, "2024-T2")) == []


def test_a_changed_result_is_detected(generated: list[int], tmp_path: Path) -> None:
    """Values changed after the export: Styr's result moves, the stale reference does not."""
    from styr.followup.models import Measurement

    export_parquet(generated, tmp_path)
    before = styr_result(generated, "2024-T2")
    assert compare(before, run_reference(tmp_path, "2024-T2")) == []
    judged = [i for i, s in before.indicators.items() if s != "not_assessed"][:5]
    Measurement.objects.filter(indicator_id__in=judged, year__in=(2023, 2024)).delete()
    problems = compare(styr_result(generated, "2024-T2"), run_reference(tmp_path, "2024-T2"))
    assert any(p.startswith("indicator ") for p in problems)
