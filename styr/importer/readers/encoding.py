"""How the importer turns the bytes of a text file into text.

One rule for every reader that gets raw bytes, so a plan reads the same whichever
door it came in through:

1. A UTF-8 or UTF-16 byte-order mark decides the encoding (the mark is dropped).
2. Otherwise UTF-8 (what every modern editor writes).
3. Otherwise Windows-1252, the codepage older Swedish Windows programs save in (å, ä, ö
   are single bytes there). This is a guess, so it comes with a warning.
4. Bytes that are neither (NUL bytes of a binary file, or bytes cp1252 leaves undefined)
   raise ``ImportProblem``: we refuse rather than import garbage.
"""

from __future__ import annotations

import codecs

from django.utils.translation import gettext as _

from styr.importer.errors import ImportProblem

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_text(raw: bytes, file: str) -> tuple[str, list[str]]:
    """Decode ``raw`` (the content of ``file``); return the text and any warnings.

    ``file`` is only used in messages. Line endings are left as they are.
    """
    if raw.startswith(codecs.BOM_UTF8):
        return _decode_strict(raw[len(codecs.BOM_UTF8) :], "utf-8", file), []
    if raw.startswith(_UTF16_BOMS):
        return _decode_strict(raw, "utf-16", file), []
    if b"\x00" in raw:
        raise ImportProblem(
            file, _("Filen innehåller binära data (NUL-tecken) och är ingen textfil.")
        )
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportProblem(
            file,
            _(
                "Filen är varken UTF-8 eller Windows-1252 (ogiltig byte 0x%(byte)02x vid "
                "position %(position)d). Spara den som UTF-8 och försök igen."
            )
            % {"byte": raw[error.start], "position": error.start},
        ) from error
    warning = _(
        "%(file)s är inte UTF-8; den lästes som Windows-1252. Kontrollera att å, ä och ö blev rätt."
    ) % {"file": file}
    return text, [warning]


def _decode_strict(raw: bytes, encoding: str, file: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise ImportProblem(
            file,
            _(
                "Filen är märkt som %(encoding)s men innehåller ogiltiga byte "
                "(position %(position)d)."
            )
            % {"encoding": encoding.upper(), "position": error.start},
        ) from error
