"""The ``styr.plan/1`` interchange: store a document as a plan, export a plan as a document.

Public entry points (views, API, commands and tests call these):

* ``load_document(doc, owner, user=...)`` → a new ``Plan``. Validates against the schema
  first and checks ids, references and field sizes; every problem names the item
  (``goals[3] (id "g4")``) and the key. All is stored in one transaction: either the whole
  plan or nothing. Loading the same document twice gives two plans (a plan is a document
  version; nothing is merged).
* ``export_plan(plan)`` → the document, valid against the schema. For a loaded plan it is
  the loaded document exactly (same parsed JSON: ids, sources and unknown keys included).
* ``resolve_org_path("Kommun/Nämnd/Kontor", create=...)`` → the ``OrgUnit`` a plan belongs to.
* ``load_file`` / ``import_file``: what ``styr load`` and ``styr import`` do.

How exactness works — the *absent-key convention*
-------------------------------------------------
Models store values; what a document wrote beyond them is kept in each object's
``extra`` JSON field (``Plan.extra`` for the top level and the ``plan`` object):

* keys Styr does not model stay under their own name (``goal.extra["status"]``);
* the reserved key ``"_styr"`` records the form: ``"absent"`` (keys the document left
  out, e.g. ``{"calendar": [], "source": null}``), ``"written"`` (an empty value written
  differently from Styr's canonical one, e.g. ``{"code": [null, ""]}``: ``[Styr, document]``)
  and ``"nested"`` (unknown keys inside known objects such as ``baseline`` or ``source``).

Each entry holds Styr's value at load time and applies only while the field still has
it, so an edit in the UI wins. Items created in the UI have no ``_styr`` and export in
canonical form: every key, ``null`` for empty, integral numbers as integers, ``source``
with its known parts. See ``shape`` and docs/plan-format.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from styr.organisation.models import OrgUnit
from styr.plans.models import Plan

from . import exporter, loader, orgpath
from .errors import InterchangeError
from .mapping import LIST_KEYS
from .orgpath import guess_kind

__all__ = [
    "ImportResult",
    "InterchangeError",
    "LoadResult",
    "count_items",
    "export_plan",
    "guess_kind",
    "import_file",
    "load_document",
    "load_file",
    "parse_source_file",
    "read_document",
    "resolve_org_path",
    "unrecognised_share",
    "write_document",
]


def load_document(
    doc: dict[str, Any], owner: OrgUnit, *, user: Any = None, source_file: str = ""
) -> Plan:
    """Store ``doc`` as a new plan owned by ``owner``; raise ``InterchangeError`` if bad."""
    plan, _warnings = loader.load(doc, owner, user=user, source_file=source_file)
    return plan


def export_plan(plan: Plan) -> dict[str, Any]:
    """The plan as a ``styr.plan/1`` document (a fixed number of queries)."""
    return exporter.export(plan)


def resolve_org_path(path: str, *, create: bool) -> OrgUnit:
    """The unit at ``"Kommun/Enhet/Enhet"``; missing parts are created only if ``create``."""
    return orgpath.resolve(path, create=create).unit


# --- files ---------------------------------------------------------------------------


def read_document(path: str | Path) -> dict[str, Any]:
    """A JSON document from a file, with a clear message for unreadable or invalid JSON."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InterchangeError(
            _("%(file)s: kan inte läsas (%(error)s)") % {"file": path, "error": exc.strerror}
        ) from exc
    except UnicodeDecodeError as exc:
        raise InterchangeError(_("%(file)s: är inte UTF-8-text") % {"file": path}) from exc
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            _("%(file)s: ogiltig JSON på rad %(line)s, kolumn %(column)s: %(error)s")
            % {"file": path, "line": exc.lineno, "column": exc.colno, "error": exc.msg}
        ) from exc
    if not isinstance(doc, dict):
        raise InterchangeError(_("%(file)s: dokumentet ska vara ett JSON-objekt") % {"file": path})
    return doc


