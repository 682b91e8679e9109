"""The bar of issue 3: every seed plan scores macro F1 ≥ 0.95 against its gold, with every
number of matched items equal, and validates against plan.schema.json."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from styr.importer.services import parse_file, validation_errors
from styr.importer.tests.helpers import SHARED

SEEDS = sorted((SHARED / "seeds").glob("*.txt")) if SHARED.is_dir() else []
NUMERIC_FIELDS = {
    "indicators": ("baseline", "targets"),
    "risks": ("probability", "consequence", "score"),
}

pytestmark = pytest.mark.skipif(not SEEDS, reason="../shared/seeds is not available")


def scorer() -> ModuleType:
    path = SHARED / "tools" / "score_import.py"
    spec = importlib.util.spec_from_file_location("score_import", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def score_module() -> ModuleType:
    return scorer()


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: Path(p).stem)
def test_seed_meets_the_bar(seed: Path, score_module: Any) -> None:
    import json

    document = parse_file(seed)
    assert validation_errors(document) == []
    gold = json.loads((seed.parent / "gold" / f"{seed.stem}.json").read_text(encoding="utf-8"))
    result = score_module.score(gold, document)
    assert result["macro_f1"] >= 0.95, result
    for kind, fields in NUMERIC_FIELDS.items():
        rates = result[kind].get("fields") or {}
        for name in fields:
            assert rates.get(name) in (None, 1.0), (kind, name, rates)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: Path(p).stem)
def test_every_item_points_back_to_its_line(seed: Path) -> None:
    document = parse_file(seed)
    lines = seed.read_text(encoding="utf-8").splitlines()
    for kind in ("goals", "indicators", "activities", "risks", "budget", "volumes", "unrecognised"):
        for item in document[kind]:
            line = item["source"]["line"]
            assert item["source"]["file"] == seed.name and 1 <= line <= len(lines)
            assert lines[line - 1].strip(), (kind, item)
