"""What the cross-area pages show: the start page, the organisation, search.

Every function here makes a fixed number of queries, whatever the size of the data: the
views only pass the request's user and render the result.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import F, IntegerField, Q, QuerySet, Value
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from styr.accounts.access import Action, can, restrict, rights_of, visible_plans
from styr.core.datacache import municipality_scope
from styr.core.history import KINDS, display_name, historised_plan_models, plan_path
from styr.followup.reporting import awaiting_approval
from styr.followup.services import DueItem, due_summary
from styr.internal_control.models import Risk
from styr.organisation.models import Municipality, OrgUnit, OrgUnitKind
from styr.plans.models import Activity, Goal, Indicator, Plan

# --- links ------------------------------------------------------------------------------


def link(url_name: str, pk: int | None, fallback_plan_id: int | None = None) -> str | None:
    """The URL of an object's page; its plan's page while the area has no such page yet."""
    candidates = [(url_name, pk)]
    if fallback_plan_id is not None:
        candidates.append(("plans:plan-detail", fallback_plan_id))
    for name, arg in candidates:
        if arg is None:
            continue
        try:
            return reverse(name, args=[arg])
        except NoReverseMatch:
            continue
    return None


# --- start page -------------------------------------------------------------------------

DUE_KIND_LABELS = {
    "goal_assessment": _("Bedömning av mål"),
    "activity_assessment": _("Status för aktivitet"),
    "measurement": _("Utfall för indikator"),
}
DUE_LIMIT = 50
RECENT_LIMIT = 15
RECENT_DAYS = 30
MY_PLANS_LIMIT = 20


@dataclass(frozen=True)
class DueRow:
    item: DueItem
    kind_label: str
    plan_title: str
    url: str | None


@dataclass(frozen=True)
class RecentChange:
    when: dt.datetime
    kind: str  # "created", "changed" or "deleted"
    model_name: str
    object_repr: str
    user_name: str
    plan_id: int | None
    plan_title: str
    url: str | None

    @property
    def kind_label(self) -> str:
        return str(CHANGE_KIND_LABELS[self.kind])


CHANGE_KIND_LABELS = {"created": _("skapad"), "changed": _("ändrad"), "deleted": _("borttagen")}


@dataclass(frozen=True)
class ApprovalRow:
    plan_title: str
    period_label: str
    count: int
    url: str | None


@dataclass
class StartPage:
    due: list[DueRow]
    due_total: int
    overdue_total: int
    recent: list[RecentChange]
    plans: list[Plan]
    to_approve: list[ApprovalRow] = field(default_factory=list)


_REPORT_ROW = {
    "goal_assessment": "goal",
    "activity_assessment": "activity",
    "measurement": "indicator",
}


def _due_url(item: DueItem) -> str | None:
    """The unit's report form for the period, at the item's row; else the item's page."""
    try:
        form = reverse("followup:report", args=[item.plan_id, item.period_code, item.unit_id])
    except NoReverseMatch:
        form = None
    if form:
        return f"{form}#{_REPORT_ROW.get(item.kind, item.kind)}-{item.object_id}"
    if item.kind == "goal_assessment":
        return link("plans:goal-detail", item.object_id, item.plan_id)
    return link("plans:plan-detail", item.plan_id)


def start_page_scopes(user: Any) -> list[str]:
    """The data scopes a user's start page shows: the municipalities of the units the user
    may read (what is due, recent changes and plans all come from those)."""
    municipalities = restrict(user, OrgUnit.objects.all()).values_list("municipality_id")
    return [municipality_scope(m) for (m,) in municipalities.distinct().order_by()]


def start_page(user: Any, today: dt.date, now: dt.datetime) -> StartPage:
    """What the user must report, what changed lately and their plans."""
    shown, due_total, overdue_total = due_summary(user, today, DUE_LIMIT)
    titles = dict(Plan.objects.filter(pk__in={i.plan_id for i in shown}).values_list("pk", "title"))
    due = [
        DueRow(
            item,
            str(DUE_KIND_LABELS.get(item.kind, item.kind)),
            titles.get(item.plan_id, ""),
            _due_url(item),
        )
        for item in shown
    ]
    plans = list(
        visible_plans(user)
        .select_related("owner")
        .order_by("-period_from", "title")[:MY_PLANS_LIMIT]
    )
    return StartPage(
        due=due,
        due_total=due_total,
        overdue_total=overdue_total,
        recent=recent_changes(user, since=now - dt.timedelta(days=RECENT_DAYS)),
        plans=plans,
        to_approve=to_approve(user),
    )


APPROVAL_LIMIT = 20


