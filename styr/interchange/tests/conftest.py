"""Shared fixtures: an owner unit, a small valid document, the gold documents."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from styr.organisation.models import Municipality, OrgUnit, OrgUnitKind

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared"
GOLD_DIR = SHARED / "seeds" / "gold"


def gold_files() -> list[Path]:
    return sorted(GOLD_DIR.glob("*.json")) if GOLD_DIR.is_dir() else []


def read_json(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


@pytest.fixture
def owner(db: None) -> OrgUnit:
    municipality = Municipality.objects.create(name="Exempelkommun")
    committee = OrgUnit.objects.create(
        municipality=municipality, kind=OrgUnitKind.COMMITTEE, name="Socialnämnden"
    )
    office = OrgUnit.objects.create(
        municipality=municipality,
        parent=committee,
        kind=OrgUnitKind.ADMINISTRATION,
        name="Socialkontoret",
    )
    return office


SMALL_DOCUMENT: dict[str, Any] = {
    "format": "styr.plan/1",
    "plan": {
        "title": "Verksamhetsplan 2025",
        "kind": "verksamhetsplan",
        "municipality": "Exempelkommun",
        "organisation": ["Socialnämnden", "Socialkontoret"],
        "period": {"from": 2025, "to": 2025},
        "reference": "SN 2025/0001",
        "adopted": {"by": "Socialnämnden", "date": "2024-12-12"},
    },
    "goals": [
        {
            "id": "g1",
            "code": "1",
            "title": "Fler ska bli självförsörjande.",
            "description": None,
            "level": "nämndmål",
            "parent": None,
            "period": None,
            "criteria": [],
            "source": {"file": "plan.txt", "line": 10},
        },
        {
            "id": "g2",
            "code": None,
            "title": "Fler deltar i arbetsmarknadsinsatser.",
            "description": "Text under målet.",
            "level": "verksamhetsmål",
            "parent": "g1",
            "period": {"from": 2025, "to": 2025},
            "criteria": ["Följs upp per halvår."],
            "source": {"file": "plan.txt", "line": 14},
        },
    ],
    "indicators": [
        {
            "id": "i1",
            "goal": "g2",
            "name": "Andel som går till arbete",
            "unit": "%",
            "direction": "increase",
            "frequency": "halvår",
            "data_source": "Kolada",
            "kolada_kpi": "N00001",
            "baseline": {"value": 31.5, "year": 2024, "text": "31,5 %"},
            "targets": [
                {"year": 2025, "op": ">=", "value": 35, "relative_to": "absolute", "text": "35 %"}
            ],
            "values": [
                {"period": "2025-H1", "value": 33.0, "gender": "T"},
                {"period": "2025-H1", "value": 30, "gender": "K"},
            ],
            "source": {"file": "plan.txt", "line": 20},
        },
    ],
    "activities": [
        {
            "id": "a1",
            "goals": ["g2", "g1"],
            "title": "Starta ett jobbspår.",
            "responsible": ["Enhetschef Socialkontoret"],
            "follow_up": "Helår till nämnden.",
            "status": "pågår",
            "period": None,
            "source": {"file": "plan.txt", "line": 30},
        },
    ],
    "risks": [
        {
            "id": "r1",
            "code": "1",
            "title": "Risk att utbetalningar blir fel.",
            "description": None,
            "area": "Ekonomiskt bistånd",
            "goals": ["g1"],
            "probability": 3,
            "consequence": 4,
            "score": 12,
            "controls": [
                {
                    "description": "Stickprov",
                    "responsible": "Controller",
                    "frequency": "Kvartal",
                    "method": "Granskning",
                    "report_to": "Nämnden",
                }
            ],
            "actions": [{"title": "Utbilda handläggare.", "responsible": "Enhetschef"}],
            "source": {"file": "plan.txt", "line": 40},
        },
    ],
    "budget": [
        {
            "id": "b1",
            "section": "drift",
            "label": "Intäkter",
            "unit": "tkr",
            "is_total": False,
            "values": [
                {"year": 2025, "kind": "budget", "amount": -23271},
                {"year": 2024, "kind": "bokslut", "amount": 12.5},
            ],
            "source": {"file": "plan.txt", "line": 50},
        },
    ],
    "volumes": [
        {
            "id": "v1",
            "group": "Försörjningsstöd",
            "label": "Antal hushåll",
            "unit": "antal",
            "values": [{"year": 2025, "kind": "plan", "value": 410}],
            "source": {"file": "plan.txt", "line": 60},
        },
    ],
    "political_points": [
        {
            "number": "7",
            "text": "Fler ska komma i arbete.",
            "handling": "Mål 1.",
            "status": "Pågår",
            "responsible_board": "SN",
            "concerned_boards": ["SN"],
            "responsible_office": "SOK",
            "concerned_offices": ["SOK"],
            "activities": [{"title": "Jobbspår", "responsible": "SOK"}],
            "source": {"file": "plan.txt", "line": 70},
        },
    ],
    "calendar": [
        {
            "month": 2,
            "label": "FEBRUARI",
            "items": ["Verksamhetsberättelse"],
            "source": {"file": "plan.txt", "line": 80},
        },
    ],
    "unrecognised": [{"text": "Innehållsförteckning", "source": {"file": "plan.txt", "line": 1}}],
}


@pytest.fixture
def small_document() -> dict[str, Any]:
    """A valid document with one or two items of every kind (a fresh copy per test)."""
    return copy.deepcopy(SMALL_DOCUMENT)
