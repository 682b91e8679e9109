"""The Word base document: Styr's default, or the municipality's own with its header."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
from django.test import override_settings

from styr.plans.models import Plan, PlanKind
from styr.reports.renderers import render
from styr.reports.renderers.word import DEFAULT_BASE, base_template, write_default_base
from styr.reports.services import build_report


def test_the_default_base_sets_fonts_and_heading_colours(tmp_path: Path) -> None:
    path = write_default_base(tmp_path / "base.docx")
    document = docx.Document(str(path))
    assert document.styles["Normal"].font.name == "Arial"
    heading = document.styles["Heading 1"]
    assert heading.font.bold and str(heading.font.color.rgb) == "1F3864"
    assert DEFAULT_BASE.is_file()


def test_a_municipality_template_gives_its_header_and_styles(org: Any, tmp_path: Path) -> None:
    plan = Plan.objects.create(
        title="Nämndplan 2025",
        kind=PlanKind.COMMITTEE_PLAN,
        owner=org.committee,
        period_from=2025,
        reference="SN 2025/1",
    )
    own = docx.Document()
    own.sections[0].header.paragraphs[0].text = "TESTKOMMUN – logotyp"
    own.styles["Heading 1"].font.name = "Georgia"
    folder = tmp_path / "report-templates"
    folder.mkdir()
    own.save(str(folder / f"{org.municipality.kolada_code}.docx"))
    with override_settings(VAR_DIR=tmp_path):
        report = build_report("plan", plan)
        assert base_template(report) == folder / "9999.docx"
        document = docx.Document(io.BytesIO(render(report, "docx")))
    assert document.sections[0].header.paragraphs[0].text == "TESTKOMMUN – logotyp"
    assert document.styles["Heading 1"].font.name == "Georgia"
    footer = document.sections[0].footer._element.xml
    assert "NUMPAGES" in footer and "SN 2025/1" in footer
    style = document.paragraphs[0].style
    assert style is not None and style.name == "Title"
