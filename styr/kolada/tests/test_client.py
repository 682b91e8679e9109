from __future__ import annotations

from datetime import date

import pytest

from styr.kolada.client import KoladaError, chunked, parse_retry_after

from .conftest import FakeKolada


def test_it_follows_a_relative_next_url_to_the_last_page(kolada: FakeKolada) -> None:
    kolada.add("kpi", "kpi_page1.json")
    kolada.add("kpi?page=2&per_page=2", "kpi_page2.json")

    kpis = kolada.client().kpis()

    assert [k["id"] for k in kpis] == ["N33001", "N31807", "N00090", "U21467"]
    assert kolada.requested == ["kpi", "kpi?page=2&per_page=2"]


def test_it_follows_an_absolute_next_url(kolada: FakeKolada) -> None:
    kolada.add("data/kpi/N33001/municipality/0581", "data_N33001_0581_page1.json")
    kolada.add("data/kpi/N33001/municipality/0581?page=2&per_page=2", "data_N33001_0581_page2.json")

    items = kolada.client().data(kpis=["N33001"], municipalities=["0581"])

    assert [item["period"] for item in items] == [2021, 2022, 2023]


def test_a_relative_next_url_without_the_version_prefix_stays_under_the_api_root(
    kolada: FakeKolada,
) -> None:
    first = {"values": [{"id": "a"}], "count": 1, "next_url": "/kpi?page=2"}
    kolada.add("kpi", first)
    kolada.add("kpi?page=2", {"values": [{"id": "b"}], "count": 1, "next_url": None})

    assert [k["id"] for k in kolada.client().kpis()] == ["a", "b"]


def test_it_sends_from_date_and_title_as_query_parameters(kolada: FakeKolada) -> None:
    kolada.add(
        "data/kpi/N33001/municipality/0581?from_date=2024-01-31", "data_N33001_0581_changes.json"
    )
    kolada.add("kpi?title=ungdomsvård", "kpi_search_ungdomsvard.json")
    client = kolada.client()

    changes = client.data(kpis=["N33001"], municipalities=["0581"], from_date=date(2024, 1, 31))
    found = client.kpis(title="ungdomsvård")

    assert changes[1]["values"][0]["isdeleted"] is True
    assert [k["id"] for k in found] == ["N33001"]


def test_it_splits_more_than_25_ids_into_separate_requests(kolada: FakeKolada) -> None:
    kpis = [f"N{n:05d}" for n in range(30)]
    kolada.add(f"data/kpi/{','.join(kpis[:25])}/municipality/0581", "data_N00090_0581.json")
    kolada.add(f"data/kpi/{','.join(kpis[25:])}/municipality/0581", "data_N33001_0581_changes.json")

    items = kolada.client().data(kpis=kpis, municipalities=["0581"])

    assert len(kolada.requested) == 2
    assert all(len(r.split("/")[2].split(",")) <= 25 for r in kolada.requested)
    assert {item["kpi"] for item in items} == {"N00090", "N33001"}


def test_chunking_keeps_order_and_drops_duplicates() -> None:
    ids = [str(n) for n in range(60)] + ["3", " ", "7"]
    chunks = chunked(ids)
    assert [len(c) for c in chunks] == [25, 25, 10]
    assert [i for c in chunks for i in c] == [str(n) for n in range(60)]


def test_data_needs_two_dimensions(kolada: FakeKolada) -> None:
    with pytest.raises(KoladaError, match="minst två"):
        kolada.client().data(kpis=["N33001"])


def test_a_500_is_retried_and_the_next_success_is_used(kolada: FakeKolada) -> None:
    kolada.add("kpi", "kpi_page1.json")
    kolada.add("kpi?page=2&per_page=2", 500, 503, "kpi_page2.json")

    kpis = kolada.client().kpis()

    assert len(kpis) == 4
    assert kolada.requested.count("kpi?page=2&per_page=2") == 3
    assert [s for s in kolada.clock.sleeps if s >= 0.5] == [0.5, 1.0]  # exponential backoff


