"""Goal rules: measurability, links upward, near-duplicates and numbering."""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import SequenceMatcher
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styr.review.config import ReviewSettings
from styr.review.context import ReviewContext
from styr.review.document import FRAMING_LEVELS, GOAL_RANK, PlanDocument
from styr.review.findings import Finding, ItemKind, Severity
from styr.review.rules.base import check, goal_label, rule, sentence

UNMEASURABLE = rule(
    "goal.unmeasurable",
    Severity.WARNING,
    gettext_lazy("Målet går inte att mäta"),
    gettext_lazy(
        "Koppla en indikator med målvärde till målet, eller skriv under målet hur "
        "måluppfyllelsen ska bedömas."
    ),
)
UNLINKED = rule(
    "goal.unlinked",
    Severity.WARNING,
    gettext_lazy("Målet är inte kopplat till något överordnat mål"),
    gettext_lazy("Ange vilket av fullmäktiges eller nämndens mål som målet bidrar till."),
)
DUPLICATE = rule(
    "goal.duplicate",
    Severity.WARNING,
    gettext_lazy("Två mål har (nästan) samma lydelse"),
    gettext_lazy("Slå ihop målen eller formulera dem så att skillnaden framgår."),
)
NUMBERING = rule(
    "goal.numbering",
    Severity.WARNING,
    gettext_lazy("Målens numrering är bruten eller inkonsekvent"),
    gettext_lazy(
        "Numrera målen i följd och låt undernumren börja med det överordnade målets nummer."
    ),
)

# A figure that sets a level: not a year, not an ordinal such as "1:a", not a law reference.
_FIGURE = re.compile(r"(?<![\d:/])(\d+(?:[ ,.]\d+)?)(?![\d:])")
_YEAR = re.compile(r"^(19|20)\d\d$")
_QUANTIFIER = re.compile(r"\b(samtliga|alla|inga|ingen|inget|varje|hälften)\b", re.IGNORECASE)
_MEASURED_CHANGE = re.compile(
    r"\b(andel(en)?|antal(et)?|kostnad(en|erna)?|tid(en)?|nivå(n)?)\b.*"
    r"\b(öka|ökar|ökat|minska|minskar|minskat|halveras|fördubblas)\b",
    re.IGNORECASE,
)


@check
def check_goals(
    doc: PlanDocument, settings: ReviewSettings, context: ReviewContext
) -> Iterator[Finding]:
    yield from _unmeasurable(doc, settings)
    yield from _unlinked(doc)
    yield from _duplicates(doc, settings)
    yield from _numbering(doc)


# -- measurability --------------------------------------------------------------------------
def states_a_level(title: str) -> bool:
    """Whether a goal's own statement says how much: a figure, "samtliga", "andelen ska öka"."""
    for match in _FIGURE.finditer(title):
        if not _YEAR.match(match.group(1)):
            return True
    return bool(_QUANTIFIER.search(title) or _MEASURED_CHANGE.search(title))


def _is_measured(doc: PlanDocument, goal: dict[str, Any]) -> bool:
    for candidate in (goal, *doc.descendants(goal["id"])):
        if doc.indicators_by_goal.get(candidate["id"]) or candidate.get("criteria"):
            return True
        if states_a_level(str(candidate.get("title") or "")):
            return True
    return False


def _unmeasurable(doc: PlanDocument, settings: ReviewSettings) -> Iterator[Finding]:
    for goal in doc.goals:
        if goal.get("level") not in settings.measurable_goal_levels:
            continue
        if _is_measured(doc, goal):
            continue
        yield UNMEASURABLE.finding(
            _(
                "%(goal)s har varken indikator eller kriterium för måluppfyllelse, och målet "
                "anger ingen mätbar nivå."
            )
            % {"goal": sentence(goal_label(goal))},
            ItemKind.GOAL,
            goal,
        )


# -- links upward ---------------------------------------------------------------------------
def _could_be_parent(candidate: dict[str, Any], goal: dict[str, Any]) -> bool:
    level = candidate.get("level")
    if level in FRAMING_LEVELS:
        return True
    rank, own = GOAL_RANK.get(str(level)), GOAL_RANK.get(str(goal.get("level")))
    return rank is not None and own is not None and 0 < rank < own


