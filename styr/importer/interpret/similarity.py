"""Text similarity for matching a repeated statement with the one already read."""

from __future__ import annotations

from difflib import SequenceMatcher

from styr.importer.interpret.markup import normal_key


def similarity(a: str, b: str) -> float:
    x, y = normal_key(a), normal_key(b)
    if not x or not y:
        return 0.0
    if x == y:
        return 1.0
    if min(len(x), len(y)) / max(len(x), len(y)) < 0.5:
        return 0.0
    return SequenceMatcher(None, x, y, autojunk=False).ratio()
