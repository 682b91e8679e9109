"""Text clean-up shared by every rule: markup out, white space folded."""

from __future__ import annotations

import html
import re

_TAG_RE = re.compile(r"<[^>]+>")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_AUTOLINK_RE = re.compile(r"<(https?://[^>]+)>")
_EMPHASIS_RE = re.compile(
    r"(\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)|(?<=\S)_(?!\w))"
)
_BULLET_RE = re.compile(r"\s*[•●▪◦·]\s*")
_WS_RE = re.compile(r"\s+")
_HYPHEN_BREAK_RE = re.compile(r"(\w)- (\w)")


def strip_markup(text: str) -> str:
    """Remove HTML tags, Markdown links and emphasis; keep list items apart with bullets."""
    text = _AUTOLINK_RE.sub(r"\1", text)
    text = re.sub(r"<li[^>]*>", " • ", text, flags=re.I)
    text = _TAG_RE.sub(" ", text)
    text = html.unescape(text)
    text = _LINK_RE.sub(r"\1", text)
    text = _EMPHASIS_RE.sub("", text)
    return text


def clean(text: str) -> str:
    """Text as the plan format keeps it: markup removed, runs of white space folded."""
    return _WS_RE.sub(" ", strip_markup(text)).strip()


def without_bullets(text: str) -> str:
    """A cell's list items joined as one text (bullets dropped)."""
    parts = [p.strip(" -–") for p in _BULLET_RE.split(clean(text))]
    return " ".join(p for p in parts if p)


def bullet_items(text: str) -> list[str]:
    """The items of a cell that lists several things with bullets or leading dashes."""
    cleaned = clean(text)
    parts = [p.strip() for p in _BULLET_RE.split(cleaned) if p.strip()]
    items: list[str] = []
    for part in parts:
        pieces = [x.strip() for x in re.split(r"(?:^|\s)[-–]\s+(?=\S)", part) if x.strip()]
        items.extend(pieces)
    return items


def join_hyphen_breaks(text: str) -> str:
    """`Risk- bedömning` → `Riskbedömning` (a word broken over two lines of a cell)."""
    return _HYPHEN_BREAK_RE.sub(r"\1\2", text)


def normal_key(text: str) -> str:
    """Lower-case, markup-free, punctuation-light form for comparing texts."""
    s = clean(text).lower()
    s = re.sub(r"[\"'\u2018\u2019\u201c\u201d]", "", s)
    return s.strip(" .:;,-–")


def ends_sentence(text: str) -> bool:
    return clean(text).rstrip(" *_\"”'").endswith((".", "!", "?", ":", ";"))
