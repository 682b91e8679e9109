"""PDF from a report through an HTML template and WeasyPrint, as tagged PDF/UA-1.

The HTML carries what PDF/UA needs: ``lang``, a ``<title>`` (the PDF's title metadata),
real headings, tables with ``<th scope>`` header rows, and a text alternative on every
chart. ``pdf_variant="pdf/ua-1"`` makes WeasyPrint write the structure tree.
"""

from __future__ import annotations

import base64
import functools
import re
from typing import Any

from django.template.loader import render_to_string

from styr.reports.charts import chart_svg
from styr.reports.document import (
    BulletList,
    Cell,
    Chart,
    Contents,
    Heading,
    PageBreak,
    Paragraph,
    Report,
    StatusLine,
    Table,
)

PDF_VARIANT = "pdf/ua-1"


def html_blocks(report: Report, widths: dict[tuple[float, ...], str]) -> list[dict[str, Any]]:
    """The blocks as plain dicts a template can branch on (``block.type``). ``widths``
    collects the tables' column widths (percentages → class name) for the style sheet."""
    out: list[dict[str, Any]] = []
    anchors = 0
    for block in report.blocks:
        if isinstance(block, Heading):
            anchors += 1
            out.append(
                {
                    "type": "heading",
                    "level": min(block.level + 1, 6),
                    "text": block.full_text,
                    "anchor": f"h{anchors}",
                    "outline": block.level,
                }
            )
        elif isinstance(block, Paragraph):
            out.append({"type": "paragraph", "block": block})
        elif isinstance(block, BulletList):
            out.append({"type": "list", "items": block.items})
        elif isinstance(block, StatusLine):
            out.append({"type": "status", "block": block})
        elif isinstance(block, Table):
            out.append(_table(block, widths))
        elif isinstance(block, Chart):
            # An <img> of the SVG, not inline SVG: WeasyPrint then draws it as one image
            # (a tagged Figure with its alt text) instead of styling every SVG element as
            # HTML, which made a report with many charts several times slower.
            svg = chart_svg(block)
            src = (
                "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
                if svg
                else ""
            )
            out.append({"type": "chart", "block": block, "src": src})
        elif isinstance(block, Contents):
            out.append({"type": "contents", "title": block.title})
        elif isinstance(block, PageBreak):
            out.append({"type": "pagebreak"})
    return out


def _table(block: Table, widths: dict[tuple[float, ...], str]) -> dict[str, Any]:
    """A table with the class of every cell worked out here rather than in the template.

    Column widths are classes on the first row's cells (``table-layout: fixed`` takes the
    widths from there), one rule per distinct set of widths in the style sheet, instead of
    a ``<colgroup>`` with an inline style per column: a 55-goal report has over a hundred
    tables, and WeasyPrint builds a box and parses a style for every element.
    """
    columns = block.column_count
    numeric = block.numeric_columns()
    weights = block.widths if block.widths and len(block.widths) == columns else None
    width_class = ""
    if weights:
        total = sum(weights)
        percentages = tuple(round(100 * w / total, 1) for w in weights)
        width_class = widths.setdefault(percentages, f"w{len(widths)}")

    def classes(cell: Cell | None, index: int, first_row: bool) -> str:
        names = ["num"] if numeric[index] and (index or cell is None) else []  # not a row head
        if cell is not None and cell.bold:
            names.append("bold")
        if cell is not None and cell.status and cell.text:
            names.append(f"status-{cell.status}")
        if first_row and width_class:
            names.append(f"{width_class}-{index}")
        return " ".join(names)

    header = [(text, classes(None, i, True)) for i, text in enumerate(block.header)]
    rows = [
        [(cell, classes(cell, i, not header and n == 0)) for i, cell in enumerate(row)]
        for n, row in enumerate(block.rows)
    ]
    return {
        "type": "table",
        "block": block,
        "fixed": bool(width_class),
        "header": header,
        "rows": rows,
        "dense": block.dense,
    }


def render_html(report: Report) -> str:
    widths: dict[tuple[float, ...], str] = {}
    blocks = html_blocks(report, widths)
    contents = [b for b in blocks if b["type"] == "heading" and b["outline"] <= 2]
    width_rules = [
        f".{name}-{i} {{ width: {w:g}%; box-sizing: border-box; }}"
        for percentages, name in widths.items()
        for i, w in enumerate(percentages)
    ]
    return render_to_string(
        "reports/document.html",
        {"report": report, "blocks": blocks, "contents": contents, "width_rules": width_rules},
    )


