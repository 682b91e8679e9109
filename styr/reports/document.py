"""The renderer-independent document: what a report says, not how a format draws it.

Services (``styr.reports.services``) build a ``Report`` from the data; renderers
(``styr.reports.renderers``) turn the same ``Report`` into Word, PDF, Excel or iCalendar.
A block is one of a few plain dataclasses, so a renderer is a loop over ``blocks`` with
one branch per kind, and a test can check a report's content without any file format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Cell:
    """One table cell: the text as shown; ``value`` when it is a number (for Excel and
    right alignment); ``status`` when the cell shows a status (symbol + label)."""

    text: str = ""
    value: float | None = None
    number_format: str = ""  # Excel number format, e.g. "# ##0" or "0.0"
    status: str | None = None
    bold: bool = False

    @property
    def is_number(self) -> bool:
        return self.value is not None


@dataclass(slots=True)
class Heading:
    level: int  # 1 = top section
    text: str
    number: str = ""  # "1", "1.2": written in front of the text

    @property
    def full_text(self) -> str:
        return f"{self.number} {self.text}".strip()


@dataclass(slots=True)
class Paragraph:
    text: str
    italic: bool = False
    bold: bool = False
    style: str = ""  # "lead" for the introduction under the title, "note" for small print


@dataclass(slots=True)
class BulletList:
    items: list[str]


@dataclass(slots=True)
class StatusLine:
    """A status shown on its own: "Status: ● uppfyllt" (symbol and label, never colour only)."""

    label: str
    status: str
    text: str = ""


# A table with this many columns is set in a smaller font in PDF and Word: on a portrait
# A4 page its columns are too narrow for a long Swedish header word such as "Sannolikhet".
DENSE_COLUMNS = 9


@dataclass(slots=True)
class Table:
    header: list[str]
    rows: list[list[Cell]]
    caption: str = ""
    kind: str = ""  # a hint for styling: "indicators", "activities", "risks", "budget" ...
    widths: list[float] | None = None  # relative column widths

    def column_texts(self, index: int) -> list[str]:
        return [row[index].text for row in self.rows]

    @property
    def column_count(self) -> int:
        return len(self.header) or max((len(r) for r in self.rows), default=0)

    @property
    def dense(self) -> bool:
        return self.column_count >= DENSE_COLUMNS

    def numeric_columns(self) -> list[bool]:
        """Which columns the PDF and Word right-align: those of short numbers only."""
        return [
            bool(self.rows)
            and all(not r[i].text or (r[i].is_number and len(r[i].text) <= 20) for r in self.rows)
            and any(r[i].is_number for r in self.rows)
            for i in range(self.column_count)
        ]


@dataclass(slots=True)
class Chart:
    """A chart drawn by ``styr.charts``: ``kind`` names the chart, ``data`` its input."""

    kind: str  # "series", "risk_matrix", "status_summary"
    data: dict[str, Any]
    alt: str  # the text alternative (PDF/UA, Word alt text)
    title: str = ""


@dataclass(slots=True)
class PageBreak:
    pass


@dataclass(slots=True)
class Contents:
    """The table of contents (a TOC field in Word, a list of links in PDF)."""

    title: str = "Innehåll"


Block = Heading | Paragraph | BulletList | StatusLine | Table | Chart | PageBreak | Contents


@dataclass(slots=True)
class Sheet:
    """One Excel sheet: a header row, rows, and the columns frozen at the left."""

    name: str
    header: list[str]
    rows: list[list[Cell]]
    freeze_columns: int = 1
    widths: list[float] | None = None


@dataclass(slots=True)
class CalendarEvent:
    uid: str
    summary: str
    start: dt.date
    end: dt.date  # exclusive (the day after the last day)
    description: str = ""
    yearly_count: int = 1  # repeat every year this many times (RRULE) when > 1
    categories: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Report:
    """A whole document: metadata and blocks, plus the sheets and events of its other forms."""

    kind: str  # "plan", "followup", "internal-control", "transformation-map", "calendar"
    title: str
    subtitle: str = ""
    municipality: str = ""
    municipality_code: str = ""
    organisation: str = ""
    reference: str = ""
    lang: str = "sv"
    generated: dt.datetime | None = None
    blocks: list[Block] = field(default_factory=list)
    sheets: list[Sheet] = field(default_factory=list)
    # Sheets that cost time to build (every measured value) are built only for Excel.
    sheet_builder: Callable[[], list[Sheet]] | None = None
    events: list[CalendarEvent] = field(default_factory=list)
    updated: dt.datetime | None = None
    plan_id: int | None = None

    def all_sheets(self) -> list[Sheet]:
        if self.sheet_builder is not None:
            self.sheets = self.sheets + self.sheet_builder()
            self.sheet_builder = None
        return self.sheets

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def charts(self) -> list[Chart]:
        return [b for b in self.blocks if isinstance(b, Chart)]
