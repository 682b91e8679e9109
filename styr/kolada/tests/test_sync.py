from __future__ import annotations

from datetime import date

import pytest

from styr.followup.models import Measurement, MeasurementOrigin
from styr.kolada.client import KoladaError
from styr.kolada.models import KoladaSyncState
from styr.kolada.services import KoladaServiceError, sync_values
from styr.organisation.models import Municipality, OrgUnit
from styr.plans.models import Indicator, Plan

from .conftest import FakeKolada

pytestmark = pytest.mark.django_db

N33001_ALL = "data/kpi/N33001/municipality/0581"


@pytest.fixture
def municipality() -> Municipality:
    return Municipality.objects.create(name="Norrköping", kolada_code="0581")


@pytest.fixture
def committee(municipality: Municipality) -> OrgUnit:
    return OrgUnit.objects.create(municipality=municipality, kind="committee", name="Socialnämnden")


def make_indicator(owner: OrgUnit, kpi: str, **fields: object) -> Indicator:
    plan = Plan.objects.create(title="Verksamhetsplan 2024", kind="verksamhetsplan", owner=owner)
    return Indicator.objects.create(plan=plan, name=f"Indikator {kpi}", kolada_kpi=kpi, **fields)


def values(indicator: Indicator) -> dict[tuple[str, str], float | None]:
    return {(m.period, m.gender): m.value for m in indicator.measurements.all()}


def serve_full_history(kolada: FakeKolada) -> None:
    kolada.add(N33001_ALL, "data_N33001_0581_page1.json")
    kolada.add(f"{N33001_ALL}?page=2&per_page=2", "data_N33001_0581_page2.json")


def test_a_first_sync_stores_every_value_marked_as_kolada(
    kolada: FakeKolada, municipality: Municipality, committee: OrgUnit
) -> None:
    indicator = make_indicator(committee, "N33001")
    serve_full_history(kolada)

    report = sync_values(municipality, kolada.client(), today=date(2024, 5, 1))

    assert values(indicator) == {
        ("2021", "T"): 3910.0,
        ("2022", "T"): 4021.0,
        ("2023", "T"): 4187.0,
    }
    assert set(indicator.measurements.values_list("origin", flat=True)) == {"kolada"}
    stored = indicator.measurements.get(period="2023")
    assert stored.year == 2023
    assert stored.extra["kolada"]["kpi"] == "N33001"
    assert stored.extra["kolada"]["municipality"] == "0581"
    assert (report.created, report.requests) == (3, 2)
    state = KoladaSyncState.objects.get(code="0581", kpi="N33001")
    assert state.last_from_date == date(2024, 5, 1)


def test_a_later_sync_asks_only_for_changes_and_applies_updates_and_deletions(
    kolada: FakeKolada, municipality: Municipality, committee: OrgUnit
) -> None:
    indicator = make_indicator(committee, "N33001")
    serve_full_history(kolada)
    sync_values(municipality, kolada.client(), today=date(2024, 5, 1))
    kolada.add(f"{N33001_ALL}?from_date=2024-05-01", "data_N33001_0581_changes.json")

    report = sync_values(municipality, kolada.client(), today=date(2024, 9, 1))

    assert kolada.requested[-1] == f"{N33001_ALL}?from_date=2024-05-01"
    assert values(indicator) == {("2022", "T"): 4050.0, ("2023", "T"): 4187.0}
    assert (report.updated, report.deleted, report.created) == (1, 1, 0)
    assert KoladaSyncState.objects.get(kpi="N33001").last_from_date == date(2024, 9, 1)


def test_a_kpi_linked_after_the_last_sync_is_fetched_in_full(
    kolada: FakeKolada, municipality: Municipality, committee: OrgUnit
) -> None:
    make_indicator(committee, "N33001")
    serve_full_history(kolada)
    sync_values(municipality, kolada.client(), today=date(2024, 5, 1))
    late = make_indicator(committee, "N00090")
    kolada.add(f"{N33001_ALL}?from_date=2024-05-01", "empty_page.json")
    kolada.add("data/kpi/N00090/municipality/0581", "data_N00090_0581.json")

    sync_values(municipality, kolada.client(), today=date(2024, 6, 1))

    assert "data/kpi/N00090/municipality/0581" in kolada.requested
    assert values(late)[("2023", "K")] == 8.9
    assert values(late)[("2023", "M")] == 5.6


def test_gender_split_values_are_stored_per_gender_and_a_missing_number_is_skipped(
    kolada: FakeKolada, municipality: Municipality, committee: OrgUnit
) -> None:
    indicator = make_indicator(committee, "N00090")
    kolada.add("data/kpi/N00090/municipality/0581", "data_N00090_0581.json")

    sync_values(municipality, kolada.client())

    assert values(indicator) == {
        ("2023", "T"): 8.1,
        ("2023", "K"): 8.9,
        ("2023", "M"): 5.6,
        ("2022", "T"): 8.4,
        ("2022", "K"): 9.3,
    }


def test_values_our_users_or_documents_gave_are_left_alone(
    kolada: FakeKolada, municipality: Municipality, committee: OrgUnit
) -> None:
    indicator = make_indicator(committee, "N33001")
    Measurement.objects.create(
        indicator=indicator,
        period="2022",
        gender="T",
        value=4000.0,
        origin=MeasurementOrigin.DOCUMENT,
    )
    serve_full_history(kolada)

    report = sync_values(municipality, kolada.client())

    kept = indicator.measurements.get(period="2022")
    assert (kept.value, kept.origin) == (4000.0, "document")
    assert report.kept_local == 1


