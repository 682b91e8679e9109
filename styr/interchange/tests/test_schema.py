"""The bundled schema and its error messages."""

from __future__ import annotations

from typing import Any

import pytest

from styr.interchange.schema import SCHEMA_PATH, load_schema, validate_document

from .conftest import SHARED


def test_the_bundled_schema_is_the_published_one() -> None:
    published = SHARED / "spec" / "plan.schema.json"
    if not published.exists():
        pytest.skip(f"the published spec is not at {published}")
    assert SCHEMA_PATH.read_text(encoding="utf-8") == published.read_text(encoding="utf-8")


def test_the_schema_names_its_format() -> None:
    assert load_schema()["$id"] == "styr.plan/1"


def test_a_valid_document_has_no_problems(small_document: dict[str, Any]) -> None:
    assert validate_document(small_document) == []


def test_problems_are_swedish_sentences_that_name_item_and_key(
    small_document: dict[str, Any],
) -> None:
    small_document["format"] = "styr.plan/2"
    small_document["risks"][0]["probability"] = 6
    small_document["indicators"][0]["values"][0]["period"] = "2025-13"
    small_document["budget"][0]["is_total"] = "nej"
    del small_document["volumes"]

    problems = validate_document(small_document)

    assert problems == [
        'dokumentet: nyckeln "volumes" saknas',
        'budget[0] (id "b1").is_total: värdet "nej" har fel typ; väntade sant/falskt',
        'format: måste vara "styr.plan/1"',
        'indicators[0] (id "i1").values[0].period: värdet "2025-13" har fel form',
        'risks[0] (id "r1").probability: värdet 6 är större än 5',
    ]


def test_a_document_that_is_not_an_object_is_one_problem() -> None:
    assert validate_document([]) == ["dokumentet: värdet [] har fel typ; väntade objekt"]
