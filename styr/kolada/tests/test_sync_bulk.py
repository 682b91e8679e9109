"""A sync writes in bulk: its queries do not grow with the number of values, and every
value it writes, changes or deletes still gets its history row."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from styr.followup import bulk
from styr.followup.models import Measurement, MeasurementOrigin
from styr.kolada.models import KoladaSyncState
from styr.kolada.services import sync_values
from styr.organisation.models import Municipality, OrgUnit
from styr.plans.models import Indicator, Plan

from .conftest import FakeKolada

pytestmark = pytest.mark.django_db

ALL = "data/kpi/N33001/municipality/0581"
CHANGES = f"{ALL}?from_date=2024-05-01"


def answer(values: Mapping[tuple[int, str], float], deleted: AbstractSet[int] = frozenset()) -> Any:
    """Kolada's JSON for N33001 in 0581: ``values`` by (year, gender); ``deleted`` years."""
    years = sorted({year for year, _gender in values} | set(deleted))
    items = [
        {
            "kpi": "N33001",
            "municipality": "0581",
            "period": year,
            "values": [
                {"gender": gender, "value": value, "status": "", "count": 1, "isdeleted": False}
                for (y, gender), value in values.items()
                if y == year
            ]
            + ([{"gender": "T", "value": None, "isdeleted": True}] if year in deleted else []),
        }
        for year in years
    ]
    return {"values": items, "count": len(items), "next_url": None}


@pytest.fixture
def indicator() -> Indicator:
    municipality = Municipality.objects.create(name="Norrköping", kolada_code="0581")
    committee = OrgUnit.objects.create(
        municipality=municipality, kind="committee", name="Socialnämnden"
    )
    plan = Plan.objects.create(
        title="Verksamhetsplan 2024", kind="verksamhetsplan", owner=committee
    )
    return Indicator.objects.create(plan=plan, name="Invånare", kolada_kpi="N33001")


def full_history(years: int) -> dict[tuple[int, str], float]:
    return {(1990 + n, g): float(n * 10 + i) for n in range(years) for i, g in enumerate("TKM")}


def two_syncs(kolada: FakeKolada, indicator: Indicator, years: int) -> tuple[int, int]:
    """A first full sync of ``years`` × 3 values, someone's edit, then a sync that changes
    half the values, deletes a third of the years and meets the edit; the queries of each."""
    first = full_history(years)
    kolada.add(ALL, answer(first))
    municipality = indicator.plan.owner.municipality
    with CaptureQueriesContext(connection) as creating:
        report = sync_values(municipality, kolada.client(), today=date(2024, 5, 1))
    assert report.created == 3 * years
    # An edit that bypassed Measurement.save: only the sync's safety net sees it.
    Measurement.objects.filter(indicator=indicator, period="1990", gender="K").update(value=-1.0)
    changed = {key: value + 0.5 for key, value in first.items() if key[0] % 2 == 0}
    deleted = {1990 + n for n in range(years) if n % 4 == 1}
    kolada.add(CHANGES, answer(changed, deleted))
    with CaptureQueriesContext(connection) as changing:
        report = sync_values(municipality, kolada.client(), today=date(2024, 9, 1))
    assert report.kept_local == 1
    assert report.updated == len(changed) - 1
    assert report.deleted == len(deleted)
    return len(creating), len(changing)


def test_a_syncs_queries_do_not_grow_with_the_number_of_values(
    kolada: FakeKolada, indicator: Indicator
) -> None:
    few = two_syncs(kolada, indicator, years=3)
    Measurement.objects.all().delete()
    KoladaSyncState.objects.all().delete()
    many = two_syncs(FakeKolada(), indicator, years=30)

    assert many == few, (few, many)
    assert max(few) <= 20


