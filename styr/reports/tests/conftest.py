"""Fixtures: the demo municipality, the seed plans loaded through the interchange, and
readers for every format a report is written in."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared"
GOLD_DIR = SHARED / "seeds" / "gold"
SEED_TEXTS = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
GOLD_FILES = sorted(GOLD_DIR.glob("*.json")) if GOLD_DIR.is_dir() else []
ARTEFACTS = Path(__file__).resolve().parents[3] / "test-artefacts" / "reports"


@pytest.fixture
def demo(db: Any, tmp_path: Path) -> Any:
    """Exempelkommun as ``styr demo`` builds it (without the gold plans)."""
    from styr.demo.services import build_demo

    return build_demo(seeds_dir=tmp_path / "none").municipality


def owner_unit(db: Any) -> Any:
    from styr.organisation.models import Municipality, OrgUnit, OrgUnitKind

    municipality, _ = Municipality.objects.get_or_create(name="Seedkommun")
    unit, _ = OrgUnit.objects.get_or_create(
        municipality=municipality, kind=OrgUnitKind.COMMITTEE, name="Socialnämnden"
    )
    return unit


def load_gold(path: Path, db: Any) -> Any:
    from styr.interchange.services import load_document

    doc = json.loads(path.read_text(encoding="utf-8"))
    return load_document(doc, owner_unit(db))


def read_docx(data: bytes) -> Any:
    import docx

    return docx.Document(io.BytesIO(data))


def docx_headings(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def docx_tables(document: Any) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]


def pdf_text(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def read_xlsx(data: bytes) -> Any:
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(data))


def parse_ics(data: bytes) -> list[dict[str, str]]:
    """Unfold and split an iCalendar file into its events (property name → value)."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    unfolded: list[str] = []
    for line in lines:
        if line.startswith(" "):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in unfolded:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name.split(";")[0]] = value
    return events


def save_pictures(name: str, pdf: bytes) -> None:
    """The PDF as PNG pages in test-artefacts/reports/ (pdftoppm), to look at."""
    if shutil.which("pdftoppm") is None:
        return
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTEFACTS / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(  # noqa: S603 - fixed program and arguments
        ["pdftoppm", "-r", "60", "-png", "-l", "4", str(source), str(ARTEFACTS / name)],  # noqa: S607
        check=True,
        timeout=120,
    )
    assert list(ARTEFACTS.glob(f"{name}*.png"))
