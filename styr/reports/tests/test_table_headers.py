"""Table headers stay inside their columns and break only between words or at a
hyphenation point: in the PDF read from WeasyPrint's layout boxes, in Word from the
optional hyphens written. The internkontrollplan's Swedish headers ("Sannolikhet",
"Konsekvens", "Riskvärde") are long for their narrow number columns."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from styr.plans.models import Plan, PlanKind
from styr.reports.document import Report
from styr.reports.renderers import render
from styr.reports.renderers.pdf import render_html
from styr.reports.services import build_report
from styr.reports.tests.conftest import read_docx

HYPHEN = "\u2010"  # WeasyPrint's default hyphenate-character
EPSILON = 0.01  # CSS px


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def header_cells(report: Report) -> list[tuple[str, list[str], list[float]]]:
    """Every column header cell as laid out: its text, its lines, and how far each line
    reaches past the cell's content box on either side (0 when it stays inside)."""
    from weasyprint import HTML

    document = HTML(string=render_html(report)).render()
    cells = []
    for page in document.pages:
        for box in _boxes(page._page_box):
            if type(box).__name__ != "TableCellBox" or box.element.get("scope") != "col":
                continue
            left = box.content_box_x()
            right = left + box.width
            lines, overflow = [], []
            for line in (b for b in _boxes(box) if type(b).__name__ == "LineBox"):
                texts = [b for b in _boxes(line) if type(b).__name__ == "TextBox"]
                if not texts:
                    continue
                lines.append("".join(t.text for t in texts).strip())
                overflow.append(
                    max(
                        max(t.position_x + t.width for t in texts) - right,
                        left - min(t.position_x for t in texts),
                        0.0,
                    )
                )
            cells.append(("".join(box.element.itertext()), lines, overflow))
    return cells


def joined(lines: list[str]) -> str:
    """The lines read back as text: a hyphenated line joins the next one without a space."""
    text = ""
    for line in lines:
        text += line[:-1] if line.endswith(HYPHEN) else line + " "
    return text.strip()


@pytest.mark.parametrize("kind", ["internal-control", "plan"])
def test_risk_table_headers_stay_in_their_columns_and_break_only_at_hyphens(
    demo: Any, kind: str
) -> None:
    # The internkontrollplan's risk assessment (7 columns) and, in the plan report, the
    # internkontroll table (10 columns): both fixed layouts with narrow number columns.
    plan = Plan.objects.get(owner__municipality=demo, kind=PlanKind.INTERNAL_CONTROL)
    cells = header_cells(build_report(kind, plan))
    headers = [text for text, _lines, _overflow in cells]
    assert {"Sannolikhet", "Konsekvens", "Riskvärde"} <= set(headers)
    for text, lines, overflow in cells:
        assert max(overflow, default=0) <= EPSILON, (text, lines, overflow)
        assert joined(lines) == text, (text, lines)  # no word cut inside a syllable


def test_word_headers_break_at_hyphenation_points_and_ten_columns_are_set_smaller(
    demo: Any,
) -> None:
    # Word does not overlap cells, but breaks a word wider than its column at any letter;
    # an optional hyphen lets it break "Sanno-/likhet" instead, and reads back unchanged.
    from docx.oxml.ns import qn

    plan = Plan.objects.get(owner__municipality=demo, kind=PlanKind.INTERNAL_CONTROL)
    for kind, columns, size in (("internal-control", 7, None), ("plan", 10, "17")):
        document = read_docx(render(build_report(kind, plan), "docx"))
        table = next(
            t for t in document.tables if "Sannolikhet" in [c.text for c in t.rows[0].cells]
        )
        header = table.rows[0].cells
        assert len(header) == columns
        run = header[[c.text for c in header].index("Sannolikhet")]._tc.xpath(".//w:r")[0]
        assert [t.text for t in run.findall(qn("w:t"))] == ["San", "no", "lik", "het"]
        assert len(run.findall(qn("w:softHyphen"))) == 3
        sizes = {s.get(qn("w:val")) for s in table._tbl.iter(qn("w:sz"))}
        assert sizes == ({size} if size else set()), kind
