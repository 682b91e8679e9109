"""Read a Word document (.docx) into importer ``Block``s.

The body XML is walked in document order, so paragraphs and tables come out interleaved
exactly as the author placed them. What each block gets:

* **Headings**: paragraph styles named "heading N" / "Rubrik N" (also via ``basedOn``),
  "Title" / "Rubrik" (level 1), or an outline level (``w:outlineLvl``, direct or from the
  style). ``level`` is 1 for the top. An automatically numbered heading gets its number both
  in ``numbering`` and in front of its text, because that is how the number reads on the
  page (and how the text and PDF readers see it).
* **List items**: any paragraph with list numbering (``w:numPr``, direct or from its style)
  or a list style ("List Bullet", "Liststycke", ...). ``numbering`` is the label Word would
  draw ("3.", "b)", "2.1"), computed from ``numbering.xml``; bullets have none. The label is
  not part of ``text``.
* **Table rows**: one ``table_row`` per ``w:tr`` with ``cells`` on the table grid, so every
  row of a table has the same number of cells. A horizontally merged cell (``gridSpan``)
  keeps its text in its first column and leaves the columns it covers empty; a vertically
  merged continuation cell (``vMerge``) is empty, as on the page. A nested table is
  flattened into the text of the cell that holds it. Paragraphs within one cell are joined
  with a space (a bulleted or numbered paragraph keeps its "•" or number, so the items stay
  apart). Rows whose cells are all empty, or only typed rules ("-----"), are left out.
  A table that follows another with nothing but empty paragraphs between and with the
  same column grid is one table cut in two: it keeps the same ``table`` number (as the
  text reader does for rows separated by blank lines, and the PDF reader for a table
  running on over a page break).
* **Table of contents** entries (styles "toc N" / "Innehåll N") become a table of
  ``[title, page]`` rows, like the TOC table in the text input.
* **Text boxes** (``w:txbxContent``) follow the paragraph that anchors them.
* ``bold`` / ``italic`` are set when every character of the block with text is bold /
  italic (run formatting, character styles and the paragraph style all count).
* ``depth`` of a list item is its list level (``w:ilvl``), or what a style such as
  "List Bullet 2" says (0 is the top level).

Source positions: Word files have no lines, and pages exist only where Word recorded its
own layout (``w:lastRenderedPageBreak``, written when Word saves). So ``source.line`` is the
1-based ordinal of the block's first paragraph in the document (every ``w:p``, including
those in tables and text boxes, counts), and ``source.page`` is set only when the file has
rendered page breaks; explicit page breaks alone would give wrong page numbers once text
flows over a page, so they are not used.

Left out on purpose: headers, footers, footnotes and comments (page furniture, not body),
deleted tracked changes, field codes (only field results are text).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from django.utils.translation import gettext as _
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from styr.importer.blocks import Block, BlockKind, Source
from styr.importer.errors import ImportProblem

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_VAL = _w("val")
P, R, T, TBL, TR, TC = _w("p"), _w("r"), _w("t"), _w("tbl"), _w("tr"), _w("tc")
TXBX = _w("txbxContent")
# Subtrees whose text is not document text: deletions, field codes, the fallback copy of
# alternate content (the chosen copy is read), property blocks.
_SKIPPED = {
    _w("del"),
    _w("delText"),
    _w("moveFrom"),
    _w("instrText"),
    _w("delInstrText"),
    _w("rPr"),
    _w("pPr"),
    _w("tblPr"),
    _w("trPr"),
    _w("tcPr"),
    _w("sectPr"),
    f"{{{MC_NS}}}Fallback",
}
_WRAPPERS = {_w("sdt"), _w("sdtContent"), _w("customXml"), _w("ins"), _w("moveTo")}
_SPACE_LIKE = {_w("tab"), _w("ptab"), _w("br"), _w("cr")}
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WHITESPACE = re.compile(r"\s+")
_RULE = re.compile(r"^[\s\-=_*|:+.]*$")
_HEADING_NAME = re.compile(r"^(?:heading|rubrik)\s*([1-9])$")
_TITLE_NAMES = {"title", "rubrik"}
_TOC_NAME = re.compile(r"^(?:toc|innehåll(?:sförteckning)?)\s*[1-9]$")
_LIST_NAME = re.compile(r"^list|lista|liststycke|punkt")


def read_docx(path: Path) -> list[Block]:
    """Return the blocks of the Word document at ``path`` in reading order."""
    document = _open(path)
    styles = StyleBook(document.styles.element)
    numbering = NumberingBook(_numbering_element(document))
    body = document.element.body
    walker = _BodyWalker(
        file=path.name,
        styles=styles,
        numbering=numbering,
        pages_known=_has_rendered_page_breaks(body),
    )
    walker.walk(body)
    if not walker.blocks:
        raise ImportProblem(path.name, _("Word-dokumentet innehåller ingen text."))
    return walker.blocks


# --- opening -------------------------------------------------------------------------


def _open(path: Path) -> Any:
    file = path.name
    try:
        head = path.open("rb").read(8)
    except OSError as error:
        raise ImportProblem(file, _("Filen kan inte läsas: %s") % error.strerror) from error
    if not head:
        raise ImportProblem(file, _("Filen är tom."))
    if head == OLE2_SIGNATURE:
        raise ImportProblem(
            file,
            _(
                "Filen är i det gamla Word-formatet (.doc) eller lösenordsskyddad. "
                "Spara den som .docx utan lösenord och försök igen."
            ),
        )
    if not zipfile.is_zipfile(path):
        raise ImportProblem(
            file,
            _(
                "Filen är inget Word-dokument (.docx): den är inte ett giltigt docx-paket "
                "(trasig, avkortad eller av en annan filtyp)."
            ),
        )
    try:
        return docx.Document(str(path))
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        etree.XMLSyntaxError,
        OSError,
        EOFError,
    ) as error:
        raise ImportProblem(
            file,
            _("Word-dokumentet är skadat och kan inte läsas (%s).") % _describe(error),
        ) from error


def _describe(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text[:200]


def _numbering_element(document: Any) -> Any:
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return None


def _has_rendered_page_breaks(body: Any) -> bool:
    return next(body.iter(_w("lastRenderedPageBreak")), None) is not None


# --- styles and numbering ------------------------------------------------------------


def _is_on(element: Any) -> bool:
    """A toggle property (``<w:b/>``, ``<w:b w:val="0"/>``) is on unless it says off."""
    return element.get(W_VAL, "true").lower() not in {"0", "false", "off", "none"}


@dataclass(frozen=True)
class _Look:
    bold: bool = False
    italic: bool = False


@dataclass
class StyleInfo:
    name: str
    based_on: str | None
    outline_level: int | None
    num_id: str | None
    num_level: int
    toggles: dict[str, bool]  # run properties the style switches on or off: "b", "i"


class StyleBook:
    """Paragraph and character style properties, resolved along ``basedOn``."""

    def __init__(self, styles_element: Any) -> None:
        self._styles: dict[str, StyleInfo] = {}
        self.default_paragraph_style: str | None = None
        for style in styles_element.iter(_w("style")):
            style_id = style.get(_w("styleId"))
            if not style_id:
                continue
            self._styles[style_id] = _style_info(style)
            if style.get(_w("type")) == "paragraph" and _is_on_attr(style.get(_w("default"))):
                self.default_paragraph_style = style_id

    def chain(self, style_id: str | None) -> Iterator[tuple[str, StyleInfo]]:
        seen: set[str] = set()
        while style_id and style_id in self._styles and style_id not in seen:
            seen.add(style_id)
            info = self._styles[style_id]
            yield style_id, info
            style_id = info.based_on

    def heading_level(self, style_id: str | None) -> int | None:
        for sid, info in self.chain(style_id):
            name = info.name.lower()
            match = _HEADING_NAME.match(name) or re.match(
                r"^(?:heading|rubrik)([1-9])$", sid.lower()
            )
            if match:
                return int(match.group(1))
            if name in _TITLE_NAMES or sid.lower() == "title":
                return 1
            if info.outline_level is not None:
                return info.outline_level + 1 if info.outline_level < 9 else None
        return None

    def is_toc(self, style_id: str | None) -> bool:
        return any(_TOC_NAME.match(info.name.lower()) for _, info in self.chain(style_id))

    def is_list(self, style_id: str | None) -> bool:
        return any(_LIST_NAME.search(info.name.lower()) for _, info in self.chain(style_id))

    def numbering(self, style_id: str | None) -> tuple[str | None, int]:
        for _sid, info in self.chain(style_id):
            if info.num_id is not None:
                return info.num_id, info.num_level
        return None, 0

    def toggle(self, style_id: str | None, name: str) -> bool | None:
        for _sid, info in self.chain(style_id):
            if name in info.toggles:
                return info.toggles[name]
        return None

    def look(self, style_id: str | None) -> _Look:
        return _Look(
            bold=self.toggle(style_id, "b") or False, italic=self.toggle(style_id, "i") or False
        )

    def name_level(self, style_id: str | None) -> int:
        """ "List Bullet 2" is the second level of a list even without numbering."""
        for _sid, info in self.chain(style_id):
            match = re.search(r"\s([2-9])$", info.name)
            if match and _LIST_NAME.search(info.name.lower()):
                return int(match.group(1)) - 1
        return 0


def _is_on_attr(value: str | None) -> bool:
    return value is not None and value.lower() in {"1", "true", "on"}


def _style_info(style: Any) -> StyleInfo:
    name_el = style.find(_w("name"))
    based_el = style.find(_w("basedOn"))
    ppr = style.find(_w("pPr"))
    rpr = style.find(_w("rPr"))
    outline = None
    num_id, num_level = None, 0
    if ppr is not None:
        outline_el = ppr.find(_w("outlineLvl"))
        if outline_el is not None and (outline_el.get(W_VAL) or "").isdigit():
            outline = int(outline_el.get(W_VAL))
        num_id, num_level = _num_pr(ppr)
    toggles = {}
    for name in ("b", "i"):
        element = rpr.find(_w(name)) if rpr is not None else None
        if element is not None:
            toggles[name] = _is_on(element)
    return StyleInfo(
        name=name_el.get(W_VAL, "") if name_el is not None else "",
        based_on=based_el.get(W_VAL) if based_el is not None else None,
        outline_level=outline,
        num_id=num_id,
        num_level=num_level,
        toggles=toggles,
    )


def _num_pr(ppr: Any) -> tuple[str | None, int]:
    num_pr = ppr.find(_w("numPr"))
    if num_pr is None:
        return None, 0
    num_id_el = num_pr.find(_w("numId"))
    level_el = num_pr.find(_w("ilvl"))
    num_id = num_id_el.get(W_VAL) if num_id_el is not None else None
    level = level_el.get(W_VAL, "0") if level_el is not None else "0"
    return num_id, int(level) if level.isdigit() else 0


@dataclass
class LevelFormat:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class ListInstance:
    key: str
    levels: dict[int, LevelFormat] = field(default_factory=dict)


class NumberingBook:
    """Draws list labels the way Word numbers them, counting as the document goes."""

    def __init__(self, numbering_element: Any) -> None:
        self._instances: dict[str, ListInstance] = {}
        self._counters: dict[str, dict[int, int]] = {}
        if numbering_element is None:
            return
        abstract: dict[str, dict[int, LevelFormat]] = {}
        for node in numbering_element.iter(_w("abstractNum")):
            abstract[node.get(_w("abstractNumId"), "")] = _levels(node)
        for num in numbering_element.iter(_w("num")):
            self._add_instance(num, abstract)

    def _add_instance(self, num: Any, abstract: dict[str, dict[int, LevelFormat]]) -> None:
        num_id = num.get(_w("numId"), "")
        abstract_el = num.find(_w("abstractNumId"))
        abstract_id = abstract_el.get(W_VAL, "") if abstract_el is not None else ""
        levels = {
            lvl: LevelFormat(f.start, f.fmt, f.text)
            for lvl, f in abstract.get(abstract_id, {}).items()
        }
        restarts = False
        for override in num.iter(_w("lvlOverride")):
            level = int(override.get(_w("ilvl"), "0"))
            start_el = override.find(_w("startOverride"))
            if start_el is not None:
                levels.setdefault(level, LevelFormat()).start = int(start_el.get(W_VAL, "1"))
                restarts = True
            lvl_el = override.find(_w("lvl"))
            if lvl_el is not None:
                levels[level] = _level(lvl_el)
        # Instances of one abstract list continue each other's count unless they restart.
        key = f"num:{num_id}" if restarts else f"abstract:{abstract_id}"
        self._instances[num_id] = ListInstance(key=key, levels=levels)

    def label(self, num_id: str, level: int) -> str | None:
        """Count one more item at ``level`` of list ``num_id``; return its label.

        ``None`` for bullets and unknown lists (then it is still a list item).
        """
        instance = self._instances.get(num_id)
        if instance is None:
            return None
        counters = self._counters.setdefault(instance.key, {})
        fmt = instance.levels.get(level, LevelFormat())
        counters[level] = counters[level] + 1 if level in counters else fmt.start
        for deeper in [lvl for lvl in counters if lvl > level]:
            del counters[deeper]
        if fmt.fmt == "bullet":
            return None

        def substitute(match: re.Match[str]) -> str:
            ref = int(match.group(1)) - 1
            ref_fmt = instance.levels.get(ref, LevelFormat())
            value = counters.get(ref, ref_fmt.start)
            return _format_number(value, ref_fmt.fmt)

        label = re.sub(r"%([1-9])", substitute, fmt.text).strip()
        return label or None


def _levels(abstract_num: Any) -> dict[int, LevelFormat]:
    return {int(lvl.get(_w("ilvl"), "0")): _level(lvl) for lvl in abstract_num.findall(_w("lvl"))}


def _level(lvl: Any) -> LevelFormat:
    start_el, fmt_el, text_el = (
        lvl.find(_w("start")),
        lvl.find(_w("numFmt")),
        lvl.find(_w("lvlText")),
    )
    start = start_el.get(W_VAL, "1") if start_el is not None else "1"
    return LevelFormat(
        start=int(start) if start.lstrip("-").isdigit() else 1,
        fmt=fmt_el.get(W_VAL, "decimal") if fmt_el is not None else "decimal",
        text=text_el.get(W_VAL, "") if text_el is not None else "",
    )


_ROMAN = [
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
]  # fmt: skip


def _format_number(value: int, fmt: str) -> str:
    if fmt in {"lowerLetter", "upperLetter"}:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else ""
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in {"lowerRoman", "upperRoman"}:
        roman, rest = "", value
        for amount, digits in _ROMAN:
            while rest >= amount:
                roman, rest = roman + digits, rest - amount
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "none":
        return ""
    return str(value)


# --- walking the body ----------------------------------------------------------------


@dataclass
class _Text:
    """The text of one paragraph, with what we learnt on the way."""

    parts: list[str] = field(default_factory=list)
    visible_chars: int = 0
    bold_chars: int = 0
    italic_chars: int = 0
    text_boxes: list[Any] = field(default_factory=list)
    page_breaks_before_text: int = 0
    page_breaks_after_text: int = 0

    def add(self, text: str, look: _Look) -> None:
        if not text:
            return
        self.parts.append(text)
        visible = len(text.strip())
        self.visible_chars += visible
        self.bold_chars += visible if look.bold else 0
        self.italic_chars += visible if look.italic else 0

    @property
    def bold(self) -> bool:
        return self.visible_chars > 0 and self.bold_chars == self.visible_chars

    @property
    def italic(self) -> bool:
        return self.visible_chars > 0 and self.italic_chars == self.visible_chars

    @property
    def raw(self) -> str:
        return "".join(self.parts)

    @property
    def has_text(self) -> bool:
        return bool(self.raw.strip())


class _BodyWalker:
    def __init__(
        self, *, file: str, styles: StyleBook, numbering: NumberingBook, pages_known: bool
    ) -> None:
        self.file = file
        self.styles = styles
        self.numbering = numbering
        self.pages_known = pages_known
        self.blocks: list[Block] = []
        self.page = 1
        self.paragraph_ordinal = 0
        self.table_count = 0
        self.toc_table: int | None = None
        self.last_table_shape: tuple[int, int, list[int]] | None = None

    # containers

    def walk(self, container: Any) -> None:
        for child in container:
            tag = child.tag
            if tag == P:
                self.paragraph(child)
            elif tag == TBL:
                self.table(child)
            elif isinstance(tag, str) and tag not in _SKIPPED:
                self.walk(child)  # sdt, sdtContent, customXml, ins, ...

    # paragraphs

    def paragraph(self, p: Any) -> None:
        self.paragraph_ordinal += 1
        line = self.paragraph_ordinal
        style_id = self._style_id(p)
        text = self.collect(p, self.styles.look(style_id))
        self.page += text.page_breaks_before_text
        page = self.page
        self.page += text.page_breaks_after_text
        if text.has_text:
            self._emit_paragraph(p, style_id, text, Source(self.file, line, self._page(page)))
        for box in text.text_boxes:
            self.walk(box)

    def _emit_paragraph(self, p: Any, style_id: str | None, text: _Text, source: Source) -> None:
        if self.styles.is_toc(style_id):
            self._emit_toc_entry(text.raw, source)
            return
        self.toc_table = None
        ppr = p.find(_w("pPr"))
        level = self._heading_level(ppr, style_id)
        label, is_numbered = self._list_label(ppr, style_id)
        depth = max(self._list_level(ppr, style_id), self.styles.name_level(style_id))
        content = _fold(text.raw)
        kind: BlockKind = "paragraph"
        if level is not None:
            kind = "heading"
            if label:
                content = f"{label} {content}"
        elif is_numbered or self.styles.is_list(style_id):
            kind = "list_item"
        self.blocks.append(
            Block(
                kind=kind,
                text=content,
                source=source,
                level=level,
                bold=text.bold,
                italic=text.italic,
                numbering=label,
                depth=depth if kind == "list_item" else 0,
            )
        )

    def _emit_toc_entry(self, raw: str, source: Source) -> None:
        if self.toc_table is None:
            self.table_count += 1
            self.toc_table = self.table_count
        title, _tab, page = raw.rpartition("\t") if "\t" in raw else (raw, "", "")
        cells = [_fold(title), _fold(page)]
        self.blocks.append(
            Block(
                kind="table_row",
                text="\t".join(cells),
                source=source,
                cells=cells,
                table=self.toc_table,
            )
        )

    def _style_id(self, p: Any) -> str | None:
        ppr = p.find(_w("pPr"))
        style_el = ppr.find(_w("pStyle")) if ppr is not None else None
        if style_el is not None:
            value: str | None = style_el.get(W_VAL)
            return value
        return self.styles.default_paragraph_style

    def _heading_level(self, ppr: Any, style_id: str | None) -> int | None:
        if ppr is not None:
            outline = ppr.find(_w("outlineLvl"))
            if outline is not None and (outline.get(W_VAL) or "").isdigit():
                value = int(outline.get(W_VAL))
                return value + 1 if value < 9 else None
        return self.styles.heading_level(style_id)

    def _list_label(self, ppr: Any, style_id: str | None) -> tuple[str | None, bool]:
        num_id, level = _num_pr(ppr) if ppr is not None else (None, 0)
        if num_id is None:
            num_id, style_level = self.styles.numbering(style_id)
            level = level or style_level
        if num_id is None or num_id == "0":
            return None, False
        return self.numbering.label(num_id, level), True

    def _list_level(self, ppr: Any, style_id: str | None) -> int:
        num_id, level = _num_pr(ppr) if ppr is not None else (None, 0)
        if num_id is None:
            num_id, level = self.styles.numbering(style_id)
        return level if num_id not in (None, "0") else 0

    def _page(self, page: int) -> int | None:
        return page if self.pages_known else None

    def collect(self, p: Any, style_look: _Look) -> _Text:
        text = _Text()
        self._collect_into(p, text, style_look)
        return text

    def _collect_into(self, element: Any, text: _Text, look: _Look) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == TXBX:
                text.text_boxes.append(child)
            elif tag == R:
                self._collect_into(child, text, self._run_look(child, look))
            elif tag == T:
                text.add(child.text or "", look)
            elif tag in _SPACE_LIKE:
                self._space(child, text)
            elif tag == _w("noBreakHyphen"):
                text.add("-", look)
            elif tag == _w("lastRenderedPageBreak"):
                if text.has_text:
                    text.page_breaks_after_text += 1
                else:
                    text.page_breaks_before_text += 1
            else:
                self._collect_into(child, text, look)

    def _run_look(self, run: Any, inherited: _Look) -> _Look:
        rpr = run.find(_w("rPr"))
        if rpr is None:
            return inherited
        run_style = rpr.find(_w("rStyle"))
        run_style_id = run_style.get(W_VAL) if run_style is not None else None

        def toggle(name: str, default: bool) -> bool:
            element = rpr.find(_w(name))
            if element is not None:
                return _is_on(element)
            from_style = self.styles.toggle(run_style_id, name) if run_style_id else None
            return default if from_style is None else from_style

        return _Look(bold=toggle("b", inherited.bold), italic=toggle("i", inherited.italic))

    def _space(self, element: Any, text: _Text) -> None:
        is_tab = element.tag in {_w("tab"), _w("ptab")}
        text.parts.append("\t" if is_tab else " ")

    # tables

    def table(self, tbl: Any) -> None:
        self.toc_table = None
        width = _grid_width(tbl)
        columns = _grid_columns(tbl)
        if self._continues_previous_table(width, columns):
            number = self.table_count  # split in two with nothing but empty lines between
        else:
            self.table_count += 1
            number = self.table_count
        self.last_table_shape = (number, width, columns)
        for tr in _children(tbl, TR):
            line = self.paragraph_ordinal + 1
            cells, page, bold = self._row_cells(tr, width)
            if is_rule_row(cells):
                continue
            self.blocks.append(
                Block(
                    kind="table_row",
                    text="\t".join(cells),
                    source=Source(self.file, line, self._page(page)),
                    cells=cells,
                    table=number,
                    bold=bold,
                )
            )

    def _continues_previous_table(self, width: int, columns: list[int]) -> bool:
        if self.last_table_shape is None or not self.blocks:
            return False
        number, previous_width, previous_columns = self.last_table_shape
        last = self.blocks[-1]
        if last.kind != "table_row" or last.table != number or previous_width != width:
            return False
        if not columns or len(columns) != len(previous_columns):
            return not columns and not previous_columns
        return _same_grid(columns, previous_columns)

    def _row_cells(self, tr: Any, width: int) -> tuple[list[str], int, bool]:
        cells: list[str] = [""] * _row_property(tr, "gridBefore")
        start_page = self.page
        first_text_page: int | None = None
        all_bold = True
        for tc in _children(tr, TC):
            span = _cell_property(tc, "gridSpan") or 1
            page_before = self.page
            content, bold = self._cell_text(tc)
            if content and first_text_page is None:
                first_text_page = page_before
            if content and not bold:
                all_bold = False
            if _is_merge_continuation(tc):
                content = ""
            cells.append(content)
            cells.extend([""] * (span - 1))
        cells.extend([""] * _row_property(tr, "gridAfter"))
        cells.extend([""] * (width - len(cells)))
        page = first_text_page if first_text_page is not None else start_page
        return cells, page, all_bold and any(cells)

    def _cell_text(self, tc: Any) -> tuple[str, bool]:
        parts: list[str] = []
        bold = True
        for p in _paragraphs(tc):
            self.paragraph_ordinal += 1
            style_id = self._style_id(p)
            text = self.collect(p, self.styles.look(style_id))
            self.page += text.page_breaks_before_text + text.page_breaks_after_text
            if not text.has_text:
                continue
            bold = bold and text.bold
            ppr = p.find(_w("pPr"))
            label, numbered = self._list_label(ppr, style_id)
            if numbered and label is None:
                label = "•"  # keep a cell's bullet items apart, as the page shows them
            content = _fold(text.raw)
            parts.append(f"{label} {content}" if label else content)
        return " ".join(parts), bold and bool(parts)


def is_rule_row(cells: list[str]) -> bool:
    """A row with no text, or only typed rules ("-----"), carries nothing to import."""
    return all(_RULE.match(cell) for cell in cells)


def _children(element: Any, tag: str) -> Iterator[Any]:
    """Children with ``tag``, looking through content controls and tracked insertions."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _paragraphs(element: Any) -> Iterator[Any]:
    """Every paragraph under ``element`` in reading order (text boxes after their anchor)."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == P:
            yield child
        yield from _paragraphs(child)


def _fold(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _grid_width(tbl: Any) -> int:
    grid = tbl.find(_w("tblGrid"))
    columns = len(grid.findall(_w("gridCol"))) if grid is not None else 0
    widest_row = 0
    for tr in _children(tbl, TR):
        width = _row_property(tr, "gridBefore") + _row_property(tr, "gridAfter")
        for tc in _children(tr, TC):
            width += _cell_property(tc, "gridSpan") or 1
        widest_row = max(widest_row, width)
    return max(columns, widest_row)


def _same_grid(a: list[int], b: list[int]) -> bool:
    """Column borders within a quarter of the table's width of each other: the same table,
    even when Word (or a converter) nudged the widths when it was split."""
    total = max(sum(a), sum(b), 1)
    borders_a = [sum(a[: i + 1]) for i in range(len(a))]
    borders_b = [sum(b[: i + 1]) for i in range(len(b))]
    return all(abs(x - y) <= 0.25 * total for x, y in zip(borders_a, borders_b, strict=True))


def _grid_columns(tbl: Any) -> list[int]:
    grid = tbl.find(_w("tblGrid"))
    if grid is None:
        return []
    widths = [col.get(_w("w"), "0") for col in grid.findall(_w("gridCol"))]
    return [int(w) if w.isdigit() else 0 for w in widths]


def _row_property(tr: Any, name: str) -> int:
    trpr = tr.find(_w("trPr"))
    element = trpr.find(_w(name)) if trpr is not None else None
    value = element.get(W_VAL, "0") if element is not None else "0"
    return int(value) if value.isdigit() else 0


def _cell_property(tc: Any, name: str) -> int:
    tcpr = tc.find(_w("tcPr"))
    element = tcpr.find(_w(name)) if tcpr is not None else None
    value = element.get(W_VAL, "0") if element is not None else "0"
    return int(value) if value.isdigit() else 0


def _is_merge_continuation(tc: Any) -> bool:
    tcpr = tc.find(_w("tcPr"))
    merge = tcpr.find(_w("vMerge")) if tcpr is not None else None
    return merge is not None and merge.get(W_VAL, "continue") != "restart"