def _link_lost_in_layout(doc: PlanDocument, goal: dict[str, Any]) -> bool:
    """Whether the document sets the goal under a heading or table cell that the structure
    could not tie it to: walking back past goals of its own level, the first other goal is a
    possible parent with no children of its own (a table cell naming two areas for a row
    of goals is the usual cause). Then the link exists on paper and flagging it would be
    a false alarm."""
    position = doc.goals.index(goal)
    for previous in reversed(doc.goals[:position]):
        if previous.get("level") == goal.get("level"):
            continue
        return _could_be_parent(previous, goal) and not doc.children.get(previous["id"])
    return False


def _unlinked(doc: PlanDocument) -> Iterator[Finding]:
    # Only when the document holds goals above the nämnd level (not the vision alone) can
    # it show a missing link; a unit's plan that repeats the nämnd's goals has none above.
    ranks = [GOAL_RANK.get(str(goal.get("level"))) for goal in doc.goals]
    top = min((rank for rank in ranks if rank), default=None)
    if top is None:
        return
    for goal in doc.goals:
        own = GOAL_RANK.get(str(goal.get("level")))
        if own is None or own < 2 or own <= top or goal.get("parent"):
            continue
        if _link_lost_in_layout(doc, goal):
            continue
        yield UNLINKED.finding(
            _("%(goal)s är inte kopplat till något överordnat mål, fast planen har sådana.")
            % {"goal": sentence(goal_label(goal))},
            ItemKind.GOAL,
            goal,
        )


# -- near-duplicates ------------------------------------------------------------------------
def _normalised(title: Any) -> str:
    return " ".join(re.sub(r"[^\w%]+", " ", str(title or "").lower()).split())


def _period(goal: dict[str, Any]) -> tuple[Any, Any] | None:
    period = goal.get("period") or None
    return (period.get("from"), period.get("to")) if isinstance(period, dict) else None


def _related(doc: PlanDocument, a: dict[str, Any], b: dict[str, Any]) -> bool:
    return any(g["id"] == b["id"] for g in doc.ancestors(a["id"])) or any(
        g["id"] == a["id"] for g in doc.ancestors(b["id"])
    )


def _duplicates(doc: PlanDocument, settings: ReviewSettings) -> Iterator[Finding]:
    goals = [(goal, _normalised(goal.get("title"))) for goal in doc.goals]
    for index, (first, first_text) in enumerate(goals):
        for second, second_text in goals[index + 1 :]:
            if first.get("level") != second.get("level") or not first_text:
                continue
            # The same goal set for two different years is a yearly target, not a duplicate.
            if _period(first) != _period(second):
                continue
            matcher = SequenceMatcher(None, first_text, second_text)
            if matcher.quick_ratio() < settings.duplicate_similarity:
                continue
            similarity = matcher.ratio()
            if similarity < settings.duplicate_similarity or _related(doc, first, second):
                continue
            yield DUPLICATE.finding(
                _("%(second)s har nästan samma lydelse som %(first)s (likhet %(percent)d %%).")
                % {
                    "second": sentence(goal_label(second)),
                    "first": goal_label(first),
                    "percent": round(similarity * 100),
                },
                ItemKind.GOAL,
                second,
                duplicate_of=first["id"],
                similarity=round(similarity, 3),
            )


# -- numbering ------------------------------------------------------------------------------
_CODE = re.compile(
    r"^\s*(?P<word>[^\W\d]+\s+)?(?P<main>\d+)(?:[ .]*(?P<sub>[a-zåäö]|\d+))?\W*$", re.IGNORECASE
)


def parse_code(code: Any) -> tuple[str, int, str | None] | None:
    """``"Mål 3"`` → ("mål", 3, None); ``"2 b"`` → ("", 2, "b"); ``"1.2"`` → ("", 1, "2")."""
    match = _CODE.match(str(code or ""))
    if not match:
        return None
    word = (match.group("word") or "").strip().lower()
    sub = match.group("sub")
    return word, int(match.group("main")), sub.lower() if sub else None


