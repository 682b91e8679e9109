"""Word (.docx) from a ``Report``, on a base document per municipality.

The base .docx carries what the municipality's own documents look like: fonts, colours,
heading styles, the logo and the header/footer. ``base_template(report)`` picks
``<STYR_VAR_DIR>/report-templates/<kolada code>.docx`` (or ``<municipality name>.docx``)
when it exists, else Styr's default (``styr/reports/word/base.docx``, rebuilt by
``write_default_base``). The renderer empties the base's body, keeps its section
(page size, margins, header, footer) and writes the report with the base's own styles:
real "Heading N" headings, "List Bullet" lists, tables with a repeating header row, and a
TOC field Word fills in when the document is opened.
"""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path
from typing import Any

import docx
from django.conf import settings
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from styr.reports import formatting as fmt
from styr.reports.charts import chart_png
from styr.reports.document import (
    BulletList,
    Cell,
    Chart,
    Contents,
    Heading,
    PageBreak,
    Paragraph,
    Report,
    StatusLine,
    Table,
)

DEFAULT_BASE = Path(__file__).resolve().parent.parent / "word" / "base.docx"
FONT = "Arial"
HEADING_COLOUR = RGBColor(0x1F, 0x38, 0x64)
HEADER_FILL = "DCE3EE"
DENSE_SIZE = "17"  # half-points: a table with many columns in 8.5 pt, as in the PDF
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
STATUS_COLOURS = {
    "met": RGBColor(0x2E, 0x7D, 0x32),
    "partly_met": RGBColor(0xB2, 0x6A, 0x00),
    "not_met": RGBColor(0xC6, 0x28, 0x28),
    "not_assessed": RGBColor(0x55, 0x55, 0x55),
}


def templates_dir() -> Path:
    return Path(settings.VAR_DIR) / "report-templates"


def base_template(report: Report) -> Path:
    """The municipality's base .docx when it has one, else Styr's default."""
    directory = templates_dir()
    for name in (report.municipality_code, report.municipality):
        if name:
            candidate = directory / f"{name}.docx"
            if candidate.is_file():
                return candidate
    if not DEFAULT_BASE.is_file():
        write_default_base(DEFAULT_BASE)
    return DEFAULT_BASE