def to_approve(user: Any) -> list[ApprovalRow]:
    """Submitted assessments waiting for the user's approval, counted per plan and period.

    One query; nothing for a user whose roles do not grant approving.
    """
    if not rights_of(user).may_at_all(Action.APPROVE):
        return []
    rows = (
        awaiting_approval(user)
        .filter(period__is_closed=False)
        .order_by("period__end", "period__plan__title")[:APPROVAL_LIMIT]
    )
    approval_rows = []
    for row in rows:
        try:
            url: str | None = reverse(
                "followup:approval", args=[row["period__plan_id"], row["period__code"]]
            )
        except NoReverseMatch:
            url = None
        approval_rows.append(
            ApprovalRow(
                row["period__plan__title"],
                row["period__label"] or row["period__code"],
                row["count"],
                url,
            )
        )
    return approval_rows


def recent_changes(user: Any, since: dt.datetime, limit: int = RECENT_LIMIT) -> list[RecentChange]:
    """The latest saved changes in plans the user may read, newest first.

    ``styr.core.history.plan_changes`` reads one plan's whole trail to show field by field
    what changed; here we want the newest few lines over every readable plan, so each
    historised model is asked once for its newest records (one query per model, however
    many plans there are).
    """
    # The readable plans once, as ids: a few hundred at most, and SQLite plans a literal
    # list far better than the rights subquery repeated in twenty queries.
    everything = rights_of(user).is_global_administrator
    plan_ids = [] if everything else list(visible_plans(user).values_list("pk", flat=True))
    if not everything and not plan_ids:
        return []
    # One UNION over every history table finds the newest records (date, table, id); then
    # only the tables that have some are read in full. The order is the one the per-table
    # queries merged by date gave: newest first, ties in table order, then newest id.
    tables: list[tuple[type, Any, str]] = []
    newest = []
    for model in historised_plan_models():
        path = plan_path(model._meta.label)
        if path is None:
            continue
        history = getattr(model, model._meta.simple_history_manager_attribute)  # type: ignore[attr-defined]
        plan_field = path if path else "id"
        records = history.filter(history_date__gte=since)
        if not everything:
            records = records.filter(**{f"{plan_field}__in": plan_ids})
        # Each table's own newest ``limit`` by its history_date index, as an IN subquery (a
        # LIMIT inside a UNION part is not allowed on SQLite); the union then sorts at
        # most ``limit`` rows per table, however much history the last days wrote.
        top = records.order_by("-history_date", "-history_id").values("history_id")[:limit]
        newest.append(
            history.filter(history_id__in=top)
            .annotate(styr_table=Value(len(tables), output_field=IntegerField()))
            .order_by()
            .values_list("history_date", "styr_table", "history_id")
        )
        tables.append((model, history, plan_field))
    if not newest:
        return []
    head = (
        newest[0]
        .union(*newest[1:], all=True)
        .order_by("-history_date", "styr_table", "-history_id")[:limit]
    )
    keys = [(table, history_id) for _, table, history_id in head]
    wanted: dict[int, list[int]] = defaultdict(list)
    for table, history_id in keys:
        wanted[table].append(history_id)
    read = {}
    for table, ids in wanted.items():
        model, history, plan_field = tables[table]
        for record in (
            history.filter(history_id__in=ids)
            .annotate(styr_plan_id=F(plan_field))
            .select_related("history_user")
        ):
            read[table, record.history_id] = record
    found: list[tuple[Any, type, Any]] = [
        (read[key].history_date, tables[key[0]][0], read[key]) for key in keys if key in read
    ]
    titles = dict(
        Plan.objects.filter(pk__in={r.styr_plan_id for _, _, r in found}).values_list("pk", "title")
    )
    changes = []
    for when, model, record in found:
        plan_id = record.styr_plan_id
        changes.append(
            RecentChange(
                when=when,
                kind=KINDS[record.history_type],
                model_name=str(model._meta.verbose_name),
                object_repr=_history_repr(model, record),
                user_name=display_name(record.history_user),
                plan_id=plan_id,
                plan_title=titles.get(plan_id, ""),
                url=_change_url(model, record, plan_id),
            )
        )
    return changes


def _history_repr(model: type, record: Any) -> str:
    """A short name of the changed object from the record's own fields (no query), or ""."""
    for name in ("title", "name", "label", "text", "description", "result", "analysis"):
        value = getattr(record, name, None)
        if isinstance(value, str) and value.strip():
            return value.strip()[:120]
    period, value = getattr(record, "period", None), getattr(record, "value", None)
    if isinstance(period, str) and value is not None:  # a measurement: "2025: 65"
        return f"{period}: {number_format(value)}"
    return ""


