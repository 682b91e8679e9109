"""``styr load``, ``styr export`` and ``styr import`` as a user runs them."""

from __future__ import annotations

import importlib
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from styr.interchange import services
from styr.interchange.errors import InterchangeError
from styr.interchange.schema import validate_document
from styr.organisation.models import OrgUnit
from styr.plans.models import Plan

from .conftest import SHARED


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture
def document_file(tmp_path: Path, small_document: dict[str, Any]) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(small_document, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_load_prints_counts_and_the_plan_id_last(document_file: Path) -> None:
    lines = run("load", str(document_file), "--org", "Exempelkommun/Socialnämnden")

    plan = Plan.objects.get()
    assert lines[-1] == str(plan.pk)
    assert "  mål: 2" in lines
    assert "  målvärden: 1" in lines
    assert "Skapade i organisationen: Socialnämnden" in lines
    assert plan.owner.name == "Socialnämnden"


@pytest.mark.django_db
def test_load_with_no_create_org_refuses_an_unknown_unit(document_file: Path) -> None:
    with pytest.raises(CommandError, match="finns inte"):
        run("load", str(document_file), "--org", "Okänd kommun/Nämnden", "--no-create-org")
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_a_refused_document_leaves_no_new_org_units_behind(
    document_file: Path, small_document: dict[str, Any]
) -> None:
    small_document["goals"][1]["parent"] = "saknas"
    document_file.write_text(json.dumps(small_document), encoding="utf-8")

    with pytest.raises(CommandError, match=r'goals\[1\] \(id "g2"\)\.parent'):
        run("load", str(document_file), "--org", "Ny kommun/Socialnämnden")

    assert OrgUnit.objects.count() == 0
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_load_of_invalid_json_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "trasig.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="ogiltig JSON"):
        run("load", str(path), "--org", "Exempelkommun/Socialnämnden")


@pytest.mark.django_db
def test_export_writes_the_loaded_document_to_stdout_and_to_a_file(
    document_file: Path, small_document: dict[str, Any], tmp_path: Path
) -> None:
    plan_id = run("load", str(document_file), "--org", "Exempelkommun/Socialnämnden")[-1]

    printed = StringIO()
    call_command("export", plan_id, stdout=printed)
    assert json.loads(printed.getvalue()) == small_document

    target = tmp_path / "ut.json"
    run("export", plan_id, "-o", str(target))
    assert json.loads(target.read_text(encoding="utf-8")) == small_document
    assert "självförsörjande" in target.read_text(encoding="utf-8")  # å, ä, ö as written


@pytest.mark.django_db
def test_export_of_a_missing_plan_is_a_clear_error() -> None:
    with pytest.raises(CommandError, match="ingen plan med id 999"):
        run("export", "999")


@pytest.mark.django_db
def test_import_stores_the_parsed_document_and_reports_unplaced_text(
    monkeypatch: pytest.MonkeyPatch, small_document: dict[str, Any], tmp_path: Path
) -> None:
    source = tmp_path / "plan.docx"
    source.write_bytes(b"not read: the parser is replaced")
    monkeypatch.setattr(services, "parse_source_file", lambda path: small_document)

    lines = run("import", str(source), "--org", "Exempelkommun/Socialnämnden")

    plan = Plan.objects.get()
    assert lines[-1] == str(plan.pk)
    assert plan.source_file == "plan.docx"
    share = services.unrecognised_share(small_document)
    assert share.items == 1 and share.characters == len("Innehållsförteckning")
    unplaced = next(line for line in lines if line.startswith("Ej placerad text"))
    assert f"{share.items} av {share.total_items} stycken" in unplaced
    assert f"{share.characters} tecken" in unplaced
    assert f"({share.percent:.1f} % av texten)".replace(".", ",") in unplaced
    assert 0 < share.percent < 10
    review = next(line for line in lines if line.startswith("Granskning:"))
    assert f"styr check --plan {plan.pk}" in review


@pytest.mark.django_db
def test_import_of_a_file_with_nothing_recognised_stores_nothing(
    monkeypatch: pytest.MonkeyPatch, small_document: dict[str, Any], tmp_path: Path
) -> None:
    for key in ("goals", "indicators", "activities", "risks", "budget", "volumes"):
        small_document[key] = []
    for key in ("political_points", "calendar"):
        del small_document[key]
    monkeypatch.setattr(services, "parse_source_file", lambda path: small_document)

    with pytest.raises(CommandError, match="inget lästes in"):
        run("import", str(tmp_path / "tom.pdf"), "--org", "Exempelkommun/Socialnämnden")

    assert Plan.objects.count() == 0
    assert OrgUnit.objects.count() == 0


@pytest.mark.django_db
def test_import_reports_the_importers_problem(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def refuse(path: Any) -> dict[str, Any]:
        raise InterchangeError(f"{path}: filen är krypterad")

    monkeypatch.setattr(services, "parse_source_file", refuse)
    with pytest.raises(CommandError, match="krypterad"):
        run("import", str(tmp_path / "låst.pdf"), "--org", "Exempelkommun/Socialnämnden")


def importer_is_ready() -> bool:
    try:
        module = importlib.import_module("styr.importer.services")
    except ImportError:
        return False
    return hasattr(module, "parse_file")


SEED_TEXTS = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []


@pytest.mark.django_db
@pytest.mark.skipif(
    not importer_is_ready(), reason="styr.importer.services.parse_file is not there yet"
)
@pytest.mark.skipif(not SEED_TEXTS, reason="no seed documents in ../shared/seeds")
def test_import_of_a_real_text_plan_stores_a_plan_that_exports_validly() -> None:
    lines = run("import", str(SEED_TEXTS[0]), "--org", "Exempelkommun/Socialnämnden")

    plan = Plan.objects.get(pk=int(lines[-1]))
    assert plan.goals.exists()
    assert validate_document(services.export_plan(plan)) == []


def test_import_of_a_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(InterchangeError, match=r"saknas\.pdf: filen finns inte"):
        services.parse_source_file(tmp_path / "saknas.pdf")
