"""Read a PDF with a text layer into importer ``Block``s.

Characters, their fonts and the page's ruling lines come from PDFium (``pypdfium2``, the
renderer pdfplumber itself depends on): it reads a page about eight times faster than
pdfminer, which is what keeps a 500-page document in seconds. Tables are then found with
pdfplumber's own ruling-line algorithm (edges -> intersections -> cells -> tables), fed
with PDFium's lines; a text-alignment fallback turns runs of lines split by wide gaps
(borderless tables, a table of contents with right-aligned page numbers) into rows.

What each block gets:

* ``table_row``: one per table row, ``cells`` on the table's column grid (a cell spanning
  columns keeps its text in its first column; a cell spanning rows is empty in the rows
  below its first, like a vertically merged Word cell). A table that runs on at the top
  of the next page with the same columns keeps its ``table`` number, and a header row
  the renderer repeated there is dropped; so does a table cut in two with nothing between.
* ``heading``: a short paragraph set larger than the body text, or bold in another font or
  colour than the body. ``level`` ranks the heading styles of the document by size (1 is
  the largest).
* ``list_item``: a paragraph that starts with a bullet glyph (the glyph is dropped) or a
  number such as "3." / "2.1)" (moved to ``numbering``). ``depth`` ranks the indents at
  which the document's list items' text starts (0 = the outermost).
* ``paragraph``: lines of one style at normal line spacing, joined; a paragraph that runs
  over a page break is joined too. ``bold`` / ``italic`` when all of its text is.
* Page furniture (a line in the top or bottom margin that repeats on other pages, or a
  page number there) is never merged with body text: it comes out as its own paragraph
  block, and ``is_page_furniture`` tells which those are, for the interpreter to skip.

``source.page`` is the 1-based page; ``source.line`` is left empty (PDF has no lines).
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from django.utils.translation import gettext as _
from pdfplumber.table import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)

from styr.importer.blocks import Block, BlockKind, Source
from styr.importer.errors import ImportProblem
from styr.importer.readers.docx import is_rule_row

# Geometry tolerances, in PDF points (1/72 inch).
EDGE_MAX_THICKNESS = 3.0  # a filled rectangle thinner than this is a ruling line
EDGE_MIN_LENGTH = 3.0
SNAP_TOLERANCE = 3.0
MARGIN_SHARE = 0.07  # running heads and footers sit in the top and bottom 7 % of a page
SEGMENT_GAP_EM = 2.0  # a horizontal gap this many font sizes wide splits a line into cells
LINE_PITCH_EM = 1.5  # baselines closer than this many font sizes belong to one paragraph

_BULLETS = "•◦▪▫■□●○◆◇►▸‣⁃∙·–—-*➢➤✓✔"
_DASHES = {"-", "–", "—"}
_BULLET_PATTERN = re.compile(rf"^\s*([{re.escape(_BULLETS)}\uf000-\uf0ff])\s+")
_NUMBER_PATTERN = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*[.)])\s+(?=\S)")
_LETTER_PATTERN = re.compile(r"^\s*([a-zA-Z][.)])\s+(?=\S)")
_PAGE_NUMBER = re.compile(
    r"^(?:(?:sida|page|s\.)\s*)?\d{1,4}(?:\s*(?:av|of|/|\()\s*\d{1,4}\)?)?$", re.IGNORECASE
)
# PDFium reports a hyphen it takes for a line-end hyphenation as 0x02; Symbol and Wingdings
# bullets arrive as private-use code points. Both are read as what the reader sees.
_SYMBOL_GLYPHS = {
    2: "-",
    0xF0B7: "•",
    0xF0A7: "▪",
    0xF0D8: "➢",
    0xF076: "◆",
    0xF0FC: "✓",
    0xF06E: "■",
}
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demibold", "demi")
_ITALIC_NAMES = ("italic", "oblique")
_JOINING_WORDS = {"och", "eller", "samt", "respektive", "resp", "som", "till", "and", "or"}


def read_pdf(path: Path) -> list[Block]:
    """Return the blocks of the PDF at ``path`` in reading order."""
    document = _open(path)
    try:
        pages = [_read_page(document[index], index + 1) for index in range(len(document))]
    finally:
        document.close()
    if not any(page.chars for page in pages):
        raise ImportProblem(
            path.name,
            _(
                "PDF-filen har inget textlager (den är troligen inskannad som bild). "
                "Kör textigenkänning (OCR) på den eller importera originalet i Word-format."
            ),
        )
    return _Assembler(path.name, pages).blocks()


class FurnitureBlock(Block):
    """A paragraph block that is a running header, footer or page number.

    A subclass rather than a field, so the reader/interpreter boundary stays as it is:
    to everyone else it is an ordinary paragraph.
    """


def is_page_furniture(block: Block) -> bool:
    """True for a block this reader recognised as a running header, footer or page number."""
    return isinstance(block, FurnitureBlock)


# --- opening -------------------------------------------------------------------------


def _open(path: Path) -> Any:
    file = path.name
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportProblem(file, _("Filen kan inte läsas: %s") % error.strerror) from error
    if size == 0:
        raise ImportProblem(file, _("Filen är tom."))
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        raise ImportProblem(file, _describe_open_error(error)) from error


def _describe_open_error(error: Exception) -> str:
    code = getattr(error, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return _("PDF-filen är lösenordsskyddad. Ta bort lösenordet och försök igen.")
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return _("PDF-filen är krypterad med en metod som inte stöds.")
    return _("Filen är ingen läsbar PDF (trasig, avkortad eller av en annan filtyp).")


# --- one page: characters and ruling lines -------------------------------------------


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    baseline: float  # distance from the top of the page
    size: float
    family: str
    bold: bool
    italic: bool
    coloured: bool

    @property
    def top(self) -> float:
        return self.baseline - self.size * 0.8

    @property
    def centre_y(self) -> float:
        return self.baseline - self.size * 0.3


@dataclass
class PageContent:
    number: int
    width: float
    height: float
    chars: list[Char]
    edges: list[dict[str, Any]]


def _read_page(page: Any, number: int) -> PageContent:
    width, height = page.get_size()
    try:
        text_page = page.get_textpage()
        try:
            chars = list(_chars(text_page, height))
        finally:
            text_page.close()
        edges = list(_edges(page, height))
    finally:
        page.close()
    return PageContent(number, width, height, chars, edges)


def _chars(text_page: Any, height: float) -> Iterator[Char]:
    raw = text_page.raw
    count = text_page.count_chars()
    box = pdfium_c.FS_RECTF()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    # Font, size and colour are the same for every character of one text object, so they
    # are asked once per object: that halves the time spent reading a page.
    styles: dict[int | None, tuple[float, str, bool, bool, bool]] = {}
    for index in range(count):
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        if code in (0, 10, 13, 0xFFFE, 0xFFFF):
            continue
        text_object = ctypes.cast(pdfium_c.FPDFText_GetTextObject(raw, index), ctypes.c_void_p)
        style = styles.get(text_object.value)
        if style is None:
            if pdfium_c.FPDFText_IsGenerated(raw, index) == 1:
                continue  # a space or line break PDFium made up; we measure gaps ourselves
            style = styles[text_object.value] = _char_style(raw, index)
        pdfium_c.FPDFText_GetLooseCharBox(raw, index, box)
        pdfium_c.FPDFText_GetCharOrigin(raw, index, origin_x, origin_y)
        size, family, bold, italic, coloured = style
        yield Char(
            text=_SYMBOL_GLYPHS.get(code) or chr(code),
            x0=box.left,
            x1=box.right,
            baseline=height - origin_y.value,
            size=size,
            family=family,
            bold=bold,
            italic=italic,
            coloured=coloured,
        )


def _char_style(raw: Any, index: int) -> tuple[float, str, bool, bool, bool]:
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    pdfium_c.FPDFText_GetFontInfo(raw, index, name, len(name), flags)
    pdfium_c.FPDFText_GetFillColor(raw, index, red, green, blue, alpha)
    family, bold, italic = _font_style(name.value)
    size = round(pdfium_c.FPDFText_GetFontSize(raw, index), 1)
    return size, family, bold, italic, max(red.value, green.value, blue.value) > 40


def _font_style(raw_name: bytes) -> tuple[str, bool, bool]:
    name = raw_name.decode("latin-1").split("+")[-1]
    lower = name.lower()
    family = re.split(r"[-,]", name)[0]
    return (
        family,
        any(mark in lower for mark in _BOLD_NAMES),
        any(mark in lower for mark in _ITALIC_NAMES),
    )


def _edges(page: Any, height: float) -> Iterator[dict[str, Any]]:
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if right - left <= EDGE_MAX_THICKNESS or top - bottom <= EDGE_MAX_THICKNESS:
            yield from _box_edges(left, height - top, right, height - bottom)
            continue
        yield from _segment_edges(obj, height)


def _box_edges(x0: float, top: float, x1: float, bottom: float) -> Iterator[dict[str, Any]]:
    """A thin box is one ruling line; a larger one contributes its four sides."""
    if x1 - x0 <= EDGE_MAX_THICKNESS and bottom - top >= EDGE_MIN_LENGTH:
        yield _edge("v", (x0 + x1) / 2, top, (x0 + x1) / 2, bottom)
    elif bottom - top <= EDGE_MAX_THICKNESS and x1 - x0 >= EDGE_MIN_LENGTH:
        yield _edge("h", x0, (top + bottom) / 2, x1, (top + bottom) / 2)


def _segment_edges(obj: Any, height: float) -> Iterator[dict[str, Any]]:
    """Axis-parallel straight segments of a larger path (cell borders drawn as one path)."""
    raw = obj.raw
    count = pdfium_c.FPDFPath_CountSegments(raw)
    if count <= 0 or count > 2000:
        return
    matrix = obj.get_matrix()
    x, y = ctypes.c_float(), ctypes.c_float()
    start: tuple[float, float] | None = None
    previous: tuple[float, float] | None = None
    for index in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(raw, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = _transform(matrix, x.value, y.value, height)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
            yield from _line_edge(previous, point)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            yield from _line_edge(point, start)
        previous = point


def _transform(matrix: Any, x: float, y: float, height: float) -> tuple[float, float]:
    page_x = matrix.a * x + matrix.c * y + matrix.e
    page_y = matrix.b * x + matrix.d * y + matrix.f
    return page_x, height - page_y


def _line_edge(a: tuple[float, float], b: tuple[float, float]) -> Iterator[dict[str, Any]]:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) < 1 and abs(ax - bx) >= EDGE_MIN_LENGTH:
        yield _edge("h", min(ax, bx), ay, max(ax, bx), ay)
    elif abs(ax - bx) < 1 and abs(ay - by) >= EDGE_MIN_LENGTH:
        yield _edge("v", ax, min(ay, by), ax, max(ay, by))


def _edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    return {
        "orientation": orientation,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "object_type": "line",
    }


# --- lines of text -------------------------------------------------------------------


@dataclass
class Line:
    page: int
    chars: list[Char]
    segments: list[list[Char]]
    text: str = ""
    furniture: bool = False

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return self.chars[-1].x1

    @property
    def baseline(self) -> float:
        return max(c.baseline for c in self.chars)

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def size(self) -> float:
        return _dominant(c.size for c in self.chars if not c.text.isspace())

    @property
    def visible(self) -> list[Char]:
        return [c for c in self.chars if not c.text.isspace()]

    @property
    def bold(self) -> bool:
        return all(c.bold for c in self.visible)

    @property
    def weight(self) -> str:
        """ "bold", "regular" or "mixed": lines of one paragraph never go from one pure
        weight to the other."""
        bold = {c.bold for c in self.visible}
        return "mixed" if len(bold) > 1 else ("bold" if True in bold else "regular")


def _dominant(values: Iterable[float]) -> float:
    counted = Counter(values).most_common(1)
    return counted[0][0] if counted else 0.0


def _lines(chars: list[Char], page: int) -> list[Line]:
    """Group characters into lines by baseline, left to right."""
    lines: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: (c.baseline, c.x0)):
        if lines and abs(lines[-1][-1].baseline - char.baseline) <= max(char.size, 1) * 0.35:
            lines[-1].append(char)
        else:
            lines.append([char])
    out = []
    for line_chars in lines:
        line_chars.sort(key=lambda c: c.x0)
        segments = _segments(line_chars)
        if not segments:
            continue
        line = Line(page=page, chars=[c for s in segments for c in s], segments=segments)
        line.text = " ".join(_segment_text(s) for s in segments)
        out.append(line)
    return out


def _segments(chars: list[Char]) -> list[list[Char]]:
    """Split a line where a gap is wide enough to be a column break (or a tab stop)."""
    segments: list[list[Char]] = []
    last_visible: Char | None = None
    for char in chars:
        if char.text.isspace():
            if segments:
                segments[-1].append(char)
            continue
        gap = char.x0 - last_visible.x1 if last_visible else 0.0
        if last_visible is None or gap > SEGMENT_GAP_EM * max(char.size, 1):
            segments.append([char])
        else:
            segments[-1].append(char)
        last_visible = char
    return [_strip_spaces(s) for s in segments]


def _strip_spaces(chars: list[Char]) -> list[Char]:
    while chars and chars[-1].text.isspace():
        chars.pop()
    return chars


def _segment_text(chars: list[Char]) -> str:
    out: list[str] = []
    previous: Char | None = None
    for char in chars:
        if char.text.isspace():
            if out and out[-1] != " ":
                out.append(" ")
        else:
            wide_gap = previous is not None and char.x0 - previous.x1 > 0.15 * max(char.size, 1)
            if wide_gap and out and out[-1] != " ":
                out.append(" ")
            out.append(char.text)
            previous = char
    return "".join(out).strip()


def _join_lines(texts: list[str]) -> str:
    """Join wrapped lines; a line ending in a hyphen is a word broken at its hyphen."""
    out = ""
    for text in texts:
        if not out:
            out = text
        elif _joins_without_space(out, text):
            out += text
        else:
            out += " " + text
    return re.sub(r"\s+", " ", out).strip()


def _joins_without_space(before: str, after: str) -> bool:
    if not before.endswith("-") or len(before) < 2 or not before[-2].isalnum():
        return False
    next_word = re.split(r"\W", after, maxsplit=1)[0].lower()
    return bool(next_word) and next_word not in _JOINING_WORDS


# --- tables --------------------------------------------------------------------------


@dataclass
class Table:
    page: int
    top: float
    columns: list[float]  # left x of each column
    right: float  # right edge of the last column
    rows: list[list[str]]
    bold_rows: list[bool]
    number: int | None = None


def _find_tables(page: PageContent) -> list[tuple[tuple[float, float, float, float], list[Any]]]:
    if not page.edges:
        return []
    edges = merge_edges(
        page.edges,
        snap_x_tolerance=SNAP_TOLERANCE,
        snap_y_tolerance=SNAP_TOLERANCE,
        join_x_tolerance=SNAP_TOLERANCE,
        join_y_tolerance=SNAP_TOLERANCE,
    )
    edges = [e for e in edges if max(e["width"], e["height"]) >= EDGE_MIN_LENGTH]
    intersections = edges_to_intersections(edges, SNAP_TOLERANCE, SNAP_TOLERANCE)
    cells = intersections_to_cells(intersections)
    found = []
    for table_cells in cells_to_tables(cells):
        bbox = (
            min(c[0] for c in table_cells),
            min(c[1] for c in table_cells),
            max(c[2] for c in table_cells),
            max(c[3] for c in table_cells),
        )
        found.append((bbox, table_cells))
    return found


def _cluster(values: Iterable[float], tolerance: float = SNAP_TOLERANCE) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > tolerance:
            out.append(value)
    return out


def _index(anchors: list[float], value: float) -> int:
    best = 0
    for position, anchor in enumerate(anchors):
        if anchor <= value + SNAP_TOLERANCE:
            best = position
    return best


def _build_table(page: PageContent, cells: list[Any], chars: list[Char]) -> Table | None:
    columns = _cluster(c[0] for c in cells)
    row_tops = _cluster(c[1] for c in cells)
    if len(columns) < 2:
        return None  # a framed paragraph, not a table
    grid = [[""] * len(columns) for _ in row_tops]
    bold = [True] * len(row_tops)
    filled = [False] * len(row_tops)
    by_cell: dict[int, list[Char]] = {i: [] for i in range(len(cells))}
    for char in chars:
        for i, (x0, top, x1, bottom) in enumerate(cells):
            if x0 <= (char.x0 + char.x1) / 2 <= x1 and top <= char.centre_y <= bottom:
                by_cell[i].append(char)
                break
    for i, cell in enumerate(cells):
        cell_chars = by_cell[i]
        if not cell_chars:
            continue
        row, column = _index(row_tops, cell[1]), _index(columns, cell[0])
        grid[row][column] = _join_lines([line.text for line in _lines(cell_chars, page.number)])
        filled[row] = True
        bold[row] = bold[row] and all(c.bold for c in cell_chars if not c.text.isspace())
    rows = [(r, b) for r, b, f in zip(grid, bold, filled, strict=True) if f and not is_rule_row(r)]
    if not rows:
        return None
    return Table(
        page=page.number,
        top=min(c[1] for c in cells),
        columns=columns,
        right=max(c[2] for c in cells),
        rows=[r for r, _b in rows],
        bold_rows=[b for _r, b in rows],
    )


def _aligned_table(lines: list[Line], page: int) -> Table:
    """Rows of a borderless table: each line's wide-gap segments are its cells.

    Columns are the horizontal spans that the segments of all lines overlap on, so left-,
    right- and centre-aligned columns all line up.
    """
    spans: list[list[float]] = []
    for x0, x1 in sorted((s[0].x0, s[-1].x1) for line in lines for s in line.segments):
        if spans and x0 <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    rows, bold = [], []
    for line in lines:
        row = [""] * len(spans)
        for segment in line.segments:
            centre = (segment[0].x0 + segment[-1].x1) / 2
            column = next(i for i, (a, b) in enumerate(spans) if a <= centre <= b)
            row[column] = f"{row[column]} {_segment_text(segment)}".strip()
        if not is_rule_row(row):
            rows.append(row)
            bold.append(line.bold)
    columns = [span[0] for span in spans]
    return Table(
        page=page,
        top=lines[0].top,
        columns=columns,
        right=spans[-1][1],
        rows=rows,
        bold_rows=bold,
    )


# --- assembling blocks ---------------------------------------------------------------


@dataclass
class Paragraph:
    lines: list[Line] = field(default_factory=list)
    marker: str | None = None  # bullet glyph or number the first line starts with
    numbering: str | None = None

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def text(self) -> str:
        texts = [line.text for line in self.lines]
        if self.marker:
            texts[0] = texts[0][len(self.marker) :].lstrip()
        return _join_lines(texts)

    @property
    def chars(self) -> list[Char]:
        return [c for line in self.lines for c in line.visible]

    @property
    def text_x0(self) -> float:
        """Where the text of a list item starts, after its marker: this, not the marker
        (bullets and right-aligned numbers stand at different places), shows nesting."""
        visible = self.first.visible
        skip = len((self.marker or "").replace(" ", ""))
        return visible[skip].x0 if len(visible) > skip else self.first.x0


Item = Paragraph | Table


class _Assembler:
    def __init__(self, file: str, pages: list[PageContent]) -> None:
        self.file = file
        self.pages = pages

    def blocks(self) -> list[Block]:
        items = self._items()
        body_size, body_family = self._body_style(items)
        look = _DocumentLook(
            body_size=body_size,
            body_family=body_family,
            heading_levels=self._heading_styles(items, body_size, body_family),
            list_indents=_cluster(
                item.text_x0 for item in items if isinstance(item, Paragraph) and item.marker
            ),
        )
        blocks: list[Block] = []
        table_count = 0
        previous_table: Table | None = None
        for item in items:
            if isinstance(item, Table):
                if previous_table is not None and _continues(previous_table, item):
                    item.number = previous_table.number
                    repeated_header = item.page != previous_table.page
                    if repeated_header and item.rows and item.rows[0] == _first_row(previous_table):
                        item.rows, item.bold_rows = item.rows[1:], item.bold_rows[1:]
                else:
                    table_count += 1
                    item.number = table_count
                blocks.extend(self._table_blocks(item))
                previous_table = item
                continue
            if not item.first.furniture:
                previous_table = None
            blocks.append(self._paragraph_block(item, look))
        return blocks

    # layout

    def _items(self) -> list[Item]:
        furniture = _furniture_keys(self.pages)
        items: list[Item] = []
        for page in self.pages:
            page_items: list[tuple[float, Item | Line]] = []
            table_chars: set[int] = set()
            for bbox, cells in _find_tables(page):
                inside = [c for c in page.chars if _inside(c, bbox)]
                table = _build_table(page, cells, inside)
                if table is None:
                    continue
                table_chars.update(id(c) for c in inside)
                page_items.append((bbox[1], table))
            free = [c for c in page.chars if id(c) not in table_chars]
            for line in _lines(free, page.number):
                line.furniture = _is_furniture(line, page, furniture)
                page_items.append((line.top, line))
            page_items.sort(key=lambda pair: pair[0])
            items.extend(self._group(page_items))
        return _join_across_pages(items)

    def _group(self, page_items: list[tuple[float, Item | Line]]) -> Iterator[Item]:
        """Turn a page's lines into paragraphs and aligned tables, keeping table order."""
        run: list[Line] = []
        for _top, item in page_items:
            if isinstance(item, Line) and not item.furniture:
                run.append(item)
                continue
            yield from _paragraphs_and_aligned_tables(run)
            run = []
            if isinstance(item, Line):
                yield Paragraph(lines=[item])
            else:
                yield item
        yield from _paragraphs_and_aligned_tables(run)

    # styles

    def _body_style(self, items: list[Item]) -> tuple[float, str]:
        sizes: Counter[float] = Counter()
        families: Counter[str] = Counter()
        for item in items:
            if isinstance(item, Paragraph):
                for char in item.chars:
                    sizes[char.size] += 1
                    families[char.family] += 1
        size = sizes.most_common(1)[0][0] if sizes else 0.0
        family = families.most_common(1)[0][0] if families else ""
        return size, family

    def _heading_styles(
        self, items: list[Item], body_size: float, body_family: str
    ) -> dict[tuple[float, bool], int]:
        styles = {
            _style_key(item)
            for item in items
            if isinstance(item, Paragraph) and _looks_like_heading(item, body_size, body_family)
        }
        ranked = sorted(styles, key=lambda key: (-key[0], key[1]))
        return {key: rank + 1 for rank, key in enumerate(ranked)}

    # blocks

    def _paragraph_block(self, paragraph: Paragraph, look: _DocumentLook) -> Block:
        source = Source(self.file, page=paragraph.first.page)
        visible = [c for c in paragraph.chars if c.text not in _BULLETS]
        text = paragraph.text
        kind: BlockKind = "paragraph"
        level, depth = None, 0
        if not paragraph.first.furniture and _looks_like_heading(
            paragraph, look.body_size, look.body_family
        ):
            kind, level = "heading", look.heading_levels.get(_style_key(paragraph))
            text = _join_lines([line.text for line in paragraph.lines])
        elif paragraph.marker:
            kind, depth = "list_item", _index(look.list_indents, paragraph.text_x0)
        block_class = FurnitureBlock if paragraph.first.furniture else Block
        return block_class(
            kind=kind,
            text=text,
            source=source,
            level=level,
            bold=bool(visible) and all(c.bold for c in visible),
            italic=bool(visible) and all(c.italic for c in visible),
            numbering=paragraph.numbering,
            depth=depth,
        )

    def _table_blocks(self, table: Table) -> Iterator[Block]:
        for row, bold in zip(table.rows, table.bold_rows, strict=True):
            yield Block(
                kind="table_row",
                text="\t".join(row),
                source=Source(self.file, page=table.page),
                cells=list(row),
                table=table.number,
                bold=bold,
            )