def _numbering(doc: PlanDocument) -> Iterator[Finding]:
    groups: dict[tuple[Any, ...], list[tuple[dict[str, Any], int, str | None]]] = {}
    for goal in doc.goals:
        parsed = parse_code(goal.get("code"))
        if parsed is None:
            continue
        word, main, sub = parsed
        # Main numbers run through a level (across parents, starting again at 1 where a new
        # list begins); sub-numbers run under their parent. A unit's own goals, when the
        # document names the unit, are numbered on their own.
        unit = goal.get("unit") or goal.get("responsible_unit")
        parent = goal.get("parent") if sub is not None else None
        key = (parent, goal.get("level"), word, sub is not None, unit)
        groups.setdefault(key, []).append((goal, main, sub))
    main_numbers = {
        (parsed[0], parsed[1])
        for goal in doc.goals
        if (parsed := parse_code(goal.get("code"))) and parsed[2] is None
    }
    for (_parent, _level, word, has_sub, _unit), members in groups.items():
        if has_sub:
            yield from _sub_numbering(doc, members, word, main_numbers)
        else:
            yield from _main_sequence(members)


def _main_sequence(members: list[tuple[dict[str, Any], int, str | None]]) -> Iterator[Finding]:
    previous: int | None = None
    for goal, main, _sub in members:
        # A list may start again at 1 under a new heading; anything else must follow on.
        # "1" after "1" is a one-item list followed by a new list, not a repeat.
        if previous is not None and main == previous != 1:
            yield NUMBERING.finding(
                _("%(goal)s har samma nummer %(number)s som föregående mål på samma nivå.")
                % {"goal": sentence(goal_label(goal)), "number": main},
                ItemKind.GOAL,
                goal,
                number=main,
                previous=previous,
            )
        elif previous is not None and main != previous + 1 and main != 1:
            yield NUMBERING.finding(
                _(
                    "%(goal)s har nummer %(number)s men föregående mål på samma nivå har "
                    "%(previous)s."
                )
                % {"goal": sentence(goal_label(goal)), "number": main, "previous": previous},
                ItemKind.GOAL,
                goal,
                number=main,
                previous=previous,
            )
        previous = main


def _sub_numbering(
    doc: PlanDocument,
    members: list[tuple[dict[str, Any], int, str | None]],
    word: str,
    main_numbers: set[tuple[str, int]],
) -> Iterator[Finding]:
    previous: tuple[int, str] | None = None
    for goal, main, sub_code in members:
        sub = sub_code or ""
        parent = doc.goals_by_id.get(str(goal.get("parent") or ""))
        parent_code = parse_code(parent.get("code")) if parent else None
        if parent_code and parent_code[2] is None and parent_code[1] != main:
            yield NUMBERING.finding(
                _("%(goal)s har nummer %(code)s men hör till mål %(parent)s.")
                % {
                    "goal": sentence(goal_label(goal)),
                    "code": goal.get("code"),
                    "parent": parent_code[1],
                },
                ItemKind.GOAL,
                goal,
            )
        elif parent_code is None and (word, main) not in main_numbers:
            yield NUMBERING.finding(
                _("%(goal)s har undernummer %(code)s, men planen har inget mål %(main)s.")
                % {"goal": sentence(goal_label(goal)), "code": goal.get("code"), "main": main},
                ItemKind.GOAL,
                goal,
                severity=Severity.INFO,
            )
        if previous == (main, sub):
            yield NUMBERING.finding(
                _("%(goal)s har samma nummer %(code)s som föregående mål under samma mål.")
                % {"goal": sentence(goal_label(goal)), "code": goal.get("code")},
                ItemKind.GOAL,
                goal,
            )
        elif previous and previous[0] == main and not _follows(previous[1], sub):
            yield NUMBERING.finding(
                _("%(goal)s har nummer %(code)s, som inte följer på %(main)s %(previous)s.")
                % {
                    "goal": sentence(goal_label(goal)),
                    "code": goal.get("code"),
                    "main": main,
                    "previous": previous[1],
                },
                ItemKind.GOAL,
                goal,
            )
        previous = (main, sub)


def _follows(previous: str, current: str) -> bool:
    if previous.isdigit() and current.isdigit():
        return int(current) == int(previous) + 1
    return len(previous) == 1 == len(current) and ord(current) == ord(previous) + 1
