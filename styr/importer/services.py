"""The document importer's service: any supported file in, a ``styr.plan/1`` document out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from styr.importer.blocks import Block
from styr.importer.errors import ImportProblem
from styr.importer.interpret.document import interpret
from styr.importer.readers import read_blocks
from styr.interchange.schema import validate_document


def parse_file(path: str | Path) -> dict[str, Any]:
    """Read a plan (.txt, .md, .docx, .pdf) and interpret its layout; no database needed.

    Raises ``ImportProblem`` for input that cannot be read; any other failure inside the
    interpreter is reported as an ``ImportProblem`` too, naming the file.
    """
    path = Path(path)
    return parse_blocks(read_blocks(path), path.name)


def parse_blocks(blocks: list[Block], file_name: str) -> dict[str, Any]:
    """``parse_file`` for blocks already read (the upload page also shows them as text)."""
    if not any(block.text.strip() for block in blocks):
        raise ImportProblem(file_name, "dokumentet innehåller ingen text att importera")
    try:
        document = interpret(blocks, file_name)
    except ImportProblem:
        raise
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as error:
        raise ImportProblem(
            file_name, f"dokumentets uppställning kunde inte tolkas ({error})"
        ) from error
    return finalise(document)


def finalise(document: dict[str, Any]) -> dict[str, Any]:
    """Drop working keys the format does not define."""
    for indicator in document["indicators"]:
        indicator.pop("_target_texts", None)
    return document


def validation_errors(document: dict[str, Any]) -> list[str]:
    """Every way the document breaks the ``styr.plan/1`` schema (empty when it is valid).

    The one schema copy lives with the interchange format (``interchange/schema``).
    """
    return validate_document(document)