def _change_url(model: type, record: Any, plan_id: int | None) -> str | None:
    if record.history_type == "-":
        return link("plans:plan-detail", plan_id)
    label = model._meta.label  # type: ignore[attr-defined]
    if label == "plans.Goal":
        return link("plans:goal-detail", record.id, plan_id)
    if label == "internal_control.Risk":
        return link("internal_control:risk-detail", record.id, plan_id)
    return link("plans:plan-detail", plan_id)


# --- organisation -----------------------------------------------------------------------


@dataclass
class TreeNode:
    unit: OrgUnit
    children: list[TreeNode] = field(default_factory=list)


@dataclass
class MunicipalityTree:
    municipality: Municipality
    roots: list[TreeNode]

    def steps(self) -> list[tuple[str, OrgUnit | None, str, str]]:
        """The forest as a flat walk for a template loop: ("unit", u, kind label) opens a
        list item, "down"/"up" open and close a nested list, "end" closes the item.

        Kind labels are translated once per kind and unit URLs reversed once: with thousands
        of units, per-unit ``get_kind_display`` and ``{% url %}`` were most of the page's
        time."""
        labels = {kind: str(label) for kind, label in OrgUnitKind.choices}
        marker = "2147483647"
        url = reverse("web:unit-detail", args=[int(marker)])
        walk: list[tuple[str, OrgUnit | None, str, str]] = []
        stack: list[tuple[TreeNode, bool]] = [(node, False) for node in reversed(self.roots)]
        while stack:
            node, done = stack.pop()
            if done:
                if node.children:
                    walk.append(("up", None, "", ""))
                walk.append(("end", None, "", ""))
                continue
            unit = node.unit
            link = url.replace(marker, str(unit.pk))
            walk.append(("unit", unit, labels.get(unit.kind, unit.kind), link))
            stack.append((node, True))
            if node.children:
                walk.append(("down", None, "", ""))
                stack.extend((child, False) for child in reversed(node.children))
        return walk


_KIND_RANK = {kind: rank for rank, kind in enumerate(OrgUnitKind.values)}
_SWEDISH_LAST = str.maketrans({"å": "{", "ä": "|", "ö": "}"})  # the three after "z"


def swedish_key(text: str) -> str:
    """Sort key putting å, ä and ö after z, in that order, as a Swedish reader expects."""
    return text.casefold().translate(_SWEDISH_LAST)


def _sibling_order(node: TreeNode) -> tuple[int, str]:
    return _KIND_RANK.get(node.unit.kind, len(_KIND_RANK)), swedish_key(node.unit.name)


def org_tree(user: Any) -> list[MunicipalityTree]:
    """The units the user may read, a forest per municipality (one query).

    The roots are the topmost readable units; siblings go from the council down to the
    units, then by name.
    """
    units = list(restrict(user, OrgUnit.objects.all()).select_related("municipality"))
    nodes = {unit.pk: TreeNode(unit) for unit in units}
    roots: dict[int, list[TreeNode]] = {}
    municipalities: dict[int, Municipality] = {}
    for unit in units:
        parent = nodes.get(unit.parent_id) if unit.parent_id else None
        if parent:
            parent.children.append(nodes[unit.pk])
        else:
            roots.setdefault(unit.municipality_id, []).append(nodes[unit.pk])
            municipalities[unit.municipality_id] = unit.municipality
    for node in nodes.values():
        node.children.sort(key=_sibling_order)
    return sorted(
        (
            MunicipalityTree(municipalities[mid], sorted(forest, key=_sibling_order))
            for mid, forest in roots.items()
        ),
        key=lambda tree: swedish_key(tree.municipality.name),
    )


@dataclass
class UnitPage:
    unit: OrgUnit
    ancestors: list[OrgUnit]
    children: list[OrgUnit]
    plans: list[Plan]
    goals: list[Goal]
    indicators: list[Indicator]
    activities: list[Activity]
    may_report: bool


UNIT_LIST_LIMIT = 300


def unit_page(user: Any, unit: OrgUnit) -> UnitPage:
    """A unit's plans, the goals and indicators it owns, the activities it is responsible for.

    The caller has checked that the user may read the unit. Only what the user may read is
    listed (a unit may be responsible for a goal in a plan owned elsewhere).
    """
    ancestors = restrict(user, OrgUnit.objects.filter(pk__in=_ancestor_ids(unit)))
    return UnitPage(
        unit=unit,
        ancestors=list(ancestors.order_by("path")),
        children=list(restrict(user, unit.children.all()).order_by("name")),
        plans=list(
            visible_plans(user)
            .filter(owner=unit)
            .order_by("-period_from", "title")[:UNIT_LIST_LIMIT]
        ),
        goals=list(
            restrict(user, Goal.objects.filter(responsible_unit=unit))
            .select_related("plan")
            .order_by("plan__title", "position", "pk")[:UNIT_LIST_LIMIT]
        ),
        indicators=list(
            restrict(user, Indicator.objects.filter(responsible_unit=unit))
            .select_related("plan", "goal")
            .order_by("plan__title", "position", "pk")[:UNIT_LIST_LIMIT]
        ),
        activities=list(
            restrict(user, Activity.objects.filter(responsible_units=unit))
            .select_related("plan")
            .order_by("plan__title", "pk")[:UNIT_LIST_LIMIT]
        ),
        may_report=can(user, Action.REPORT, unit),
    )


