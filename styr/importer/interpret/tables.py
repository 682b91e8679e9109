"""Table rows: find the header by its words, then place each row by its columns' roles.

A table's meaning comes from its header cells (aktivitet/ansvarig/uppföljning, indikator/
nuläge/mål 2020, riskområde/kontrollmoment/frekvens, bokslut 2018/budget 2020, ...), so the
same rules read any municipality's tables whatever the column order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from styr.importer.blocks import Block
from styr.importer.interpret import vocab
from styr.importer.interpret.markup import bullet_items, clean, join_hyphen_breaks, without_bullets
from styr.importer.interpret.model import PlanBuilder
from styr.importer.interpret.numbers import (
    YEAR_RE,
    as_json_number,
    is_empty_cell,
    parse_amount,
    value_and_year,
)
from styr.importer.interpret.responsible import split_responsible
from styr.importer.interpret.targets import infer_direction, parse_target

_CODE_PREFIX_RE = re.compile(
    r"^(?P<code>\d{1,2}(?:\.\d{1,2})*(?:\s?[a-zåäö])?)\s*[.):]\s+(?P<rest>\S.*)$"
)
_ROADMAP_CODE_RE = re.compile(r"(?:^|\s)(?P<code>\d{1,2}\s?[a-zåäö](?::\d+)?)\)\s+")
_DOT_LEADER_RE = re.compile(r"\s*(\.{2,}|…+)\s*$")


@dataclass
class Context:
    """What the document pass knows when a table row arrives."""

    section: str = "other"  # goals, risks, political, budget, volumes, summary, other
    current_goal: dict[str, Any] | None = None
    current_risk: dict[str, Any] | None = None
    hints: str = ""  # recent heading and title text, for economic section and unit
    intro: str = ""  # the paragraph just before the table
    plan_year: int | None = None
    area: str | None = None


@dataclass
class TableState:
    table: int | None = None
    kind: str = "unknown"
    roles: list[str | None] = field(default_factory=list)
    header_cells: list[str] = field(default_factory=list)
    signature: tuple[str | None, ...] = ()
    memory: dict[int, list[str]] = field(default_factory=dict)
    title: str = ""
    economic: list[tuple[int, str | None, int | None, str]] = field(default_factory=list)
    group: str | None = None
    last_item: dict[str, Any] | None = None
    last_activity: dict[str, Any] | None = None
    point: dict[str, Any] | None = None


def role_of(header: str) -> str | None:
    text = join_hyphen_breaks(clean(header)).lower().strip(" :()")
    text = re.sub(r"(?<=[a-zåäö])-(?=[a-zåäö])", "", text)  # "risk-bedömning"
    if not text:
        return None
    for pattern, role in vocab.COLUMN_ROLES:
        if re.search(pattern, text):
            return role
    return None


def budget_kind(header: str) -> str | None:
    text = clean(header).lower()
    for pattern, kind in vocab.BUDGET_KINDS:
        if re.search(pattern, text):
            return kind
    return None


def is_economic_header(cells: list[str]) -> bool:
    texts = [clean(c) for c in cells]
    kinds = [t for t in texts[1:] if budget_kind(t) and parse_amount(t) is None]
    numeric = [t for t in texts[1:] if parse_amount(t) is not None and not YEAR_RE.fullmatch(t)]
    return len(kinds) >= 2 and not numeric


def is_role_header(cells: list[str]) -> bool:
    texts = [clean(c) for c in cells if clean(c)]
    if not texts or any(parse_amount(t) is not None for t in texts):
        return False
    roles = [role_of(t) if len(t) <= 50 else None for t in texts]
    known = [r for r in roles if r]
    if not known:
        return False
    if len(texts) == 1:
        return known[0] in {"activity", "indicator", "control"}
    return len(known) / len(texts) >= 0.6 and any(r != "goal_ref" for r in known)


class TableReader:
    def __init__(self, plan: PlanBuilder) -> None:
        self.plan = plan
        self.state = TableState()
        self.width = 0  # columns of the table read last, to spot one continued on a new page

    # ------------------------------------------------------------------------------------
    def row(self, block: Block, ctx: Context, next_block: Block | None) -> bool:
        """Place one row; False when it fits nowhere (the caller lists it as unrecognised)."""
        cells = block.cells or block.text.split("\t")
        if block.table != self.state.table:
            self._new_table(block, cells)
        filled = [c for c in cells if not is_empty_cell(c)]
        if not filled:
            return False
        if is_economic_header(cells):
            self._start_economic(cells, ctx)
            return True
        if is_role_header(cells):
            self._start_roles(cells, ctx)
            return True
        if self._is_title_row(cells, next_block):
            self.state.title = clean(filled[0])
            self.state.kind = "unknown"
            return True
        if ctx.section == "summary":
            return self._summary_row(cells)
        if self._is_leader_row(cells):
            return self._leader_row(block, cells, ctx)
        handler = getattr(self, f"_{self.state.kind}_row", None)
        if handler is None:
            return self._roadmap_codes(cells)
        placed: bool = handler(block, cells, ctx)
        return placed

    def _new_table(self, block: Block, cells: list[str]) -> None:
        """A table split over a page break goes on without repeating its header."""
        continued = (
            self.state.kind != "unknown"
            and len(cells) == self.width
            and not is_role_header(cells)
            and not is_economic_header(cells)
        )
        if continued:
            self.state.table = block.table
        else:
            self.state = TableState(table=block.table, point=self.state.point)
        self.width = len(cells)

    # headers ----------------------------------------------------------------------------
    def _start_roles(self, cells: list[str], ctx: Context) -> None:
        roles = [role_of(c) for c in cells]
        signature = tuple(roles)
        memory = self.state.memory if signature == self.state.signature else {}
        point = self.state.point
        self.state = TableState(
            table=self.state.table,
            roles=roles,
            header_cells=list(cells),
            signature=signature,
            memory=memory,
            title=self.state.title,
            point=point,
        )
        present = set(roles)
        if "indicator" in present:
            kind = "indicator"
        elif "point" in present or ("number" in present and "handling" in present):
            kind = "political"
        elif present & {"responsible_board", "concerned_boards", "responsible_office"}:
            kind = "boards"
        elif "risk" in present or ("control" in present and ctx.section != "political"):
            kind = "risk"
        elif present & {"activity", "action"}:
            kind = "activity"
        elif present & {"probability", "consequence", "score"}:
            kind = "scores"
        else:
            kind = "unknown"
        self.state.kind = kind

    def _start_economic(self, cells: list[str], ctx: Context) -> None:
        title = self.state.title
        hint_text = " ".join([title, clean(cells[0]), ctx.hints])
        is_volume = bool(vocab.VOLUME_WORDS.search(f"{title} {clean(cells[0])}")) or (
            ctx.section == "volumes" and not vocab.BUDGET_TABLE_WORDS.search(f"{title} {cells[0]}")
        )
        self.state = TableState(
            table=self.state.table, kind="volume" if is_volume else "budget", title=title
        )
        columns: list[tuple[int, str | None, int | None, str]] = []
        years: list[int | None] = []
        for index, cell in enumerate(cells):
            text = clean(cell)
            found = YEAR_RE.findall(text)
            years.append(int(found[-1]) if found else None)
            kind = budget_kind(text) if index else None
            if index and kind:
                columns.append((index, kind, None, text))
        resolved = []
        for index, kind, _, text in columns:
            year = years[index]
            if year is None and not re.search(r"tidigare|total|ack", text, re.I):
                year = _nearest_year(years, index)
            resolved.append((index, kind, year, text))
        self.state.economic = resolved
        self.state.group = None
        self.state.memory = {}
        self.state.header_cells = [hint_text]

    # row kinds --------------------------------------------------------------------------
    def _budget_row(self, block: Block, cells: list[str], ctx: Context) -> bool:
        return self._economic_row(block, cells, ctx, "budget")

    def _volume_row(self, block: Block, cells: list[str], ctx: Context) -> bool:
        return self._economic_row(block, cells, ctx, "volumes")

    def _economic_row(self, block: Block, cells: list[str], ctx: Context, kind: str) -> bool:
        label = clean(cells[0]) if cells else ""
        others = [c for c in cells[1:] if not is_empty_cell(c)]
        if label and not others:
            self.state.group = label
            return True
        if not label:
            return False
        values = []
        numeric = 0
        for index, value_kind, year, _ in self.state.economic:
            cell = cells[index] if index < len(cells) else ""
            amount = parse_amount(cell)
            numeric += amount is not None
            values.append(
                {
                    "year": year,
                    "kind": value_kind,
                    ("amount" if kind == "budget" else "value"): as_json_number(amount)
                    if amount is not None
                    else None,
                }
            )
        if not numeric:
            return False
        hints = self.state.header_cells[0] if self.state.header_cells else ctx.hints
        line: dict[str, Any] = {"label": label}
        if kind == "budget":
            line.update(
                {
                    "section": _budget_section(hints),
                    "unit": _unit(hints, cells),
                    "is_total": bool(vocab.TOTAL_ROW_RE.match(label)),
                }
            )
        else:
            line.update({"group": self.state.group, "unit": None})
        line["values"] = values
        line["source"] = block.source.as_dict()
        self.plan.add_line(kind, line)
        return True

    def _is_leader_row(self, cells: list[str]) -> bool:
        texts = [clean(c) for c in cells if clean(c)]
        return (
            len(texts) == 2
            and bool(_DOT_LEADER_RE.search(texts[0]))
            and parse_amount(texts[1]) is not None
        )

    def _leader_row(self, block: Block, cells: list[str], ctx: Context) -> bool:
        """`Vuxenvård ..... 142 200` under "budgeten för 2017 är ... tkr fördelat på:"."""
        texts = [clean(c) for c in cells if clean(c)]
        label = _DOT_LEADER_RE.sub("", texts[0]).strip()
        amount = parse_amount(texts[1])
        years = YEAR_RE.findall(ctx.intro)
        kind = budget_kind(ctx.intro) or "budget"
        self.plan.add_line(
            "budget",
            {
                "label": label,
                "section": _budget_section(ctx.intro + " " + ctx.hints),
                "unit": _unit(ctx.intro + " " + ctx.hints, [texts[1]]),
                "is_total": bool(vocab.TOTAL_ROW_RE.match(label)),
                "values": [
                    {
                        "year": int(years[0]) if years else ctx.plan_year,
                        "kind": kind,
                        "amount": as_json_number(amount) if amount is not None else None,
                    }
                ],
                "source": block.source.as_dict(),
            },
        )
        return True

    def _cells_by_role(self, cells: list[str]) -> dict[str, list[tuple[int, str]]]:
        out: dict[str, list[tuple[int, str]]] = {}
        for index, role in enumerate(self.state.roles):
            if role and index < len(cells):
                out.setdefault(role, []).append((index, cells[index]))
        return out

    def _first(self, by_role: dict[str, list[tuple[int, str]]], role: str) -> str:
        values = by_role.get(role) or []
        return values[0][1] if values else ""

    def _row_goals(self, block: Block, cells: list[str], ctx: Context) -> list[str] | None:
        """Goal ids named by the row's goal columns (inherited from above when empty)."""
        found: list[str] | None = None
        parent: str | None = None
        for index, role in enumerate(self.state.roles):
            if not role or not role.startswith("goal"):
                continue
            cell = cells[index] if index < len(cells) else ""
            if is_empty_cell(cell):
                ids = self.state.memory.get(index, [])
            else:
                ids = self._goals_in_cell(cell, role, parent, index, block, ctx)
                self.state.memory[index] = ids
                for later in [k for k in self.state.memory if k > index]:
                    self.state.memory.pop(later)
            if ids:
                found = ids
                parent = ids[0] if len(ids) == 1 else None
        return found

    def _goals_in_cell(
        self, cell: str, role: str, parent: str | None, index: int, block: Block, ctx: Context
    ) -> list[str]:
        headers = self.state.header_cells
        header = clean(headers[index]) if index < len(headers) else ""
        whole = without_bullets(cell)
        threshold = 0.85 if role == "goal_ref" else 0.9
        known = self.plan.find_goal(_CODE_PREFIX_RE.sub(r"\g<rest>", whole), threshold)
        items = [whole] if known is not None or role == "goal_ref" else bullet_items(cell)
        if len(items) > 1 and _repeats_header(items[0], header):
            items = items[1:]
        ids = []
        for item in items:
            code = None
            match = _CODE_PREFIX_RE.match(item)
            if match:
                code, item = match.group("code"), match.group("rest")
            goal = self.plan.find_goal(item, threshold)
            if goal is None:
                level = role.split(":", 1)[1] if ":" in role else "strategiskt mål"
                goal = self.plan.add_goal(item, level, block.source, code=code, parent=parent)
            elif code and not goal.get("code"):
                goal["code"] = code
            ids.append(goal["id"])
        return ids

    def _indicator_row(self, block: Block, cells: list[str], ctx: Context) -> bool:
        by_role = self._cells_by_role(cells)
        goal_ids = self._row_goals(block, cells, ctx)
        name = without_bullets(self._first(by_role, "indicator"))
        if not name:
            return bool(goal_ids)
        goal_id = goal_ids[0] if goal_ids and len(goal_ids) == 1 else None
        if goal_ids is None and ctx.current_goal:
            goal_id = ctx.current_goal["id"]
        indicator = self.plan.add_indicator(name, goal_id, block.source)
        baseline_cell = clean(self._first(by_role, "baseline"))
        baseline_header = self._header_for(by_role, "baseline")
        baseline_value = None
        if baseline_cell and not is_empty_cell(baseline_cell):
            value, year = value_and_year(baseline_cell)
            if vocab.NEW_MEASURE_RE.search(baseline_cell):
                value, year = None, None
            elif year is None:
                header_years = YEAR_RE.findall(baseline_header)
                year = int(header_years[-1]) if header_years else None
            baseline_value = value
            indicator["baseline"] = {
                "value": as_json_number(value) if value is not None else None,
                "year": year,
                "text": baseline_cell,
            }
        target_cells = []
        for index, cell in by_role.get("target", []):
            header_years = YEAR_RE.findall(clean(self.state.header_cells[index]))
            year = int(header_years[-1]) if header_years else ctx.plan_year
            if not is_empty_cell(cell):
                target_cells.append((year, clean(cell)))
        fill_indicator(indicator, baseline_value, target_cells)
        for index, cell in by_role.get("value", []):
            header_years = YEAR_RE.findall(clean(self.state.header_cells[index]))
            amount = parse_amount(cell)
            if header_years and not is_empty_cell(cell):
                indicator["values"].append(
                    {
                        "period": header_years[-1],
                        "gender": "T",
                        "value": as_json_number(amount) if amount is not None else None,
                    }
                )
        frequency = frequency_of(self._first(by_role, "frequency"))
        if frequency:
            indicator["frequency"] = frequency
        source_cell = clean(self._first(by_role, "data_source"))
        if source_cell:
            indicator["data_source"] = source_cell
        self.state.last_item = indicator
        return True

    def _header_for(self, by_role: dict[str, list[tuple[int, str]]], role: str) -> str:
        values = by_role.get(role) or []
        if not values:
            return ""
        return clean(self.state.header_cells[values[0][0]])

    def _activity_row(self, block: Block, cells: list[str], ctx: Context) -> bool:
        by_role = self._cells_by_role(cells)
        goal_ids = self._row_goals(block, cells, ctx)
        title = without_bullets(self._first(by_role, "activity") or self._first(by_role, "action"))
        responsible_cell = self._first(by_role, "responsible")
        follow_up = without_bullets(self._first(by_role, "follow_up")) or None
        if not title:
            previous = self.state.last_activity
            if previous is not None and follow_up and "follow_up" in previous:
                previous["follow_up"] = " ".join(filter(None, [previous["follow_up"], follow_up]))
                return True
            return bool(goal_ids)
        if ctx.section == "risks" and ctx.current_risk is not None:
            ctx.current_risk["actions"].append(
                {"title": title, "responsible": without_bullets(responsible_cell) or None}
            )
            return True
        if ctx.section == "political" and self.state.point is not None:
            self.state.point["activities"].append(
                {"title": title, "responsible": without_bullets(responsible_cell) or None}
            )
            return True
        goals = (
            goal_ids
            if goal_ids is not None
            else ([ctx.current_goal["id"]] if ctx.current_goal else [])
        )
        activity = self.plan.add_activity(
            title, goals, split_responsible(responsible_cell), follow_up, block.source
        )
        status = clean(self._first(by_role, "status")).lower()
        for pattern, value in vocab.ACTIVITY_STATUS:
            if status and re.search(pattern, status):
                activity["status"] = value
                break
        years = YEAR_RE.findall(title)
        if years and re.search(r"\((genomförs|klar|under|startar)", title, re.I):
            activity["period"] = {"from": int(years[0]), "to": int(years[-1])}
        self.state.last_activity = activity
        return True

    def _risk_row(self, block: Block, cells: list[str], ctx: Context) -> bool:
        by_role = self._cells_by_role(cells)
        title = without_bullets(self._first(by_role, "risk"))
        control = {
            "description": without_bullets(self._first(by_role, "control")) or None,
            "responsible": without_bullets(
                self._first(by_role, "control_responsible") or self._first(by_role, "responsible")
            )
            or None,
            "frequency": without_bullets(self._first(by_role, "frequency")) or None,
            "method": without_bullets(self._first(by_role, "method")) or None,
            "report_to": without_bullets(self._first(by_role, "report_to")) or None,
        }
        has_risk_column = "risk" in self.state.roles
        risk = self.state.last_item if has_risk_column else ctx.current_risk
        if has_risk_column and title:
            risk = self.plan.add_risk(title, block.source, area=title)
            self.state.last_item = risk
        elif has_risk_column and risk is not None and risk.get("controls"):
            last = risk["controls"][-1]  # a row broken over a page: continue the last control
            for key, value in control.items():
                if value:
                    last[key] = f"{last[key]} {value}" if last.get(key) else value
            return True
        if risk is None:
            return False
        if any(control.values()):
            risk["controls"].append(control)
        action = without_bullets(self._first(by_role, "action"))
        if action:
            risk["actions"].append({"title": action, "responsible": None})
        apply_scores(risk, by_role)
        return True

    def _scores_row(self, block: Block, cells: list[str], ctx: Context) -> bool:
        risk = ctx.current_risk
        if risk is None:
            return False
        apply_scores(risk, self._cells_by_role(cells))
        return True

    def _political_row(self, block: Block, cells: list[str], ctx: Context) -> bool:
        by_role = self._cells_by_role(cells)
        text = without_bullets(self._first(by_role, "point"))
        number = clean(self._first(by_role, "number"))
        if not text:
            return False
        point = {
            "number": number or str(len(self.plan.political_points) + 1),
            "text": text,
            "handling": without_bullets(self._first(by_role, "handling")) or None,
            "status": clean(self._first(by_role, "status")) or None,
            "responsible_board": None,
            "concerned_boards": [],
            "responsible_office": None,
            "concerned_offices": [],
            "activities": [],
            "responsible_units": bullet_items(self._first(by_role, "responsible")),
            "source": block.source.as_dict(),
        }
        self.plan.political_points.append(point)
        self.state.point = point
        return True

    def _boards_row(self, block: Block, cells: list[str], ctx: Context) -> bool:
        point = self.state.point
        if point is None:
            return False
        by_role = self._cells_by_role(cells)
        point["responsible_board"] = clean(self._first(by_role, "responsible_board")) or None
        point["concerned_boards"] = _split_list(self._first(by_role, "concerned_boards"))
        point["responsible_office"] = clean(self._first(by_role, "responsible_office")) or None
        point["concerned_offices"] = _split_list(self._first(by_role, "concerned_offices"))
        return True

    def _summary_row(self, cells: list[str]) -> bool:
        """A summary table repeats goals: it may give them codes, never new goals."""
        return self._roadmap_codes(cells)

    def _unknown_row(self, block: Block, cells: list[str], ctx: Context) -> bool:
        return self._roadmap_codes(cells)

    def _roadmap_codes(self, cells: list[str]) -> bool:
        """An overview row ("1 a) Title") lends its codes to goals already read; the row
        itself stays listed as unrecognised, since it adds nothing new."""
        for cell in cells:
            for code, text in _roadmap_items(clean(cell)):
                goal = self.plan.find_goal(text, 0.85)
                if goal is not None and not goal.get("code"):
                    goal["code"] = code
        return False

    def _is_title_row(self, cells: list[str], next_block: Block | None) -> bool:
        filled = [c for c in cells if not is_empty_cell(c)]
        if len(filled) != 1 or is_empty_cell(cells[0]) or len(cells) < 2:
            return False
        if (
            self.state.kind in ("volume",)
            and next_block is not None
            and not (next_block.kind == "table_row" and is_economic_header(next_block.cells))
        ):
            return False
        return (
            next_block is not None
            and next_block.kind == "table_row"
            and (is_economic_header(next_block.cells) or is_role_header(next_block.cells))
        )


