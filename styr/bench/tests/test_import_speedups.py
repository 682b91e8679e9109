"""The fast import path keeps the audit trail: one history row per new value, no other."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from styr.followup.importing import import_measurements
from styr.followup.models import Measurement, MeasurementOrigin
from styr.followup.tests.conftest import make_goal, make_indicator, make_plan

pytestmark = pytest.mark.django_db


def test_new_values_get_history_with_reason_and_user(
    org: Any, planner: Any, tmp_path: Path
) -> None:
    goal = make_goal(make_plan(org.committee), "Minskad sjukfrånvaro")
    sick = make_indicator(goal, "Sjukfrånvaro", ref="i1")
    cost = make_indicator(goal, "Kostnad", ref="i2")
    Measurement.objects.create(indicator=cost, period="2023", year=2023, value=5.0)
    untouched = Measurement.objects.create(indicator=cost, period="2022", year=2022, value=4.0)
    history_before = Measurement.history.count()
    path = tmp_path / "utfall.csv"
    path.write_text(
        "indikator;period;värde;kön\n"
        f"{sick.pk};2024-01;7,5;T\n{sick.pk};2024-02;7,25;T\n"
        f"{cost.pk};2023;6;T\n{cost.pk};2024;\u2013;T\n",
        encoding="utf-8",
    )
    report = import_measurements(path, user=planner)
    assert (report.created, report.updated, report.ok) == (3, 1, True)
    new = Measurement.objects.filter(origin=MeasurementOrigin.FILE).order_by("period")
    assert [(m.period, m.value, m.entered_by_id) for m in new] == [
        ("2023", 6.0, planner.pk),
        ("2024", None, planner.pk),
        ("2024-01", 7.5, planner.pk),
        ("2024-02", 7.25, planner.pk),
    ]
    created = Measurement.history.filter(history_type="+", origin=MeasurementOrigin.FILE)
    assert sorted(h.id for h in created) == sorted(m.pk for m in new if m.period != "2023")
    assert {h.history_change_reason for h in created} == {"Import från utfall.csv"}
    assert Measurement.history.filter(history_type="~", id=new[0].pk).count() == 1
    assert not Measurement.history.filter(id=untouched.pk).exclude(history_type="+").exists()
    assert Measurement.history.count() == history_before + 4