@dataclass
class _DocumentLook:
    """What the document's own typography says: body text, heading styles, list indents."""

    body_size: float
    body_family: str
    heading_levels: dict[tuple[float, bool], int]
    list_indents: list[float]  # left x of list markers, one per nesting depth


def _inside(char: Char, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    return x0 <= (char.x0 + char.x1) / 2 <= x1 and top <= char.centre_y <= bottom


def _first_row(table: Table) -> list[str] | None:
    return table.rows[0] if table.rows else None


def _continues(previous: Table, table: Table) -> bool:
    """A table that goes on from the one before it (nothing but page furniture between):
    over a page break, or cut in two on one page, with the same columns."""
    if table.page - previous.page not in (0, 1) or len(table.columns) != len(previous.columns):
        return False
    width = max(table.right - table.columns[0], previous.right - previous.columns[0], 1)
    return all(
        abs(a - b) <= max(2 * SNAP_TOLERANCE, 0.25 * width)
        for a, b in zip(table.columns, previous.columns, strict=True)
    )


def _style_key(paragraph: Paragraph) -> tuple[float, bool]:
    chars = paragraph.chars
    return (_dominant(c.size for c in chars), all(c.italic for c in chars))


def _looks_like_heading(paragraph: Paragraph, body_size: float, body_family: str) -> bool:
    chars = paragraph.chars
    if not chars or len(paragraph.lines) > 3 or paragraph.first.furniture:
        return False
    if paragraph.marker and not paragraph.numbering:
        return False  # a bulleted item is never a heading
    text = paragraph.text
    if len(text) > 200 or not any(c.isalpha() for c in text):
        return False
    size = _dominant(c.size for c in chars)
    bold = all(c.bold for c in chars)
    if size >= body_size + 1 and (bold or size >= body_size * 1.25):
        return True
    if not bold or size < body_size - 0.5:
        return False
    other_family = all(c.family != body_family for c in chars)
    coloured = all(c.coloured for c in chars)
    return other_family or coloured


def _starts_item(line: Line) -> tuple[str | None, str | None]:
    """The list marker a line starts with, and the number to keep (if it is numbered)."""
    first = line.segments[0]
    bullet = _BULLET_PATTERN.match(line.text)
    if bullet and (len(first) > 1 or len(line.segments) > 1):
        return bullet.group(1), None
    if len(first) == 1 and first[0].text in _BULLETS and len(line.segments) > 1:
        return first[0].text, None
    number = _NUMBER_PATTERN.match(line.text)
    if number:
        return number.group(1), number.group(1)
    letter = _LETTER_PATTERN.match(_segment_text(first))
    if letter and len(line.segments) > 1 and _segment_text(first) == letter.group(1):
        return letter.group(1), letter.group(1)  # "a)" followed by a tab
    return None, None


def _paragraphs_and_aligned_tables(lines: list[Line]) -> Iterator[Item]:
    """Runs of two or more gap-split lines are a borderless table; the rest is prose."""
    prose: list[Line] = []
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines) and _is_aligned_row(lines, end, start=index):
            end += 1
        if end - index >= 2:
            yield from _paragraphs(prose)
            prose = []
            yield _aligned_table(lines[index:end], lines[index].page)
            index = end
        else:
            prose.append(lines[index])
            index += 1
    yield from _paragraphs(prose)


