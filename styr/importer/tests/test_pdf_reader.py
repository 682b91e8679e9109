"""The PDF reader: layout (fonts, ruling lines, margins) comes out as structured blocks."""

from __future__ import annotations

from pathlib import Path

import pytest
from weasyprint import HTML

from styr.importer.blocks import Block
from styr.importer.readers.pdf import is_page_furniture, read_pdf

SEEDS = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds"

STYLE = """
@page { size: A4; margin: 2.5cm 2cm;
        @top-center { content: "Verksamhetsplan 2024"; font-size: 9pt }
        @bottom-right { content: "Sida " counter(page); font-size: 9pt } }
body { font-family: serif; font-size: 11pt }
h1 { font-size: 20pt } h2 { font-size: 15pt }
table { border-collapse: collapse; width: 100% }
td, th { border: 0.5pt solid black; padding: 2pt; font-size: 9pt }
"""


def _render(tmp_path: Path, body: str, name: str = "plan.pdf") -> Path:
    path = tmp_path / name
    HTML(string=f"<html><head><style>{STYLE}</style></head><body>{body}</body></html>").write_pdf(
        path
    )
    return path


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> list[Block]:
    rows = "".join(
        f"<tr><td>Aktivitet {i}</td><td>Enhetschef {i}</td><td>Helår</td></tr>"
        for i in range(1, 61)
    )
    body = f"""
    <h1>Uppdragsplan 2025</h1>
    <p>Socialnämnden beslutar om uppdragsplanen. Det här stycket är så långt att det bryts
       över flera rader på sidan, så att raderna måste fogas ihop till ett stycke igen.</p>
    <h2>Mål och aktiviteter</h2>
    <p><b>SOCIALNÄMNDENS UPPDRAG</b></p>
    <ul><li>Första punkten</li>
        <li>Andra punkten, som är lång nog att brytas över två rader när den sätts med
            elva punkters text i en spalt av vanlig bredd.</li></ul>
    <ol><li>Numrerat mål ett</li><li>Numrerat mål två</li></ol>
    <ul><li>Verksamhet<ul><li>Enhet under verksamheten</li></ul></li></ul>
    <p><i>Alla barn ska ha en trygg uppväxt.</i></p>
    <table><thead><tr><th>Aktivitet</th><th>Ansvarig</th><th>Uppföljning</th></tr></thead>
    <tbody>{rows}</tbody></table>
    <p>Efter tabellen.</p>
    """
    return read_pdf(_render(tmp_path_factory.mktemp("pdf"), body))


def _body(blocks: list[Block]) -> list[Block]:
    return [b for b in blocks if not is_page_furniture(b)]


def test_headings_are_ranked_by_size(plan: list[Block]) -> None:
    headings = [(b.text, b.level) for b in plan if b.kind == "heading"]
    assert headings == [("Uppdragsplan 2025", 1), ("Mål och aktiviteter", 2)]


def test_wrapped_lines_are_one_paragraph(plan: list[Block]) -> None:
    first = next(b for b in _body(plan) if b.kind == "paragraph")
    assert first.text.startswith("Socialnämnden beslutar")
    assert first.text.endswith("till ett stycke igen.")
    assert first.source.page == 1
    assert first.source.line is None


def test_a_bold_paragraph_is_bold_and_not_a_heading(plan: list[Block]) -> None:
    block = next(b for b in plan if b.text == "SOCIALNÄMNDENS UPPDRAG")
    assert (block.kind, block.bold) == ("paragraph", True)


def test_bullets_and_numbers_become_list_items(plan: list[Block]) -> None:
    items = [(b.text, b.numbering) for b in plan if b.kind == "list_item"]
    assert items[0] == ("Första punkten", None)
    assert items[1][0].startswith("Andra punkten") and items[1][0].endswith("vanlig bredd.")
    assert items[2:4] == [("Numrerat mål ett", "1."), ("Numrerat mål två", "2.")]


def test_nested_items_are_deeper_and_italics_are_read(plan: list[Block]) -> None:
    depth = {b.text: b.depth for b in plan if b.kind == "list_item"}
    assert (depth["Verksamhet"], depth["Enhet under verksamheten"]) == (0, 1)
    italic = next(b for b in plan if b.text.startswith("Alla barn"))
    assert italic.italic and not italic.bold


def test_a_table_over_two_pages_is_one_table_without_a_repeated_header(
    plan: list[Block],
) -> None:
    rows = [b for b in plan if b.kind == "table_row"]
    assert rows[0].cells == ["Aktivitet", "Ansvarig", "Uppföljning"]
    assert rows[0].bold
    assert [r.cells[0] for r in rows[1:]] == [f"Aktivitet {i}" for i in range(1, 61)]
    assert {r.table for r in rows} == {1}
    assert {r.source.page for r in rows} == {1, 2}
    assert rows[1].text == "Aktivitet 1\tEnhetschef 1\tHelår"


