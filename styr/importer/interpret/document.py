"""The document pass: walk the blocks once, keeping track of which section, goal, list or
label we are in, and place every block; what fits nowhere is listed as unrecognised."""

from __future__ import annotations

import re
from typing import Any

from styr.importer.blocks import Block
from styr.importer.interpret import vocab
from styr.importer.interpret.labels import (
    Label,
    classify,
    goal_level,
    month_of,
    strip_heading_number,
)
from styr.importer.interpret.markup import clean, ends_sentence
from styr.importer.interpret.metadata import plan_metadata
from styr.importer.interpret.model import LEVEL_RANK, PlanBuilder
from styr.importer.interpret.numbers import (
    YEAR_RE,
    as_json_number,
    is_year,
    parse_amount,
    value_and_year,
)
from styr.importer.interpret.prepare import prepare
from styr.importer.interpret.similarity import similarity
from styr.importer.interpret.tables import (
    Context,
    TableReader,
    fill_indicator,
    frequency_of,
    unit_of,
)
from styr.importer.interpret.targets import parse_target

_STATEMENT_RE = re.compile(r"^[\wÅÄÖåäö-]+(?:\s[\wÅÄÖåäö-]+)?,?\s+ska\b")
DEEPEST = 99


def interpret(blocks: list[Block], file_name: str) -> dict[str, Any]:
    return DocumentPass(blocks, file_name).run()


