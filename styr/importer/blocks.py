"""The reader/interpreter boundary of the document importer.

Every reader (text/Markdown, Word, PDF) turns a file into one flat list of ``Block``s in
reading order; the layout interpreter then turns blocks into a ``styr.plan/1`` document.
Keeping this boundary small is what lets one set of layout rules serve every file format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table_row"]


@dataclass(frozen=True)
class Source:
    file: str
    line: int | None = None  # 1-based, for text input
    page: int | None = None  # 1-based, for PDF (and Word when page breaks are known)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"file": self.file}
        if self.line is not None:
            out["line"] = self.line
        if self.page is not None:
            out["page"] = self.page
        return out


@dataclass
class Block:
    kind: BlockKind
    text: str  # for a table row: the cells joined by a tab
    source: Source
    cells: list[str] = field(default_factory=list)  # table rows only, one string per column
    level: int | None = None  # heading level (1 = top) when the reader knows it
    table: int | None = None  # rows of one table share this number
    bold: bool = False  # the whole block is set in bold (a heading in disguise, often)
    numbering: str | None = None  # list or heading number as the document shows it ("3.1", "2.")
    italic: bool = False  # the whole block is set in italics (goal statements often are)
    depth: int = 0  # nesting depth of a list item (0 = top level)
