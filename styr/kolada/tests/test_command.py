from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from styr.kolada.management.commands.kolada import Command
from styr.organisation.models import Municipality, OrgUnit
from styr.plans.models import Indicator, Plan

from .conftest import FakeKolada

pytestmark = pytest.mark.django_db


@pytest.fixture
def offline(
    kolada: FakeKolada,
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
    tmp_path: Path,
) -> FakeKolada:
    settings.KOLADA_CACHE_DIR = tmp_path
    monkeypatch.setattr(Command, "client", kolada.client())
    return kolada


def run(*args: str) -> str:
    out = StringIO()
    call_command("kolada", *args, stdout=out)
    return out.getvalue()


def make_indicator() -> Indicator:
    municipality = Municipality.objects.create(name="Norrköping", kolada_code="0581")
    owner = OrgUnit.objects.create(municipality=municipality, kind="committee", name="SN")
    plan = Plan.objects.create(title="Nämndplan", kind="nämndplan", owner=owner)
    return Indicator.objects.create(plan=plan, name="Kostnad", direction="decrease")


def test_search_and_show_print_the_kpi_and_the_source(offline: FakeKolada) -> None:
    offline.add("kpi?title=ungdomsvård", "kpi_search_ungdomsvard.json")
    assert "N33001  Kostnad barn och ungdomsvård, kr/inv" in run("search", "ungdomsvård")
    shown = run("show", "N33001")
    assert "Verksamhetsområde: Barn och ungdomsvård" in shown
    assert "Källa: Kolada" in shown


def test_link_sync_and_compare_from_the_command_line(offline: FakeKolada) -> None:
    indicator = make_indicator()
    offline.add(
        "kpi/N31807", {"values": [{"id": "N31807", "title": "Ekonomiskt bistånd"}], "count": 1}
    )
    offline.add(
        "data/kpi/N31807/municipality/0581",
        {
            "values": [
                {
                    "kpi": "N31807",
                    "municipality": "0581",
                    "period": 2023,
                    "values": [
                        {"gender": "T", "count": 1, "status": "", "value": 5.1, "isdeleted": False}
                    ],
                },
            ],
            "count": 1,
            "next_url": None,
            "previous_url": None,
        },
    )
    offline.add(
        "data/kpi/N31807/municipality/0581,0484,0000/year/2023", "data_N31807_2023_compare.json"
    )

    assert "N31807" in run("link", str(indicator.pk), "N31807")
    assert "1 nya" in run("sync", "--municipality", "0581")
    assert indicator.measurements.get().value == 5.1

    compared = run(
        "compare", "--indicator", str(indicator.pk), "--year", "2023", "--municipalities", "0484"
    )
    assert "5,1, lägre än genomsnittet (5,7) för valda kommuner" in compared
    assert "plats 1 av 2" in compared


def test_errors_become_command_errors_in_swedish(offline: FakeKolada) -> None:
    with pytest.raises(CommandError, match="Ingen kommun i Styr har Kolada-koden 9999"):
        run("sync", "--municipality", "9999")
    with pytest.raises(CommandError, match="Indikatorn med id 404 finns inte"):
        run("compare", "--indicator", "404", "--year", "2023", "--group", "G1")
    offline.add("kpi/N33001", 503)
    with pytest.raises(CommandError, match="HTTP 503"):
        run("show", "N33001")