def write_document(doc: dict[str, Any]) -> str:
    """The document as JSON text: UTF-8 as written (å, ä, ö), indented for diffs."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


COUNT_LABELS = {
    "goals": "mål",
    "indicators": "indikatorer",
    "targets": "målvärden",
    "values": "utfall",
    "activities": "aktiviteter",
    "risks": "risker",
    "controls": "kontrollmoment",
    "actions": "åtgärder",
    "budget": "budgetrader",
    "volumes": "volymrader",
    "political_points": "politiska punkter",
    "calendar": "årshjulsposter",
    "unrecognised": "ej placerad text",
}


def count_items(doc: dict[str, Any]) -> dict[str, int]:
    """How many items of each kind the document holds (nested lists included)."""
    counts = {key: len(doc.get(key) or []) for key in LIST_KEYS}
    counts["targets"] = sum(len(i.get("targets") or []) for i in doc.get("indicators", []))
    counts["values"] = sum(len(i.get("values") or []) for i in doc.get("indicators", []))
    counts["controls"] = sum(len(r.get("controls") or []) for r in doc.get("risks", []))
    counts["actions"] = sum(len(r.get("actions") or []) for r in doc.get("risks", []))
    return {key: counts[key] for key in COUNT_LABELS}


@dataclass
class UnrecognisedShare:
    items: int
    characters: int
    total_items: int
    total_characters: int

    @property
    def percent(self) -> float:
        return 100.0 * self.characters / self.total_characters if self.total_characters else 0.0


# Keys whose strings are references or vocabulary, not text from the source.
NOT_SOURCE_TEXT = {"id", "parent", "goal", "goals", "source", "format"}


def unrecognised_share(doc: dict[str, Any]) -> UnrecognisedShare:
    """How much of the document's text went to ``unrecognised`` (items and characters)."""
    unrecognised = doc.get("unrecognised") or []
    characters = sum(len(item.get("text", "")) for item in unrecognised)
    total_items = sum(len(doc.get(key) or []) for key in LIST_KEYS)
    total = _text_length({key: doc.get(key) for key in ("plan", *LIST_KEYS)})
    return UnrecognisedShare(len(unrecognised), characters, total_items, total)


def _text_length(node: Any) -> int:
    if isinstance(node, str):
        return len(node)
    if isinstance(node, list):
        return sum(_text_length(value) for value in node)
    if isinstance(node, dict):
        return sum(_text_length(v) for k, v in node.items() if k not in NOT_SOURCE_TEXT)
    return 0


@dataclass
class LoadResult:
    plan: Plan
    counts: dict[str, int]
    created_org: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportResult(LoadResult):
    unrecognised: UnrecognisedShare | None = None


def load_file(
    path: str | Path, org_path: str, *, create_org: bool = True, user: Any = None
) -> LoadResult:
    """``styr load``: a JSON document from a file, stored under the org path."""
    doc = read_document(path)
    return _store(doc, org_path, create_org=create_org, user=user, source_file="")


def import_file(
    path: str | Path, org_path: str, *, create_org: bool = True, user: Any = None
) -> ImportResult:
    """``styr import``: a Word, PDF or text file read by the importer, then stored."""
    doc = parse_source_file(path)
    recognised = sum(len(doc.get(key) or []) for key in LIST_KEYS if key != "unrecognised")
    if not recognised:
        raise InterchangeError(
            _(
                "%(file)s: inget mål, ingen indikator, aktivitet, risk eller tabell hittades; "
                "inget lästes in."
            )
            % {"file": path}
        )
    result = _store(doc, org_path, create_org=create_org, user=user, source_file=Path(path).name)
    return ImportResult(
        plan=result.plan,
        counts=result.counts,
        created_org=result.created_org,
        warnings=result.warnings,
        unrecognised=unrecognised_share(doc),
    )


def parse_source_file(path: str | Path) -> dict[str, Any]:
    """The importer's ``styr.plan/1`` document for a file (imported late: it is optional)."""
    if not Path(path).is_file():
        raise InterchangeError(_("%(file)s: filen finns inte") % {"file": path})
    try:
        from styr.importer.errors import ImportProblem
        from styr.importer.services import (  # type: ignore[import-not-found,unused-ignore]
            parse_file,
        )
    except ImportError as exc:
        raise InterchangeError(
            _("Dokumentimporten (styr.importer) är inte tillgänglig: %(error)s") % {"error": exc}
        ) from exc
    try:
        result = parse_file(path)
    except ImportProblem as problem:
        raise InterchangeError(str(problem)) from problem
    doc = getattr(result, "document", result)
    if not isinstance(doc, dict):
        raise InterchangeError(_("%(file)s: importen gav inget dokument") % {"file": path})
    return doc


def _store(
    doc: dict[str, Any], org_path: str, *, create_org: bool, user: Any, source_file: str
) -> LoadResult:
    # The org units a load creates are rolled back with it if the document is refused.
    with transaction.atomic():
        org = orgpath.resolve(org_path, create=create_org)
        plan, warnings = loader.load(doc, org.unit, user=user, source_file=source_file)
    return LoadResult(plan, count_items(doc), created_org=org.created, warnings=warnings)
