"""The machine-checked form of the ``styr.plan/1`` format: load it, validate a document.

The JSON Schema lives beside this module in ``schema/plan.schema.json`` (a copy of the
published spec, so that Styr runs on its own). Errors come back as short Swedish
sentences that name the item (its list index and its ``id``) and the key, e.g.
``goals[3] (id "g4").level: värdet "mål" är inte tillåtet …``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "plan.schema.json"
FORMAT = "styr.plan/1"


@cache
def load_schema() -> dict[str, Any]:
    """The ``styr.plan/1`` JSON Schema as a dict (read once)."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(load_schema())


def validate_document(doc: Any) -> list[str]:
    """Every way ``doc`` breaks the schema, as readable messages; empty when it is valid."""
    errors = sorted(_validator().iter_errors(doc), key=lambda e: [str(p) for p in e.path])
    return [f"{describe_path(doc, error.path)}: {_explain(error)}" for error in errors]


def describe_path(doc: Any, path: Iterable[str | int]) -> str:
    """``["goals", 3, "level"]`` → ``goals[3] (id "g4").level``: the id helps a user find it."""
    text = ""
    node = doc
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                text += f' (id "{node["id"]}")'
        else:
            text += f".{part}" if text else part
            node = node.get(part) if isinstance(node, dict) else None
    return text or _("dokumentet")


def _explain(error: ValidationError) -> str:
    """A Swedish sentence for the common schema checks; jsonschema's own text otherwise."""
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [key for key in expected if isinstance(value, dict) and key not in value]
        return _("nyckeln %(keys)s saknas") % {"keys": ", ".join(f'"{k}"' for k in missing)}
    if kind == "enum":
        allowed = ", ".join(json.dumps(v, ensure_ascii=False) for v in expected)
        return _("värdet %(value)s är inte tillåtet; tillåtna värden: %(allowed)s") % {
            "value": _show(value),
            "allowed": allowed,
        }
    if kind == "const":
        return _("måste vara %(expected)s") % {"expected": _show(expected)}
    if kind == "type":
        return _("värdet %(value)s har fel typ; väntade %(expected)s") % {
            "value": _show(value),
            "expected": " eller ".join(_type_names(expected)),
        }
    if kind == "minLength":
        return _("får inte vara tom")
    if kind == "pattern":
        return _("värdet %(value)s har fel form") % {"value": _show(value)}
    if kind == "minimum":
        return _("värdet %(value)s är mindre än %(limit)s") % {"value": value, "limit": expected}
    if kind == "maximum":
        return _("värdet %(value)s är större än %(limit)s") % {"value": value, "limit": expected}
    return str(error.message)


TYPE_NAMES = {
    "object": "objekt",
    "array": "lista",
    "string": "text",
    "integer": "heltal",
    "number": "tal",
    "boolean": "sant/falskt",
    "null": "null",
}


def _type_names(expected: str | list[str]) -> list[str]:
    names = [expected] if isinstance(expected, str) else list(expected)
    return [TYPE_NAMES.get(name, name) for name in names]


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"