def render_docx(report: Report, base: Path | None = None) -> bytes:
    document = docx.Document(str(base or base_template(report)))
    _clear_body(document)
    _metadata(document, report)
    _header_footer(document, report)
    wide = any(isinstance(b, Table) and len(b.header) > 6 for b in report.blocks)
    if wide and report.kind in ("transformation-map", "internal-control"):
        _landscape(document)
    writer = _Writer(document, report.lang)
    document.add_paragraph(report.title, style="Title")
    for block in report.blocks:
        writer.write(block)
    _update_fields_on_open(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _Writer:
    def __init__(self, document: DocxDocument, lang: str = "sv") -> None:
        self.document = document
        self.lang = lang
        self.width = _text_width(document)
        self.figure = 0
        # Looked up once: python-docx finds a style by name with a scan of styles.xml.
        self.styles = {
            name: document.styles[name]
            for name in (
                "Subtitle",
                "List Bullet",
                "Caption",
                "Table Grid",
                "TOC Heading",
                *(f"Heading {n}" for n in range(1, 10)),
            )
        }
        # Picture ids counted here: python-docx rescans the whole body for every picture.
        self.shape_id = 1000

    def write(self, block: Any) -> None:
        if isinstance(block, Heading):
            level = max(1, min(block.level, 9))
            self._styled(block.full_text, f"Heading {level}")
        elif isinstance(block, Paragraph):
            # No style argument for Normal: python-docx resolves ``style=None`` by scanning
            # every style for the default, for every paragraph.
            paragraph = (
                self._styled("", "Subtitle")
                if block.style == "lead"
                else self.document.add_paragraph()
            )
            run = paragraph.add_run(block.text)
            run.italic = block.italic or None
            run.bold = block.bold or None
        elif isinstance(block, BulletList):
            for item in block.items:
                self._styled(item, "List Bullet")
        elif isinstance(block, StatusLine):
            self._status_line(block)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, Chart):
            self._chart(block)
        elif isinstance(block, Contents):
            self._contents(block)
        elif isinstance(block, PageBreak):
            self.document.add_page_break()

    def _styled(self, text: str, style: str) -> DocxParagraph:
        """A paragraph in one of the looked-up styles, its id set directly: python-docx's
        ``style=`` compares the style with the default by scanning every style."""
        paragraph = self.document.add_paragraph(text)
        paragraph._p.style = self.styles[style].style_id
        return paragraph

    def _status_line(self, block: StatusLine) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.add_run(f"{block.label}: ").bold = True
        _status_run(paragraph, block.status)
        if block.text:
            paragraph.add_run(f". {block.text}")

    def _table(self, block: Table) -> None:
        if block.caption:
            if block.header:
                self._styled(block.caption, "Caption")
            else:
                self.document.add_paragraph(block.caption)
        columns = len(block.header) or max((len(r) for r in block.rows), default=1)
        table = self.document.add_table(rows=0, cols=columns)
        # The style id directly: python-docx's setter compares with the default table
        # style by scanning every style, for every table.
        table._tbl.tblStyle_val = self.styles["Table Grid"].style_id
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        numeric = block.numeric_columns()
        widths = _widths(table, block, self.width)
        if widths is None:
            share = int(self.width / columns)
            widths = [share] * columns
        # Rows and cells written as plain WordprocessingML: python-docx's add_row, cell
        # width, add_run and bold/alignment setters each walk the schema's child order, a
        # large share of the time for a report with thousands of cells.
        tbl = table._tbl
        twips = [str(round(int(w) / 635)) for w in widths]
        size = DENSE_SIZE if block.dense else None
        if block.header:
            tr = _sub(tbl, "w:tr")
            tr_pr = _sub(tr, "w:trPr")
            _sub(tr_pr, "w:cantSplit")
            _sub(tr_pr, "w:tblHeader", {"w:val": "true"})
            for index, text in enumerate(block.header):
                paragraph = _tc(tr, twips[index], HEADER_FILL)
                if numeric[index]:
                    _sub(_sub(paragraph, "w:pPr"), "w:jc", {"w:val": "right"})
                _header_run(paragraph, text, self.lang, size)
        for row in block.rows:
            tr = _sub(tbl, "w:tr")
            for index, value in enumerate(row):
                paragraph = _tc(tr, twips[index], None)
                self._cell(paragraph, value, numeric[index], size)
        self.document.add_paragraph()

    def _cell(self, paragraph: Any, value: Cell, numeric: bool, size: str | None) -> None:
        if value.status and value.text:
            _status_xml(paragraph, value.status, size)
            return
        tc = paragraph.getparent()
        for index, line in enumerate(value.text.split("\n")):
            if index:
                paragraph = _sub(tc, "w:p")
            if numeric:
                _sub(_sub(paragraph, "w:pPr"), "w:jc", {"w:val": "right"})
            _run(paragraph, line, bold=value.bold, size=size)

    def _chart(self, block: Chart) -> None:
        png = chart_png(block)
        if png is None:
            return
        self.figure += 1
        run = self.document.add_paragraph().add_run()
        self._picture(run, png, min(self.width, Cm(15)), block)
        self._styled(f"Figur {self.figure}. {block.title}".strip(), "Caption")

    def _picture(self, run: Any, png: bytes, width: Any, block: Chart) -> None:
        """``run.add_picture`` without python-docx's per-picture rescans (it compares the
        new image's hash with every earlier image and scans the body for the next id),
        which make a report with hundreds of charts quadratic."""
        image = Image.from_blob(png)
        part = ImagePart.from_image(image, PackURI(f"/word/media/styr-chart{self.figure}.png"))
        r_id = self.document.part.relate_to(part, RT.IMAGE)
        cx, cy = image.scaled_dimensions(width, None)
        self.shape_id += 1
        inline = CT_Inline.new_pic_inline(self.shape_id, r_id, image.filename, cx, cy)
        inline.docPr.set("descr", block.alt)
        inline.docPr.set("title", block.title)
        run._r.add_drawing(inline)

    def _contents(self, block: Contents) -> None:
        self._styled(block.title, "TOC Heading")
        paragraph = self.document.add_paragraph()
        _field(
            paragraph,
            'TOC \\o "1-3" \\h \\z \\u',
            "Uppdatera fältet (F9) för att visa innehållsförteckningen.",
        )
        self.document.add_page_break()


