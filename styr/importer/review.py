"""What the review page shows: the staged document's items and the source text beside them.

Everything is read from the ``ImportSession`` row (one query); this module only arranges
it for the templates. Each item links to where it came from: ``#rad-N`` for a line of a
text file or a Word paragraph, ``#sida-P`` for a PDF page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.dates import MONTHS
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styr.importer.forms import FIELDS, OP_LABELS
from styr.importer.models import ImportSession
from styr.importer.staging import fingerprint
from styr.interchange.services import COUNT_LABELS, count_items, unrecognised_share

SECTION_TITLES = {
    "plan": gettext_lazy("Planen"),
    "goals": gettext_lazy("Vision och mål"),
    "indicators": gettext_lazy("Indikatorer"),
    "activities": gettext_lazy("Aktiviteter"),
    "risks": gettext_lazy("Risker och kontrollmoment"),
    "budget": gettext_lazy("Budget"),
    "volumes": gettext_lazy("Volymer"),
    "political_points": gettext_lazy("Politiska punkter"),
    "calendar": gettext_lazy("Årshjul"),
    "unrecognised": gettext_lazy("Ej placerad text"),
}
KIND_NAMES = {
    "plan": gettext_lazy("planen"),
    "goals": gettext_lazy("målet"),
    "indicators": gettext_lazy("indikatorn"),
    "activities": gettext_lazy("aktiviteten"),
    "risks": gettext_lazy("risken"),
    "budget": gettext_lazy("budgetraden"),
    "volumes": gettext_lazy("volymraden"),
    "political_points": gettext_lazy("den politiska punkten"),
    "calendar": gettext_lazy("årshjulsposten"),
    "unrecognised": gettext_lazy("texten"),
}
VALUE_KIND_LABELS = {
    "bokslut": gettext_lazy("Bokslut"),
    "prognos": gettext_lazy("Prognos"),
    "budget": gettext_lazy("Budget"),
    "utfall": gettext_lazy("Utfall"),
    "avvikelse": gettext_lazy("Avvikelse"),
    "plan": gettext_lazy("Plan"),
}


def number(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, (int, float)):
        return str(number_format(value, force_grouping=True))
    return str(value)


@dataclass
class Source:
    label: str
    href: str


def source_of(item: dict[str, Any]) -> Source | None:
    source = item.get("source")
    if not isinstance(source, dict):
        return None
    line, page = source.get("line"), source.get("page")
    if line is not None:
        label = _("rad %(line)s") % {"line": line}
        if page is not None:
            label += ", " + _("sida %(page)s") % {"page": page}
        return Source(label, f"#rad-{line}")
    if page is not None:
        return Source(_("sida %(page)s") % {"page": page}, f"#sida-{page}")
    return None


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool] = field(default_factory=list)

    @property
    def body(self) -> list[list[tuple[str, bool]]]:
        """Each row's cells with whether the cell is a number (right-aligned)."""
        flags = self.numeric or [False] * len(self.headers)
        return [list(zip(row, flags, strict=False)) for row in self.rows]

    @property
    def head(self) -> list[tuple[str, bool]]:
        return list(zip(self.headers, self.numeric or [False] * len(self.headers), strict=False))


@dataclass
class ItemView:
    kind: str
    index: int
    title: str
    badges: list[str] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    source: Source | None = None
    seen: str = ""
    depth: int = 0
    item: dict[str, Any] = field(default_factory=dict)
    base: str = ""  # the review page's URL; the item's own pages are below it (urls.py)

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.index}"

    @property
    def url(self) -> str:
        return f"{self.base}{self.kind}/{self.index}/"

    @property
    def edit_url(self) -> str:
        return f"{self.url}andra/"

    @property
    def delete_url(self) -> str:
        return f"{self.url}ta-bort/"

    @property
    def editable(self) -> bool:
        return bool(FIELDS.get(self.kind))

    @property
    def deletable(self) -> bool:
        return self.kind != "plan"

    @property
    def kind_name(self) -> str:
        return str(KIND_NAMES[self.kind])