def _is_aligned_row(lines: list[Line], index: int, start: int) -> bool:
    line = lines[index]
    if len(line.segments) < 2 or (_starts_item(line)[0] is not None and len(line.segments) == 2):
        return False
    if index > start:
        return line.baseline - lines[index - 1].baseline <= 3 * max(line.size, 1)
    return True


def _paragraphs(lines: list[Line]) -> Iterator[Paragraph]:
    current: Paragraph | None = None
    for line in lines:
        marker, numbering = _starts_item(line)
        if current is not None and marker in _DASHES and _wrapped_onto(current, line):
            marker = None  # a sentence wrapped just before a dash, not a dash list
        if current is not None and marker is None and _continues_paragraph(current, line):
            current.lines.append(line)
            continue
        if current is not None:
            yield current
        current = Paragraph(lines=[line], marker=marker, numbering=numbering)
    if current is not None:
        yield current


def _wrapped_onto(paragraph: Paragraph, line: Line) -> bool:
    last = paragraph.lines[-1]
    return (
        _continues_paragraph(paragraph, line)
        and abs(line.x0 - paragraph.first.x0) <= SNAP_TOLERANCE
        and not last.text.endswith((".", ":", ";", "!", "?"))
    )


def _continues_paragraph(paragraph: Paragraph, line: Line) -> bool:
    last = paragraph.lines[-1]
    if line.page != last.page:
        return False
    size = max(last.size, line.size, 1)
    if line.baseline - last.baseline > LINE_PITCH_EM * size or line.baseline <= last.baseline:
        return False
    if abs(last.size - line.size) > 0.6 or _weights_clash(last, line):
        return False
    if paragraph.marker:
        text_start = (
            paragraph.first.segments[-1][0].x0 if len(paragraph.first.segments) > 1 else None
        )
        indent = text_start if text_start is not None else paragraph.first.x0
        return line.x0 >= indent - SNAP_TOLERANCE or line.x0 > paragraph.first.x0 + SNAP_TOLERANCE
    return True