class DocumentPass:
    def __init__(self, blocks: list[Block], file_name: str) -> None:
        prepared = prepare(blocks)
        self.blocks = prepared.blocks
        self.skip = prepared.furniture | prepared.toc
        self.plan = PlanBuilder(file_name)
        stem = file_name.rsplit(".", 1)[0]
        self.meta = plan_metadata(self.blocks, stem)
        period = self.meta.get("period") or {}
        self.ctx = Context(plan_year=period.get("from"))
        self.tables = TableReader(self.plan)
        self.calendar_months = self._find_calendar()
        # where we are
        self.section = "other"
        self.section_level: str | None = None
        self.section_heading_level = 0
        self.section_numbering_depth: int | None = None
        self.section_period: dict[str, int] | None = None
        self.vision_goal: dict[str, Any] | None = None
        self.in_vision = False
        self.anchors: list[dict[str, Any]] = []
        self.current_goal: dict[str, Any] | None = None
        self.goal_heading_level = DEEPEST
        self.describing: dict[str, Any] | None = None
        self.mode: str | None = None
        self.mode_level: str | None = None
        self.mode_period: dict[str, int] | None = None
        self.mode_italic: bool | None = None
        self.mode_parent: str | None = None
        self.pending: Label | None = None
        self.indicator: dict[str, Any] | None = None
        self.target_year: int | None = None
        self.list_level: str | None = None
        self.list_period: dict[str, int] | None = None
        self.label_run: list[Label] = []
        self.calendar_entry: dict[str, Any] | None = None
        self.previous_kind = ""

    # ------------------------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        for index, block in enumerate(self.blocks):
            if index in self.skip or not block.text.strip():
                self._unplaced(block)
                continue
            handler = {
                "heading": self._heading,
                "paragraph": self._paragraph,
                "list_item": self._list_item,
                "table_row": self._table_row,
            }.get(block.kind, self._unknown)
            placed = handler(index, block)
            if not placed:
                self._unplaced(block)
            if block.kind != "list_item":
                self.calendar_entry = None if block.kind != "heading" else self.calendar_entry
            self.previous_kind = block.kind
        return self.plan.document(self.meta)

    def _unplaced(self, block: Block) -> None:
        self.plan.unrecognised_text(block.text, block.source)

    def _unknown(self, index: int, block: Block) -> bool:
        return False

    # headings and labels ----------------------------------------------------------------
    def _heading(self, index: int, block: Block) -> bool:
        level = block.level or DEEPEST
        text = strip_heading_number(block.text)
        self.label_run = []
        self.list_level = None
        if index in self.calendar_months:
            self._end_modes()
            month = self.calendar_months[index]
            self.calendar_entry = {
                "month": month,
                "label": text,
                "items": [],
                "source": block.source.as_dict(),
            }
            self.plan.calendar.append(self.calendar_entry)
            return True
        self.calendar_entry = None
        label = classify(text, heading=True)
        if (
            label
            and label.kind in ("criteria",)
            and self.current_goal is not None
            and level > self.goal_heading_level
        ):
            self._start_mode("criteria")
            return False
        if label and label.kind in (
            "year_goals",
            "indicators",
            "risk",
            "baseline",
            "target",
            "noise",
            "numbered_goal",
            "goal",
        ):
            if label.kind == "numbered_goal" and level <= self.goal_heading_level:
                self._close_goal()
            return self._label(index, block, label, heading_level=level)
        if self.section == "goals" and not (
            label
            and label.kind in ("non_goal", "summary", "risks", "political", "criteria", "month")
        ):
            deeper = self._is_deeper(block, level)
            if deeper or self._is_sibling_goal(index, text):
                if self._has_contact(index) or (
                    label and label.kind in ("level", "vision") and not deeper
                ):
                    pass
                elif not (label and label.kind in ("level", "vision")):
                    return self._goal_heading(block, text, level)
        self._new_section(text, level, label, block.text)
        return False

    def _is_deeper(self, block: Block, level: int) -> bool:
        """Below the section heading; document numbering ("3" after "2") beats Markdown levels."""
        own = _numbering_depth(block.text)
        section = self.section_numbering_depth
        if own is not None and section is not None:
            return own > section
        return level > self.section_heading_level

    def _goal_heading(self, block: Block, text: str, level: int) -> bool:
        self._end_modes()
        if self.in_vision:
            if self.vision_goal is None:
                goal = self.plan.add_goal(text, "vision", block.source)
                self.vision_goal = goal
                self.anchors = [goal]
            else:
                goal = self.plan.add_goal(
                    text, "långsiktigt mål", block.source, parent=self.vision_goal["id"]
                )
        else:
            goal_level_ = self.section_level or "nämndmål"
            goal = self.plan.add_goal(
                text,
                goal_level_,
                block.source,
                parent=self._parent_for(text, goal_level_),
                period=self.section_period,
            )
            if goal_level_ in ("strategiskt mål", "långsiktigt mål", "vision"):
                self._push_anchor(goal, push=False)
        self.current_goal = goal
        self.describing = goal
        self.goal_heading_level = level
        return True

    def _parent_for(self, title: str, level: str) -> str | None:
        rank = LEVEL_RANK.get(level, 3)
        for goal in reversed(self.plan.goals):
            if LEVEL_RANK.get(goal["level"], 3) < rank and similarity(goal["title"], title) >= 0.9:
                return str(goal["id"])
        for goal in reversed(self.anchors):
            if LEVEL_RANK.get(goal["level"], 3) < rank:
                return str(goal["id"])
        return None

    def _push_anchor(self, goal: dict[str, Any], *, push: bool = True) -> None:
        rank = LEVEL_RANK.get(goal["level"], 3)
        while self.anchors and LEVEL_RANK.get(self.anchors[-1]["level"], 3) >= rank:
            self.anchors.pop()
        self.anchors.append(goal)

    def _is_sibling_goal(self, index: int, text: str) -> bool:
        """A heading at the section's own level still belongs to it when it holds year
        labels ("Mål 2018:") or repeats a goal named earlier."""
        if self.plan.find_goal(text, 0.95) is not None:
            return True
        for block in self._following(index):
            if block.kind == "heading" and not _is_year_label(block.text):
                return False
            if _is_year_label(block.text):
                return True
        return False

    def _has_contact(self, index: int) -> bool:
        for block in self._following(index):
            if block.kind == "heading":
                return False
            if vocab.CONTACT_WORDS.search(block.text):
                return True
        return False

    def _following(self, index: int, limit: int = 40) -> list[Block]:
        out = []
        for position in range(index + 1, min(len(self.blocks), index + 1 + limit)):
            if position not in self.skip:
                out.append(self.blocks[position])
        return out

    def _new_section(
        self, text: str, level: int, label: Label | None, text_with_number: str = ""
    ) -> None:
        self._end_modes()
        self._close_goal()
        self.ctx.hints = text
        kind = label.kind if label else None
        self.in_vision = False
        self.section_level = None
        self.section_period = None
        if kind == "summary":
            self.section = "summary"
        elif kind == "political":
            self.section = "political"
        elif kind == "risks":
            self.section = "risks"
        elif kind == "non_goal":
            self.section = "budget" if vocab.BUDGET_TABLE_WORDS.search(text) else "other"
        elif kind == "vision":
            self.section = "goals"
            self.in_vision = True
            self.vision_goal = None
        elif kind == "level" and label is not None:
            self.section = "goals"
            self.section_level = label.level
            years = sorted(int(y) for y in YEAR_RE.findall(text))
            self.section_period = {"from": years[0], "to": years[-1]} if years else None
        elif vocab.VOLUME_WORDS.search(text):
            self.section = "volumes"
        elif vocab.BUDGET_TABLE_WORDS.search(text) or re.search(r"budget|drift", text, re.I):
            self.section = "budget"
        else:
            self.section = "other"
        self.section_heading_level = level
        self.section_numbering_depth = _numbering_depth(text_with_number)

    def _close_goal(self) -> None:
        self.current_goal = None
        self.describing = None
        self.goal_heading_level = DEEPEST

    def _end_modes(self) -> None:
        self.mode = None
        self.pending = None
        self.indicator = None

    def _start_mode(
        self, mode: str, level: str | None = None, period: dict[str, int] | None = None
    ) -> None:
        self.mode = mode
        self.mode_level = level
        self.mode_period = period
        self.mode_italic = None
        self.mode_parent = self.anchors[-1]["id"] if self.anchors else None

    def _label(self, index: int, block: Block, label: Label, heading_level: int | None) -> bool:
        """Act on a recognised label; True when the label itself became an item."""
        kind = label.kind
        if kind == "baseline":
            return self._baseline(block, label)
        if kind == "target":
            return self._target(block, label)
        if kind == "noise":
            return False
        if kind == "indicators":
            if self.mode != "indicators":
                self._start_mode("indicators")
                self.indicator = None
            return False
        if kind == "risk":
            self._start_mode("risk_title")
            return False
        if kind == "criteria":
            if self.current_goal is not None:
                self._start_mode("criteria")
            return False
        if kind == "year_goals":
            parent = self.current_goal or (self.anchors[-1] if self.anchors else None)
            self._start_mode(
                "year_goals",
                label.level,
                {"from": label.year, "to": label.year} if label.year else None,
            )
            self.mode_parent = parent["id"] if parent else None
            return False
        if kind == "numbered_goal":
            self._end_modes()
            self.pending = label
            if label.text:
                self._create_pending(block, label.text)
            if heading_level is not None:
                self.goal_heading_level = heading_level
            return bool(label.text)
        if kind == "goal":
            self._end_modes()
            level = label.level or "nämndmål"
            goal = self.plan.add_goal(
                label.text, level, block.source, parent=self._parent_for(label.text, level)
            )
            self._push_anchor(goal)
            self.section = "goals"
            self.current_goal = goal
            self.describing = goal
            if heading_level is not None:
                self.goal_heading_level = heading_level
            return True
        return False

    def _create_pending(self, block: Block, title: str) -> None:
        label = self.pending
        self.pending = None
        if label is None:
            return
        level = label.level or "nämndmål"
        if level == "nämndmål" and self.section_level:
            level = self.section_level
        goal = self.plan.add_goal(
            title, level, block.source, code=label.code, parent=self._parent_for(title, level)
        )
        self.current_goal = goal
        self.describing = goal

    # paragraphs ---------------------------------------------------------------------------
    def _paragraph(self, index: int, block: Block) -> bool:
        text = clean(block.text)
        label = classify(text, heading=False)
        if label is not None and label.kind in (
            "level",
            "vision",
            "non_goal",
            "summary",
            "risks",
            "political",
            "month",
        ):
            return self._paragraph_label(index, block, label)
        if label is not None and (label.kind != "criteria" or self.current_goal is not None):
            self.label_run = []
            if label.kind == "criteria" or (label.kind == "risk" and self.section != "risks"):
                self.section = "risks" if label.kind == "risk" else self.section
            return self._label(index, block, label, heading_level=None)
        placed = self._content_paragraph(index, block, text)
        self.label_run = []
        self.ctx.intro = text
        self.list_level = None
        return placed

    def _paragraph_label(self, index: int, block: Block, label: Label) -> bool:
        text = clean(block.text)
        if (
            label.kind in ("level", "vision") and self.mode in ("titled", "indicators", None)
        ) or label.kind == "level":
            self.label_run.append(label)
            self.ctx.intro = text
            self._end_modes()
            self._start_mode("titled", label.level)
            return False
        self.label_run = []
        self.ctx.hints = text
        self.ctx.intro = text
        if label.kind in ("non_goal", "summary", "risks", "political"):
            self._end_modes()
            self._close_goal()
            self.section = {
                "non_goal": "other",
                "summary": "summary",
                "risks": "risks",
                "political": "political",
            }[label.kind]
            if label.kind == "non_goal" and vocab.BUDGET_TABLE_WORDS.search(text):
                self.section = "budget"
            self.ctx.area = text
        return False

    def _content_paragraph(self, index: int, block: Block, text: str) -> bool:
        if (
            self.in_vision
            and self.vision_goal is None
            and len(text) <= 150
            and not ends_sentence(text)
        ):
            goal = self.plan.add_goal(text, "vision", block.source)
            self.vision_goal = goal
            self.anchors = [goal]
            self.current_goal = self.describing = goal
            return True
        if self.pending is not None:
            self._create_pending(block, text)
            return True
        mode = self.mode
        if mode == "risk_title":
            risk = self.plan.add_risk(text, block.source, area=self.ctx.area)
            self.ctx.current_risk = risk
            self.mode = "risk_description"
            return True
        if mode == "indicators" and len(text) <= 250:
            self.indicator = self.plan.add_indicator(
                text, self.current_goal["id"] if self.current_goal else None, block.source
            )
            fill_indicator(self.indicator, None, [])
            return True
        if mode == "year_goals":
            if self.mode_italic is None:
                self.mode_italic = block.italic
            if block.italic == self.mode_italic:
                goal = self.plan.add_goal(
                    text,
                    self.mode_level or "nämndmål",
                    block.source,
                    parent=self.mode_parent,
                    period=self.mode_period,
                )
                if self.mode_level != "nämndmål" and self.current_goal is None:
                    self.current_goal = goal
                return True
            self._end_modes()
        if mode == "titled" and self._is_goal_title(index, text):
            level = self.mode_level or "inriktning"
            goal = self.plan.add_goal(
                text, level, block.source, parent=self._parent_for(text, level)
            )
            self.describing = goal
            return True
        if mode == "titled" and self.describing is None:
            self._end_modes()
        if mode == "criteria":
            self._end_modes()
            return False
        if self.mode == "risk_description" and self.ctx.current_risk is not None:
            _append(self.ctx.current_risk, "description", text)
            return True
        if self.describing is not None:
            _append(self.describing, "description", text)
            return True
        if self.section == "risks" and self.ctx.current_risk is not None:
            _append(self.ctx.current_risk, "description", text)
            return True
        return False

    def _is_goal_title(self, index: int, text: str) -> bool:
        """In a "1-årig inriktning" block, titles are short statements, each followed by prose."""
        plain = clean(text)
        short_statement = len(plain) <= 200 and not ends_sentence(plain)
        ska_statement = (
            bool(_STATEMENT_RE.match(plain))
            and plain.count(". ") == 0
            and not plain.endswith(":")
            and len(plain) <= 250
        )
        if not (short_statement or ska_statement):
            return False
        following = self._following(index, 3)
        if not following:
            return False
        nxt = following[0]
        if nxt.kind in ("heading", "table_row"):
            return False
        return classify(clean(nxt.text), heading=False) is None

    # list items ---------------------------------------------------------------------------
    def _list_item(self, index: int, block: Block) -> bool:
        text = clean(block.text)
        if self.calendar_entry is not None:
            self.calendar_entry["items"].append(text)
            return True
        if self.mode == "criteria" and self.current_goal is not None:
            return self._criterion(block, text)
        run_level = next((lab.level for lab in self.label_run if lab.level), None)
        if run_level and not block.numbering:
            return self._listed_goal(block, text, run_level, None, merge=True)
        if block.numbering and block.depth == 0:
            return self._numbered_item(index, block, text)
        if self.mode == "risk_description" and self.ctx.current_risk is not None:
            _append(self.ctx.current_risk, "description", text)
            return True
        if self.describing is not None:
            _append(self.describing, "description", text)
            return True
        return False

    def _numbered_item(self, index: int, block: Block, text: str) -> bool:
        code = block.numbering
        if self.section == "risks" and re.match(r"^risk", text, re.I):
            self._end_modes()
            risk = self.plan.add_risk(text, block.source, code=code, area=self.ctx.area)
            self.ctx.current_risk = risk
            self.mode = "risk_description"
            return True
        if self.previous_kind != "list_item":
            intro_level = (
                goal_level(self.ctx.intro)
                if self.previous_kind == "paragraph" and _announces_list(self.ctx.intro)
                else None
            )
            if intro_level:
                years = [int(y) for y in YEAR_RE.findall(self.ctx.intro)]
                self.list_level = intro_level
                self.list_period = (
                    {"from": years[0], "to": years[-1]}
                    if intro_level == "uppdrag" and years
                    else None
                )
            elif self.section == "goals" and self.section_level:
                self.list_level = self.section_level
                self.list_period = None
            else:
                self.list_level = None
        if self.list_level:
            goal = self._listed_goal(
                block, text, self.list_level, code, merge=True, period=self.list_period
            )
            self.current_goal = self.plan.goals[-1] if goal else self.current_goal
            self.describing = self.current_goal
            self.goal_heading_level = self.section_heading_level
            self._end_modes()
            return goal
        existing = self.plan.find_goal(text)
        if existing is not None:
            if not existing.get("code"):
                existing["code"] = code
            return True
        return False

    def _listed_goal(
        self,
        block: Block,
        text: str,
        level: str,
        code: str | None,
        *,
        merge: bool,
        period: dict[str, int] | None = None,
    ) -> bool:
        existing = self.plan.find_goal(text) if merge else None
        if existing is not None:
            if code and not existing.get("code"):
                existing["code"] = code
            return True
        goal = self.plan.add_goal(text, level, block.source, code=code, period=period)
        if LEVEL_RANK.get(level, 3) <= 2 and self.anchors == []:
            pass
        self.plan.goals.remove(goal)
        self.plan.goals.append(goal)
        return True

    def _criterion(self, block: Block, text: str) -> bool:
        goal = self.current_goal
        assert goal is not None  # noqa: S101 - guarded by the caller
        indicator = measurable_criterion(text, goal["id"], block, self.ctx.plan_year, self.plan)
        if indicator is None:
            goal["criteria"].append(text)
        return True

    # tables -------------------------------------------------------------------------------
    def _table_row(self, index: int, block: Block) -> bool:
        self.label_run = []
        self.ctx.section = self.section
        self.ctx.current_goal = self.current_goal
        following = self._following(index, 1)
        next_block = following[0] if following else None
        placed = self.tables.row(block, self.ctx, next_block)
        if self.tables.state.kind in ("indicator", "activity", "risk", "budget", "volume"):
            self.mode = None if self.mode in ("criteria",) else self.mode
        return placed

    # targets ------------------------------------------------------------------------------
    def _baseline(self, block: Block, label: Label) -> bool:
        if self.indicator is None:
            return False
        value, year = value_and_year(label.text)
        self.indicator["baseline"] = {
            "value": as_json_number(value) if value is not None else None,
            "year": label.year or year,
            "text": label.text,
        }
        self._refresh_indicator()
        return True

    def _target(self, block: Block, label: Label) -> bool:
        if self.indicator is None:
            return False
        if label.year:
            self.target_year = label.year
        self.indicator.setdefault("_target_texts", []).append(
            (label.year or self.target_year or self.ctx.plan_year, label.text)
        )
        self._refresh_indicator()
        return True

    def _refresh_indicator(self) -> None:
        indicator = self.indicator
        if indicator is None:
            return
        baseline = (indicator.get("baseline") or {}).get("value")
        indicator["targets"] = []
        fill_indicator(indicator, baseline, indicator.get("_target_texts", []))

    # calendar -----------------------------------------------------------------------------
    def _find_calendar(self) -> dict[int, int | None]:
        """Headings of a reporting calendar: month names, plus list-only headings before them."""
        months = {}
        for index, block in enumerate(self.blocks):
            if block.kind == "heading":
                is_month, month = month_of(block.text)
                if is_month:
                    months[index] = month
        if len(months) < 3:
            return {}
        out: dict[int, int | None] = dict(months)
        first = min(months)
        position = first - 1
        while position >= 0:
            block = self.blocks[position]
            if block.kind == "heading":
                owns = self._owns_only_list(position)
                if not owns:
                    break
                out[position] = None
            elif block.kind != "list_item":
                break
            position -= 1
        return out

    def _owns_only_list(self, index: int) -> bool:
        seen = False
        for block in self.blocks[index + 1 :]:
            if block.kind == "heading":
                return seen
            if block.kind != "list_item":
                return False
            seen = True
        return seen


