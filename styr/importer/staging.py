"""The web import flow as plain functions: check an upload, stage it, correct it, store it.

The pages in ``views`` only call these, so tests (and a future API) can too.

1. ``check_upload`` refuses what cannot be a plan: an unsupported suffix, an empty or too
   large file, or content that is not what the suffix says (a ``.docx`` that is no Word
   file, a ``.pdf`` without the PDF header, a ``.txt`` with binary bytes).
2. ``stage`` reads the file with ``services.parse_file`` (the same reading as
   ``styr parse``) and keeps the bytes, the document and the source text in an
   ``ImportSession``. Nothing is written into plans.
3. ``edit_item`` / ``delete_item`` correct the staged document; every change is checked
   against the ``styr.plan/1`` schema before it is kept.
4. ``confirm`` stores the document with the interchange loader in one transaction. A
   session stores at most one plan, however many times it is confirmed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styr.importer.blocks import Block
from styr.importer.errors import ImportProblem
from styr.importer.models import ImportSession
from styr.interchange.errors import InterchangeError
from styr.interchange.mapping import LIST_KEYS
from styr.interchange.schema import validate_document
from styr.interchange.services import load_document
from styr.organisation.models import OrgUnit
from styr.plans.models import Plan

logger = logging.getLogger(__name__)

SUFFIXES = {".docx": "docx", ".pdf": "pdf", ".txt": "text", ".md": "text"}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Kinds of items the review shows: the document's plan object, then its lists in format order.
KINDS = ("plan", *LIST_KEYS)


# --- 1. the upload -------------------------------------------------------------------


def clean_file_name(name: str) -> str:
    """The file's own name, without any folder a browser sent along, at most 255 chars."""
    base = Path(name.replace("\\", "/")).name.strip() or "dokument"
    if len(base) > 200:
        suffix = Path(base).suffix[:20]
        base = base[: 200 - len(suffix)] + suffix
    return base


def check_size(name: str, size: int) -> None:
    """Refuse an unsupported suffix, an empty or too large file before reading it."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportProblem(
            name,
            _(
                "filtypen %(suffix)s stöds inte; ladda upp en Word-fil (.docx), en PDF (.pdf) "
                "eller en textfil (.txt, .md)"
            )
            % {"suffix": suffix or _("(ingen filändelse)")},
        )
    if not size:
        raise ImportProblem(name, _("filen är tom"))
    if size > MAX_UPLOAD_BYTES:
        raise ImportProblem(
            name,
            _("filen är för stor (%(size)s MB); största tillåtna storlek är %(limit)s MB")
            % {"size": _megabytes(size), "limit": _megabytes(MAX_UPLOAD_BYTES)},
        )


def check_upload(name: str, data: bytes) -> None:
    """Raise ``ImportProblem`` (naming the file) unless ``data`` can be a plan file."""
    check_size(name, len(data))
    suffix = Path(name).suffix.lower()
    looks_like = _content_kind(data)
    kind = SUFFIXES[suffix]
    if kind == "docx" and looks_like != "docx":
        raise ImportProblem(
            name,
            _("filen heter .docx men är ingen Word-fil (%(what)s)")
            % {"what": _describe(looks_like, data)},
        )
    if kind == "pdf" and looks_like != "pdf":
        raise ImportProblem(
            name,
            _("filen heter .pdf men är ingen PDF (%(what)s)")
            % {"what": _describe(looks_like, data)},
        )
    if kind == "text" and looks_like in ("docx", "pdf", "zip", "binary"):
        raise ImportProblem(
            name,
            _("filen heter %(suffix)s men är ingen textfil (%(what)s)")
            % {"suffix": suffix, "what": _describe(looks_like, data)},
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def _content_kind(data: bytes) -> str:
    """What the bytes look like: "pdf", "docx", "zip" (another zip), "binary" or "text"."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return "zip"
        return "docx" if "word/document.xml" in names else "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "binary"  # an old Word (.doc) or Excel file
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


def _describe(kind: str, data: bytes) -> str:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return _("innehållet ser ut som en äldre Office-fil (.doc/.xls); spara den som .docx")
    return {
        "pdf": _("innehållet är en PDF"),
        "docx": _("innehållet är en Word-fil"),
        "zip": _("innehållet är ett zip-arkiv utan Word-dokument, eller en trasig Word-fil"),
        "binary": _("innehållet är binärt"),
        "text": _("innehållet är vanlig text"),
    }[kind]


# --- 2. staging ----------------------------------------------------------------------