def test_every_value_a_sync_writes_changes_or_deletes_has_its_history_row(
    kolada: FakeKolada, indicator: Indicator
) -> None:
    two_syncs(kolada, indicator, years=6)
    history = indicator.measurements.model.history

    created = history.filter(indicator=indicator, history_type="+")
    assert created.count() == 18
    assert set(created.values_list("origin", flat=True)) == {"kolada"}
    assert set(created.values_list("history_change_reason", flat=True)) == {
        "Synkronisering från Kolada"
    }
    # Changed: the even years 1990, 1992, 1994 (1990 K was edited by hand); deleted: the
    # T values of 1991 and 1995.
    deleted = history.filter(indicator=indicator, history_type="-")
    assert sorted(deleted.values_list("period", "gender", "value")) == [
        ("1991", "T", 10.0),
        ("1995", "T", 50.0),
    ]
    updated = history.filter(indicator=indicator, history_type="~")
    assert sorted(updated.values_list("period", "gender", "value", "origin")) == [
        ("1990", "K", -1.0, "manual"),
        ("1990", "M", 2.5, "kolada"),
        ("1990", "T", 0.5, "kolada"),
        ("1992", "K", 21.5, "kolada"),
        ("1992", "M", 22.5, "kolada"),
        ("1992", "T", 20.5, "kolada"),
        ("1994", "K", 41.5, "kolada"),
        ("1994", "M", 42.5, "kolada"),
        ("1994", "T", 40.5, "kolada"),
    ]


def test_bulk_written_values_keep_origin_provenance_and_the_edit_rule(
    kolada: FakeKolada, indicator: Indicator
) -> None:
    two_syncs(kolada, indicator, years=6)

    stored = {(m.period, m.gender): m for m in indicator.measurements.all()}
    assert ("1991", "T") not in stored  # deleted by Kolada
    assert ("1995", "T") not in stored
    assert ("1991", "K") in stored  # only the T value was deleted
    edited = stored[("1990", "K")]
    assert (edited.value, edited.origin) == (-1.0, MeasurementOrigin.MANUAL)
    changed = stored[("1992", "M")]
    assert (changed.value, changed.origin, changed.year) == (22.5, "kolada", 1992)
    assert changed.extra["kolada"]["value"] == 22.5
    assert changed.extra["kolada"]["municipality"] == "0581"
    untouched = stored[("1993", "T")]
    assert (untouched.value, untouched.extra["kolada"]["value"]) == (30.0, 30.0)
    # A person editing a bulk-written value still turns it manual through save().
    untouched.value = 31.0
    untouched.save()
    untouched.refresh_from_db()
    assert untouched.origin == MeasurementOrigin.MANUAL


def test_one_answer_that_changes_then_deletes_or_deletes_then_gives_again_is_kept_in_order(
    kolada: FakeKolada, indicator: Indicator
) -> None:
    kolada.add(ALL, answer(full_history(2)))
    municipality = indicator.plan.owner.municipality
    sync_values(municipality, kolada.client(), today=date(2024, 5, 1))

    def item(year: int, *values: dict[str, Any]) -> dict[str, Any]:
        return {"kpi": "N33001", "municipality": "0581", "period": year, "values": list(values)}

    kolada.add(
        CHANGES,
        {
            "values": [
                item(
                    1990,
                    {"gender": "T", "value": 5.0},
                    {"gender": "T", "value": None, "isdeleted": True},
                ),
                item(
                    1991,
                    {"gender": "T", "value": None, "isdeleted": True},
                    {"gender": "T", "value": 7.0},
                ),
            ],
            "count": 2,
            "next_url": None,
        },
    )
    report = sync_values(municipality, kolada.client(), today=date(2024, 9, 1))

    assert (report.updated, report.deleted, report.created) == (1, 2, 1)
    assert not indicator.measurements.filter(period="1990", gender="T").exists()
    again = indicator.measurements.get(period="1991", gender="T")
    assert (again.value, again.origin, again.extra["kolada"]["value"]) == (7.0, "kolada", 7.0)
    steps = Measurement.history.filter(indicator=indicator, gender="T").order_by("history_id")
    assert [(h.period, h.history_type, h.value) for h in steps] == [
        ("1990", "+", 0.0),
        ("1991", "+", 10.0),
        ("1990", "~", 5.0),
        ("1990", "-", 5.0),
        ("1991", "-", 10.0),
        ("1991", "+", 7.0),
    ]