def item_view(
    document: dict[str, Any],
    kind: str,
    index: int,
    goals: dict[str, Any] | None = None,
    base: str = "",
) -> ItemView:
    """One item as the review shows it (``goals`` by id, when the caller has them)."""
    if goals is None:
        goals = goals_by_id(document)
    item = document["plan"] if kind == "plan" else document[kind][index]
    view = ItemView(
        kind, index, "", source=source_of(item), seen=fingerprint(item), item=item, base=base
    )
    _DESCRIBE[kind](view, item, goals)
    return view


def _plan(view: ItemView, item: dict[str, Any], goals: dict[str, Any]) -> None:
    view.title = item.get("title") or ""
    view.badges = [item.get("kind") or ""]
    period = item.get("period") or {}
    adopted = item.get("adopted") or {}
    view.facts = [
        (_("Kommun"), item.get("municipality") or "–"),
        (_("Organisation"), " / ".join(item.get("organisation") or []) or "–"),
        (_("Period"), _period(period)),
        (_("Diarienummer"), item.get("reference") or "–"),
        (_("Beslutad"), " ".join(filter(None, [adopted.get("by"), adopted.get("date")])) or "–"),
    ]


def _period(period: dict[str, Any] | None) -> str:
    if not period:
        return "–"
    start, end = period.get("from"), period.get("to")
    if start and end and start != end:
        return f"{start}–{end}"
    return str(start or end or "–")


def _goal_name(goals: dict[str, Any], ref: str | None) -> str:
    goal = goals.get(ref or "")
    if goal is None:
        return ref or "–"
    title = goal.get("title") or ""
    short = title if len(title) <= 60 else title[:57] + "…"
    return f"{goal.get('code') or ''} {short}".strip()


def _goal(view: ItemView, item: dict[str, Any], goals: dict[str, Any]) -> None:
    view.title = item.get("title") or ""
    view.badges = [item.get("level") or ""]
    if item.get("code"):
        view.badges.insert(0, item["code"])
    depth, parent, seen = 0, item.get("parent"), set()
    while parent in goals and parent not in seen and depth < 6:
        seen.add(parent)
        depth += 1
        parent = goals[parent].get("parent")
    view.depth = depth
    if item.get("parent"):
        view.facts.append((_("Under"), _goal_name(goals, item["parent"])))
    if item.get("description"):
        view.facts.append((_("Beskrivning"), item["description"]))
    if item.get("criteria"):
        view.facts.append((_("Måluppfyllelse"), "; ".join(item["criteria"])))


def _indicator(view: ItemView, item: dict[str, Any], goals: dict[str, Any]) -> None:
    view.title = item.get("name") or ""
    if item.get("goal"):
        view.facts.append((_("Mål"), _goal_name(goals, item["goal"])))
    if item.get("unit"):
        view.facts.append((_("Enhet"), item["unit"]))
    baseline = item.get("baseline")
    if isinstance(baseline, dict):
        shown = baseline.get("text") or " ".join(
            filter(None, [number(baseline.get("value")), str(baseline.get("year") or "")])
        )
        view.facts.append((_("Nuläge"), shown))
    targets = item.get("targets") or []
    if targets:
        view.tables.append(
            Table(
                _("Målvärden"),
                [_("År"), _("Villkor"), _("Värde"), _("Som det står")],
                [
                    [
                        str(t.get("year") or "–"),
                        OP_LABELS.get(t.get("op") or "", "–"),
                        number(t.get("value")),
                        t.get("text") or "",
                    ]
                    for t in targets
                ],
                [False, False, True, False],
            )
        )
    values = item.get("values") or []
    if values:
        view.tables.append(
            Table(
                _("Utfall"),
                [_("Period"), _("Värde")],
                [[v.get("period", ""), number(v.get("value"))] for v in values],
                [False, True],
            )
        )