def stage(user: Any, name: str, data: bytes) -> ImportSession:
    """Check and read the upload; keep it, unstored, as the user's ``ImportSession``.

    Raises ``ImportProblem`` naming the file for anything that cannot be imported.
    """
    name = clean_file_name(name)
    check_upload(name, data)
    document, lines, warnings = read_upload(name, data)
    if not recognised_items(document):
        raise ImportProblem(
            name,
            _(
                "inget mål, ingen indikator, aktivitet, risk eller tabell hittades; "
                "kontrollera att det är en plan"
            ),
        )
    warnings += validate_document(document)
    with transaction.atomic():
        discard_abandoned(timezone.now())
        return ImportSession.objects.create(
            user=user,
            file_name=name,
            file_size=len(data),
            file_data=data,
            document=document,
            source_lines=lines,
            warnings=warnings,
        )


def discard_abandoned(now: dt.datetime) -> int:
    """Delete staged imports nobody has touched for ``STYR_STAGED_IMPORT_DAYS`` days.

    A staged import keeps the whole uploaded file; one left unconfirmed and undiscarded would
    otherwise stay in the database for good. Stored imports are kept: the plan's source page
    shows them. Returns how many were deleted.
    """
    days = settings.STYR_STAGED_IMPORT_DAYS
    if days <= 0:
        return 0
    abandoned = ImportSession.objects.filter(
        stored_at__isnull=True, updated_at__lt=now - dt.timedelta(days=days)
    )
    deleted, _by_model = abandoned.delete()
    return deleted