def test_running_heads_and_page_numbers_are_furniture_on_their_own(plan: list[Block]) -> None:
    furniture = [b.text for b in plan if is_page_furniture(b)]
    assert furniture == ["Verksamhetsplan 2024", "Sida 1", "Verksamhetsplan 2024", "Sida 2"]
    assert all(b.kind == "paragraph" for b in plan if is_page_furniture(b))
    assert _body(plan)[-1].text == "Efter tabellen."


def test_a_table_without_rulings_is_found_by_alignment(tmp_path: Path) -> None:
    entries = [("Inledning", "3"), ("Mål och indikatorer", "5"), ("Ekonomi", "12")]
    body = (
        "<h2>Innehåll</h2><table>"
        + "".join(
            f'<tr><td style="border: none">{title}</td>'
            f'<td style="border: none; text-align: right">{page}</td></tr>'
            for title, page in entries
        )
        + "</table><p>Text efter.</p>"
    )
    blocks = read_pdf(_render(tmp_path, body))

    rows = [b.cells for b in blocks if b.kind == "table_row"]
    assert rows == [["Inledning", "3"], ["Mål och indikatorer", "5"], ["Ekonomi", "12"]]


def test_merged_and_empty_cells_keep_the_column_grid(tmp_path: Path) -> None:
    body = """
    <table>
      <tr><th>Indikator</th><th colspan="2">Mål</th></tr>
      <tr><td rowspan="2">Kostnad</td><td>2024</td><td>2025</td></tr>
      <tr><td>&lt; 1500</td><td></td></tr>
    </table>
    """
    blocks = read_pdf(_render(tmp_path, body))

    rows = [b.cells for b in blocks if b.kind == "table_row"]
    assert rows == [
        ["Indikator", "Mål", ""],
        ["Kostnad", "2024", "2025"],
        ["", "< 1500", ""],
    ]


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("pdf/*.pdf")), ids=lambda p: p.stem)
def test_seed_documents_give_the_tables_of_their_text_twin(seed: Path) -> None:
    twin = SEEDS / f"{seed.stem}.txt"
    if not twin.exists():
        pytest.skip("../shared/seeds is not available")
    blocks = read_pdf(seed)

    text_rows = _tab_rows(twin)
    pdf_rows = {tuple(b.cells) for b in blocks if b.kind == "table_row"}
    found = sum(1 for row in text_rows if row in pdf_rows)
    # Speed is measured by bench/import_speed.py, not asserted here.
    assert found >= 0.9 * len(text_rows)


def _tab_rows(path: Path) -> list[tuple[str, ...]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line and "<" not in line and not set(line) <= set("-\t "):
            rows.append(tuple(" ".join(cell.split()) for cell in line.split("\t")))
    return rows


def test_a_line_wrapped_before_a_dash_stays_in_its_paragraph(tmp_path: Path) -> None:
    body = (
        '<p style="width: 9cm">Insatserna som erbjuds ska matcha behoven hos individen'
        "<br>– oavsett om vi utför dem internt eller köper dem – och väljas efter behov.</p>"
        "<p>Listan:</p><p>– första strecksatsen</p>"
    )
    blocks = read_pdf(_render(tmp_path, body))

    kinds_and_texts = [(b.kind, b.text) for b in blocks]
    first = next(pair for pair in kinds_and_texts if pair[1].startswith("Insatserna"))
    assert first[0] == "paragraph"
    assert first[1].endswith("– och väljas efter behov.")
    assert ("list_item", "första strecksatsen") in kinds_and_texts


def test_a_table_cut_in_two_on_one_page_keeps_its_number(tmp_path: Path) -> None:
    first = "<tr><td>Aktivitet</td><td>Ansvarig</td></tr><tr><td>Utveckla X</td><td>Chef</td></tr>"
    body = (
        f"<table>{first}</table><p></p><table><tr><td>Öka antalet SIP.</td><td>Chef</td></tr>"
        "</table><p>Mellan tabellerna.</p><table><tr><td>Ny tabell</td><td>1</td></tr></table>"
    )
    rows = [b for b in read_pdf(_render(tmp_path, body)) if b.kind == "table_row"]

    assert [r.cells[0] for r in rows] == [
        "Aktivitet",
        "Utveckla X",
        "Öka antalet SIP.",
        "Ny tabell",
    ]
    assert rows[0].table == rows[2].table != rows[3].table