# --- helpers --------------------------------------------------------------------------------


def _clear_body(document: DocxDocument) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _metadata(document: DocxDocument, report: Report) -> None:
    props = document.core_properties
    props.title = report.title
    props.subject = report.subtitle or report.kind
    props.author = report.organisation or "Styr"
    props.language = "sv-SE"
    props.keywords = f"{report.municipality}; {report.kind}"
    if report.generated is not None:
        props.created = report.generated.replace(tzinfo=None)
        props.modified = report.generated.replace(tzinfo=None)
    # The document language for spelling and screen readers.
    styles_element = document.styles.element
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                rpr.append(lang)
            lang.set(qn("w:val"), "sv-SE")


def _header_footer(document: DocxDocument, report: Report) -> None:
    section = document.sections[0]
    header = section.header
    if not any(p.text.strip() for p in header.paragraphs) and not _has_drawing(header):
        paragraph = header.paragraphs[0]
        paragraph.text = " · ".join(p for p in (report.municipality, report.organisation) if p)
        paragraph.add_run("\t" + report.title[:90])
    footer = section.footer
    if not any(p.text.strip() for p in footer.paragraphs) and not _has_fields(footer):
        paragraph = footer.paragraphs[0]
        if report.reference:
            paragraph.add_run(f"{report.reference}\t")
        paragraph.add_run("Sida ")
        _field(paragraph, "PAGE", "1")
        paragraph.add_run(" av ")
        _field(paragraph, "NUMPAGES", "1")


def _has_drawing(part: Any) -> bool:
    return bool(part._element.findall(".//" + qn("w:drawing")))


def _has_fields(part: Any) -> bool:
    return bool(part._element.findall(".//" + qn("w:fldChar")))


def _landscape(document: DocxDocument) -> None:
    section = document.sections[0]
    if (
        section.page_width is not None
        and section.page_height is not None
        and section.page_width < section.page_height
    ):
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width


def _text_width(document: DocxDocument) -> Any:
    section = document.sections[0]
    width = (
        (section.page_width or Cm(21))
        - (section.left_margin or Cm(2.5))
        - (section.right_margin or Cm(2.5))
    )
    return width


