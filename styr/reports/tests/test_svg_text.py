"""A chart's SVG texts in the PDF: drawn as one run each, unless SVG places glyphs one by one."""

from __future__ import annotations

import base64
import io
import itertools

import pdfplumber

from styr.reports.renderers import svg_text

PICTURE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="80" viewBox="0 0 300 80" '
    'font-family="DejaVu Sans">'
    '<text x="10" y="20" font-size="12" text-anchor="start" fill="#1b1b1b">Nuläge 2024</text>'
    '<text x="10" y="60" dx="0 20 20" font-size="12" fill="#1b1b1b">abc</text>'
    "</svg>"
)


def test_a_label_is_one_run_and_per_glyph_positions_still_apply() -> None:
    from weasyprint import HTML

    svg_text.install()
    src = "data:image/svg+xml;base64," + base64.b64encode(PICTURE.encode()).decode()
    html = f'<html lang="sv"><body><img src="{src}" alt="Diagram"></body></html>'
    pdf = HTML(string=html).write_pdf()
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        lines = (page.extract_text() or "").splitlines()
        spread = sorted(c["x0"] for c in page.chars if c["text"] in "abc")
    # Drawn letter by letter, the space was never drawn and the label read "Nuläge2024".
    assert lines[0] == "Nuläge 2024"
    # dx moves each glyph on its own: 20 px (15 pt) more than the letter's own width.
    assert len(spread) == 3
    assert all(b - a > 15 for a, b in itertools.pairwise(spread))


def test_install_wraps_weasyprints_text_once() -> None:
    import weasyprint.svg as svg_module

    svg_text.install()
    svg_text.install()
    wrapper = svg_module.TAGS["text"]
    assert wrapper is svg_module.text is svg_module.TAGS["tspan"]
    assert not hasattr(wrapper.__wrapped__, "__wrapped__")  # not wrapped twice
