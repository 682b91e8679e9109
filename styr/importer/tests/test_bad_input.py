"""Bad input gives a clear ImportProblem naming the file, or a warning and a partial result."""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from styr.importer.blocks import Block
from styr.importer.errors import ImportProblem
from styr.importer.readers.docx import read_docx
from styr.importer.readers.encoding import decode_text
from styr.importer.readers.pdf import read_pdf


def _read_blocks() -> Callable[[Path], list[Block]] | None:
    """The importer's entry point (written alongside these readers) once it exists."""
    readers = importlib.import_module("styr.importer.readers")
    found: Callable[[Path], list[Block]] | None = getattr(readers, "read_blocks", None)
    return found


def _read(path: Path) -> list[Block]:
    """Through the importer's own entry point when it exists, else the reader for the suffix."""
    read_blocks = _read_blocks()
    if read_blocks is not None:
        return read_blocks(path)
    return read_docx(path) if path.suffix == ".docx" else read_pdf(path)


def _pdf_bytes(html: str) -> bytes:
    data = HTML(string=html).write_pdf()
    assert isinstance(data, bytes)
    return data


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_an_empty_file_is_refused_by_name(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"tom{suffix}"
    path.write_bytes(b"")

    with pytest.raises(ImportProblem) as problem:
        _read(path)

    assert problem.value.file == path.name
    assert path.name in str(problem.value)
    assert "tom" in problem.value.message


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_a_binary_file_with_the_wrong_name_is_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"bild{suffix}"
    path.write_bytes(bytes(range(256)) * 64)

    with pytest.raises(ImportProblem) as problem:
        _read(path)

    assert problem.value.file == path.name
    assert "PDF" in problem.value.message or "Word" in problem.value.message


def test_a_truncated_docx_is_refused_as_damaged(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Text som aldrig kommer fram.")
    document.save(buffer)
    path = tmp_path / "avkortad.docx"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])

    with pytest.raises(ImportProblem) as problem:
        _read(path)

    assert "docx" in problem.value.message
    assert problem.value.file == "avkortad.docx"


def test_an_old_binary_word_file_is_told_apart(tmp_path: Path) -> None:
    path = tmp_path / "gammal.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048)

    with pytest.raises(ImportProblem, match=r"\.doc"):
        _read(path)


def test_a_docx_without_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))

    with pytest.raises(ImportProblem, match="ingen text"):
        _read(path)


def test_an_image_only_pdf_asks_for_ocr(tmp_path: Path) -> None:
    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).rectangle((50, 50, 550, 120), fill="black")
    path = tmp_path / "skannad.pdf"
    image.save(path, "PDF")

    with pytest.raises(ImportProblem) as problem:
        _read(path)

    assert "textlager" in problem.value.message
    assert "OCR" in problem.value.message


def test_an_encrypted_pdf_asks_for_the_password_to_be_removed(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf_bytes("<p>Hemlig plan</p>"))))
    writer.encrypt(user_password="hemligt", owner_password="ägare")
    path = tmp_path / "krypterad.pdf"
    with path.open("wb") as out:
        writer.write(out)

    with pytest.raises(ImportProblem) as problem:
        _read(path)

    assert "lösenord" in problem.value.message
    assert problem.value.file == "krypterad.pdf"


def test_a_pdf_cut_short_is_read_as_far_as_it_goes_or_refused(tmp_path: Path) -> None:
    whole = _pdf_bytes("<h1>Plan</h1><p>Text.</p>")
    path = tmp_path / "avbruten.pdf"
    path.write_bytes(whole[: len(whole) // 2])

    try:
        blocks = _read(path)
    except ImportProblem as problem:
        assert problem.file == "avbruten.pdf"
    else:  # PDFium rebuilds a damaged cross-reference table when it can
        assert all(isinstance(b, Block) for b in blocks)


def test_a_table_with_a_missing_cell_keeps_its_columns(tmp_path: Path) -> None:
    html = (
        "<style>td { border: 0.5pt solid black; padding: 3pt }"
        " table { border-collapse: collapse }</style>"
        "<table><tr><td>Indikator</td><td>Nuläge</td><td>Mål</td></tr>"
        "<tr><td>Sjukfrånvaro</td><td></td><td>&lt; 8 %</td></tr>"
        "<tr><td>Brukarnöjdhet</td><td>82</td></tr></table>"
    )
    path = tmp_path / "luckor.pdf"
    path.write_bytes(_pdf_bytes(html))

    rows = [b.cells for b in _read(path) if b.kind == "table_row"]

    assert rows[0] == ["Indikator", "Nuläge", "Mål"]
    assert rows[1] == ["Sjukfrånvaro", "", "< 8 %"]
    assert rows[2][:2] == ["Brukarnöjdhet", "82"]
    assert {len(row) for row in rows} == {3}


def test_a_five_hundred_page_pdf_is_read_in_reasonable_time(tmp_path: Path) -> None:
    rows = "".join(f"<tr><td>Rad {i}</td><td>{i * 10}</td></tr>" for i in range(8))
    pages = "".join(
        f'<section style="page-break-after: always"><h2>Avsnitt {n}</h2>'
        f"<p>Kort stycke {n}.</p><table border=1>{rows}</table></section>"
        for n in range(5)
    )
    five = PdfReader(io.BytesIO(_pdf_bytes(pages)))
    writer = PdfWriter()
    for _ in range(100):
        for page in five.pages:
            writer.add_page(page)
    path = tmp_path / "stor.pdf"
    with path.open("wb") as out:
        writer.write(out)

    blocks = _read(path)

    assert len(five.pages) == 5
    assert max(b.source.page or 0 for b in blocks) == 500
    assert sum(1 for b in blocks if b.kind == "heading") == 500


def test_utf8_with_a_byte_order_mark_decodes_without_warnings() -> None:
    text, warnings = decode_text("\ufeffMåluppfyllelse".encode(), "plan.txt")
    assert (text, warnings) == ("Måluppfyllelse", [])


def test_cp1252_text_decodes_with_a_warning_naming_the_file() -> None:
    text, warnings = decode_text("Måluppfyllelse för äldreomsorg".encode("cp1252"), "plan.txt")

    assert text == "Måluppfyllelse för äldreomsorg"
    assert len(warnings) == 1
    assert "plan.txt" in warnings[0]
    assert "Windows-1252" in warnings[0]


def test_cp1252_text_file_imports_through_the_text_reader(tmp_path: Path) -> None:
    read_blocks = _read_blocks()
    if read_blocks is None:
        pytest.skip("the text reader (read_blocks) is not there yet")
    path = tmp_path / "plan.txt"
    path.write_bytes("# Verksamhetsplan för äldreomsorg\n\nMål för året.\n".encode("cp1252"))

    blocks = read_blocks(path)

    assert any("äldreomsorg" in b.text for b in blocks)


def test_bytes_that_are_no_text_encoding_are_refused() -> None:
    with pytest.raises(ImportProblem) as problem:
        decode_text(b"Plan \x81\x8d\x90 2024", "plan.txt")
    assert problem.value.file == "plan.txt"
    assert "UTF-8" in problem.value.message


def test_a_binary_file_named_txt_is_refused() -> None:
    with pytest.raises(ImportProblem, match="binära"):
        decode_text(b"PK\x03\x04\x00\x00binary", "plan.txt")


def test_utf16_with_a_byte_order_mark_is_read() -> None:
    text, warnings = decode_text("Åtgärd".encode("utf-16"), "plan.txt")
    assert (text, warnings) == ("Åtgärd", [])
