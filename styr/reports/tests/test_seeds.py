"""Documents for every seed plan, and the round trip: a Word plan Styr wrote, read by
Styr's own importer, gives back the plan (score ≥ 0.98 with the shared import scorer)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from styr.reports.renderers import render
from styr.reports.services import build_report
from styr.reports.tests.conftest import (
    GOLD_FILES,
    SEED_TEXTS,
    SHARED,
    docx_headings,
    docx_tables,
    load_gold,
    owner_unit,
    parse_ics,
    pdf_text,
    read_docx,
    read_xlsx,
    save_pictures,
)

ROUND_TRIP_BAR = 0.98
NUMERIC_FIELDS = {
    "indicators": ("baseline", "targets", "frequency"),
    "risks": ("probability", "consequence", "score", "controls", "actions"),
}


def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "score_import", SHARED / "tools" / "score_import.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not GOLD_FILES, reason="../shared/seeds/gold is not available")
@pytest.mark.parametrize("gold", GOLD_FILES, ids=lambda p: Path(p).stem)
def test_a_written_word_plan_imports_back_as_the_same_plan(
    gold: Path, db: Any, tmp_path: Path
) -> None:
    from styr.importer.services import parse_file
    from styr.interchange.services import export_plan

    plan = load_gold(gold, db)
    path = tmp_path / f"{gold.stem}.docx"
    path.write_bytes(render(build_report("plan", plan), "docx"))
    result = scorer().score(export_plan(plan), parse_file(path))
    assert result["macro_f1"] >= ROUND_TRIP_BAR, result
    for kind, fields in NUMERIC_FIELDS.items():
        rates = result[kind].get("fields") or {}
        for name in fields:
            assert rates.get(name) in (None, 1.0), (kind, name, rates)


def imported_seed(seed: Path, db: Any) -> Any:
    """A seed as a user gets it into Styr: the importer reads it, the interchange stores it."""
    from styr.importer.services import parse_file
    from styr.interchange.services import load_document

    return load_document(parse_file(seed), owner_unit(db), source_file=seed.name)


@pytest.mark.skipif(not SEED_TEXTS, reason="../shared/seeds is not available")
@pytest.mark.parametrize("seed", SEED_TEXTS, ids=lambda p: Path(p).stem)
def test_every_document_of_an_imported_seed_reads_back(seed: Path, db: Any) -> None:
    plan = imported_seed(seed, db)
    report = build_report("plan", plan)
    document = read_docx(render(report, "docx"))
    headings = "\n".join(docx_headings(document))
    for goal in plan.goals.exclude(level="vision"):
        text = goal.title if len(goal.title) <= 90 else goal.title[:40]
        assert text in headings or text in "\n".join(p.text for p in document.paragraphs)
    rows = [row for table in docx_tables(document) for row in table]
    names = {row[0] for row in rows}
    assert set(plan.indicators.values_list("name", flat=True)) <= names
    assert set(plan.activities.values_list("title", flat=True)) <= names
    assert set(plan.risks.values_list("title", flat=True)) <= names
    pdf = render(report, "pdf")
    text = pdf_text(pdf).replace("\n", " ")
    assert plan.title[:30] in text
    workbook = read_xlsx(render(report, "xlsx"))
    assert workbook["Indikatorer"].max_row - 1 == plan.indicators.count()
    if plan.budget_lines.exists():
        assert workbook["Budget"].max_row - 1 == plan.budget_lines.count()
    if plan.risks.exists():
        register = workbook["Riskregister"]
        assert {c.value for c in register["B"][1:]} == set(
            plan.risks.values_list("title", flat=True)
        )
    grid = read_docx(render(build_report("transformation-map", plan), "docx"))
    assert len(docx_tables(grid)[0]) - 1 == plan.goals.count()
    calendar = build_report("calendar", plan)
    events = parse_ics(render(calendar, "ics"))
    items = [i for entry in plan.calendar_items.exclude(month=None) for i in entry.items]
    assert len(events) == len(items)
    save_pictures(f"{seed.stem}-plan", pdf)
