"""Text and Markdown reader: one ``Block`` per heading, paragraph, list item or table row.

Plans exported from PDF to text keep headings as ``#`` lines or CAPITALS, tables as
tab-separated rows (sometimes with stray HTML), and lists as ``-``/``1.`` lines. The reader
only recognises that surface; what a block *means* is the interpreter's business.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from styr.importer.blocks import Block, Source
from styr.importer.errors import ImportProblem
from styr.importer.interpret.markup import clean
from styr.importer.readers.encoding import decode_text

logger = logging.getLogger(__name__)

_HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_LIST_RE = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*+•●▪–]|\d{1,3}[.)])\s+(?P<text>\S.*)$")
_SEPARATOR_RE = re.compile(r"^[\s\-=_*|:+]*$")
_BOLD_RE = re.compile(r"^\s*(\*\*|__|<b>|<strong>)(?P<inner>.*)(\*\*|__|</b>|</strong>)\s*$", re.I)
_ITALIC_RE = re.compile(
    r"^\s*(\*(?!\*)|_(?!_)|<i>|<em>)(?P<inner>.*?)(?<!\*)(\*|_|</i>|</em>)\s*$", re.I
)
MAX_BYTES = 20_000_000


def read_text(path: Path) -> list[Block]:
    return parse_text(_decode(path), path.name)


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise ImportProblem(path.name, "filen är för stor för att läsas som text")
    text, warnings = decode_text(data, path.name)
    for warning in warnings:
        logger.warning("%s", warning)
    return text


def parse_text(content: str, file_name: str) -> list[Block]:
    blocks: list[Block] = []
    table_number = 0
    in_table = False
    paragraph: list[str] = []
    paragraph_line = 0

    def flush_paragraph() -> None:
        nonlocal paragraph
        if paragraph:
            blocks.append(_paragraph_block(paragraph, Source(file_name, paragraph_line)))
            paragraph = []

    for number, raw in enumerate(content.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if "\t" in line and line.strip():
            flush_paragraph()
            if not in_table:
                table_number += 1
                in_table = True
            cells = [cell.strip() for cell in line.split("\t")]
            if any(not _SEPARATOR_RE.match(c) for c in cells):
                blocks.append(
                    Block(
                        "table_row",
                        "\t".join(clean(c) for c in cells),
                        Source(file_name, number),
                        cells=cells,
                        table=table_number,
                    )
                )
            continue
        if not clean(line):
            flush_paragraph()
            continue
        in_table = False
        heading = _HEADING_RE.match(line)
        listed = _LIST_RE.match(line)
        if heading:
            flush_paragraph()
            blocks.append(
                _styled(
                    Block(
                        "heading", "", Source(file_name, number), level=len(heading.group("hashes"))
                    ),
                    heading.group("text"),
                )
            )
        elif listed:
            flush_paragraph()
            marker = listed.group("marker")
            numbering = marker.rstrip(".)") if marker[0].isdigit() else None
            depth = len(listed.group("indent").replace("\t", "    ")) // 2
            blocks.append(
                _styled(
                    Block(
                        "list_item", "", Source(file_name, number), numbering=numbering, depth=depth
                    ),
                    listed.group("text"),
                )
            )
        else:
            if not paragraph:
                paragraph_line = number
            paragraph.append(line)
    flush_paragraph()
    return blocks


def _paragraph_block(lines: list[str], source: Source) -> Block:
    raw = " ".join(line.strip() for line in lines)
    block = _styled(Block("paragraph", "", source), raw)
    if _is_capitals_heading(block.text):
        block.kind = "heading"
    return block


def _styled(block: Block, raw: str) -> Block:
    bold = _BOLD_RE.match(raw)
    italic = _ITALIC_RE.match(raw) if not bold else None
    block.bold = bool(bold) or block.bold
    block.italic = bool(italic)
    block.text = clean(raw)
    return block


def _is_capitals_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return (
        len(letters) >= 4
        and all(c.isupper() for c in letters)
        and len(text) <= 80
        and not text.endswith((".", ":", ";", ","))
        and "." not in text  # web addresses are page furniture, not headings
    )