def test_a_sync_larger_than_one_insert_statement_writes_every_value_and_its_history(
    kolada: FakeKolada, indicator: Indicator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "INSERT_ROWS", 7)  # 90 values: 12 full statements and a part
    given = full_history(30)
    kolada.add(ALL, answer(given))

    report = sync_values(indicator.plan.owner.municipality, kolada.client(), today=date(2024, 5, 1))

    assert report.created == 90
    stored = {(m.period, m.gender): m for m in indicator.measurements.all()}
    assert {(int(p), g): m.value for (p, g), m in stored.items()} == given
    assert all(m.extra["kolada"]["value"] == m.value for m in stored.values())
    assert all(m.year == int(m.period) for m in stored.values())
    created = Measurement.history.filter(indicator=indicator, history_type="+")
    assert sorted(created.values_list("id", flat=True)) == sorted(m.pk for m in stored.values())


def test_what_kolada_said_is_stored_exactly_so_the_next_sync_finds_it_unchanged(
    kolada: FakeKolada, indicator: Indicator
) -> None:
    said: list[dict[str, Any]] = [
        {"gender": "T", "value": 0.1 + 0.2, "status": 'enligt "SCB"', "count": 3},
        {"gender": "K", "value": -1.5e-7, "status": "ej säkerställd ✓", "count": None},
        {"gender": "M", "value": 123456789.123, "status": "", "count": "12"},
    ]
    items = [{"kpi": "N33001", "municipality": "0581", "period": 2023, "values": said}]
    kolada.add(ALL, {"values": items, "count": 1, "next_url": None})
    municipality = indicator.plan.owner.municipality

    sync_values(municipality, kolada.client(), today=date(2024, 5, 1))
    kolada.add(CHANGES, {"values": items, "count": 1, "next_url": None})
    again = sync_values(municipality, kolada.client(), today=date(2024, 9, 1))

    assert (again.unchanged, again.updated, again.kept_local) == (3, 0, 0)
    stored = {m.gender: m for m in indicator.measurements.all()}
    for value in said:
        measurement = stored[value["gender"]]
        assert measurement.value == value["value"]
        assert measurement.origin == MeasurementOrigin.KOLADA
        provenance = measurement.extra["kolada"]
        assert provenance == {
            "kpi": "N33001",
            "municipality": "0581",
            "value": value["value"],
            "status": value["status"],
            "count": value["count"],
            "synced_at": provenance["synced_at"],
        }


def test_the_responsible_units_kolada_id_counts_before_the_plan_owners(
    kolada: FakeKolada, indicator: Indicator
) -> None:
    committee = indicator.plan.owner
    committee.kolada_ou_id = "V15E058100000"
    committee.save()
    unit = OrgUnit.objects.create(
        municipality=committee.municipality, parent=committee, kind="unit", name="Hemtjänst"
    )
    indicator.responsible_unit = unit  # no Kolada id of its own: the municipality's values
    indicator.save()
    owned = Indicator.objects.create(plan=indicator.plan, name="Trygghet", kolada_kpi="U21467")
    kolada.add("kpi/N33001", {"values": [{"id": "N33001", "has_ou_data": True}], "count": 1})
    kolada.add("kpi/U21467", {"values": [{"id": "U21467", "has_ou_data": True}], "count": 1})
    kolada.add(ALL, answer({(2023, "T"): 1.0}))
    kolada.add(
        "oudata/kpi/U21467/ou/V15E058100000",
        {
            "values": [
                {
                    "kpi": "U21467",
                    "ou": "V15E058100000",
                    "period": 2023,
                    "values": [{"gender": "T", "value": 2.0}],
                },
            ],
            "count": 1,
            "next_url": None,
        },
    )

    report = sync_values(committee.municipality, kolada.client(), today=date(2024, 5, 1))

    assert report.targets == ["municipality:0581", "ou:V15E058100000"]
    assert indicator.measurements.get().extra["kolada"]["municipality"] == "0581"
    assert owned.measurements.get().extra["kolada"]["ou"] == "V15E058100000"
