"""Load then export gives back the same document: the gold plans and odd corners."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from styr.interchange.schema import validate_document
from styr.interchange.services import export_plan, load_document
from styr.interchange.shape import json_equal
from styr.organisation.models import OrgUnit

from .conftest import GOLD_DIR, gold_files, read_json


def first_difference(a: Any, b: Any, path: str = "") -> str | None:
    """Where two parsed JSON values differ, for a readable failure."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(a.keys() | b.keys()):
            if key not in a or key not in b:
                return f"{path}.{key}: only in {'export' if key in a else 'original'}"
            found = first_difference(a[key], b[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items vs {len(b)}"
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{path}[{index}]")
            if found:
                return found
        return None
    return None if json_equal(a, b) else f"{path}: {a!r} != {b!r}"


def assert_round_trip(doc: dict[str, Any], owner: OrgUnit) -> dict[str, Any]:
    exported = export_plan(load_document(doc, owner))
    assert first_difference(exported, doc) is None
    assert json_equal(exported, doc)
    assert validate_document(exported) == []
    return exported


@pytest.mark.skipif(not gold_files(), reason=f"no gold documents in {GOLD_DIR}")
@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.stem)
def test_each_gold_document_comes_back_exactly(path: Path, owner: OrgUnit) -> None:
    assert_round_trip(read_json(path), owner)


def test_a_document_with_every_kind_of_item_comes_back_exactly(
    small_document: dict[str, Any], owner: OrgUnit
) -> None:
    assert_round_trip(small_document, owner)


def odd_document() -> dict[str, Any]:
    """Everything the spec allows that the canonical form does not write the same way."""
    source = {"file": "x.pdf", "page": 3, "line": None, "checksum": "abc"}
    return {
        "format": "styr.plan/1",
        "producer": {"name": "another tool", "version": 2},
        "plan": {
            "title": "Plan med udda former",
            "kind": "annat",
            "municipality": "",
            "period": {"from": 2024, "to": None, "note": "rullande"},
            "adopted": {"date": None},
            "language": "sv",
        },
        "goals": [
            {
                "id": "g1",
                "code": "",
                "title": "Mål utan förälder",
                "level": "vision",
                "period": {"from": None, "to": None},
                "source": None,
                "weight": 0.5,
            },
            {
                "id": "g2",
                "title": "Delmål",
                "level": "delmål",
                "parent": "g1",
                "criteria": [],
                "description": "",
                "source": source,
                "status": "uppfyllt",
            },
        ],
        "indicators": [
            {
                "id": "i1",
                "name": "Baslinje utan värden",
                "baseline": {},
                "targets": [
                    {"text": "Bättre än föregående år", "op": None, "extra_rule": 1, "gender": "K"}
                ],
                "values": [
                    {"period": "2024-T1", "value": 2.0},
                    {"period": "2024-T2", "value": 2.5, "gender": None, "note": "prel."},
                    {"period": "2024-03", "value": None, "gender": "M"},
                ],
            },
            {
                "id": "i2",
                "goal": None,
                "name": "Baslinje med okänd nyckel",
                "baseline": {"value": 1e-3, "note": "från enkät"},
                "unit": "",
            },
        ],
        "activities": [
            {
                "id": "a1",
                "title": "Aktivitet utan mål",
                "responsible": [],
                "status": None,
                "period": {"from": 2024, "to": 2025},
                "owner_email": "x@example.org",
            },
        ],
        "risks": [
            {
                "id": "r1",
                "title": "Risk",
                "score": 7.5,
                "probability": 5,
                "controls": [{}, {"description": "", "extra": [1, 2]}],
                "actions": [{"title": "Åtgärd", "deadline": "2024-06-30"}],
            },
        ],
        "budget": [
            {
                "id": "b1",
                "label": "Summa",
                "is_total": True,
                "section": None,
                "values": [{"kind": "avvikelse", "amount": -0.5, "column": "Avvikelse"}],
            },
            {"id": "b2", "label": "Utan summering", "values": []},
        ],
        "volumes": [
            {
                "id": "v1",
                "label": "Vårddygn",
                "values": [{"kind": "utfall", "value": 1234.0, "year": 2023}],
            },
        ],
        "political_points": [
            {"id": "p1", "number": "1", "text": "Punkt med id"},
        ],
        "calendar": [{"id": "c1", "items": [], "month": None}],
        "unrecognised": [
            {"text": "Sidfot", "id": "u1"},
            {"text": "Rubrik", "source": {"file": "x.pdf", "page": 1}},
        ],
    }


def test_odd_but_valid_forms_come_back_exactly(owner: OrgUnit) -> None:
    doc = odd_document()
    assert validate_document(doc) == []
    assert_round_trip(doc, owner)


def test_a_document_without_optional_lists_comes_back_without_them(
    small_document: dict[str, Any], owner: OrgUnit
) -> None:
    for key in ("political_points", "calendar"):
        del small_document[key]
    exported = assert_round_trip(small_document, owner)
    assert "calendar" not in exported
