"""Every document of the demo municipality, written and read back in each format."""

from __future__ import annotations

import io
from typing import Any

import pytest

from styr.followup.services import compute_plan_status
from styr.plans.models import Plan, PlanKind
from styr.reports import formatting as fmt
from styr.reports.renderers import render
from styr.reports.services import build_report
from styr.reports.tests.conftest import (
    docx_headings,
    docx_tables,
    pdf_text,
    read_docx,
    read_xlsx,
    save_pictures,
)


def committee_plan(municipality: Any) -> Plan:
    return Plan.objects.get(owner__municipality=municipality, kind=PlanKind.ASSIGNMENT_PLAN)


def test_the_plan_in_word_has_every_goal_heading_and_indicator_row(demo: Any) -> None:
    plan = committee_plan(demo)
    document = read_docx(render(build_report("plan", plan), "docx"))
    headings = "\n".join(docx_headings(document))
    for goal in plan.goals.exclude(level="vision"):
        assert goal.title[:60] in headings or goal.title in "\n".join(
            p.text for p in document.paragraphs
        )
    indicator_tables = [t for t in docx_tables(document) if t[0][:2] == ["Indikator", "Nuläge"]]
    names = [row[0] for table in indicator_tables for row in table[1:]]
    assert sorted(names) == sorted(plan.indicators.values_list("name", flat=True))
    assert document.core_properties.title == plan.title
    assert document.core_properties.language == "sv-SE"
    # A real TOC field and real heading styles.
    xml = document.element.xml
    assert 'TOC \\o "1-3"' in xml
    assert any(p.style.name == "Heading 2" for p in document.paragraphs)


def test_the_plan_in_word_writes_targets_and_baselines_in_swedish(demo: Any) -> None:
    plan = committee_plan(demo)
    document = read_docx(render(build_report("plan", plan), "docx"))
    tables = [t for t in docx_tables(document) if t[0][:2] == ["Indikator", "Nuläge"]]
    shown = sorted((row[0], row[1]) for table in tables for row in table[1:])
    expected = sorted(
        (i.name, i.baseline_text or fmt.number(i.baseline_value)) for i in plan.indicators.all()
    )
    assert shown == expected
    cells = [cell for table in tables for row in table[1:] for cell in row[2:]]
    for target in plan.indicators.first().targets.all():  # type: ignore[union-attr]
        assert target.text in cells or any(fmt.number(target.value) in c for c in cells)


def test_the_follow_up_report_shows_the_computed_status_of_every_goal(demo: Any) -> None:
    plan = committee_plan(demo)
    period = plan.periods.order_by("end").last()
    assert period is not None
    status = compute_plan_status(plan, period.code)
    report = build_report("followup", plan, period.code)
    document = read_docx(render(report, "docx"))
    summary = next(t for t in docx_tables(document) if t[0][:3] == ["Nr", "Mål", "Beräknad status"])
    shown = sorted((row[1].strip(), row[2]) for row in summary[1:])
    assert shown == sorted((g.title, fmt.status_text(g.status)) for g in status.goals)
    # The indicator tables carry nuläge, target, outcome and status with symbol and label.
    tables = [t for t in docx_tables(document) if t[0][0] == "Indikator"]
    assert tables and tables[0][0][-1] == "Status"
    statuses = sorted((row[0], row[-1]) for table in tables for row in table[1:])
    assert statuses == sorted((i.name, fmt.status_text(i.status)) for i in status.indicators)
    # Charts come from styr.charts as pictures with a text alternative.
    assert document.inline_shapes, "no chart pictures"
    assert all(s._inline.docPr.get("descr") for s in document.inline_shapes)


def test_the_follow_up_report_as_pdf_is_tagged_and_titled(demo: Any) -> None:
    import pypdf

    plan = committee_plan(demo)
    period = plan.periods.order_by("end").first()
    assert period is not None
    data = render(build_report("followup", plan, period.code), "pdf")
    reader = pypdf.PdfReader(io.BytesIO(data))
    root: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "sv"
    assert reader.metadata is not None and str(reader.metadata.title).startswith(plan.title)
    text = pdf_text(data)
    assert "Sammanfattning" in text and period.label in text
    assert f"{plan.title} – uppföljning"[:40] in text  # the page header, escaped for CSS
    save_pictures("demo-followup", data)
    for goal in plan.goals.all()[:3]:
        assert goal.title[:25] in text.replace("\n", " ")


def test_the_excel_workbook_holds_indicators_budget_and_volumes(demo: Any) -> None:
    plan = committee_plan(demo)
    workbook = read_xlsx(render(build_report("plan", plan), "xlsx"))
    assert {"Indikatorer", "Budget", "Volymer"} <= set(workbook.sheetnames)
    sheet = workbook["Indikatorer"]
    assert sheet.freeze_panes == "C2"
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Mål", "Indikator", "Enhet", "Nuläge"]
    assert sheet.max_row - 1 == plan.indicators.count()
    assert any(str(h).startswith("Utfall ") for h in header)
    baseline = sheet.cell(row=2, column=4)
    assert isinstance(baseline.value, float | int) and "#,##0" in baseline.number_format
    budget = workbook["Budget"]
    lines = plan.budget_lines.count()
    assert budget.max_row - 1 == lines
    total = plan.budget_lines.filter(is_total=True).first()
    if total is not None:
        row = next(r for r in budget.iter_rows(min_row=2) if r[1].value == total.label)
        amounts = [c.value for c in row[3:] if isinstance(c.value, float | int)]
        assert amounts and row[1].font.bold


def test_the_internal_control_plan_has_risks_matrix_and_controls(demo: Any) -> None:
    plan = Plan.objects.get(owner__municipality=demo, kind=PlanKind.INTERNAL_CONTROL)
    period = plan.periods.order_by("end").last()
    assert period is not None
    report = build_report("internal-control", plan, period.code)
    document = read_docx(render(report, "docx"))
    tables = docx_tables(document)
    risks = next(t for t in tables if t[0][:2] == ["Nr", "Risk"])
    assert len(risks) - 1 == plan.risks.count()
    first = plan.risks.order_by("position", "pk").first()
    assert first is not None
    row = next(r for r in risks if r[1] == first.title)
    assert row[3:6] == [
        str(first.probability),
        str(first.consequence),
        fmt.number(first.effective_score),
    ]
    controls = next(t for t in tables if t[0][:2] == ["Risk nr", "Kontrollmoment"])
    from styr.internal_control.models import Control

    assert len(controls) - 1 == Control.objects.filter(risk__plan=plan).count()
    assert any("Kontrollresultat" in h for h in docx_headings(document))
    assert document.inline_shapes  # the risk matrix
    save_pictures("demo-internal-control", render(report, "pdf"))
    workbook = read_xlsx(render(report, "xlsx"))
    assert workbook["Riskregister"]["B2"].value


@pytest.mark.parametrize("kind", ["transformation-map", "calendar"])
def test_the_map_and_the_calendar_are_written_in_word_and_pdf(demo: Any, kind: str) -> None:
    plan = committee_plan(demo)
    report = build_report(kind, plan)
    document = read_docx(render(report, "docx"))
    assert document.paragraphs[0].text == report.title
    pdf = render(report, "pdf")
    assert report.title[:30] in pdf_text(pdf).replace("\n", " ")
    save_pictures(f"demo-{kind}", pdf)
    if kind == "transformation-map":
        header = docx_tables(document)[0][0]
        first = plan.period_from or 0
        last = plan.period_to or first
        assert header[0] == "Mål" and header[1:] == [str(y) for y in range(first, last + 1)]
