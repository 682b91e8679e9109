"""Before interpretation: find page furniture and tables of contents, mend broken paragraphs.

Nothing found here is thrown away: furniture and TOC blocks are only marked, so the
interpreter lists them under ``unrecognised`` with their source.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from styr.importer.blocks import Block
from styr.importer.interpret import vocab
from styr.importer.interpret.markup import clean, ends_sentence, normal_key

_PAGE_NUMBER_RE = re.compile(r"^(sida\s+)?\d{1,3}(\s*(av|/)\s*\d{1,3})?$", re.I)
_WEB_ADDRESS_RE = re.compile(r"^(https?://)?(www\.)?[\w.-]+\.(se|nu|com|org)(/\S*)?$", re.I)
_DOT_LEADER_RE = re.compile(r"(\.{3,}|…{2,}|\.\s?\.\s?\.)\s*\d{0,3}\s*$")
_VOCAB_WORD_RE = re.compile(
    r"mål|indikator|nyckeltal|aktivitet|ansvarig|uppföljning|risk|kontroll|budget|"
    r"inriktning|beskrivning|värde|uppdrag|nuläge|volym",
    re.I,
)


@dataclass
class Prepared:
    blocks: list[Block]
    furniture: set[int]
    toc: set[int]


def prepare(blocks: list[Block]) -> Prepared:
    merged = _merge_broken_paragraphs(blocks)
    furniture = _find_furniture(merged)
    toc = _find_toc(merged, furniture)
    return Prepared(merged, furniture, toc)


def _find_furniture(blocks: list[Block]) -> set[int]:
    """Page numbers, web addresses and short lines repeated on many pages."""
    counts = Counter(
        normal_key(b.text)
        for b in blocks
        if b.kind in ("paragraph", "heading") and len(b.text) <= 60
    )
    out = set()
    for index, block in enumerate(blocks):
        if block.kind not in ("paragraph", "heading"):
            continue
        text = clean(block.text)
        key = normal_key(text)
        repeated = len(text) <= 60 and counts[key] >= 3 and not _VOCAB_WORD_RE.search(key)
        if _PAGE_NUMBER_RE.match(text) or _WEB_ADDRESS_RE.match(text) or repeated:
            out.add(index)
    return out


def is_toc_row(block: Block) -> bool:
    """A line of a table of contents: a title with dot leaders and/or a page number."""
    cells = [clean(c) for c in (block.cells or [block.text]) if clean(c)]
    if not cells:
        return False
    last = cells[-1]
    if len(cells) >= 2 and re.fullmatch(r"\d{1,3}", last):
        return True
    return bool(_DOT_LEADER_RE.search(cells[0]) and re.fullmatch(r"\d{1,3}", last))


def _find_toc(blocks: list[Block], furniture: set[int]) -> set[int]:
    out: set[int] = set()
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind in ("heading", "paragraph") and vocab.TOC_HEADINGS.match(block.text):
            out.add(index)
            index += 1
            while index < len(blocks):
                current = blocks[index]
                broken_link = "bokmärket är inte definierat" in current.text.lower()
                if (
                    index in furniture
                    or is_toc_row(current)
                    or broken_link
                    or _DOT_LEADER_RE.search(current.text)
                ):
                    out.add(index)
                    index += 1
                    continue
                break
            continue
        if (
            block.kind == "table_row"
            and is_toc_row(block)
            and _DOT_LEADER_RE.search(clean(block.cells[0] if block.cells else block.text))
            and _small_last(block)
        ):
            out.add(index)
        index += 1
    return out


def _small_last(block: Block) -> bool:
    cells = [clean(c) for c in block.cells if clean(c)]
    return bool(cells) and bool(re.fullmatch(r"\d{1,3}", cells[-1]))


def _merge_broken_paragraphs(blocks: list[Block]) -> list[Block]:
    """A paragraph cut by a page or column break continues in lower case: join the halves."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.kind == "paragraph"
            and block.kind == "paragraph"
            and not ends_sentence(previous.text)
            and block.text[:1].islower()
            and len(previous.text) > 60
        ):
            out[-1] = replace(previous, text=f"{previous.text} {block.text}")
            continue
        out.append(block)
    return out
