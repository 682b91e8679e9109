"""Readers turn a file into ``Block``s; ``read_blocks`` picks one by the file's suffix."""

from __future__ import annotations

from pathlib import Path

from styr.importer.blocks import Block
from styr.importer.errors import ImportProblem

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".pdf")


def read_blocks(path: str | Path) -> list[Block]:
    """Read any supported file; the Word and PDF readers are imported only when needed."""
    path = Path(path)
    if not path.is_file():
        raise ImportProblem(path.name, "filen finns inte eller är ingen vanlig fil")
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md", ".markdown"):
        from styr.importer.readers.text import read_text

        return read_text(path)
    if suffix == ".docx":
        from styr.importer.readers.docx import read_docx

        return read_docx(path)
    if suffix == ".pdf":
        from styr.importer.readers.pdf import read_pdf

        return read_pdf(path)
    raise ImportProblem(
        path.name,
        f"filtypen {suffix or '(ingen)'} stöds inte; använd {', '.join(SUPPORTED_SUFFIXES)}",
    )