def fill_indicator(
    indicator: dict[str, Any], baseline: float | None, target_cells: list[tuple[int | None, str]]
) -> None:
    """Targets, direction and unit of an indicator from its target texts."""
    texts = [text for _, text in target_cells]
    direction = infer_direction(indicator["name"], baseline, texts)
    indicator["direction"] = direction
    for year, text in target_cells:
        target = parse_target(text, year, direction)
        if target is not None:
            indicator["targets"].append(target)
    baseline_text = (indicator.get("baseline") or {}).get("text") or ""
    indicator["unit"] = unit_of(indicator["name"], [*texts, baseline_text])
    source = vocab.DATA_SOURCES.search(indicator["name"])
    if source and not indicator.get("data_source"):
        indicator["data_source"] = source.group(0)


def unit_of(name: str, texts: list[str]) -> str | None:
    lowered = name.lower()
    joined = " ".join(texts).lower()
    if "kr/inv" in lowered or "kr/inv" in joined:
        return "kr/inv"
    if re.search(r"kostnad/\s?brukare|kr/brukare", lowered + " " + joined):
        return "kr/brukare"
    if "%" in joined or "%" in lowered or lowered.startswith("andel") or "andel" in lowered:
        return "%"
    if "index" in lowered:
        return "index"
    if lowered.startswith("antal"):
        return "antal"
    return None


