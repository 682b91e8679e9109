from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from styr.kolada.cache import MetadataCache
from styr.kolada.models import KoladaKpi
from styr.kolada.services import KoladaServiceError, get_kpi, link_indicator, search_kpis
from styr.organisation.models import Municipality, OrgUnit
from styr.plans.models import Indicator, Plan

from .conftest import FakeClock, FakeKolada, fixture

pytestmark = pytest.mark.django_db


def test_search_stores_the_kpis_and_a_second_search_uses_the_cache(
    kolada: FakeKolada, tmp_path: Path
) -> None:
    kolada.add("kpi?title=ungdomsvård", "kpi_search_ungdomsvard.json")
    cache = MetadataCache(tmp_path, clock=FakeClock())
    client = kolada.client()

    first = search_kpis("ungdomsvård", client, cache)
    second = search_kpis("ungdomsvård", client, cache)

    assert [k.id for k in first] == [k.id for k in second] == ["N33001"]
    assert len(kolada.requested) == 1
    stored = KoladaKpi.objects.get(pk="N33001")
    assert stored.operating_area == "Barn och ungdomsvård"
    assert stored.publication_date == date(2024, 4, 25)
    assert stored.is_divided_by_gender is False


def test_missing_optional_keys_and_numeric_flags_are_tolerated(kolada: FakeKolada) -> None:
    # The fixture's U21467 lacks description, perspective and dates, and says 1 for true.
    u21467 = next(k for k in fixture("kpi_page2.json")["values"] if k["id"] == "U21467")
    kolada.add("kpi/U21467", {"values": [u21467], "count": 1})

    kpi = get_kpi("u21467", kolada.client())

    assert kpi.is_divided_by_gender is True  # sent as 1
    assert kpi.has_ou_data is True
    assert (kpi.description, kpi.perspective, kpi.publication_date) == ("", "", None)


def test_get_kpi_reads_the_table_while_fresh_and_refetches_when_old(kolada: FakeKolada) -> None:
    kolada.add("kpi/N33001", "kpi_N33001.json")
    client = kolada.client()
    get_kpi("N33001", client)
    get_kpi("N33001", client)
    assert len(kolada.requested) == 1

    KoladaKpi.objects.filter(pk="N33001").update(
        fetched_at=timezone.now() - timedelta(days=30), title="gammal"
    )
    assert get_kpi("N33001", client).title == "Kostnad barn och ungdomsvård, kr/inv"
    assert len(kolada.requested) == 2


def test_an_unknown_kpi_is_a_clear_error(kolada: FakeKolada) -> None:
    kolada.add("kpi/N99999", "kpi_not_found.json")
    with pytest.raises(KoladaServiceError, match="N99999 finns inte"):
        get_kpi("N99999", kolada.client())
    with pytest.raises(KoladaServiceError, match="inget Kolada-id"):
        get_kpi("33001; drop", kolada.client())


def test_link_sets_the_kpi_and_the_data_source(kolada: FakeKolada) -> None:
    municipality = Municipality.objects.create(name="Norrköping", kolada_code="0581")
    owner = OrgUnit.objects.create(municipality=municipality, kind="committee", name="SN")
    plan = Plan.objects.create(title="Nämndplan", kind="nämndplan", owner=owner)
    indicator = Indicator.objects.create(plan=plan, name="Kostnad barn och unga")
    kolada.add("kpi/N33001", "kpi_N33001.json")

    link_indicator(indicator, "n33001", kolada.client())

    indicator.refresh_from_db()
    assert (indicator.kolada_kpi, indicator.data_source) == ("N33001", "Kolada")