def test_a_kolada_value_edited_in_styr_is_no_longer_credited_to_kolada(
    kolada: FakeKolada, municipality: Municipality, committee: OrgUnit
) -> None:
    indicator = make_indicator(committee, "N33001")
    serve_full_history(kolada)
    sync_values(municipality, kolada.client(), today=date(2024, 5, 1))
    edited = indicator.measurements.get(period="2022")
    edited.value = 1.0
    edited.save()
    kolada.add(f"{N33001_ALL}?from_date=2024-05-01", "data_N33001_0581_changes.json")

    sync_values(municipality, kolada.client(), today=date(2024, 9, 1))

    edited.refresh_from_db()
    assert (edited.value, edited.origin) == (1.0, "manual")


def test_a_failing_page_writes_nothing_and_keeps_the_sync_state(
    kolada: FakeKolada, municipality: Municipality, committee: OrgUnit
) -> None:
    indicator = make_indicator(committee, "N33001")
    kolada.add(N33001_ALL, "data_N33001_0581_page1.json")
    kolada.add(f"{N33001_ALL}?page=2&per_page=2", 500)

    with pytest.raises(KoladaError):
        sync_values(municipality, kolada.client())

    assert not indicator.measurements.exists()
    assert not KoladaSyncState.objects.exists()


def test_a_bad_value_anywhere_rolls_back_the_whole_run(
    kolada: FakeKolada, municipality: Municipality, committee: OrgUnit
) -> None:
    first = make_indicator(committee, "N00090")
    make_indicator(committee, "N33001")
    kolada.add(
        "data/kpi/N00090,N33001/municipality/0581",
        {
            "values": [
                {
                    "kpi": "N00090",
                    "municipality": "0581",
                    "period": 2023,
                    "values": [{"gender": "T", "value": 8.1}],
                },
                {
                    "kpi": "N33001",
                    "municipality": "0581",
                    "period": 2023,
                    "values": [{"gender": "T", "value": "n/a"}],
                },
            ],
            "count": 2,
            "next_url": None,
        },
    )

    with pytest.raises(KoladaError, match="inget tal"):
        sync_values(municipality, kolada.client())

    assert not first.measurements.exists()


def test_a_unit_with_a_kolada_id_gets_the_units_values(
    kolada: FakeKolada, municipality: Municipality, committee: OrgUnit
) -> None:
    unit = OrgUnit.objects.create(
        municipality=municipality,
        parent=committee,
        kind="unit",
        name="Hemtjänst Norr",
        kolada_ou_id="V15E058100101",
    )
    indicator = make_indicator(committee, "U21467", responsible_unit=unit)
    kolada.add(
        "kpi/U21467",
        {"values": [{"id": "U21467", "title": "Trygghet", "has_ou_data": True}], "count": 1},
    )
    kolada.add("oudata/kpi/U21467/ou/V15E058100101", "oudata_U21467.json")

    sync_values(municipality, kolada.client())

    assert values(indicator) == {("2023", "T"): 86.0, ("2023", "K"): 88.0, ("2023", "M"): 81.0}
    assert indicator.measurements.get(gender="T").extra["kolada"]["ou"] == "V15E058100101"


def test_years_limit_the_request_and_leave_the_sync_state(
    kolada: FakeKolada, municipality: Municipality, committee: OrgUnit
) -> None:
    make_indicator(committee, "N00090")
    kolada.add("data/kpi/N00090/municipality/0581/year/2022,2023", "data_N00090_0581.json")

    sync_values(municipality, kolada.client(), years=[2022, 2023])

    assert kolada.requested == ["data/kpi/N00090/municipality/0581/year/2022,2023"]
    assert not KoladaSyncState.objects.exists()


def test_indicators_of_another_municipality_are_not_touched(
    kolada: FakeKolada, municipality: Municipality, committee: OrgUnit
) -> None:
    other = Municipality.objects.create(name="Söderköping", kolada_code="0582")
    board = OrgUnit.objects.create(municipality=other, kind="committee", name="Socialnämnden")
    make_indicator(board, "N33001")

    report = sync_values(municipality, kolada.client())

    assert (report.indicators, report.requests) == (0, 0)


def test_a_municipality_without_a_kolada_code_is_refused(kolada: FakeKolada) -> None:
    nameless = Municipality.objects.create(name="Utan kod")
    with pytest.raises(KoladaServiceError, match="Kolada-kod"):
        sync_values(nameless, kolada.client())


def test_an_indicator_with_a_malformed_kpi_is_named(
    kolada: FakeKolada, municipality: Municipality, committee: OrgUnit
) -> None:
    broken = make_indicator(committee, "nyckeltal 7")
    with pytest.raises(KoladaServiceError, match=f"id {broken.pk}"):
        sync_values(municipality, kolada.client())


def test_an_answer_for_another_municipality_is_refused(
    kolada: FakeKolada, municipality: Municipality, committee: OrgUnit
) -> None:
    indicator = make_indicator(committee, "N31807")
    # Holds Riket and other municipalities too: a sync must not file them under 0581.
    kolada.add("data/kpi/N31807/municipality/0581", "data_N31807_2023_compare.json")

    with pytest.raises(KoladaError, match="oväntat element"):
        sync_values(municipality, kolada.client())

    assert not indicator.measurements.exists()
