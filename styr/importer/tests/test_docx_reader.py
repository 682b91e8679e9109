"""The Word reader: structure (headings, lists, tables) comes out as blocks in order."""

from __future__ import annotations

import copy
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from styr.importer.blocks import Block
from styr.importer.readers.docx import read_docx

SEEDS = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds"


def _save(document: docx.document.Document, tmp_path: Path, name: str = "plan.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def _texts(blocks: list[Block], kind: str) -> list[str]:
    return [b.text for b in blocks if b.kind == kind]


def test_it_reads_headings_with_their_levels(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Verksamhetsplan 2024", level=0)  # Title style
    document.add_heading("Inledning", level=1)
    document.add_paragraph("Vanlig text.")
    document.add_heading("Syfte", level=2)
    swedish = document.styles.add_style("Rubrik 3", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Mål för året", style=swedish)

    blocks = read_docx(_save(document, tmp_path))

    headings = [(b.text, b.level) for b in blocks if b.kind == "heading"]
    assert headings == [
        ("Verksamhetsplan 2024", 1),
        ("Inledning", 1),
        ("Syfte", 2),
        ("Mål för året", 3),
    ]
    assert _texts(blocks, "paragraph") == ["Vanlig text."]


def test_it_takes_an_outline_level_as_a_heading(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Ekonomi")
    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {_W} w:val="1"/>'))
    document.add_paragraph("Brödtext.")

    blocks = read_docx(_save(document, tmp_path))

    assert (blocks[0].kind, blocks[0].level) == ("heading", 2)
    assert blocks[1].kind == "paragraph"


def test_it_numbers_list_items_like_word_and_restarts_new_lists(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Första målet", style="List Number")
    document.add_paragraph("Andra målet", style="List Number")
    document.add_paragraph("En punkt", style="List Bullet")

    blocks = read_docx(_save(document, tmp_path))

    items = [(b.kind, b.text, b.numbering) for b in blocks]
    assert items == [
        ("list_item", "Första målet", "1."),
        ("list_item", "Andra målet", "2."),
        ("list_item", "En punkt", None),
    ]


def test_a_list_with_a_start_override_starts_again(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Mål ett", style="List Number")
    document.add_paragraph("Mål två", style="List Number")
    document.add_paragraph("Mellanrubrik")
    restarted = document.add_paragraph("Risk ett", style="List Number")
    numbering = document.part.numbering_part.element
    abstract_id = numbering.num_having_numId(_style_num_id(document)).abstractNumId.val
    num = numbering.add_num(abstract_id)
    override = num.add_lvlOverride(ilvl=0)
    override.add_startOverride(1)
    num_pr = restarted._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_numId().val = num.numId
    num_pr.get_or_add_ilvl().val = 0

    blocks = read_docx(_save(document, tmp_path))

    assert [b.numbering for b in blocks if b.kind == "list_item"] == ["1.", "2.", "1."]


def _style_num_id(document: docx.document.Document) -> int:
    style = document.styles["List Number"]
    return int(style.element.pPr.numPr.numId.val)


def test_a_wholly_bold_paragraph_is_marked_bold(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph().add_run("SOCIALNÄMNDENS UPPDRAG").bold = True
    mixed = document.add_paragraph()
    mixed.add_run("Status: ").bold = True
    mixed.add_run("pågår")

    blocks = read_docx(_save(document, tmp_path))

    assert [b.bold for b in blocks] == [True, False]


def test_tables_come_between_the_paragraphs_around_them(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Före tabellen.")
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(
        table.rows,
        [("Aktivitet", "Ansvarig", "Uppföljning"), ("Utveckla X", "Enhetschef", "Helår")],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Efter tabellen.")
    document.add_table(rows=1, cols=2).rows[0].cells[0].text = "Andra tabellen"

    blocks = read_docx(_save(document, tmp_path))

    assert [b.kind for b in blocks] == [
        "paragraph",
        "table_row",
        "table_row",
        "paragraph",
        "table_row",
    ]
    assert blocks[1].cells == ["Aktivitet", "Ansvarig", "Uppföljning"]
    assert blocks[2].text == "Utveckla X\tEnhetschef\tHelår"
    assert blocks[1].table == blocks[2].table != blocks[4].table
    assert blocks[4].cells == ["Andra tabellen", ""]


def test_merged_cells_keep_their_text_once_and_rows_keep_their_width(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    header = table.cell(0, 1).merge(table.cell(0, 2))
    header.text = "Mål"
    table.cell(0, 0).text = "Indikator"
    side = table.cell(1, 0).merge(table.cell(2, 0))
    side.text = "Kostnad"
    table.cell(1, 1).text = "2024"
    table.cell(1, 2).text = "2025"
    table.cell(2, 1).text = "< 1500"
    table.cell(2, 2).text = "< 1450"

    rows = [b.cells for b in read_docx(_save(document, tmp_path))]

    assert rows == [
        ["Indikator", "Mål", ""],
        ["Kostnad", "2024", "2025"],
        ["", "< 1500", "< 1450"],
    ]


def test_a_row_with_missing_cells_is_padded_to_the_table_grid(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for index, cell in enumerate(table.rows[0].cells):
        cell.text = f"Kolumn {index + 1}"
    table.cell(1, 0).text = "Bara första"
    second_row = table.rows[1]._tr
    for tc in second_row.findall(qn("w:tc"))[1:]:
        second_row.remove(tc)

    rows = [b.cells for b in read_docx(_save(document, tmp_path))]

    assert rows == [["Kolumn 1", "Kolumn 2", "Kolumn 3"], ["Bara första", "", ""]]


def test_a_nested_table_is_flattened_into_its_cell(tmp_path: Path) -> None:
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Risk"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Sannolikhet 3"
    inner.cell(0, 1).text = "Konsekvens 4"

    blocks = read_docx(_save(document, tmp_path))

    assert len(blocks) == 1
    assert blocks[0].cells[0] == "Risk"
    assert "Sannolikhet 3" in blocks[0].cells[1]
    assert "Konsekvens 4" in blocks[0].cells[1]


def test_text_box_content_follows_its_anchor_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    anchor = document.add_paragraph("Ankarstycke")
    anchor.runs[0]._r.append(
        parse_xml(
            f"<w:pict {_W} xmlns:v='urn:schemas-microsoft-com:vml'><v:shape><v:textbox>"
            "<w:txbxContent><w:p><w:r><w:t>Text i ruta</w:t></w:r></w:p></w:txbxContent>"
            "</v:textbox></v:shape></w:pict>"
        )
    )
    document.add_paragraph("Nästa stycke")

    blocks = read_docx(_save(document, tmp_path))

    assert [b.text for b in blocks] == ["Ankarstycke", "Text i ruta", "Nästa stycke"]


def test_pages_come_from_words_rendered_page_breaks(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Sida ett")
    second = document.add_paragraph()
    second.add_run()._r.append(parse_xml(f"<w:lastRenderedPageBreak {_W}/>"))
    second.add_run("Sida två")

    blocks = read_docx(_save(document, tmp_path))

    assert [(b.text, b.source.page) for b in blocks] == [("Sida ett", 1), ("Sida två", 2)]


def test_without_rendered_breaks_the_source_is_a_paragraph_ordinal(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Ett")
    document.add_paragraph("")
    document.add_paragraph("Tre")

    blocks = read_docx(_save(document, tmp_path))

    assert [(b.source.line, b.source.page) for b in blocks] == [(1, None), (3, None)]
    assert blocks[0].source.file == "plan.docx"


def test_table_of_contents_entries_become_rows(tmp_path: Path) -> None:
    document = docx.Document()
    toc = document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Inledning\t3", style=toc)
    document.add_paragraph("Mål\t5", style=toc)
    document.add_heading("Inledning", level=1)

    blocks = read_docx(_save(document, tmp_path))

    assert [b.cells for b in blocks[:2]] == [["Inledning", "3"], ["Mål", "5"]]
    assert blocks[0].table == blocks[1].table
    assert blocks[2].kind == "heading"


def test_deleted_text_and_field_codes_are_not_text(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Kvar")
    paragraph._p.append(
        parse_xml(
            f"<w:del {_W} w:id='1' w:author='x'><w:r><w:delText>Borta</w:delText></w:r></w:del>"
        )
    )
    paragraph._p.append(parse_xml(f"<w:r {_W}><w:instrText> PAGE </w:instrText></w:r>"))

    blocks = read_docx(_save(document, tmp_path))

    assert [b.text for b in blocks] == ["Kvar"]


def test_a_hundred_page_document_reads_quickly(tmp_path: Path) -> None:
    document = docx.Document()
    body = document.element.body
    template = docx.Document()
    template.add_heading("Mål", level=2)
    for _ in range(12):
        template.add_paragraph("Lorem ipsum dolor sit amet, " * 12)
    table = template.add_table(rows=8, cols=4)
    for row in table.rows:
        for cell in row.cells:
            cell.text = "Värde 123"
    page = [copy.deepcopy(el) for el in template.element.body if el.tag != qn("w:sectPr")]
    for _ in range(100):
        for element in page:
            body.append(copy.deepcopy(element))
    path = _save(document, tmp_path)

    blocks = read_docx(path)

    assert len([b for b in blocks if b.kind == "table_row"]) == 800


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("docx/*.docx")), ids=lambda p: p.stem)
def test_seed_documents_give_the_tables_of_their_text_twin(seed: Path) -> None:
    twin = SEEDS / f"{seed.stem}.txt"
    if not twin.exists():
        pytest.skip("../shared/seeds is not available")
    blocks = read_docx(seed)

    text_rows = _tab_rows(twin)
    word_rows = {tuple(b.cells) for b in blocks if b.kind == "table_row"}
    found = sum(1 for row in text_rows if row in word_rows)
    assert found >= 0.9 * len(text_rows)


def _tab_rows(path: Path) -> list[tuple[str, ...]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line and "<" not in line and not set(line) <= set("-\t "):
            rows.append(tuple(" ".join(cell.split()) for cell in line.split("\t")))
    return rows


_W = "xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'"


def test_bullet_items_in_a_cell_stay_apart_and_rule_rows_go(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "Aktivitet"
    table.cell(0, 1).text = "Uppföljning"
    cell = table.cell(1, 1)
    cell.text = ""
    cell.paragraphs[0].text = "Muntligt till utskottet."
    cell.paragraphs[0].style = document.styles["List Bullet"]
    cell.add_paragraph("Skriftligt vid bokslut.", style="List Bullet")
    table.cell(1, 0).text = "Se över uppdragen."
    table.cell(2, 0).text = "-----"
    table.cell(2, 1).text = "---"

    rows = [b.cells for b in read_docx(_save(document, tmp_path))]

    assert rows == [
        ["Aktivitet", "Uppföljning"],
        ["Se över uppdragen.", "• Muntligt till utskottet. • Skriftligt vid bokslut."],
    ]


def test_list_depth_and_italics_are_read(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Verksamhet", style="List Bullet")
    document.add_paragraph("Enhet under verksamheten", style="List Bullet 2")
    document.add_paragraph().add_run("Alla barn ska ha en trygg uppväxt.").italic = True

    blocks = read_docx(_save(document, tmp_path))

    assert [(b.kind, b.depth) for b in blocks[:2]] == [("list_item", 0), ("list_item", 1)]
    assert [b.italic for b in blocks] == [False, False, True]


def test_a_table_cut_in_two_by_empty_paragraphs_keeps_its_number(tmp_path: Path) -> None:
    document = docx.Document()
    for row_count, texts in ((2, ("Aktivitet", "Ansvarig")), (1, ("Öka antalet SIP.", "Chef"))):
        table = document.add_table(rows=row_count, cols=2)
        for cell, text in zip(table.rows[0].cells, texts, strict=True):
            cell.text = text
        document.add_paragraph("")
    document.add_paragraph("Mellanrubrik")
    document.add_table(rows=1, cols=2).cell(0, 0).text = "Ny tabell"

    rows = [b for b in read_docx(_save(document, tmp_path)) if b.kind == "table_row"]

    assert [r.cells[0] for r in rows] == ["Aktivitet", "Öka antalet SIP.", "Ny tabell"]
    assert rows[0].table == rows[1].table != rows[2].table