def read_upload(name: str, data: bytes) -> tuple[dict[str, Any], list[list[Any]], list[str]]:
    """Parse the bytes as the file ``name``: the document, the source lines, warnings.

    The same reading as ``services.parse_file`` (and ``styr parse``); Word and PDF files are
    read once, for the document and for the source text shown beside it.
    """
    from styr.importer.readers import read_blocks
    from styr.importer.services import parse_blocks

    with tempfile.TemporaryDirectory(prefix="styr-import-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            if SUFFIXES[path.suffix.lower()] == "text":
                from styr.importer.services import parse_file

                document = parse_file(path)
                lines, warnings = text_lines(data, name)
            else:
                blocks = read_blocks(path)
                document = parse_blocks(blocks, name)
                lines, warnings = block_lines(blocks), []
        except ImportProblem:
            raise
        except Exception as error:
            # The importer promises ImportProblem for bad input; anything else is a bug we
            # log, but the user still gets a page that names the file rather than a 500.
            logger.exception("Import of %s failed unexpectedly", name)
            raise ImportProblem(
                name, _("filen kunde inte läsas (%(error)s)") % {"error": type(error).__name__}
            ) from error
    return document, lines, warnings


def text_lines(data: bytes, name: str) -> tuple[list[list[Any]], list[str]]:
    """A text file's lines as ``[None, line, text]`` rows, numbered as its items cite them."""
    from styr.importer.readers.encoding import decode_text

    text, warnings = decode_text(data, name)
    return [[None, number, line] for number, line in enumerate(text.splitlines(), 1)], warnings


def block_lines(blocks: list[Block]) -> list[list[Any]]:
    """A Word or PDF file's text as ``[page, line, text]`` rows.

    Word files have no lines of their own: each block is shown at the paragraph number its
    items cite. A PDF is shown page by page, with the blocks of each page numbered from 1
    (its items cite the page).
    """
    rows: list[list[Any]] = []
    per_page: dict[int, int] = {}
    for block in blocks:
        text = "  |  ".join(block.cells) if block.cells else block.text
        if not text.strip():
            continue
        page = block.source.page
        if block.source.line is not None:
            rows.append([page, block.source.line, text])
        else:
            per_page[page or 0] = per_page.get(page or 0, 0) + 1
            rows.append([page, per_page[page or 0], text])
    return rows


def recognised_items(document: dict[str, Any]) -> int:
    return sum(len(document.get(key) or []) for key in LIST_KEYS if key != "unrecognised")


# --- 3. corrections ------------------------------------------------------------------


class StaleItem(Exception):
    """The item changed (or moved) since the page that asks to change it was shown."""


class Refused(Exception):
    """A correction that would make the document invalid; ``problems`` says why."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def fingerprint(item: Any) -> str:
    """A short digest of an item, sent with each form to notice stale pages."""
    text = json.dumps(item, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def get_item(document: dict[str, Any], kind: str, index: int) -> dict[str, Any]:
    """The item ``index`` of ``kind`` (``"plan"`` is the plan object); ``KeyError`` if none."""
    if kind == "plan":
        if index != 0:
            raise KeyError(kind)
        plan: dict[str, Any] = document["plan"]
        return plan
    if kind not in KINDS:
        raise KeyError(kind)
    items = document.get(kind) or []
    if not 0 <= index < len(items):
        raise KeyError(index)
    item: dict[str, Any] = items[index]
    return item


def edit_item(
    session: ImportSession,
    kind: str,
    index: int,
    seen: str,
    change: Callable[[dict[str, Any]], None],
) -> dict[str, Any]:
    """Apply ``change`` to a copy of the item; keep it only if the document stays valid."""
    with transaction.atomic():
        session = _locked(session)
        document = session.document
        item = get_item(document, kind, index)
        if fingerprint(item) != seen:
            raise StaleItem
        changed = json.loads(json.dumps(item))
        change(changed)
        if changed == item:
            return item
        known = set(validate_document(document))
        if kind == "plan":
            document["plan"] = changed
        else:
            document[kind][index] = changed
        problems = _new_problems(document, known)
        if problems:
            raise Refused(problems)
        session.document = document
        session.corrections += 1
        session.save(update_fields=["document", "corrections", "updated_at"])
    return changed


def delete_item(session: ImportSession, kind: str, index: int, seen: str) -> list[str]:
    """Remove the item; for a goal, also every reference to it. Returns what else changed."""
    with transaction.atomic():
        session = _locked(session)
        document = session.document
        if kind == "plan":
            raise KeyError(kind)
        item = get_item(document, kind, index)
        if fingerprint(item) != seen:
            raise StaleItem
        known = set(validate_document(document))
        del document[kind][index]
        notes = _forget_goal(document, item) if kind == "goals" else []
        problems = _new_problems(document, known)
        if problems:
            raise Refused(problems)
        session.document = document
        session.corrections += 1
        session.save(update_fields=["document", "corrections", "updated_at"])
    return notes


def reset(session: ImportSession) -> ImportSession:
    """Undo every correction: read the stored file again, as it was uploaded."""
    with transaction.atomic():
        fresh = _locked(session)
        document, lines, warnings = read_upload(fresh.file_name, bytes(fresh.file_data))
        fresh.document = document
        fresh.source_lines = lines
        fresh.warnings = warnings + validate_document(document)
        fresh.corrections = 0
        fresh.save(
            update_fields=["document", "source_lines", "warnings", "corrections", "updated_at"]
        )
    return fresh


def _new_problems(document: dict[str, Any], known: set[str]) -> list[str]:
    """Schema problems the change made (a problem the document had before is not its fault;
    the loader reports it when the plan is saved)."""
    return [problem for problem in validate_document(document) if problem not in known]


def _forget_goal(document: dict[str, Any], goal: dict[str, Any]) -> list[str]:
    """Sub-goals move up to the removed goal's parent; other references are dropped."""
    ref, parent = goal.get("id"), goal.get("parent")
    notes: list[str] = []
    children = [g for g in document.get("goals", []) if g.get("parent") == ref]
    for child in children:
        child["parent"] = parent
    if children:
        notes.append(_("%(n)d delmål flyttades upp en nivå") % {"n": len(children)})
    indicators = [i for i in document.get("indicators", []) if i.get("goal") == ref]
    for indicator in indicators:
        indicator["goal"] = None
    if indicators:
        notes.append(_("%(n)d indikatorer hör nu inte till något mål") % {"n": len(indicators)})
    linked = 0
    for kind in ("activities", "risks"):
        for other in document.get(kind, []):
            if ref in (other.get("goals") or []):
                other["goals"] = [g for g in other["goals"] if g != ref]
                linked += 1
    if linked:
        notes.append(_("%(n)d aktiviteter eller risker kopplades bort från målet") % {"n": linked})
    return notes


def _locked(session: ImportSession) -> ImportSession:
    fresh = ImportSession.objects.select_for_update().get(pk=session.pk)
    if fresh.is_stored:
        raise StaleItem
    return fresh


# --- 4. storing ----------------------------------------------------------------------


@dataclass
class Stored:
    plan: Plan
    created: bool  # False when the session had been stored already (a second confirm)


def confirm(session: ImportSession, owner: OrgUnit, user: Any) -> Stored:
    """Store the staged document as a plan owned by ``owner``, once.

    Raises ``InterchangeError`` (nothing stored, the session kept) if the loader refuses.
    A session that already stored its plan returns that plan instead of a second one.
    """
    with transaction.atomic():
        fresh = ImportSession.objects.select_for_update().get(pk=session.pk)
        if fresh.is_stored:
            if fresh.plan is None:
                raise InterchangeError(
                    _(
                        "%(file)s lagrades redan som en plan som sedan har tagits bort; "
                        "ladda upp filen igen för att lagra den på nytt"
                    )
                    % {"file": fresh.file_name}
                )
            return Stored(fresh.plan, created=False)
        if not recognised_items(fresh.document):
            raise InterchangeError(
                _(
                    "%(file)s: inget mål, ingen indikator, aktivitet, risk eller tabell finns "
                    "kvar; inget lagrades"
                )
                % {"file": fresh.file_name}
            )
        plan = load_document(fresh.document, owner, user=user, source_file=fresh.file_name)
        fresh.plan = plan
        fresh.stored_at = timezone.now()
        fresh.save(update_fields=["plan", "stored_at", "updated_at"])
    return Stored(plan, created=True)
