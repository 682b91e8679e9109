"""How fast the document importer reads text, Word and PDF input.

    .venv/bin/python -m bench.import_speed [--pages 100] [--repeat 3]

(``styr bench`` runs ``measure`` as its document import benchmark.)

Generates one plan of about ``--pages`` pages (headings, prose, bullet and numbered lists,
activity and indicator tables) in three forms: a text file in the importer's Markdown-like
text form, a .docx written with python-docx and a PDF rendered by WeasyPrint from the
equivalent HTML. It then prints pages per second for each reader next to a reference
measured in the same run on the same file: the bare library pass a reader cannot avoid
(python-docx paragraph and cell iteration, pdfplumber ``extract_text`` on every page, a
plain ``decode`` for text). The ratio says what our structure-finding costs on top.
Figures are printed, not asserted; the page count is the rendered PDF's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import docx
import pdfplumber
from weasyprint import HTML

from styr.importer.readers.docx import read_docx
from styr.importer.readers.encoding import decode_text
from styr.importer.readers.pdf import read_pdf

PROSE = (
    "Socialnämnden ska under året arbeta för att fler invånare får stöd i rätt tid och på "
    "rätt nivå. Uppföljning sker i samband med delårsrapporten och årsredovisningen, och "
    "resultatet redovisas för nämnden tillsammans med en analys av avvikelserna."
)
# One section fills about a page: a heading, prose, a list and a table.
SECTIONS_PER_PAGE = 1


def build_plan(sections: int) -> list[tuple[str, object]]:
    """The plan as neutral parts, so all three files say the same thing."""
    parts: list[tuple[str, object]] = [("h1", "Verksamhetsplan 2025")]
    for n in range(1, sections + 1):
        parts.append(("h2", f"{n} Mål {n}: Fler invånare får stöd i rätt tid"))
        parts.extend([("p", PROSE), ("p", PROSE)])
        parts.append(("ul", [f"Delmål {n}.{i} följs upp halvårsvis." for i in range(1, 4)]))
        parts.append(("ol", [f"Aktivitet {n}.{i} genomförs under året." for i in range(1, 3)]))
        rows = [["Indikator", "Nuläge", "Mål 2025", "Ansvarig"]]
        rows += [
            [f"Indikator {n}.{i}", f"{70 + i} %", f"> {80 + i} %", "Enhetschef"] for i in range(6)
        ]
        parts.append(("table", rows))
    return parts


def write_text(parts: list[tuple[str, object]], path: Path) -> None:
    lines: list[str] = []
    for kind, content in parts:
        if kind in ("h1", "h2"):
            lines += ["#" * int(kind[1]) + f" {content}", ""]
        elif kind == "p":
            lines += [str(content), ""]
        elif kind in ("ul", "ol"):
            items = content if isinstance(content, list) else []
            for i, item in enumerate(items, 1):
                lines.append(f"- {item}" if kind == "ul" else f"{i}. {item}")
            lines.append("")
        elif kind == "table":
            rows = content if isinstance(content, list) else []
            lines += ["\t".join(row) for row in rows] + [""]
    path.write_text("\n".join(lines), encoding="utf-8")


def write_docx(parts: list[tuple[str, object]], path: Path) -> None:
    document = docx.Document()
    for kind, content in parts:
        if kind in ("h1", "h2"):
            document.add_heading(str(content), level=int(kind[1]))
        elif kind == "p":
            document.add_paragraph(str(content))
        elif kind in ("ul", "ol"):
            style = "List Bullet" if kind == "ul" else "List Number"
            for item in content if isinstance(content, list) else []:
                document.add_paragraph(item, style=style)
        elif kind == "table":
            rows = content if isinstance(content, list) else []
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for row, values in zip(table.rows, rows, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
    document.save(str(path))


def write_pdf(parts: list[tuple[str, object]], path: Path) -> None:
    html = [
        "<html><head><style>@page { size: A4; margin: 2.5cm 2cm }"
        " body { font-family: serif; font-size: 11pt }"
        " table { border-collapse: collapse; width: 100% }"
        " td { border: 0.5pt solid black; padding: 2pt; font-size: 9pt }"
        " section { page-break-after: always }</style></head><body>"
    ]
    for kind, content in parts:
        if kind == "h2":
            html.append("</section><section>")
        if kind in ("h1", "h2", "p"):
            html.append(f"<{kind}>{content}</{kind}>")
        elif kind in ("ul", "ol"):
            items = content if isinstance(content, list) else []
            html.append(f"<{kind}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{kind}>")
        elif kind == "table":
            rows = content if isinstance(content, list) else []
            html.append(
                "<table>"
                + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
                + "</table>"
            )
    html.append("</section></body></html>")
    HTML(string="".join(html).replace("<body></section>", "<body>")).write_pdf(path)


def best_of(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def docx_reference(path: Path) -> None:
    document = docx.Document(str(path))
    for paragraph in document.paragraphs:
        _ = paragraph.text
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                _ = cell.text


def pdf_reference(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()


def text_reader() -> Callable[[Path], object] | None:
    import importlib

    readers = importlib.import_module("styr.importer.readers")
    found: Callable[[Path], object] | None = getattr(readers, "read_blocks", None)
    return found


def measure(pages_wanted: int, repeat: int) -> dict[str, dict[str, float | None]]:
    """Seconds per reader and reference, and pages per second, for a generated plan."""
    parts = build_plan(pages_wanted * SECTIONS_PER_PAGE)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "plan"
        txt, docx_path, pdf_path = (base.with_suffix(s) for s in (".txt", ".docx", ".pdf"))
        write_text(parts, txt)
        write_docx(parts, docx_path)
        write_pdf(parts, pdf_path)
        with pdfplumber.open(pdf_path) as pdf:
            pages = len(pdf.pages)
        read_text = text_reader()
        timed: dict[str, tuple[float | None, float, str]] = {
            ".txt": (
                best_of(repeat, lambda: read_text(txt)) if read_text else None,
                best_of(repeat, lambda: decode_text(txt.read_bytes(), txt.name)),
                "bytes -> str",
            ),
            ".docx": (
                best_of(repeat, lambda: read_docx(docx_path)),
                best_of(repeat, lambda: docx_reference(docx_path)),
                "python-docx paragraphs and cells",
            ),
            ".pdf": (
                best_of(repeat, lambda: read_pdf(pdf_path)),
                best_of(repeat, lambda: pdf_reference(pdf_path)),
                "pdfplumber extract_text",
            ),
        }
    out: dict[str, dict[str, float | None]] = {}
    for name, (reader_s, reference_s, _what) in timed.items():
        out[name] = {
            "pages": pages,
            "seconds": reader_s,
            "pages_per_second": pages / reader_s if reader_s else None,
            "reference_seconds": reference_s,
            "reference_pages_per_second": pages / reference_s if reference_s else None,
        }
    return out


REFERENCES = {
    ".txt": "bytes -> str",
    ".docx": "python-docx paragraphs and cells",
    ".pdf": "pdfplumber extract_text",
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args(argv)
    figures = measure(options.pages, options.repeat)
    pages = figures[".pdf"]["pages"]
    print(f"plan of {pages} pages (PDF as rendered), best of {options.repeat} runs")
    print(f"{'input':6} {'reader s':>9} {'pages/s':>9} {'reference s':>12} {'ratio':>6}  reference")
    for name, row in figures.items():
        reader_s, reference_s = row["seconds"], row["reference_seconds"] or 0.0
        if reader_s is None:
            print(f"{name:6} {'-':>9} {'-':>9} {reference_s:12.3f} {'-':>6}  (no text reader yet)")
            continue
        print(
            f"{name:6} {reader_s:9.3f} {row['pages_per_second']:9.1f} {reference_s:12.3f} "
            f"{reader_s / reference_s:6.2f}  {REFERENCES[name]}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