def measurable_criterion(
    text: str, goal_id: str, block: Block, year: int | None, plan: PlanBuilder
) -> dict[str, Any] | None:
    """A måluppfyllelse statement with a number ("ska ha minst värdet 8") is an indicator."""
    match = vocab.QUANTIFIED_RE.search(text)
    if not match:
        return None
    value = parse_amount(match.group("num").strip())
    if value is None or (is_year(value) and not match.group("pct")):
        return None
    name = re.split(r"\s+ska\s+|\s+bör\s+", text, maxsplit=1)[0]
    name = re.sub(r"^[A-ZÅÄÖ]\.\s+", "", name).strip()
    if name == text or len(name) < 5:
        name = text[: match.start()].strip(" ,")
    indicator = plan.add_indicator(name, goal_id, block.source)
    op = vocab.QUANTIFIER_OPS.get(match.group("q").lower(), ">=")
    indicator["direction"] = "decrease" if op.startswith("<") else "increase"
    target = parse_target(match.group(0), year, indicator["direction"])
    if target is not None:
        target["op"] = op
        target["text"] = text[match.start() :].split(".")[0].strip()
        indicator["targets"].append(target)
    indicator["unit"] = "%" if match.group("pct") else unit_of(name, [])
    indicator["frequency"] = frequency_of(text)
    source = re.search(r"\benligt\s+(?P<src>[^,.]+?)(?:\s+ska|\s*[,.]|$)", text)
    if source:
        indicator["data_source"] = source.group("src")
    else:
        found = vocab.DATA_SOURCES.search(text)
        indicator["data_source"] = found.group(0) if found else None
    return indicator


def _announces_list(text: str) -> bool:
    """ "...följande långsiktiga mål." or "...fått i uppdrag att för 2020:" introduce a list."""
    return clean(text).endswith(":") or bool(
        re.search(r"\b(följande|nedanstående|dessa är|enligt nedan)\b", text, re.I)
    )


def _numbering_depth(text: str) -> int | None:
    match = re.match(r"^\s*(\d+(?:\.\d+)*)\.?\s+\D", clean(text))
    return match.group(1).count(".") + 1 if match else None


def _is_year_label(text: str) -> bool:
    label = classify(clean(text), heading=True)
    return label is not None and label.kind == "year_goals"


def _append(item: dict[str, Any], key: str, text: str) -> None:
    item[key] = f"{item[key]} {text}".strip() if item.get(key) else text
