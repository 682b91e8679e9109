"""Plan metadata: title, kind, municipality, organisation, period, reference, adoption."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from styr.importer.blocks import Block
from styr.importer.interpret import vocab
from styr.importer.interpret.markup import clean
from styr.importer.interpret.numbers import YEAR_RE

HEAD_BLOCKS = 40


def plan_metadata(blocks: list[Block], file_stem: str) -> dict[str, Any]:
    head = [b for b in blocks[:HEAD_BLOCKS] if b.kind in ("heading", "paragraph")]
    title = _title(head) or file_stem
    years = sorted({int(y) for y in YEAR_RE.findall(title)})
    head_text = "\n".join(clean(b.text) for b in head)
    return {
        "title": title,
        "kind": plan_kind(title),
        "municipality": municipality(" ".join(clean(b.text) for b in blocks)),
        "organisation": organisation(title, head_text),
        "period": {"from": years[0], "to": years[-1]} if years else None,
        "reference": reference(head_text),
        "adopted": adopted(head_text),
    }


def _title(head: list[Block]) -> str | None:
    candidates = [clean(b.text) for b in head if len(clean(b.text)) <= 150]
    for text in candidates:
        if _kind_position(text) is not None and YEAR_RE.search(text):
            return text
    for text in candidates:
        if _kind_position(text) is not None:
            return text
    headings = [clean(b.text) for b in head if b.kind == "heading"]
    return headings[0] if headings else None


def _kind_position(text: str) -> tuple[int, str] | None:
    lowered = text.lower()
    found = [(lowered.find(word), kind) for word, kind in vocab.PLAN_KINDS if word in lowered]
    return min(found) if found else None


def plan_kind(title: str) -> str:
    found = _kind_position(title)
    return found[1] if found else "annat"


def municipality(text: str) -> str | None:
    """The name before "kommun", in the form the document uses on its own."""
    names = Counter(m.group("name") for m in vocab.MUNICIPALITY_RE.finditer(text))
    if not names:
        return None
    name = names.most_common(1)[0][0]
    if name.endswith("s") and re.search(rf"\b{re.escape(name[:-1])}\b", text, re.I):
        return name[:-1]  # genitive: "Exempelstads kommun" → Exempelstad
    return name


def organisation(title: str, head_text: str) -> list[str]:
    found: list[str] = []
    for source in (title, head_text):
        for match in vocab.ORG_WORDS_RE.finditer(source):
            name = _base_form(match.group(1))
            if name and name.lower() not in {n.lower() for n in found}:
                found.append(name)
    rank = {"nämnd": 0, "styrelse": 0, "kontor": 1, "förvaltning": 1, "verksamhet": 2}

    def order(name: str) -> int:
        return next((r for word, r in rank.items() if word in name.lower()), 3)

    return sorted(found[:4], key=order)


def _base_form(word: str) -> str | None:
    lowered = word.lower()
    if lowered in {
        "nämnd",
        "nämnden",
        "verksamhet",
        "verksamheten",
        "kontor",
        "förvaltning",
        "styrelse",
        "nämnder",
        "kontoret",
        "förvaltningen",
        "styrelsen",
    }:
        return None
    for suffix, base in (("ens", "en"), ("ets", "et"), ("s", "")):
        if lowered.endswith(suffix) and lowered[: -len(suffix)].endswith(
            ("nämnd", "nämnden", "kontoret", "förvaltningen", "verksamheten", "styrelsen")
        ):
            lowered = lowered[: -len(suffix)] + base
            break
    if lowered.endswith(("nämnd", "kontor", "förvaltning", "verksamhet", "styrelse")):
        lowered += "et" if lowered.endswith("kontor") else "en"
    return lowered[:1].upper() + lowered[1:]


def reference(text: str) -> str | None:
    labelled = vocab.DIARY_LABEL_RE.search(text)
    if labelled:
        inner = vocab.DIARY_RE.search(labelled.group("ref"))
        return inner.group("ref") if inner else labelled.group("ref").strip()
    match = vocab.DIARY_RE.search(text)
    return match.group("ref") if match else None


def adopted(text: str) -> dict[str, str | None] | None:
    match = vocab.ADOPTED_RE.search(text)
    if not match:
        return None
    return {"by": match.group("by"), "date": swedish_date(match.group("date"))}


def swedish_date(text: str) -> str | None:
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    match = re.fullmatch(r"(\d{1,2})\s+(\w+)\s+(\d{4})", text)
    if match and match.group(2).lower() in vocab.MONTHS:
        month = vocab.MONTHS[match.group(2).lower()]
        return f"{match.group(3)}-{month:02d}-{int(match.group(1)):02d}"
    return None
