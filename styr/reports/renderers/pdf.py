"""PDF from a report through an HTML template and WeasyPrint, as tagged PDF/UA-1.

The HTML carries what PDF/UA needs: ``lang``, a ``<title>`` (the PDF's title metadata),
real headings, tables with ``<th scope>`` header rows, and a text alternative on every
chart. ``pdf_variant="pdf/ua-1"`` makes WeasyPrint write the structure tree.
"""

from __future__ import annotations

import base64
from typing import Any

from django.template.loader import render_to_string

from styr.reports.charts import chart_svg
from styr.reports.document import (
    BulletList,
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


def html_blocks(report: Report) -> list[dict[str, Any]]:
    """The blocks as plain dicts a template can branch on (``block.type``)."""
    out: list[dict[str, Any]] = []
    anchors = 0
    for block in report.blocks:
        if isinstance(block, Heading):
            anchors += 1
            out.append({"type": "heading", "level": min(block.level + 1, 6),
                        "text": block.full_text, "anchor": f"h{anchors}",
                        "outline": block.level})
        elif isinstance(block, Paragraph):
            out.append({"type": "paragraph", "block": block})
        elif isinstance(block, BulletList):
            out.append({"type": "list", "items": block.items})
        elif isinstance(block, StatusLine):
            out.append({"type": "status", "block": block})
        elif isinstance(block, Table):
            columns = len(block.header) or max((len(r) for r in block.rows), default=0)
            numeric = [
                bool(block.rows) and all(not r[i].text or (r[i].is_number and len(r[i].text) <= 20)
                                    for r in block.rows)
                and any(r[i].is_number for r in block.rows)
                for i in range(columns)
            ]
            weights = block.widths if block.widths and len(block.widths) == columns else None
            total = sum(weights) if weights else 0
            out.append({
                "type": "table",
                "block": block,
                "widths": [round(100 * w / total, 1) for w in weights] if weights else [],
                "header": list(zip(block.header, numeric, strict=True)) if block.header else [],
                "rows": [list(zip(row, numeric, strict=True)) for row in block.rows],
            })
        elif isinstance(block, Chart):
            # An <img> of the SVG, not inline SVG: WeasyPrint then draws it as one image
            # (a tagged Figure with its alt text) instead of styling every SVG element as
            # HTML, which made a report with many charts several times slower.
            svg = chart_svg(block)
            src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode() \
                if svg else ""
            out.append({"type": "chart", "block": block, "src": src})
        elif isinstance(block, Contents):
            out.append({"type": "contents", "title": block.title})
        elif isinstance(block, PageBreak):
            out.append({"type": "pagebreak"})
    return out


def render_html(report: Report) -> str:
    blocks = html_blocks(report)
    contents = [b for b in blocks if b["type"] == "heading" and b["outline"] <= 2]
    return render_to_string(
        "reports/document.html",
        {"report": report, "blocks": blocks, "contents": contents},
    )


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    html = render_html(report)
    pdf = HTML(string=html, base_url=None).write_pdf(
        pdf_variant=PDF_VARIANT, custom_metadata=True
    )
    return bytes(pdf or b"")
