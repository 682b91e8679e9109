"""The charts work where the reports put them: SVG inside a WeasyPrint PDF, PNG in Word."""

from __future__ import annotations

import io

import docx
import pdfplumber
import weasyprint
from docx.shared import Cm

from styr.charts import line_chart_png, line_chart_svg, risk_matrix_svg
from styr.charts.risk import RiskMatrixChart
from styr.charts.tests.test_line import SATISFACTION
from styr.charts.tests.test_risk import DEFINITION, RISKS


def test_svg_renders_in_a_weasyprint_pdf_with_its_text() -> None:
    chart = RiskMatrixChart("Riskmatris", DEFINITION, RISKS, layout="vertical")
    html = (
        "<html><head><style>svg { max-width: 100%; height: auto; }</style></head><body>"
        f"<div class='chart'>{line_chart_svg(SATISFACTION)}</div>"
        f"<div class='chart'>{risk_matrix_svg(chart)}</div></body></html>"
    )
    pdf = weasyprint.HTML(string=html).write_pdf()
    assert pdf is not None
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = " ".join(page.extract_text() or "" for page in document.pages)
    assert "Andel nöjda brukare i hemtjänsten" in text
    assert "Konsekvens" in text


def test_png_goes_into_a_word_document() -> None:
    document = docx.Document()
    document.add_picture(io.BytesIO(line_chart_png(SATISFACTION)), width=Cm(16))
    out = io.BytesIO()
    document.save(out)
    reread = docx.Document(io.BytesIO(out.getvalue()))
    assert len(reread.inline_shapes) == 1
    assert round(reread.inline_shapes[0].width.cm) == 16
