from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from styr.importer.errors import ImportProblem
from styr.importer.services import parse_file


def test_parse_prints_the_plan_as_json(tmp_path: Path) -> None:
    plan = tmp_path / "plan.md"
    plan.write_text("# Verksamhetsplan 2025\n\n## Mål 1\n\nFler ska få stöd.\n", encoding="utf-8")
    out = StringIO()
    call_command("parse", str(plan), stdout=out)
    document = json.loads(out.getvalue())
    assert document["format"] == "styr.plan/1"
    assert document["goals"][0]["title"] == "Fler ska få stöd."


def test_parse_refuses_an_unknown_file_type_with_a_clear_message(tmp_path: Path) -> None:
    odd = tmp_path / "plan.xyz"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(CommandError, match=r"plan\.xyz.*stöds inte"):
        call_command("parse", str(odd))


def test_an_empty_file_is_an_import_problem(tmp_path: Path) -> None:
    empty = tmp_path / "tom.txt"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(ImportProblem) as raised:
        parse_file(empty)
    assert raised.value.file == "tom.txt" and "ingen text" in raised.value.message


def test_a_binary_file_named_txt_is_an_import_problem(tmp_path: Path) -> None:
    binary = tmp_path / "bild.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x00")
    with pytest.raises(ImportProblem, match="binär"):
        parse_file(binary)
