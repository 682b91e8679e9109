from __future__ import annotations

from pathlib import Path

import pytest

from styr.kolada.cache import MetadataCache
from styr.kolada.services import KoladaServiceError, peer_comparison
from styr.organisation.models import Municipality, OrgUnit
from styr.plans.models import Indicator, Plan

from .conftest import FakeClock, FakeKolada

pytestmark = pytest.mark.django_db

COMPARE_ROUTE = "data/kpi/N31807/municipality/0581,0484,0582,1862,0000/year/2023"


@pytest.fixture
def indicator() -> Indicator:
    municipality = Municipality.objects.create(name="Norrköping", kolada_code="0581")
    owner = OrgUnit.objects.create(municipality=municipality, kind="committee", name="SN")
    plan = Plan.objects.create(title="Nämndplan", kind="nämndplan", owner=owner)
    return Indicator.objects.create(
        plan=plan, name="Andel med ekonomiskt bistånd", kolada_kpi="N31807", direction="decrease"
    )


def test_it_compares_with_a_kolada_group_and_riket(
    kolada: FakeKolada, indicator: Indicator, tmp_path: Path
) -> None:
    kolada.add("municipality_groups", "municipality_groups.json")
    kolada.add(COMPARE_ROUTE, "data_N31807_2023_compare.json")

    result = peer_comparison(
        indicator,
        2023,
        kolada.client(),
        group="G1",
        cache=MetadataCache(tmp_path, clock=FakeClock()),
    )

    assert result.value == 5.1
    assert result.national == 3.9
    assert result.n == 3
    assert result.missing == ["1862"]
    assert result.rank == 2
    assert result.group_label == "Jämförelsegrupp socialtjänst"
    assert result.better_than_mean is False  # 5.1 > mean 4.57 and lower is better


def test_it_compares_with_chosen_municipalities_and_a_gender(
    kolada: FakeKolada, indicator: Indicator
) -> None:
    kolada.add(
        "data/kpi/N31807/municipality/0581,0582,0000/year/2023", "data_N31807_2023_compare.json"
    )

    result = peer_comparison(indicator, 2023, kolada.client(), municipalities=["0582"], gender="K")

    # Söderköping has no K value in the fixture: only Norrköping's own counts.
    assert (result.value, result.n, result.national, result.missing) == (5.0, 1, 3.8, ["0582"])


def test_a_group_may_be_named_by_title_and_members_may_be_plain_codes(
    kolada: FakeKolada, indicator: Indicator
) -> None:
    kolada.add("municipality_groups", "municipality_groups.json")
    kolada.add(
        "data/kpi/N31807/municipality/0581,0582,0000/year/2023", "data_N31807_2023_compare.json"
    )

    result = peer_comparison(indicator, 2023, kolada.client(), group="strängar")

    assert result.n == 2
    assert result.rank == 2


def test_bad_peer_input_is_refused(kolada: FakeKolada, indicator: Indicator) -> None:
    kolada.add("municipality_groups", "municipality_groups.json")
    with pytest.raises(KoladaServiceError, match="fyra siffror"):
        peer_comparison(indicator, 2023, kolada.client(), municipalities=["Söderköping"])
    with pytest.raises(KoladaServiceError, match="finns inte"):
        peer_comparison(indicator, 2023, kolada.client(), group="Ingen sådan")
    with pytest.raises(KoladaServiceError, match="flera"):
        peer_comparison(indicator, 2023, kolada.client(), group="grupp")