def font_subsetter() -> str:
    """Which library WeasyPrint subsets the embedded fonts with: "harfbuzz" when
    libharfbuzz-subset is installed (``make pdf-deps``), else "fonttools", which is pure
    Python and takes about 0.6 s CPU more for a 60-page report."""
    from weasyprint.pdf import fonts

    subset = getattr(fonts, "harfbuzz_subset", None)  # WeasyPrint's own test, pdf/fonts.py
    return "harfbuzz" if subset and fonts.harfbuzz.hb_version_atleast(4, 1, 0) else "fonttools"


# WeasyPrint's default (user-agent) style sheet gives every element of a document six
# pseudo-elements: its list marker, footnote call and marker, and note call, marker and
# callback. WeasyPrint keeps a cascaded and a computed style for each, about 17,000 in a
# 55-goal report of 3,300 elements, a tenth of the PDF's CPU time with the garbage they
# leave. A report has no footnotes or notes and its only list items are <li>.
_UA_MARKER = ("::marker {", "li::marker, summary::marker {")
_UA_UNUSED = ("footnote-call", "footnote-marker", "note-call", "note-marker", "note-callback")


@functools.cache
def html_class() -> Any:
    """WeasyPrint's ``HTML`` with the default style sheet's pseudo-element rules limited
    to what a report uses; WeasyPrint's own ``HTML`` if its style sheet no longer has
    them as this expects."""
    from weasyprint import CSS, HTML
    from weasyprint import html as weasy_html
    from weasyprint.css.counters import CounterStyle

    text = weasy_html.UA
    marker, limited = _UA_MARKER
    text, found = re.subn(rf"^{re.escape(marker)}", limited, text, flags=re.MULTILINE)
    for pseudo in _UA_UNUSED:
        text, removed = re.subn(rf"^::{pseudo} {{[^}}]*}}\n", "", text, flags=re.MULTILINE)
        found += removed
    if found != 1 + len(_UA_UNUSED):
        return HTML
    # Its own counter styles: WeasyPrint's default ones are already registered.
    sheet = CSS(string=text, counter_style=CounterStyle())

    class ReportHTML(HTML):
        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [sheet, weasy_html.UA_FORM_STYLESHEET] if forms else [sheet]

    return ReportHTML


def parse_report_html(html: str) -> Any:
    """The report's HTML as WeasyPrint's ``HTML`` document, parsed as XML when it is
    well-formed XML, else by WeasyPrint's HTML5 parser.

    The template writes XHTML-style void elements and Django escapes every text, so the
    report is XML: expat builds the same element tree in a twentieth of the time of the
    pure-Python HTML5 parser (0.007 s against 0.12 s for a 55-goal report). A text that
    XML does not allow (a control character from an imported document) makes the parse
    fail, and the HTML5 parser reads the report as before.
    """
    from xml.etree import ElementTree

    import cssselect2
    from weasyprint.urls import URLFetcher

    cls = html_class()
    try:
        # Our own output (every text escaped by the template): no entities or DTDs.
        root = ElementTree.fromstring(_XML_BREAKS.sub("<br/>", html.removeprefix(_DOCTYPE)))  # noqa: S314
    except ElementTree.ParseError:
        return cls(string=html, base_url=None)
    # What weasyprint.HTML.__init__ sets from a parsed tree (WeasyPrint 70), for a string
    # without a <base>: no base URL, the default fetcher, print media.
    document = cls.__new__(cls)
    document.base_url = None
    document.url_fetcher = URLFetcher()
    document.media_type = "print"
    document.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
    document.etree_element = document.wrapper_element.etree_element
    return document


_DOCTYPE = "<!DOCTYPE html>"
_XML_BREAKS = re.compile(r"<br>")  # Django's linebreaksbr; a text's own "<br>" is escaped


def render_pdf(report: Report) -> bytes:
    from styr.reports.renderers import svg_text

    svg_text.install()
    html = render_html(report)
    document = parse_report_html(html)
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT, custom_metadata=True)
    return bytes(pdf or b"")