def _weights_clash(a: Line, b: Line) -> bool:
    return {a.weight, b.weight} == {"bold", "regular"}


def _join_across_pages(items: list[Item]) -> list[Item]:
    """Join a paragraph cut by a page break: the last body paragraph of one page and the
    first of the next, when they share a style and the first fills its last line."""
    out: list[Item] = []
    pending: Paragraph | None = None  # last body paragraph of the previous page
    for item in items:
        if isinstance(item, Paragraph) and not item.first.furniture:
            if (
                pending is not None
                and item.first.page == pending.lines[-1].page + 1
                and item.marker is None
                and _page_flows_on(pending, item)
            ):
                pending.lines.extend(item.lines)
                continue
            pending = item
        elif isinstance(item, Table):
            pending = None
        out.append(item)
    return out


def _page_flows_on(before: Paragraph, after: Paragraph) -> bool:
    last, first = before.lines[-1], after.first
    if abs(last.size - first.size) > 0.6 or _weights_clash(last, first):
        return False
    if last.text.endswith((".", ":", "!", "?")):
        return False
    return first.text[:1].islower()


def _furniture_keys(pages: list[PageContent]) -> set[str]:
    """Texts in the page margins that repeat on several pages (running heads, footers)."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        keys = {
            _furniture_key(line.text)
            for line in _lines([c for c in page.chars if _in_margin(c, page)], page.number)
        }
        seen.update(keys)
    needed = max(2, int(len(pages) * 0.4))
    return {key for key, count in seen.items() if count >= needed and key}


def _furniture_key(text: str) -> str:
    # Numbers are not blanked out: "Mål 3" opening each page is a heading, not a running
    # head. Page numbers are recognised by their own pattern.
    return " ".join(text.lower().split())


def _in_margin(char: Char, page: PageContent) -> bool:
    margin = page.height * MARGIN_SHARE
    return char.baseline < margin or char.top > page.height - margin


def _is_furniture(line: Line, page: PageContent, repeated: set[str]) -> bool:
    if not all(_in_margin(c, page) for c in line.chars):
        return False
    return _furniture_key(line.text) in repeated or bool(_PAGE_NUMBER.match(line.text.strip()))