def _field(paragraph: DocxParagraph, instruction: str, placeholder: str) -> None:
    def fld(kind: str) -> Any:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")
        run._r.append(element)
        return run

    fld("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    fld("separate")
    paragraph.add_run(placeholder)
    fld("end")


def _update_fields_on_open(document: DocxDocument) -> None:
    settings_element = document.settings.element
    if settings_element.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings_element.append(update)


def _sub(parent: Any, tag: str, attributes: dict[str, str] | None = None) -> Any:
    element = etree.SubElement(parent, qn(tag))
    if attributes:
        for name, value in attributes.items():
            element.set(qn(name), value)
    return element


def _tc(tr: Any, width: str, fill: str | None) -> Any:
    """A table cell of the given width (twips) with one empty paragraph, returned."""
    tc = _sub(tr, "w:tc")
    tc_pr = _sub(tc, "w:tcPr")
    _sub(tc_pr, "w:tcW", {"w:w": width, "w:type": "dxa"})
    if fill:
        _sub(tc_pr, "w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})
    return _sub(tc, "w:p")


def _run(
    paragraph: Any,
    text: str,
    bold: bool = False,
    colour: str | None = None,
    size: str | None = None,
) -> Any:
    run = _sub(paragraph, "w:r")
    if bold or colour or size:
        r_pr = _sub(run, "w:rPr")  # children in the schema's order: b, color, sz, szCs
        if bold:
            _sub(r_pr, "w:b")
        if colour:
            _sub(r_pr, "w:color", {"w:val": colour})
        if size:
            _sub(r_pr, "w:sz", {"w:val": size})
            _sub(r_pr, "w:szCs", {"w:val": size})
    if text:
        _text(run, text)
    return run


def _text(run: Any, text: str) -> None:
    t = _sub(run, "w:t")
    t.set(XML_SPACE, "preserve")
    t.text = text


@functools.cache
def _hyphenator(lang: str) -> Any | None:
    import pyphen  # WeasyPrint's hyphenation dictionaries (LibreOffice's)

    found = pyphen.language_fallback(lang)
    return pyphen.Pyphen(lang=found) if found else None


def _header_run(paragraph: Any, text: str, lang: str, size: str | None) -> None:
    """A bold header with an optional hyphen (``<w:softHyphen/>``) at every hyphenation
    point of its words: where a word such as "Sannolikhet" is wider than its column, Word
    breaks it there ("Sanno-/likhet") instead of at any letter, and shows nothing where
    the word fits. The text read back (python-docx, screen readers) is the word itself."""
    hyphenator = _hyphenator(lang)
    run = _run(paragraph, "", bold=True, size=size)
    pieces = [text]
    if hyphenator is not None:
        pieces = "".join(
            hyphenator.inserted(word, hyphen="\xad") if len(word) >= 5 else word
            for word in re.split(r"(\s+)", text)
        ).split("\xad")
    for index, piece in enumerate(pieces):
        if index:
            _sub(run, "w:softHyphen")
        if piece:
            _text(run, piece)


def _status_xml(paragraph: Any, status: str, size: str | None = None) -> None:
    """The status as symbol (coloured) and label, like ``_status_run``, as plain XML."""
    colour = STATUS_COLOURS.get(status, STATUS_COLOURS["not_assessed"])
    _run(paragraph, fmt.status_symbol(status) + " ", colour=str(colour), size=size)
    _run(paragraph, fmt.status_label(status), size=size)


def _status_run(paragraph: DocxParagraph, status: str) -> None:
    symbol = paragraph.add_run(fmt.status_symbol(status) + " ")
    symbol.font.color.rgb = STATUS_COLOURS.get(status, STATUS_COLOURS["not_assessed"])
    paragraph.add_run(fmt.status_label(status))


def _widths(table: DocxTable, block: Table, width: Any) -> list[int] | None:
    """Column widths from the block's weights, set on the grid; the cells get them too
    (Word reads the cells', LibreOffice the grid's)."""
    count = len(table.columns)
    weights = block.widths or [1.0] * count
    if len(weights) != count:
        return None
    total = sum(weights)
    table.autofit = False
    shares = [int(width * weight / total) for weight in weights]
    for column, share in zip(table.columns, shares, strict=True):
        column.width = share
    return shares


# --- the default base ------------------------------------------------------------------------


def write_default_base(path: Path) -> Path:
    """Styr's default base .docx: Arial, dark blue headings, A4, header/footer left empty
    so that the renderer fills in the municipality and page numbers."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    _east_asian_font(normal, FONT)
    sizes = {1: 18, 2: 14, 3: 12, 4: 11, 5: 10.5, 6: 10.5, 7: 10.5, 8: 10.5, 9: 10.5}
    for level, size in sizes.items():
        style = styles[f"Heading {level}"]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = HEADING_COLOUR
        _east_asian_font(style, FONT)
    for name in ("Title", "Subtitle", "TOC Heading", "Caption", "List Bullet"):
        style = styles[name]
        style.font.name = FONT
        _east_asian_font(style, FONT)
    styles["Title"].font.size = Pt(24)
    styles["Title"].font.color.rgb = HEADING_COLOUR
    styles["Subtitle"].font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    styles["Caption"].font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _east_asian_font(style: Any, name: str) -> None:
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)
