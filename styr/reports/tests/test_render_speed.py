"""The speed measures of the renderers keep the interpreter's state and the documents' content."""

from __future__ import annotations

import gc
import io
from typing import Any

import docx
import pdfplumber
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from styr.reports.document import Cell, Report, Table
from styr.reports.renderers import collector_paused, render


def test_collector_paused_nests_and_restores() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer render is still running
    assert gc.isenabled()


def test_collector_restored_when_rendering_fails() -> None:
    with pytest.raises(ValueError):
        render(Report(kind="plan", title="x"), "odt")
    assert gc.isenabled()


def test_word_table_written_as_xml_reads_back() -> None:
    report = Report(kind="followup", title="Uppföljning")
    report.add(
        Table(
            ["Indikator", "Utfall", "Status"],
            [
                [
                    Cell("Andel nöjda\nbrukare"),
                    Cell("1 234,5", value=1234.5),
                    Cell("x", status="met"),
                ],
                [Cell("Väntetid", bold=True), Cell(""), Cell("", status="not_met")],
            ],
            caption="Indikatorer",
            widths=[3, 1, 1],
        )
    )
    document = docx.Document(io.BytesIO(render(report, "docx")))
    table = document.tables[0]
    header = table.rows[0]
    assert [c.text for c in header.cells] == ["Indikator", "Utfall", "Status"]
    tr_pr = header._tr.trPr
    assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    first = table.rows[1].cells
    assert [p.text for p in first[0].paragraphs] == ["Andel nöjda", "brukare"]
    assert first[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert first[2].text == "● Uppfyllt"
    assert str(first[2].paragraphs[0].runs[0].font.color.rgb) == "2E7D32"
    assert table.rows[2].cells[0].paragraphs[0].runs[0].bold
    assert first[0].width > 2 * first[1].width  # the weights 3:1
    style = document.paragraphs[1].style
    assert style is not None and style.name == "Caption"


def test_pdf_draws_a_chart_title_as_its_caption_and_statuses_as_cell_text() -> None:
    import base64
    import re

    from styr.reports.document import Chart
    from styr.reports.renderers.pdf import render_html

    report = Report(kind="followup", title="Uppföljning")
    report.add(
        Chart(
            "series",
            {"points": [("2023", 71.0), ("2024", 74.5)], "unit": "%"},
            alt="Andel nöjda brukare: 2023 71 %, 2024 74,5 %",
            title="Andel nöjda brukare",
        ),
        Table(
            ["Indikator", "Status"],
            [[Cell("Väntetid"), Cell("x", status="not_met")]],
            widths=[3, 1],
        ),
    )
    html = render_html(report)
    figure = re.search(
        r'<figure><figcaption>(.*?)</figcaption><img src="([^"]*)" alt="([^"]*)"', html
    )
    assert figure is not None
    assert figure[1] == "Andel nöjda brukare" and figure[3].startswith("Andel nöjda brukare: 2023")
    svg = base64.b64decode(figure[2].removeprefix("data:image/svg+xml;base64,")).decode()
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "2024" in texts and "Andel nöjda brukare" not in texts  # the caption says it once
    # A status cell is its symbol and label in the status colour, one text run.
    assert '<td class="status-not_met">✕ Ej uppfyllt</td>' in html
    # Column widths are a class on the header cells, a rule in the style sheet.
    assert '<th scope="col" class="w0-1">Status</th>' in html
    assert ".w0-1 { width: 25%; box-sizing: border-box; }" in html
    with pdfplumber.open(io.BytesIO(render(report, "pdf"))) as pdf:
        page = pdf.pages[0]
        words = {w["text"]: w for w in page.extract_words()}
    left = words["Indikator"]["x0"]
    right = page.width - left  # the page's margins are equal
    assert words["Status"]["x0"] > left + 0.74 * (right - left)  # the weights 3:1


def test_font_subsetter_falls_back_to_fonttools_without_harfbuzz_subset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from weasyprint.pdf import fonts

    from styr.reports.renderers.pdf import font_subsetter

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)
    assert font_subsetter() == "fonttools"


