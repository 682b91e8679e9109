"""The bulk writer's own guarantees: every new row and its history, and the page cache told."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from styr.core.datacache import current_version
from styr.followup import bulk
from styr.followup.models import Measurement
from styr.followup.tests.conftest import make_goal, make_indicator, make_plan


@pytest.mark.django_db(transaction=True)
def test_new_rows_change_the_data_version_even_without_history_rows(
    org: Any, settings: Any
) -> None:
    indicator = make_indicator(make_goal(make_plan(org.committee), "Mål"), "Mått")
    settings.SIMPLE_HISTORY_ENABLED = False  # the history INSERT would tell the cache itself
    before = current_version()

    with transaction.atomic():
        bulk.insert_measurements(
            [(indicator.pk, "2030", 2030, "T", 1.5)],
            origin="kolada",
            now=timezone.now(),
            reason="Test",
        )

    assert Measurement.objects.get(indicator=indicator).value == 1.5
    assert current_version() != before


@pytest.mark.django_db
def test_rows_are_written_in_batches_with_their_history_and_extras(
    org: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "INSERT_ROWS", 4)
    indicator = make_indicator(make_goal(make_plan(org.committee), "Mål"), "Mått")
    rows = [(indicator.pk, f"2030-{month:02d}", 2030, "T", month / 10) for month in range(1, 11)]
    extras: list[dict[str, Any] | str] = [{"n": month} for month in range(1, 6)]
    extras += [f'{{"n": {month}}}' for month in range(6, 11)]  # already encoded

    bulk.insert_measurements(
        rows, origin="filimport", now=timezone.now(), reason="Test", extras=extras
    )

    stored = Measurement.objects.filter(indicator=indicator).order_by("period")
    assert [(m.period, m.value, m.extra) for m in stored] == [
        (period, value, {"n": n}) for n, (_i, period, _y, _g, value) in enumerate(rows, 1)
    ]
    history = Measurement.history.filter(indicator=indicator, history_type="+")
    assert sorted(history.values_list("id", flat=True)) == sorted(m.pk for m in stored)
