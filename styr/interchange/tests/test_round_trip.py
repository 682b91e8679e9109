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
