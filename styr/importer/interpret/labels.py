"""Recognise the short label lines plans use to announce what follows.

"Indikator", "Målvärde 2027: ...", "Mål 2018:", "1-årig inriktning", "KF Inriktning 2024",
"4-årigt strategiskt mål - Stabil ekonomi", "Mål 1", "Risk", "Måluppfyllelse", a month name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from styr.importer.interpret import vocab
from styr.importer.interpret.markup import clean

_LEVEL_WORDS = (
    r"(?:kf[- ])?(?:strategisk\w* mål|strategisk\w* inriktning\w*|verksamhetsmål\w*|"
    r"nämndmål\w*|långsiktig\w* mål|inriktning\w*|delmål\w*|utvecklingsområde\w*|"
    r"mål|målsättning\w*)"
)
_PERIOD_PREFIX = r"(?:(?:\d+|ett|två|tre|fyra)-?årig\w*\s+)?"
_BASELINE_RE = re.compile(
    r"^(?:ingångsvärde|nuläge|utgångsvärde|basvärde|startvärde)\s*(?P<year>\d{4})?\s*:\s*(?P<rest>\S.*)$",
    re.I,
)
_TARGET_RE = re.compile(r"^(?:målvärde|målnivå)\s*(?P<year>\d{4})?\s*:\s*(?P<rest>\S.*)$", re.I)
_INDICATORS_RE = re.compile(r"^(indikator(er)?|nyckeltal|mått|mätetal)\s*:?$", re.I)
_NOISE_RE = re.compile(r"^(beskrivning|kommentar|analys)\s*:?$", re.I)
_YEAR_LABEL_RE = re.compile(
    rf"^{_PERIOD_PREFIX}(?P<word>{_LEVEL_WORDS})(?:\s+för)?\s+(?P<year>(19|20)\d\d)\s*:?$", re.I
)
_EMBEDDED_RE = re.compile(
    rf"^{_PERIOD_PREFIX}(?P<word>{_LEVEL_WORDS})\s*[-–—:]\s*(?P<title>\S.{{2,}})$", re.I
)
_RISK_RE = re.compile(r"^(risk|risker|riskbeskrivning|identifierad risk)\s*:?$", re.I)
_SPLIT_MONTHS_RE = re.compile(r"\s*(?:/|,|–|-|\boch\b|&)\s*")


@dataclass(frozen=True)
class Label:
    kind: str  # baseline, target, indicators, noise, year_goals, goal, numbered_goal,
    #            level, risk, criteria, month, non_goal, summary, risks, political, vision
    level: str | None = None
    year: int | None = None
    text: str = ""
    code: str | None = None


def goal_level(text: str) -> str | None:
    lowered = clean(text).lower()
    for pattern, level in vocab.GOAL_LEVEL_PATTERNS:
        if re.search(pattern, lowered):
            return level
    return None


def month_of(text: str) -> tuple[bool, int | None]:
    """Whether a heading names only months (`JANUARI / FEBRUARI`), and the first month."""
    parts = [p for p in _SPLIT_MONTHS_RE.split(clean(text).lower()) if p]
    if parts and all(p in vocab.MONTHS for p in parts):
        return True, vocab.MONTHS[parts[0]]
    return False, None


def has_word(text: str, words: list[str]) -> bool:
    lowered = clean(text).lower()
    return any(word in lowered for word in words)


def strip_heading_number(text: str) -> str:
    return re.sub(r"^\d+(\.\d+)*\.?\s+(?=\D)", "", clean(text))


def classify(text: str, *, heading: bool) -> Label | None:
    """What a label announces; None for ordinary text."""
    text = strip_heading_number(text)
    for pattern, kind in ((_BASELINE_RE, "baseline"), (_TARGET_RE, "target")):
        match = pattern.match(text)
        if match:
            year = int(match.group("year")) if match.group("year") else None
            return Label(kind, year=year, text=match.group("rest"))
    if len(text) > 110 or (not heading and text.endswith((".", "!", "?"))):
        return None
    if _INDICATORS_RE.match(text):
        return Label("indicators")
    if _NOISE_RE.match(text):
        return Label("noise")
    if _RISK_RE.match(text):
        return Label("risk")
    if vocab.CRITERIA_LABEL_RE.match(text):
        return Label("criteria")
    is_month, month = month_of(text)
    if is_month:
        return Label("month", year=month, text=text)
    match = _YEAR_LABEL_RE.match(text)
    if match:
        return Label(
            "year_goals",
            level=goal_level(match.group("word")) or "nämndmål",
            year=int(match.group("year")),
        )
    numbered = vocab.GOAL_LABEL_RE.match(text)
    if numbered and numbered.group("num"):
        rest = text[numbered.end() :].strip()
        label = numbered.group("label").strip()
        return Label(
            "numbered_goal",
            level=goal_level(label) or "nämndmål",
            text=rest,
            code=label[:1].upper() + label[1:],
        )
    match = _EMBEDDED_RE.match(text)
    if match and not text.endswith(":"):
        return Label(
            "goal",
            level=goal_level(match.group("word")) or "nämndmål",
            text=match.group("title").strip(),
        )
    return _section_label(text, heading)


def _section_label(text: str, heading: bool) -> Label | None:
    lowered = text.lower()
    if has_word(lowered, vocab.SUMMARY_HEADING_WORDS):
        return Label("summary")
    if re.search(r"politisk\w* program", lowered):
        return Label("political")
    if re.search(r"\brisk|internkontroll|intern kontroll", lowered) and len(text) <= 80:
        return Label("risks")
    if (
        has_word(lowered, vocab.NON_GOAL_HEADING_WORDS)
        or lowered.strip(" :") in vocab.NON_GOAL_WHOLE_HEADINGS
    ):
        return Label("non_goal")
    if re.search(r"\bvision\b", lowered):
        return Label("vision", level="vision")
    level = goal_level(lowered)
    short_label = len(text.split()) <= 8 and not re.search(r"\s(ska|skall|har|är)\s", lowered)
    if level and (heading or short_label):
        years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", text)]
        return Label(
            "level",
            level=level,
            year=years[0] if years else None,
            text=text,
            code=str(years[-1]) if years else None,
        )
    return None