def test_a_page_that_keeps_failing_raises_an_error_naming_the_url(kolada: FakeKolada) -> None:
    kolada.add("kpi", "kpi_page1.json")
    kolada.add("kpi?page=2&per_page=2", 500)

    with pytest.raises(KoladaError) as error:
        kolada.client().kpis()

    assert error.value.status == 500
    assert error.value.url.endswith("/v3/kpi?page=2&per_page=2")
    assert kolada.requested.count("kpi?page=2&per_page=2") == 3


def test_a_429_waits_as_long_as_retry_after_says(kolada: FakeKolada) -> None:
    kolada.add("kpi/N33001", (429, {"Retry-After": "7"}), "kpi_N33001.json")

    kpis = kolada.client().kpis_by_id(["N33001"])

    assert kpis[0]["title"] == "Kostnad barn och ungdomsvård, kr/inv"
    assert 7.0 in kolada.clock.sleeps


def test_retry_after_may_be_an_http_date() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now=lambda: 1445412500.0) == 10.0
    assert parse_retry_after("nonsense") is None


def test_a_client_error_is_not_retried(kolada: FakeKolada) -> None:
    kolada.add("kpi/N33001", 400)
    with pytest.raises(KoladaError, match="HTTP 400"):
        kolada.client().kpis_by_id(["N33001"])
    assert len(kolada.requested) == 1


def test_it_keeps_to_five_requests_a_second(kolada: FakeKolada) -> None:
    kolada.add("kpi/N33001", "kpi_N33001.json")
    client = kolada.client()
    start = kolada.clock.now

    for _ in range(11):
        client.kpis_by_id(["N33001"])

    assert kolada.clock.now - start >= 2.0 - 1e-9  # ten gaps of at least 0.2 s


def test_a_body_without_values_is_an_error(kolada: FakeKolada) -> None:
    kolada.add("kpi", {"error": "maintenance"})
    with pytest.raises(KoladaError, match="values"):
        kolada.client().kpis()


def test_a_count_that_pages_do_not_add_up_to_is_an_error(kolada: FakeKolada) -> None:
    # count says 5 but there is no next page: the answer was cut short.
    kolada.add("kpi", {"values": [{"id": "a"}, {"id": "b"}], "count": 5, "next_url": None})
    with pytest.raises(KoladaError, match="ofullständigt"):
        kolada.client().kpis()


def test_count_may_be_the_total_over_all_pages(kolada: FakeKolada) -> None:
    kolada.add("kpi", {"values": [{"id": "a"}], "count": 2, "next_url": "/v3/kpi?page=2"})
    kolada.add("kpi?page=2", {"values": [{"id": "b"}], "count": 2})
    assert len(kolada.client().kpis()) == 2


def test_a_next_url_that_loops_is_an_error(kolada: FakeKolada) -> None:
    kolada.add("kpi", {"values": [], "count": 0, "next_url": "/v3/kpi"})
    with pytest.raises(KoladaError, match="upprepar"):
        kolada.client().kpis()


def test_a_next_url_to_another_host_is_refused(kolada: FakeKolada) -> None:
    kolada.add("kpi", {"values": [], "count": 0, "next_url": "https://example.org/v3/kpi?p=2"})
    with pytest.raises(KoladaError, match="annan värd"):
        kolada.client().kpis()


def test_unit_data_uses_the_oudata_route(kolada: FakeKolada) -> None:
    kolada.add("oudata/kpi/U21467/ou/V15E058100101/year/2023", "oudata_U21467.json")

    items = kolada.client().ou_data(kpis=["U21467"], ous=["V15E058100101"], years=[2023])

    assert items[0]["ou"] == "V15E058100101"
    assert {v["gender"] for v in items[0]["values"]} == {"T", "K", "M"}