def test_pdf_styles_no_footnote_or_note_pseudo_elements_and_keeps_list_markers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from weasyprint.css import StyleFor

    from styr.reports.document import BulletList, Paragraph

    pseudo_elements: list[tuple[str, str]] = []
    original = StyleFor.set_computed_styles

    def recording(self: Any, element: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("pseudo_type") and hasattr(element, "tag"):
            pseudo_elements.append((element.tag, kwargs["pseudo_type"]))
        return original(self, element, *args, **kwargs)

    monkeypatch.setattr(StyleFor, "set_computed_styles", recording)
    report = Report(kind="plan", title="Plan")
    report.add(Paragraph("Inledning"), BulletList(["Första", "Andra"]))
    with pdfplumber.open(io.BytesIO(render(report, "pdf"))) as pdf:
        text = pdf.pages[0].extract_text() or ""
    # WeasyPrint's default style sheet gave every element six pseudo-elements (footnote
    # and note calls and markers): only the list items' markers are left.
    assert sorted(pseudo_elements) == [("li", "marker"), ("li", "marker")]
    assert "• Första" in text and "• Andra" in text


def _every_block() -> Report:
    from styr.reports.document import BulletList, Chart, Contents, Heading, Paragraph, StatusLine

    report = Report(
        kind="followup", title='Uppföljning <T2> & "delår"', organisation="Vård & omsorg"
    )
    report.add(
        Contents(),
        Heading(1, "Mål", "1"),
        Paragraph("Första raden\nandra raden & <b>ingen tagg</b>", italic=True),
        BulletList(["Första", "Andra"]),
        StatusLine("Beräknad status", "met", "Regel: alla uppfyllda"),
        Table(
            ["Indikator", "Utfall", "Status"],
            [[Cell("Väntetid"), Cell("1 234,5", value=1234.5), Cell("x", status="not_met")]],
            caption="Indikatorer",
            widths=[3, 1, 1],
        ),
        Chart(
            "series",
            {"points": [("2023", 71.0), ("2024", 74.5)], "unit": "%"},
            alt="Andel: 2023 71 %, 2024 74,5 %",
            title="Andel nöjda",
        ),
    )
    return report


def _tree(element: Any) -> list[tuple[Any, ...]]:
    """Tags, attributes and texts in document order, whitespace-only texts left out."""
    return [
        (e.tag, sorted(e.attrib.items()), (e.text or "").strip(), (e.tail or "").strip())
        for e in element.iter()
    ]


def test_pdf_parses_the_report_as_xml_into_the_tree_the_html5_parser_builds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tinyhtml5

    from styr.reports.renderers.pdf import parse_report_html, render_html

    html = render_html(_every_block())
    expected = _tree(tinyhtml5.parse(html, namespace_html_elements=False))

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the HTML5 parser was used")

    monkeypatch.setattr(tinyhtml5, "parse", refuse)
    assert _tree(parse_report_html(html).etree_element) == expected
    with pdfplumber.open(io.BytesIO(render(_every_block(), "pdf"))) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "andra raden & <b>ingen tagg</b>" in text and "✕ Ej uppfyllt" in text


def test_pdf_of_a_text_xml_does_not_allow_is_parsed_as_html() -> None:
    from styr.reports.renderers.pdf import parse_report_html, render_html

    report = Report(kind="followup", title="Uppföljning")
    report.add(Table(["Indikator"], [[Cell("Väntetid\x0bi dagar")]]))  # from a Word import
    document = parse_report_html(render_html(report))
    cells = [e.text for e in document.etree_element.iter("th")]
    assert cells == ["Indikator", "Väntetid\x0bi dagar"]
    assert render(report, "pdf").startswith(b"%PDF")