def _activity(view: ItemView, item: dict[str, Any], goals: dict[str, Any]) -> None:
    view.title = item.get("title") or ""
    if item.get("goals"):
        view.facts.append((_("Mål"), "; ".join(_goal_name(goals, g) for g in item["goals"])))
    view.facts.append((_("Ansvarig"), ", ".join(item.get("responsible") or []) or "–"))
    view.facts.append((_("Uppföljning"), item.get("follow_up") or "–"))
    if item.get("status"):
        view.facts.append((_("Status"), item["status"]))


def _risk(view: ItemView, item: dict[str, Any], goals: dict[str, Any]) -> None:
    view.title = item.get("title") or ""
    if item.get("code"):
        view.badges.append(item["code"])
    if item.get("area"):
        view.facts.append((_("Område"), item["area"]))
    view.facts.append((_("Sannolikhet"), number(item.get("probability"))))
    view.facts.append((_("Konsekvens"), number(item.get("consequence"))))
    view.facts.append((_("Riskvärde"), number(item.get("score"))))
    if item.get("description"):
        view.facts.append((_("Beskrivning"), item["description"]))
    controls = item.get("controls") or []
    if controls:
        view.tables.append(
            Table(
                _("Kontrollmoment"),
                [_("Kontroll"), _("Ansvarig"), _("Frekvens"), _("Metod"), _("Rapporteras till")],
                [
                    [
                        c.get(k) or "–"
                        for k in ("description", "responsible", "frequency", "method", "report_to")
                    ]
                    for c in controls
                ],
            )
        )
    actions = item.get("actions") or []
    if actions:
        view.tables.append(
            Table(
                _("Åtgärder"),
                [_("Åtgärd"), _("Ansvarig")],
                [[a.get("title") or "", a.get("responsible") or "–"] for a in actions],
            )
        )


def _budget_line(view: ItemView, item: dict[str, Any], goals: dict[str, Any]) -> None:
    view.title = item.get("label") or ""
    view.badges = [b for b in (item.get("section"), item.get("unit"), item.get("group")) if b]
    if item.get("is_total"):
        view.badges.append(_("summa"))


def _political_point(view: ItemView, item: dict[str, Any], goals: dict[str, Any]) -> None:
    view.title = item.get("text") or ""
    view.badges = [_("punkt %(number)s") % {"number": item["number"]}] if item.get("number") else []
    for key, label in (
        ("handling", _("Hantering")),
        ("status", _("Status")),
        ("responsible_board", _("Ansvarig nämnd")),
        ("responsible_office", _("Ansvarigt kontor")),
    ):
        if item.get(key):
            view.facts.append((label, item[key]))
    for key, label in (
        ("concerned_boards", _("Berörda nämnder")),
        ("concerned_offices", _("Berörda kontor")),
    ):
        if item.get(key):
            view.facts.append((label, ", ".join(item[key])))
    for activity in item.get("activities") or []:
        view.facts.append((_("Aktivitet"), activity.get("title") or ""))


def _calendar(view: ItemView, item: dict[str, Any], goals: dict[str, Any]) -> None:
    month = item.get("month")
    view.title = str(MONTHS[month]).capitalize() if month in MONTHS else (item.get("label") or "")
    if month in MONTHS and item.get("label"):
        view.facts.append((_("Rubrik"), item["label"]))
    view.facts.extend((_("Punkt"), text) for text in item.get("items") or [])


def _unrecognised(view: ItemView, item: dict[str, Any], goals: dict[str, Any]) -> None:
    view.title = item.get("text") or ""


_DESCRIBE = {
    "plan": _plan,
    "goals": _goal,
    "indicators": _indicator,
    "activities": _activity,
    "risks": _risk,
    "budget": _budget_line,
    "volumes": _budget_line,
    "political_points": _political_point,
    "calendar": _calendar,
    "unrecognised": _unrecognised,
}


@dataclass
class Section:
    kind: str
    title: str
    items: list[ItemView]
    table: Table | None = None  # budget and volumes: the values as one table

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def rows(self) -> list[tuple[ItemView, list[str]]]:
        return list(zip(self.items, self.table.rows if self.table else [], strict=False))


