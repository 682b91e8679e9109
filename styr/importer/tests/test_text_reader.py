from __future__ import annotations

from styr.importer.readers.text import parse_text


def test_it_reads_headings_lists_tables_and_styles() -> None:
    blocks = parse_text(
        "# Rubrik\n\nVANLIG VERSAL RUBRIK\n\n**Fet rad**\n\n*Kursiv rad*\n\n- punkt\n  - under\n"
        "1. numrerad\n\nA\tB\n\n<b>C</b>\tD\n\nLöptext som\nfortsätter.\n",
        "x.md",
    )
    kinds = [(b.kind, b.text, b.source.line) for b in blocks]
    assert kinds == [
        ("heading", "Rubrik", 1),
        ("heading", "VANLIG VERSAL RUBRIK", 3),
        ("paragraph", "Fet rad", 5),
        ("paragraph", "Kursiv rad", 7),
        ("list_item", "punkt", 9),
        ("list_item", "under", 10),
        ("list_item", "numrerad", 11),
        ("table_row", "A\tB", 13),
        ("table_row", "C\tD", 15),
        ("paragraph", "Löptext som fortsätter.", 17),
    ]
    assert blocks[2].bold and blocks[3].italic and blocks[5].depth == 1
    assert blocks[6].numbering == "1" and blocks[7].table == blocks[8].table
