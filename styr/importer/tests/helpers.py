"""Shared test helpers: interpret a small synthetic text the way parse_file would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from styr.importer.interpret.document import interpret
from styr.importer.readers.text import parse_text
from styr.importer.services import finalise, validation_errors

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared"


def interpret_text(text: str, name: str = "plan.txt") -> dict[str, Any]:
    document = finalise(interpret(parse_text(text, name), name))
    errors = validation_errors(document)
    assert errors == [], errors
    return document