def goals_by_id(document: dict[str, Any]) -> dict[str, Any]:
    return {g.get("id"): g for g in document.get("goals", [])}


def sections(document: dict[str, Any], base: str = "") -> list[Section]:
    """Every kind of item in review order; ``base`` is the review page's URL."""
    goals = goals_by_id(document)
    plan = item_view(document, "plan", 0, goals, base)
    out = [Section("plan", str(SECTION_TITLES["plan"]), [plan])]
    for kind in list(SECTION_TITLES)[1:]:
        count = len(document.get(kind) or [])
        items = [item_view(document, kind, i, goals, base) for i in range(count)]
        section = Section(kind, str(SECTION_TITLES[kind]), items)
        if kind in ("budget", "volumes"):
            section.table = values_table(document.get(kind) or [], kind)
        out.append(section)
    return out


def values_table(lines: list[dict[str, Any]], kind: str) -> Table:
    """Budget or volume lines as one table: a column per (kind of value, year)."""
    amount = "amount" if kind == "budget" else "value"
    columns: list[tuple[str, Any]] = []
    for line in lines:
        for value in line.get("values") or []:
            column = (value.get("kind"), value.get("year"))
            if column not in columns:
                columns.append(column)
    headers = [f"{VALUE_KIND_LABELS.get(k, k)} {y or ''}".strip() for k, y in columns]
    rows = []
    for line in lines:
        cells = {(v.get("kind"), v.get("year")): v.get(amount) for v in line.get("values") or []}
        rows.append([number(cells[c]) if c in cells else "" for c in columns])
    return Table("", headers, rows, [True] * len(headers))


@dataclass
class Summary:
    counts: list[tuple[str, int]]
    unrecognised_items: int
    unrecognised_characters: int
    total_items: int
    percent: str


def summary(document: dict[str, Any]) -> Summary:
    counts = count_items(document)
    share = unrecognised_share(document)
    return Summary(
        counts=[(COUNT_LABELS[key], n) for key, n in counts.items() if n and key != "unrecognised"],
        unrecognised_items=share.items,
        unrecognised_characters=share.characters,
        total_items=share.total_items,
        percent=str(number_format(round(share.percent, 1), decimal_pos=1)),
    )


def source_html(session: ImportSession) -> SafeString:
    """The source text with line numbers; an anchor on every line and on every page."""
    cited: dict[str, str] = {}
    document = session.document
    for kind in (
        "goals",
        "indicators",
        "activities",
        "risks",
        "budget",
        "volumes",
        "political_points",
        "calendar",
        "unrecognised",
    ):
        for item in document.get(kind) or []:
            source = source_of(item)
            if source is not None:
                cls = "unplaced" if kind == "unrecognised" else "cited"
                cited.setdefault(source.href[1:], cls)
    # Built as plain strings: a 500-page document has tens of thousands of lines, and
    # format_html per line would be most of the page's time. Every text is escaped.
    parts: list[str] = []
    current_page: Any = object()
    has_lines = not session.file_name.lower().endswith(".pdf")
    line_word = escape(_("rad"))
    for page, line, text in session.source_lines:
        if page is not None and page != current_page:
            current_page = page
            anchor = f"sida-{int(page)}"
            label = escape(_("Sida %(page)s") % {"page": page})
            parts.append(
                f'<div class="source-page {cited.get(anchor, "")}" id="{anchor}">{label}</div>'
            )
        number = int(line)
        anchor = f"rad-{number}" if page is None or has_lines else f"sida-{int(page)}-rad-{number}"
        parts.append(
            f'<div class="source-line {cited.get(anchor, "")}" id="{anchor}">'
            f'<span class="line-no" aria-hidden="true">{number}</span>'
            f'<span class="visually-hidden">{line_word} {number} </span>'
            f"{escape(text) if text else '&nbsp;'}</div>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or an int
