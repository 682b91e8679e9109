"""The register, the matrix placement and the recording rules, without HTTP."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from styr.internal_control import services
from styr.internal_control.models import ControlResult, RiskAction, RiskMatrix

pytestmark = pytest.mark.django_db


def test_a_score_falls_in_the_band_of_the_matrix_definition() -> None:
    definition = RiskMatrix(name="x").definition
    assert services.level_for(definition, 4) == services.Level("Låg", "level-low", "#2e7d32")
    assert services.level_for(definition, 5).name == "Medel"  # type: ignore[union-attr]
    assert services.level_for(definition, 12).css == "level-high"  # type: ignore[union-attr]
    assert services.level_for(definition, 25).css == "level-very-high"  # type: ignore[union-attr]
    assert services.level_for(definition, None) is None


def test_a_three_band_matrix_maps_to_the_lowest_middle_and_highest_class() -> None:
    definition = {
        "probability": ["a", "b", "c"],
        "consequence": ["x", "y", "z"],
        "levels": [
            {"name": "Grön", "min": 1, "max": 2},
            {"name": "Gul", "min": 3, "max": 5},
            {"name": "Röd", "min": 6, "max": 9},
        ],
    }
    css = [services.level_for(definition, s).css for s in (1, 4, 9)]  # type: ignore[union-attr]
    assert css == ["level-low", "level-high", "level-very-high"]
    grid = services.place_risks(definition, [])
    assert [p for p, _, _ in grid.grid] == [3, 2, 1]
    assert len(grid.grid[0][2]) == 3


def test_each_risk_is_placed_in_the_cell_of_its_probability_and_consequence(
    ic: SimpleNamespace,
) -> None:
    rows, definition = services.risk_register(ic.plan)
    before = services.place_risks(definition, rows)
    after = services.place_risks(definition, rows, residual=True)
    placed = {
        row.risk.pk: (cell.probability, cell.consequence)
        for _, _, cells in before.grid
        for cell in cells
        for row in cell.rows
    }
    assert placed == {ic.high.pk: (4, 5), ic.low.pk: (1, 2)}
    placed_after = {
        row.risk.pk: (cell.probability, cell.consequence)
        for _, _, cells in after.grid
        for cell in cells
        for row in cell.rows
    }
    assert placed_after == {ic.high.pk: (2, 5), ic.low.pk: (1, 2)}
    assert [row.risk for row in before.unplaced] == [ic.unknown]
    assert before.placed_count == 2
    top_row = before.grid[0]
    assert top_row[0] == 5 and top_row[1] == "Mycket sannolik"
    assert top_row[2][4].level.name == "Mycket hög"  # type: ignore[union-attr]


def test_a_value_outside_the_matrix_is_unplaced_not_clamped(ic: SimpleNamespace) -> None:
    ic.low.probability = 7
    ic.low.save()
    rows, definition = services.risk_register(ic.plan)
    grid = services.place_risks(definition, rows)
    assert {row.risk for row in grid.unplaced} == {ic.low, ic.unknown}


def test_the_register_numbers_risks_in_document_order_and_sorts_by_score(
    ic: SimpleNamespace,
) -> None:
    rows, _ = services.risk_register(ic.plan)
    assert [(r.number, r.risk) for r in rows] == [(1, ic.high), (2, ic.low), (3, ic.unknown)]
    assert [r.score for r in rows] == [20, 2, None]
    assert rows[0].controls == 2 and rows[1].controls == 0
    assert rows[0].residual_score == 10
    by_score, _ = services.risk_register(ic.plan, "score")
    assert [r.risk for r in by_score] == [ic.low, ic.high, ic.unknown]
    by_score_desc, _ = services.risk_register(ic.plan, "-score")
    assert [r.risk for r in by_score_desc] == [ic.high, ic.low, ic.unknown]


def test_the_municipalitys_matrix_is_used_when_no_risk_names_one(
    ic: SimpleNamespace, org: SimpleNamespace
) -> None:
    definition = RiskMatrix(name="x").definition
    definition["levels"] = [{"name": "Allt", "min": 1, "max": 25}]
    RiskMatrix.objects.create(municipality=org.municipality, name="Egen", definition=definition)
    rows, used = services.risk_register(ic.plan)
    assert rows[0].level.name == "Allt"  # type: ignore[union-attr]
    assert used["levels"][0]["name"] == "Allt"


def test_a_reporter_records_a_result_once_even_when_posted_twice(
    ic: SimpleNamespace, reporter: Any
) -> None:
    kwargs: dict[str, Any] = {
        "performed_on": dt.date(2025, 4, 2),
        "result": "Två akter saknade plan",
        "has_deviation": True,
        "deviations": "Genomförandeplan saknas",
    }
    first, created = services.record_control_result(reporter, ic.housing_control, **kwargs)
    again, created_again = services.record_control_result(reporter, ic.housing_control, **kwargs)
    assert created and not created_again and first == again
    assert ControlResult.objects.filter(control=ic.housing_control).count() == 1
    assert first.recorded_by == reporter


def test_a_reporter_cannot_record_for_another_units_control(
    ic: SimpleNamespace, reporter: Any
) -> None:
    with pytest.raises(PermissionDenied):
        services.record_control_result(
            reporter,
            ic.reception_control,
            performed_on=dt.date(2025, 4, 2),
            result="x",
            has_deviation=False,
        )


def test_a_deviation_needs_a_description(ic: SimpleNamespace, reporter: Any) -> None:
    with pytest.raises(services.RecordingError, match="Beskriv avvikelsen"):
        services.record_control_result(
            reporter,
            ic.housing_control,
            performed_on=dt.date(2025, 4, 2),
            result="x",
            has_deviation=True,
        )


def test_only_a_planner_adds_actions_and_a_double_post_adds_one(
    ic: SimpleNamespace, planner: Any, reporter: Any
) -> None:
    with pytest.raises(PermissionDenied):
        services.add_risk_action(reporter, ic.low, title="Ny rutin")
    first, created = services.add_risk_action(planner, ic.low, title="Ny rutin")
    second, created_again = services.add_risk_action(planner, ic.low, title="Ny rutin ")
    assert created and not created_again and first == second
    assert RiskAction.objects.filter(risk=ic.low).count() == 1


def test_a_stale_status_change_is_refused_and_nothing_is_overwritten(
    ic: SimpleNamespace, reporter: Any
) -> None:
    seen = ic.housing_action.updated_at.isoformat()
    services.set_action_status(reporter, ic.housing_action, is_done=True, version=seen)
    with pytest.raises(services.RecordingError, match="ändrats av någon annan"):
        services.set_action_status(reporter, ic.housing_action, is_done=False, version=seen)
    ic.housing_action.refresh_from_db()
    assert ic.housing_action.is_done


def test_an_action_past_its_deadline_is_overdue(ic: SimpleNamespace) -> None:
    action = ic.housing_action
    assert services.action_state(action, dt.date(2025, 7, 1)) == "overdue"
    assert services.action_state(action, dt.date(2025, 6, 1)) == "ongoing"
    action.is_done = True
    assert services.action_state(action, dt.date(2025, 7, 1)) == "done"


def test_a_result_belongs_to_the_shortest_period_holding_its_date_and_a_closed_one_refuses(
    ic: SimpleNamespace, reporter: Any
) -> None:
    from styr.followup.models import FollowUpPeriod

    year = FollowUpPeriod.objects.create(
        plan=ic.plan,
        kind="helår",
        code="2025",
        label="Helår 2025",
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 31),
    )
    tertial = FollowUpPeriod.objects.create(
        plan=ic.plan,
        kind="tertial",
        code="2025-T1",
        label="Tertial 1",
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 4, 30),
    )
    stored, _ = services.record_control_result(
        reporter,
        ic.housing_control,
        performed_on=dt.date(2025, 4, 2),
        result="ok",
        has_deviation=False,
    )
    assert stored.period == tertial
    stored, _ = services.record_control_result(
        reporter,
        ic.housing_control,
        performed_on=dt.date(2025, 5, 2),
        result="ok",
        has_deviation=False,
    )
    assert stored.period == year
    tertial.is_closed = True
    tertial.save()
    with pytest.raises(services.RecordingError, match="Tertial 1 är stängd"):
        services.record_control_result(
            reporter,
            ic.housing_control,
            performed_on=dt.date(2025, 3, 2),
            result="x",
            has_deviation=False,
        )
