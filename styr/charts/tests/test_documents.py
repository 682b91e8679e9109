"""The charts work where the reports put them: SVG inside a WeasyPrint PDF, PNG in Word."""

from __future__ import annotations

import io

import docx
import pdfplumber
import weasyprint
from docx.shared import Cm

from styr.charts import (
    line_chart_png,
    line_chart_scene,
    line_chart_svg,
    render_svg,
    risk_matrix_svg,
)
from styr.charts.risk import RiskMatrixChart
from styr.charts.scene import Text, text_width
from styr.charts.tests.helpers import SVG, parse_svg
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


def test_svg_as_a_picture_draws_the_same_texts_each_from_its_start() -> None:
    scene = line_chart_scene(SATISFACTION)
    texts = [s for s in scene.shapes if isinstance(s, Text)]
    assert {t.anchor for t in texts} >= {"middle", "end"}  # tick labels are centred or end
    picture = parse_svg(render_svg(scene, image=True))
    drawn = list(picture.iter(f"{SVG}text"))
    assert [t.text for t in drawn] == [t.text for t in texts]
    for element, text in zip(drawn, texts, strict=True):
        assert element.get("text-anchor") == "start"
        shift = {"start": 0.0, "middle": 0.5, "end": 1.0}[text.anchor]
        start = text.x - shift * text_width(text.text, text.size, text.bold)
        assert abs(float(element.get("x") or "nan") - start) < 0.01
    # Only what a web page uses is left out: tooltips, classes, data attributes.
    assert picture.find(f"{SVG}title") is not None  # the drawing's own accessible name
    assert not picture.findall(f".//{SVG}g/{SVG}title")
    inside = list(picture.iter())[1:]  # the root keeps its class
    assert not [e for e in inside if e.get("class") or any(k.startswith("data-") for k in e.attrib)]
    # Lines and polygon markers painted alike are one path each: the grid lines are one.
    web = parse_svg(line_chart_svg(SATISFACTION))
    assert len(list(picture.iter())) < len(list(web.iter()))
    grid = [p for p in picture.iter(f"{SVG}path") if p.get("stroke") == "#d9d9d9"]
    web_grid = [e for e in web.iter() if e.get("class") == "grid" and e.get("stroke") == "#d9d9d9"]
    assert len(grid) == 1 and (grid[0].get("d") or "").count("M") == len(web_grid) > 1