def frequency_of(text: str) -> str | None:
    lowered = clean(text).lower()
    if not lowered:
        return None
    for pattern, value in vocab.FREQUENCIES:
        if re.search(pattern, lowered):
            return value
    return None


def apply_scores(risk: dict[str, Any], by_role: dict[str, list[tuple[int, str]]]) -> None:
    def number(role: str) -> float | None:
        values = by_role.get(role) or []
        return parse_amount(values[0][1]) if values else None

    probability, consequence, score = number("probability"), number("consequence"), number("score")
    if probability is not None and 1 <= probability <= 5:
        risk["probability"] = int(probability)
    if consequence is not None and 1 <= consequence <= 5:
        risk["consequence"] = int(consequence)
    if score is not None:
        risk["score"] = as_json_number(score)
    elif risk["probability"] and risk["consequence"] and risk["score"] is None:
        risk["score"] = risk["probability"] * risk["consequence"]


def _roadmap_items(text: str) -> list[tuple[str, str]]:
    """`1 a) Title. 1 b) Other` → [("1 a", "Title."), ("1 b", "Other")]."""
    matches = list(_ROADMAP_CODE_RE.finditer(text))
    out = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        body = text[match.end() : end].split(" Indikator:")[0].strip()
        code = re.sub(r"(\d)\s?([a-zåäö])", r"\1 \2", match.group("code"))
        if body:
            out.append((code, body))
    return out


def _repeats_header(item: str, header: str) -> bool:
    first = header.split(" ")[0].lower() if header else ""
    return bool(first) and item.lower().startswith(first)


def _split_list(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[,;]|\soch\s", clean(text)) if p.strip()]


def _nearest_year(years: list[int | None], index: int) -> int | None:
    for offset in range(1, len(years)):
        left = index - offset
        if left >= 1 and years[left] is not None:
            return years[left]
        right = index + offset
        if right < len(years) and years[right] is not None:
            return years[right]
    return None


def _budget_section(text: str) -> str:
    lowered = text.lower()
    for pattern, section in vocab.BUDGET_SECTIONS:
        if re.search(pattern, lowered):
            return section
    return "drift"


def _unit(text: str, cells: list[str]) -> str:
    lowered = text.lower()
    if re.search(r"\bmnkr\b|miljoner kronor|\bmsek\b|\bmkr\b", lowered):
        return "mnkr"
    if re.search(r"\btkr\b|tusen kronor|\btsek\b", lowered):
        return "tkr"
    if re.search(r"\bkr\b|kronor", lowered):
        return "kr"
    if any(re.search(r"\d,\d", clean(c)) for c in cells):
        return "mnkr"
    return "tkr"
