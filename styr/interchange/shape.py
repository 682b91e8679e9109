"""How a document item was written, beyond the values Styr stores: the "shape" bookkeeping.

The models hold values; a document also has a *form*: keys it left out, ``""`` where
Styr would write ``null``, an object of nulls where Styr would write ``null``, keys Styr
does not know. To give back exactly the document it loaded, Styr compares each item with
the canonical form it would export from the stored values and keeps the differences in
the item's ``extra``:

* unknown keys of the item itself are kept under their own name: ``extra["status"]``;
* everything else goes under the one reserved key ``extra["_styr"]``::

      {"absent":  {"source": null, "values": []},        # left out; Styr would write the value
       "written": {"code": [null, ""]},                  # [Styr's value, the document's value]
       "nested":  {"baseline": {"note": "…"}}}           # unknown keys inside a known object

Paths are dotted known keys (``"baseline.year"``, ``"plan.adopted"``). Each entry records
Styr's own value at load time and applies only while the stored value still gives that
value: once someone edits the field in the UI, the edit wins and the item exports in
canonical form. Only empty values (``null``, ``""``, ``[]``, ``{}`` and objects of them) and texts
too long for their field (the field holds the start, ``extra`` the whole) may differ this
way; any other difference means the models cannot hold the document and the load stops
(``ShapeConflict``).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

RESERVED = "_styr"


class ShapeConflict(Exception):
    """A value the models cannot reproduce; ``path`` names the key."""

    def __init__(self, path: str, written: Any, canonical: Any) -> None:
        self.path = path
        self.written = written
        self.canonical = canonical
        super().__init__(path)


@dataclass
class Shape:
    unknown: dict[str, Any] = field(default_factory=dict)
    absent: dict[str, Any] = field(default_factory=dict)
    written: dict[str, list[Any]] = field(default_factory=dict)
    nested: dict[str, dict[str, Any]] = field(default_factory=dict)
    shortened: set[str] = field(default_factory=set)

    def as_extra(self) -> dict[str, Any]:
        """The item's ``extra``: unknown keys, plus the bookkeeping when there is any."""
        extra = dict(self.unknown)
        bookkeeping = {
            name: value
            for name, value in (
                ("absent", self.absent),
                ("written", self.written),
                ("nested", self.nested),
            )
            if value
        }
        if bookkeeping:
            extra[RESERVED] = bookkeeping
        return extra


def compare(
    written: dict[str, Any], canonical: dict[str, Any], shortened: Iterable[str] = ()
) -> Shape:
    """What ``extra`` must hold so that ``restore(canonical, extra) == written``.

    ``shortened`` names the paths of texts cut to fit their field; the whole text is kept
    like an empty value written differently.
    """
    shape = Shape(shortened=set(shortened))
    _compare_object(written, canonical, "", shape)
    return shape


def restore(canonical: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """The item as the document wrote it: canonical form plus what ``extra`` recorded."""
    item = dict(canonical)
    extra = copy.deepcopy(extra)  # the export must not share objects with a model's field
    for key, value in extra.items():
        if key != RESERVED and key not in item:
            item[key] = value
    bookkeeping = extra.get(RESERVED) or {}
    for path, (styr_value, document_value) in bookkeeping.get("written", {}).items():
        parent, key = _parent(item, path)
        if parent is not None and json_equal(parent.get(key), styr_value):
            parent[key] = document_value
    for path, keys in bookkeeping.get("nested", {}).items():
        parent, key = _parent(item, path)
        target = parent.get(key) if parent is not None else None
        if isinstance(target, dict):
            for name, value in keys.items():
                target.setdefault(name, value)
    for path, styr_value in bookkeeping.get("absent", {}).items():
        parent, key = _parent(item, path)
        if parent is not None and key in parent and json_equal(parent[key], styr_value):
            del parent[key]
    return item


def json_equal(a: Any, b: Any) -> bool:
    """Equality of parsed JSON: ``1 == 1.0``, but ``true`` is not ``1``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and a == b


def is_empty(value: Any) -> bool:
    """Null, empty text, an empty list, or an object holding only such values."""
    if value is None or value == "" or value == []:
        return True
    if isinstance(value, dict):
        return all(is_empty(v) for v in value.values())
    return False


def _compare_object(
    written: dict[str, Any], canonical: dict[str, Any], path: str, shape: Shape
) -> None:
    for key, value in written.items():
        if key == RESERVED:
            raise ShapeConflict(_join(path, key), value, None)
        if key not in canonical:
            if path:
                shape.nested.setdefault(path, {})[key] = value
            else:
                shape.unknown[key] = value
            continue
        _compare_value(value, canonical[key], _join(path, key), shape)
    for key, value in canonical.items():
        if key not in written:
            shape.absent[_join(path, key)] = value


def _compare_value(written: Any, canonical: Any, path: str, shape: Shape) -> None:
    if json_equal(written, canonical):
        return
    if isinstance(written, dict) and isinstance(canonical, dict):
        _compare_object(written, canonical, path, shape)
    elif is_empty(written) or path in shape.shortened:
        shape.written[path] = [canonical, written]
    else:
        raise ShapeConflict(path, written, canonical)


def _parent(item: dict[str, Any], path: str) -> tuple[dict[str, Any] | None, str]:
    *heads, key = path.split(".")
    node: Any = item
    for head in heads:
        node = node.get(head) if isinstance(node, dict) else None
    return (node if isinstance(node, dict) else None), key


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
