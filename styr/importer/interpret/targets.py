"""Target rules (`< 1500`, `85% >`, `> förgående år`, `Bättre än föregående år`) and direction."""

from __future__ import annotations

import re
from typing import Any

from styr.importer.interpret import vocab
from styr.importer.interpret.markup import clean
from styr.importer.interpret.numbers import as_json_number, is_year, value_and_year

_LEADING_OP_RE = re.compile(r"^(?P<op><=|>=|≤|≥|<|>|=)\s*")
_TRAILING_OP_RE = re.compile(r"\s*(?P<op><|>)\s*$")
_WORD_OPS = [
    (re.compile(r"^(minst|lägst|min\.?|minimum)\b", re.I), ">="),
    (re.compile(r"^(högst|max\.?|maximalt|maximum)\b", re.I), "<="),
    (re.compile(r"^(över|mer än|fler än|högre än|större än)\b", re.I), ">"),
    (re.compile(r"^(under|mindre än|färre än|lägre än)\b", re.I), "<"),
]
_APPROX_RE = re.compile(r"^(ca\.?|cirka|omkring|runt)\s+", re.I)
_PAREN_YEAR_RE = re.compile(r"\((?:[^()]*\D)?(?P<year>19[5-9]\d|20\d\d)\)")


def parse_target(text: str, year: int | None, direction: str | None) -> dict[str, Any] | None:
    """One target cell or statement as `{year, op, value, relative_to, text}`; None when empty."""
    raw = clean(text)
    if not raw or raw in {"-", "–", "—"}:
        return None
    target: dict[str, Any] = {
        "year": year,
        "op": None,
        "value": None,
        "relative_to": None,
        "text": raw,
    }
    paren_year = _PAREN_YEAR_RE.search(raw)
    if paren_year:
        target["year"] = int(paren_year.group("year"))
    body = raw.replace("\u2212", "-")
    if vocab.PREVIOUS_YEAR_RE.search(body):
        target["op"] = _relative_op(body, direction)
        target["relative_to"] = "previous_year"
        value, _ = value_and_year(vocab.PREVIOUS_YEAR_RE.sub("", body))
        target["value"] = as_json_number(value) if value is not None else None
        return target
    if vocab.NEW_MEASURE_RE.search(body):
        return target
    op, body = _explicit_op(body)
    value, _ = value_and_year(_PAREN_YEAR_RE.sub("", body))
    if value is None or (is_year(value) and "%" not in body):
        return target
    target["value"] = as_json_number(value)
    target["op"] = op or _implied_op(direction)
    target["relative_to"] = "absolute"
    return target


def _explicit_op(body: str) -> tuple[str | None, str]:
    body = _APPROX_RE.sub("", body.strip())
    match = _LEADING_OP_RE.match(body)
    if match:
        op = {"≤": "<=", "≥": ">="}.get(match.group("op"), match.group("op"))
        return op, body[match.end() :]
    match = _TRAILING_OP_RE.search(body)
    if match:  # "85% >" reads "85 % or more"
        return (">=" if match.group("op") == ">" else "<="), body[: match.start()]
    for pattern, op in _WORD_OPS:
        word = pattern.match(body)
        if word:
            return op, body[word.end() :]
    return None, body


def _relative_op(body: str, direction: str | None) -> str | None:
    stripped = body.strip()
    if stripped.startswith(("<", "≤")):
        return "<"
    if stripped.startswith((">", "≥")):
        return ">"
    if vocab.BETTER_WORDS.search(body):
        return "<" if direction == "decrease" else ">"
    if vocab.LOWER_WORDS.search(body):
        return "<"
    if vocab.HIGHER_WORDS.search(body):
        return ">"
    return "<" if direction == "decrease" else ">"


def _implied_op(direction: str | None) -> str:
    return "<=" if direction == "decrease" else ">="


def infer_direction(name: str, baseline: float | None, target_texts: list[str]) -> str | None:
    """Which way is better: from explicit operators, then baseline → target, then words."""
    values: list[float] = []
    for text in target_texts:
        body = clean(text)
        if vocab.PREVIOUS_YEAR_RE.search(body):
            if body.startswith("<") or vocab.LOWER_WORDS.search(body):
                return "decrease"
            if body.startswith(">") or vocab.HIGHER_WORDS.search(body):
                return "increase"
            continue
        op, rest = _explicit_op(body)
        if op:
            return "decrease" if op.startswith("<") else "increase"
        value, _ = value_and_year(_PAREN_YEAR_RE.sub("", rest))
        if value is not None and not (is_year(value) and "%" not in rest):
            values.append(value)
    if values and baseline is not None and values[0] != baseline:
        return "increase" if values[0] > baseline else "decrease"
    if len(values) >= 2 and values[-1] != values[0]:
        return "increase" if values[-1] > values[0] else "decrease"
    if values and any("%" in t for t in target_texts):
        if values[0] == 100:
            return "increase"
        if values[0] == 0:
            return "decrease"
    if vocab.DECREASE_NAME_WORDS.search(name):
        return "decrease"
    if vocab.INCREASE_NAME_WORDS.search(name):
        return "increase"
    return None