def _ancestor_ids(unit: OrgUnit) -> list[int]:
    return [int(part) for part in unit.path.strip("/").split("/") if part][:-1]


# --- search -----------------------------------------------------------------------------

SEARCH_LIMIT = 25
SEARCH_MIN_LENGTH = 2


@dataclass(frozen=True)
class Hit:
    title: str
    context: str
    url: str | None


@dataclass
class HitGroup:
    kind: str
    label: str
    hits: list[Hit]
    more: bool


def _text_q(fields: Iterable[str], query: str) -> Q:
    """Case-insensitive "contains" on any of ``fields``, Swedish letters included.

    PostgreSQL's icontains folds å, ä and ö; SQLite's LIKE folds only ASCII, so there the
    lower-case, upper-case and capitalised forms of the query are tried as well.
    """
    variants = {query}
    if connection.vendor == "sqlite":
        variants |= {query.lower(), query.upper(), query.capitalize()}
    found = Q(pk__in=[])
    for name in fields:
        for variant in sorted(variants):
            found |= Q(**{f"{name}__icontains": variant})
    return found


def _limited(queryset: QuerySet[Any]) -> tuple[list[Any], bool]:
    rows = list(queryset[: SEARCH_LIMIT + 1])
    return rows[:SEARCH_LIMIT], len(rows) > SEARCH_LIMIT


def search(user: Any, query: str) -> list[HitGroup]:
    """Plans, goals, indicators, activities and risks the user may read that match ``query``.

    Five queries, at most ``SEARCH_LIMIT`` hits per kind.
    """
    query = " ".join(query.split())
    if len(query) < SEARCH_MIN_LENGTH:
        return []
    groups = []

    plans, more = _limited(
        visible_plans(user)
        .filter(_text_q(("title", "reference"), query))
        .select_related("owner")
        .order_by("-period_from", "title")
    )
    groups.append(
        HitGroup(
            "plan",
            str(_("Planer")),
            [Hit(p.title, p.owner.name, link("plans:plan-detail", p.pk)) for p in plans],
            more,
        )
    )

    goals, more = _limited(
        restrict(user, Goal.objects.filter(_text_q(("title", "code", "description"), query)))
        .select_related("plan")
        .order_by("plan__title", "position", "pk")
    )
    groups.append(
        HitGroup(
            "goal",
            str(_("Mål")),
            [Hit(str(g), g.plan.title, link("plans:goal-detail", g.pk, g.plan_id)) for g in goals],
            more,
        )
    )

    indicators, more = _limited(
        restrict(user, Indicator.objects.filter(_text_q(("name", "kolada_kpi"), query)))
        .select_related("plan")
        .order_by("plan__title", "position", "pk")
    )
    groups.append(
        HitGroup(
            "indicator",
            str(_("Indikatorer")),
            [
                Hit(
                    i.name,
                    i.plan.title,
                    link("plans:goal-detail", i.goal_id, i.plan_id)
                    if i.goal_id
                    else link("plans:plan-detail", i.plan_id),
                )
                for i in indicators
            ],
            more,
        )
    )

    activities, more = _limited(
        restrict(user, Activity.objects.filter(_text_q(("title", "follow_up"), query)))
        .select_related("plan")
        .order_by("plan__title", "pk")
    )
    groups.append(
        HitGroup(
            "activity",
            str(_("Aktiviteter")),
            [Hit(a.title, a.plan.title, link("plans:plan-detail", a.plan_id)) for a in activities],
            more,
        )
    )

    risks, more = _limited(
        restrict(
            user, Risk.objects.filter(_text_q(("title", "code", "description", "area"), query))
        )
        .select_related("plan")
        .order_by("plan__title", "pk")
    )
    groups.append(
        HitGroup(
            "risk",
            str(_("Risker")),
            [
                Hit(
                    f"{r.code} {r.title}".strip(),
                    r.plan.title,
                    link("internal_control:risk-detail", r.pk, r.plan_id),
                )
                for r in risks
            ],
            more,
        )
    )
    return groups
