"""What the plan pages show: plan lists, the goal tree with statuses, the transformationskarta
and a goal's page, each loaded in a fixed number of queries however large the plan is.

Statuses come from ``styr.followup.services.compute_plan_status``; nothing here judges a
target. Views call these functions and render; tests call them too.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple
from urllib.parse import quote

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from styr.accounts.access import Action, can, visible_plans
from styr.charts import line_chart_svg
from styr.charts import status_label as chart_status_label
from styr.charts.indicators import indicator_line_chart
from styr.followup.models import Assessment, FollowUpPeriod, Measurement, MeasurementOrigin
from styr.followup.rules import (
    ASSESSABLE,
    NOT_ASSESSED,
    TargetRule,
    codes_up_to,
    format_value,
    parse_period,
    select_targets,
    status_label,
)
from styr.followup.services import (
    GoalStatus,
    IndicatorStatus,
    PlanStatus,
    compute_plan_status,
    compute_status_for_plans,
)
from styr.importer.models import ImportSession
from styr.organisation.models import OrgUnit
from styr.plans.models import (
    Activity,
    ActivityStatus,
    Direction,
    Goal,
    GoalLevel,
    Indicator,
    Plan,
    PlanKind,
    RelativeTo,
    Target,
)
from styr.plans.models import PlanStatus as PlanState

STATUSES = ("met", "partly_met", "not_met", "not_assessed")
_OP_SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}
# A plan's years shown in the transformationskarta; a longer span is cut to this many.
MAX_MAP_YEARS = 12


def status_choices() -> list[tuple[str, str]]:
    return [(s, chart_status_label(s)) for s in STATUSES]


# --- the plan list -----------------------------------------------------------------------


@dataclass
class PlanGroup:
    owner: OrgUnit
    plans: list[Plan]


@dataclass
class PlanListFilters:
    kind: str = ""
    status: str = ""
    year: int | None = None

    @classmethod
    def from_query(cls, query: Any) -> PlanListFilters:
        kind = query.get("kind", "")
        status = query.get("status", "")
        raw_year = (query.get("year") or "").strip()
        year = int(raw_year) if raw_year.isdigit() and 1900 < int(raw_year) < 2200 else None
        return cls(
            kind=kind if kind in PlanKind.values else "",
            status=status if status in PlanState.values else "",
            year=year,
        )

    @property
    def active(self) -> bool:
        return bool(self.kind or self.status or self.year)


def plan_list(user: Any, filters: PlanListFilters) -> list[PlanGroup]:
    """The plans the user may read, grouped by owner unit (in organisation order), one query."""
    plans = visible_plans(user).select_related("owner").annotate(goal_count=Count("goals"))
    if filters.kind:
        plans = plans.filter(kind=filters.kind)
    if filters.status:
        plans = plans.filter(status=filters.status)
    if filters.year is not None:
        plans = plans.filter(period_from__lte=filters.year).exclude(period_to__lt=filters.year)
        plans = plans.exclude(period_to__isnull=True, period_from__lt=filters.year)
    groups: dict[int, PlanGroup] = {}
    for plan in plans.order_by("owner__path", "-period_from", "title"):
        group = groups.get(plan.owner_id)
        if group is None:
            group = groups[plan.owner_id] = PlanGroup(plan.owner, [])
        group.plans.append(plan)
    return list(groups.values())


def plan_years(plan: Plan) -> str:
    if plan.period_from and plan.period_to and plan.period_to != plan.period_from:
        return f"{plan.period_from}–{plan.period_to}"
    return str(plan.period_from or plan.period_to or "")


# --- provenance: the imported source document ------------------------------------------


@dataclass(frozen=True)
class SourceDocument:
    """The import that stored a plan, when it kept the file and its text."""

    session_id: int
    file_name: str
    stored_at: dt.datetime | None

    @property
    def is_pdf(self) -> bool:
        return self.file_name.lower().endswith(".pdf")


def source_document(plan: Plan) -> SourceDocument | None:
    """The latest stored import of the plan (one query, without the file's bytes)."""
    row = (
        ImportSession.objects.filter(plan=plan, stored_at__isnull=False)
        .order_by("-stored_at", "-pk")
        .values_list("pk", "file_name", "stored_at")
        .first()
    )
    return SourceDocument(*row) if row else None


def source_anchor(item: Any, document: SourceDocument) -> str:
    """The anchor of an item's line or page in the source text (as the importer marks it:
    ``rad-N`` for text and Word lines, ``sida-N`` for PDF pages); "" when it has neither."""
    line, page = getattr(item, "source_line", None), getattr(item, "source_page", None)
    if line and not document.is_pdf:
        return f"rad-{line}"
    if page:
        return f"sida-{page}"
    if line:
        return f"rad-{line}"
    return ""


# --- periods -----------------------------------------------------------------------------


@dataclass
class PeriodChoice:
    """The follow-up period a page shows, and the periods the user may switch to."""

    code: str
    label: str
    periods: list[FollowUpPeriod]
    period: FollowUpPeriod | None


def choose_period(plan: Plan, requested: str | None, today: dt.date) -> PeriodChoice:
    """The requested period if the plan has it; else the latest period that has ended by
    ``today``; else the plan's first period; else the plan's last year (as a whole year)."""
    periods = list(FollowUpPeriod.objects.filter(plan=plan).order_by("end", "code"))
    chosen = next((p for p in periods if p.code == requested), None)
    if chosen is None:
        ended = [p for p in periods if p.end <= today]
        chosen = ended[-1] if ended else (periods[0] if periods else None)
    if chosen is not None:
        return PeriodChoice(chosen.code, chosen.label, periods, chosen)
    year = plan.period_to or plan.period_from or today.year
    if plan.period_from and plan.period_to and plan.period_from <= today.year < plan.period_to:
        year = today.year
    return PeriodChoice(str(year), _("Helår %(year)d") % {"year": year}, periods, None)


# --- formatting --------------------------------------------------------------------------


def target_label(target: TargetRule | Target, unit: str) -> str:
    """A target as the page shows it: "≥ 70 %", "> föregående år" or the document's words."""
    op = _OP_SYMBOLS.get(target.op or "", "")
    if target.relative_to == RelativeTo.PREVIOUS_YEAR:
        return f"{op} {_('föregående år')}".strip()
    if target.relative_to == RelativeTo.BASELINE:
        return f"{op} {_('nuläget')}".strip()
    if target.value is not None:
        return f"{op} {format_value(target.value, unit)}".strip()
    return target.text or "–"


def value_label(value: float | None, unit: str) -> str:
    return "–" if value is None else format_value(value, unit)


def choice_labels(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """A choice field's labels in the active language, translated once for a whole page
    (``get_FOO_display`` translates every label of the field on each call)."""
    return {value: str(label) for value, label in choices}


def period_sort_key(code: str) -> tuple[int, int, int]:
    point = parse_period(code)
    return (point.year, point.end_month, -point.span_months)


# --- the plan page -----------------------------------------------------------------------


@dataclass
class IndicatorRow:
    indicator: Indicator
    status: str
    explanation: str
    value: str
    value_period: str
    target: str
    direction: str

    @property
    def status_label(self) -> str:
        return status_label(self.status)


@dataclass
class ActivityRow:
    activity: Activity
    units: list[OrgUnit]
    # the activity's own status, as get_status_display gives it: for a closed period the
    # status recorded when it was closed (FollowUpPeriod.activity_statuses), which is what
    # the period's goal statuses were computed from
    status_label: str = ""
    assessed_status: str | None = None

    @property
    def assessed_label(self) -> str:
        return status_label(self.assessed_status) if self.assessed_status else ""

    @property
    def responsible(self) -> str:
        roles = [str(r) for r in (self.activity.responsible or []) if r]
        return ", ".join(roles) if roles else ", ".join(u.name for u in self.units)


@dataclass
class GoalRow:
    goal: Goal
    level_label: str
    url: str  # the goal's page, for the period the tree shows
    status: str
    explanation: str
    assessments: list[Any]
    indicators: list[IndicatorRow] = field(default_factory=list)
    activities: list[ActivityRow] = field(default_factory=list)
    children: list[GoalRow] = field(default_factory=list)
    matches: bool = True
    shown: bool = True

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def unit_paths(self) -> list[str]:
        paths = [self.goal.responsible_unit.path] if self.goal.responsible_unit else []
        for row in self.indicators:
            unit = row.indicator.responsible_unit
            if unit is not None:
                paths.append(unit.path)
        for activity in self.activities:
            paths.extend(u.path for u in activity.units)
        return paths


@dataclass
class GoalFilters:
    level: str = ""
    status: str = ""
    unit: int | None = None

    @classmethod
    def from_query(cls, query: Any) -> GoalFilters:
        level = query.get("level", "")
        status = query.get("status", "")
        raw_unit = (query.get("unit") or "").strip()
        return cls(
            level=level if level in GoalLevel.values else "",
            status=status if status in STATUSES else "",
            unit=int(raw_unit) if raw_unit.isdigit() else None,
        )

    @property
    def active(self) -> bool:
        return bool(self.level or self.status or self.unit)


@dataclass
class PlanPage:
    plan: Plan
    period: PeriodChoice
    status: PlanStatus
    roots: list[GoalRow]
    rows: list[GoalRow]
    loose_indicators: list[IndicatorRow]
    loose_activities: list[ActivityRow]
    levels: list[tuple[str, Any]]
    units: list[OrgUnit]
    filters: GoalFilters

    @property
    def shown_count(self) -> int:
        return sum(1 for r in self.rows if r.shown and r.matches)

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        counts: dict[str, int] = defaultdict(int)
        for row in self.rows:
            counts[row.status] += 1
        return [(s, status_label(s), counts[s]) for s in STATUSES]


def _latest_values(indicator_ids: Iterable[int], period_code: str) -> dict[int, tuple[float, str]]:
    """The newest total value of each indicator up to the period's end.

    One query over the period's year and the year before (where nearly every value a page
    shows lies); a second, only for indicators without a value there, finds each one's
    latest earlier year in the database rather than reading its whole history.
    """
    point = parse_period(period_code)
    ids = list(indicator_ids)
    best: dict[int, tuple[tuple[int, int, int], float, str]] = {}

    def take(rows: Iterable[tuple[int, str, float | None]]) -> None:
        for iid, period, value in rows:
            if value is None:
                continue
            try:
                key = period_sort_key(period)
            except ValueError:
                continue
            if key[0] == point.year and key[1] > point.end_month:
                continue
            current = best.get(iid)
            if current is None or key > current[0]:
                best[iid] = (key, value, period)

    values = Measurement.objects.filter(gender="T", value__isnull=False)
    # By period code, so the (indicator, period, gender) index answers, not the year index.
    codes = codes_up_to(period_code) + codes_up_to(str(point.year - 1))
    take(
        values.filter(indicator_id__in=ids, period__in=codes).values_list(
            "indicator_id", "period", "value"
        )
    )
    missing = [iid for iid in ids if iid not in best]
    if missing:
        latest_year = (
            values.filter(indicator_id=OuterRef("indicator_id"), year__lt=point.year - 1)
            .order_by("-year")
            .values("year")[:1]
        )
        take(
            values.filter(indicator_id__in=missing, year=Subquery(latest_year)).values_list(
                "indicator_id", "period", "value"
            )
        )
    return {iid: (value, period) for iid, (_k, value, period) in best.items()}


def _target_rules(indicator: Indicator) -> list[TargetRule]:
    return [
        TargetRule(t.year, t.op, t.value, t.relative_to, t.gender, t.text)
        for t in indicator.targets.all()
    ]


def _plan_target_rules(plan: Plan) -> dict[int, list[TargetRule]]:
    """Every target of the plan's indicators as rules, by indicator in (position, pk) order,
    read as plain rows (one query)."""
    rules: dict[int, list[TargetRule]] = defaultdict(list)
    for iid, year, op, value, relative_to, gender, text in (
        Target.objects.filter(indicator__plan=plan)
        .order_by("position", "pk")
        .values_list("indicator_id", "year", "op", "value", "relative_to", "gender", "text")
    ):
        rules[iid].append(TargetRule(year, op, value, relative_to, gender, text))
    return rules


def _indicator_rows(
    indicators: Sequence[Indicator],
    statuses: dict[int, IndicatorStatus],
    period_code: str,
    target_rules: Mapping[int, list[TargetRule]],
) -> dict[int, IndicatorRow]:
    year = parse_period(period_code).year
    latest = _latest_values((i.pk for i in indicators), period_code)
    directions = choice_labels(Direction.choices)
    rows: dict[int, IndicatorRow] = {}
    for indicator in indicators:
        computed = statuses.get(indicator.pk)
        value, value_period = latest.get(indicator.pk, (None, ""))
        if value is None and computed is not None:
            actual = next((o for o in computed.result.outcomes if o.actual is not None), None)
            if actual is not None:
                value, value_period = actual.actual, actual.actual_period or ""
        targets = select_targets(target_rules.get(indicator.pk, []), year, "T")
        rows[indicator.pk] = IndicatorRow(
            indicator=indicator,
            status=computed.status if computed else NOT_ASSESSED,
            explanation=computed.result.explanation if computed else "",
            value=value_label(value, indicator.unit),
            value_period=value_period,
            target="; ".join(target_label(t, indicator.unit) for t in targets) or "–",
            direction=directions.get(indicator.direction, ""),
        )
    return rows


def _activity_rows(
    activities: Iterable[Activity], period: FollowUpPeriod | None
) -> dict[int, ActivityRow]:
    labels = choice_labels(ActivityStatus.choices)
    frozen = (period.activity_statuses or {}) if period is not None and period.is_closed else {}
    rows = {}
    for a in activities:
        status = frozen.get(str(a.pk), a.status)
        rows[a.pk] = ActivityRow(
            a, list(a.responsible_units.all()), status_label=labels.get(status, status)
        )
    if period is not None and rows:
        best: dict[int, tuple[int, str]] = {}
        rank = {"approved": 2, "submitted": 1, "draft": 0}
        for aid, status, state, pk in Assessment.objects.filter(
            period=period, activity_id__in=list(rows)
        ).values_list("activity_id", "status", "state", "pk"):
            if status not in ASSESSABLE:
                continue
            score = rank.get(state, 0) * 10**9 + pk
            if aid not in best or score > best[aid][0]:
                best[aid] = (score, status)
        for aid, (_score, status) in best.items():
            rows[aid].assessed_status = status
    return rows


def _activities_query() -> QuerySet[Activity]:
    """Activities with what their rows show (only those fields: a plan has hundreds)."""
    units = OrgUnit.objects.order_by("name").only("pk", "name", "path")
    return (
        Activity.objects.only(
            "pk", "plan_id", "title", "responsible", "follow_up", "status", "position"
        )
        .prefetch_related(Prefetch("responsible_units", queryset=units))
        .order_by("position", "pk")
    )


def plan_page(plan: Plan, filters: GoalFilters, period: PeriodChoice) -> PlanPage:
    """The plan's goals and their fulfilment for a period, the same for every reader, in a
    number of queries that does not grow with the plan."""
    status = compute_plan_status(plan, period.code)
    goal_statuses: dict[int, GoalStatus] = {g.id: g for g in status.goals}
    indicator_statuses = {i.id: i for i in status.indicators}

    # Only the fields the tree shows and filters on: model instances of every field of
    # hundreds of goals and indicators cost more than the rest of the page's data.
    unit_fields = ("responsible_unit__name", "responsible_unit__path")
    goals = {
        g.pk: g
        for g in Goal.objects.filter(plan=plan)
        .select_related("responsible_unit")
        .only("pk", "plan_id", "parent_id", "code", "title", "level", *unit_fields)
    }
    indicators = list(
        Indicator.objects.filter(plan=plan)
        .select_related("responsible_unit")
        .only("pk", "plan_id", "goal_id", "name", "unit", "direction", *unit_fields)
        .order_by("position", "pk")
    )
    indicator_rows = _indicator_rows(
        indicators, indicator_statuses, period.code, _plan_target_rules(plan)
    )
    links = list(
        Activity.goals.through.objects.filter(goal__plan=plan).values_list("activity_id", "goal_id")
    )
    # The activities of the plan's goals, wherever they belong, and the plan's own that
    # serve no goal at all, in one query.
    activity_ids = {aid for aid, _gid in links}
    without_goal = ~Exists(Activity.goals.through.objects.filter(activity_id=OuterRef("pk")))
    activities = list(
        _activities_query().filter(Q(pk__in=activity_ids) | Q(plan=plan) & without_goal)
    )
    activity_rows = _activity_rows(activities, period.period)

    level_labels = choice_labels(GoalLevel.choices)
    period_query = f"?period={quote(period.code)}" if period.period else ""
    rows: dict[int, GoalRow] = {}
    for gid in [g.id for g in status.goals]:
        computed = goal_statuses[gid]
        goal = goals[gid]
        rows[gid] = GoalRow(
            goal=goal,
            level_label=level_labels.get(goal.level, goal.level),
            url=reverse("plans:goal-detail", args=[gid]) + period_query,
            status=computed.status,
            explanation=computed.result.explanation,
            assessments=computed.assessments,
        )
    for indicator in indicators:
        if indicator.goal_id in rows:
            rows[indicator.goal_id].indicators.append(indicator_rows[indicator.pk])
    for aid, gid in links:
        if gid in rows and aid in activity_rows:
            rows[gid].activities.append(activity_rows[aid])
    for row in rows.values():
        row.activities.sort(key=lambda a: (a.activity.position, a.activity.pk))
    roots: list[GoalRow] = []
    ordered = [rows[g.id] for g in status.goals]
    for row in ordered:
        parent = rows.get(row.goal.parent_id) if row.goal.parent_id else None
        (parent.children if parent is not None else roots).append(row)

    units = _units_of(ordered, indicator_rows.values(), activity_rows.values())
    _apply_filters(roots, filters, {u.pk: u for u in units})
    levels = [
        (value, label)
        for value, label in GoalLevel.choices
        if any(r.goal.level == value for r in ordered)
    ]
    return PlanPage(
        plan=plan,
        period=period,
        status=status,
        roots=roots,
        rows=ordered,
        loose_indicators=[indicator_rows[i.pk] for i in indicators if i.goal_id is None],
        loose_activities=[r for aid, r in activity_rows.items() if aid not in activity_ids],
        levels=levels,
        units=units,
        filters=filters,
    )


@dataclass
class PlanRelations:
    """The plans above and below a plan, as far as the user may read them."""

    children: list[Plan]
    parent_visible: bool


def plan_relations(user: Any, plan: Plan) -> PlanRelations:
    readable = visible_plans(user)
    return PlanRelations(
        children=list(readable.filter(parent_plan=plan).select_related("owner").order_by("title")),
        parent_visible=plan.parent_plan_id is not None
        and readable.filter(pk=plan.parent_plan_id).exists(),
    )


def _units_of(
    goals: Iterable[GoalRow], indicators: Iterable[IndicatorRow], activities: Iterable[ActivityRow]
) -> list[OrgUnit]:
    found: dict[int, OrgUnit] = {}
    for goal in goals:
        if goal.goal.responsible_unit is not None:
            found[goal.goal.responsible_unit.pk] = goal.goal.responsible_unit
    for indicator in indicators:
        if indicator.indicator.responsible_unit is not None:
            found[indicator.indicator.responsible_unit.pk] = indicator.indicator.responsible_unit
    for activity in activities:
        for unit in activity.units:
            found[unit.pk] = unit
    return sorted(found.values(), key=lambda u: u.path)


def _apply_filters(roots: list[GoalRow], filters: GoalFilters, units: dict[int, OrgUnit]) -> None:
    """Mark each goal as matching the filters or not; a goal that does not match stays shown
    (as context) when a goal under it matches, so the tree keeps its shape."""
    unit = units.get(filters.unit) if filters.unit is not None else None

    def matches(row: GoalRow) -> bool:
        if filters.level and row.goal.level != filters.level:
            return False
        if filters.status and row.status != filters.status:
            return False
        if filters.unit is not None:
            return unit is not None and any(p.startswith(unit.path) for p in row.unit_paths)
        return True

    def visit(row: GoalRow) -> bool:
        row.matches = matches(row)
        below = [visit(child) for child in row.children]
        row.shown = row.matches or any(below)
        return row.shown

    for root in roots:
        visit(root)


# --- the transformationskarta -------------------------------------------------------------


@dataclass
class MapCell:
    year: int
    targets: list[tuple[str, str]]  # (indicator name, target label)
    status: str | None  # None: the year has not been followed up yet

    @property
    def status_label(self) -> str:
        return status_label(self.status) if self.status else ""


@dataclass
class MapRow:
    goal: Goal
    depth: int
    cells: list[MapCell]


@dataclass
class TransformationMap:
    plan: Plan
    years: list[int]
    rows: list[MapRow]
    truncated: bool
    followed_up: dict[int, str] = field(default_factory=dict)

    @property
    def columns(self) -> list[tuple[int, str]]:
        return [(year, self.followed_up.get(year, "")) for year in self.years]


def transformation_map(plan: Plan, today: dt.date) -> TransformationMap:
    """Goals × years: each goal's target values per year, and its status by year as of the
    year's latest ended follow-up. Queries grow with the number of years, never with goals."""
    target_rows = list(
        Target.objects.filter(indicator__plan=plan)
        .order_by("indicator__position", "indicator_id", "position", "pk")
        .values_list(
            "indicator__goal_id",
            "indicator__name",
            "indicator__unit",
            "year",
            "op",
            "value",
            "relative_to",
            "text",
            "gender",
        )
    )
    years: set[int] = set()
    if plan.period_from:
        years.update(range(plan.period_from, (plan.period_to or plan.period_from) + 1))
    years.update(row[3] for row in target_rows if row[3])
    ordered_years = sorted(years)
    truncated = len(ordered_years) > MAX_MAP_YEARS
    if truncated:
        ordered_years = ordered_years[-MAX_MAP_YEARS:]
    goals = {g.pk: g for g in Goal.objects.filter(plan=plan)}
    periods = list(FollowUpPeriod.objects.filter(plan=plan).order_by("end", "code"))
    by_year: dict[int, dict[int, str]] = {}
    followed_up: dict[int, str] = {}
    order: list[GoalStatus] = []
    for year in ordered_years:
        code, label = _year_follow_up(year, periods, today)
        if code is None:
            continue
        status = compute_status_for_plans([plan.pk], code)[plan.pk]
        by_year[year] = {g.id: g.status for g in status.goals}
        followed_up[year] = label
        order = status.goals
    if not order:  # nothing followed up yet: the tree order still comes from the status service
        first = ordered_years[0] if ordered_years else today.year
        order = compute_plan_status(plan, str(first)).goals
    targets: dict[tuple[int, int], list[tuple[str, str]]] = defaultdict(list)
    for gid, name, unit, target_year, op, value, relative_to, text, gender in target_rows:
        if gid is None or target_year is None:
            continue
        rule = TargetRule(target_year, op, value, relative_to, gender, text)
        label = target_label(rule, unit)
        if gender in ("K", "M"):
            label = f"{label} ({gender})"
        targets[(gid, target_year)].append((name, label))
    rows = [
        MapRow(
            goal=goals[g.id],
            depth=g.depth,
            cells=[
                MapCell(year, targets.get((g.id, year), []), by_year.get(year, {}).get(g.id))
                for year in ordered_years
            ],
        )
        for g in order
    ]
    return TransformationMap(plan, ordered_years, rows, truncated, followed_up)


def _year_follow_up(
    year: int, periods: Sequence[FollowUpPeriod], today: dt.date
) -> tuple[str | None, str]:
    """The follow-up that gives a year its status: the year's latest period that has ended,
    else the whole year once it is over; (None, "") while nothing of the year has ended."""
    ended = [p for p in periods if p.end.year == year and p.end <= today]
    if ended:
        return ended[-1].code, ended[-1].label
    if year < today.year:
        return str(year), _("Helår %(year)d") % {"year": year}
    return None, ""


# --- the goal page -----------------------------------------------------------------------


@dataclass
class SeriesPoint:
    period: str
    value: float | None
    label: str


@dataclass
class IndicatorPanel:
    indicator: Indicator
    row: IndicatorRow
    values: list[SeriesPoint]
    gender_values: dict[str, list[SeriesPoint]]
    targets: list[tuple[int | None, str, float | None]]  # (year, label, numeric value)
    baseline: str
    peers: list[SeriesPoint]
    peer_label: str
    chart: str = ""
    source_anchor: str = ""

    @property
    def years(self) -> list[int]:
        found = {parse_period(p.period).year for p in self.values}
        found.update(y for y, _l, _v in self.targets if y)
        return sorted(found)

    @cached_property
    def table(self) -> list[dict[str, Any]]:
        """One row per period: value, target for its year, and peers (the chart's data);
        worked out once, as the template asks for it twice."""
        target_by_year = {y: label for y, label, _v in self.targets if y}
        peers = {p.period: p.label for p in self.peers}
        periods = {p.period for p in self.values} | set(peers)
        covered = {parse_period(code).year for code in periods}
        periods |= {str(year) for year in target_by_year if year not in covered}
        values = {p.period: p.label for p in self.values}
        rows = []
        for code in sorted(periods, key=period_sort_key):
            year = parse_period(code).year
            rows.append(
                {
                    "period": code,
                    "value": values.get(code, "–"),
                    "target": target_by_year.get(year, ""),
                    "peer": peers.get(code, ""),
                }
            )
        return rows


@dataclass
class GoalFulfilment:
    """The costly part of the goal page, the same for every reader: the goal's computed
    status and each indicator with its values, target and chart."""

    status: GoalStatus | None
    indicators: list[IndicatorPanel]
    activities: list[ActivityRow]
    assessments: list[Assessment]
    source: SourceDocument | None = None

    @property
    def status_code(self) -> str:
        return self.status.status if self.status else NOT_ASSESSED

    @property
    def explanation(self) -> str:
        return self.status.result.explanation if self.status else ""


@dataclass
class GoalLink:
    """A goal as a link: its id and its name as ``str(goal)`` gives it."""

    pk: int
    label: str

    def __str__(self) -> str:
        return self.label


@dataclass
class GoalLinks:
    """What the goal page links to that is the same for every reader, kept in the shared
    page cache with the fulfilment: the sub-goals (in the goal's own plan), whether any goal
    is linked by contribution (those links depend on the reader's plans) and the source."""

    children: list[GoalLink]
    contributes: bool
    contributed: bool
    source: SourceDocument | None


def goal_links(goal: Goal, source: SourceDocument | None) -> GoalLinks:
    """``source`` is the plan's ``source_document``, which ``goal_fulfilment`` has read."""
    children = goal.children.only("pk", "code", "title").order_by("position", "pk")
    return GoalLinks(
        children=[GoalLink(child.pk, str(child)) for child in children],
        contributes=goal.contributes_to.exists(),
        contributed=goal.contributions.exists(),
        source=source,
    )


@dataclass
class GoalPage:
    """What the goal page shows besides its fulfilment, partly depending on the reader."""

    goal: Goal
    period: PeriodChoice
    children: list[GoalLink]
    contributes_to: list[Goal]
    contributions: list[Goal]
    source: SourceDocument | None = None
    # The unit the user may report this goal for in the chosen (open) period, if any.
    report_unit: OrgUnit | None = None

    @property
    def source_anchor(self) -> str:
        return source_anchor(self.goal, self.source) if self.source else ""


def _series(points: Iterable[tuple[str, float | None]], unit: str) -> list[SeriesPoint]:
    ordered = []
    for period, value in points:
        try:
            period_sort_key(period)
        except ValueError:
            continue
        ordered.append(SeriesPoint(period, value, value_label(value, unit)))
    return sorted(ordered, key=lambda p: period_sort_key(p.period))


def _peer_series(indicators: Sequence[Indicator]) -> dict[str, tuple[list[tuple[str, float]], int]]:
    """Kolada values that other municipalities in Styr hold for the same KPI, averaged per
    period: the comparison we know without asking Kolada (one query)."""
    kpis = {i.kolada_kpi for i in indicators if i.kolada_kpi}
    if not kpis:
        return {}
    own = {i.plan.owner.municipality_id for i in indicators}
    sums: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    for kpi, period, value, municipality in (
        Measurement.objects.filter(
            indicator__kolada_kpi__in=kpis,
            origin=MeasurementOrigin.KOLADA,
            gender="T",
            value__isnull=False,
        )
        .exclude(indicator__plan__owner__municipality_id__in=own)
        .values_list(
            "indicator__kolada_kpi", "period", "value", "indicator__plan__owner__municipality_id"
        )
    ):
        if value is not None:
            sums[(kpi, period)][municipality] = value
    result: dict[str, tuple[list[tuple[str, float]], int]] = {}
    for (kpi, period), by_municipality in sums.items():
        points, count = result.get(kpi, ([], 0))
        points.append((period, sum(by_municipality.values()) / len(by_municipality)))
        result[kpi] = (points, max(count, len(by_municipality)))
    return result


class MeasuredValue(NamedTuple):
    """One stored value of an indicator, as the goal page's table and chart read it."""

    period: str
    gender: str
    value: float | None


def _value_history(indicator_ids: Sequence[int]) -> dict[int, list[MeasuredValue]]:
    """Every value of the indicators, in the measurements' own order, as plain rows (one
    query; ten years of monthly values by gender are hundreds of rows per indicator)."""
    history: dict[int, list[MeasuredValue]] = defaultdict(list)
    for iid, period, gender, value in (
        Measurement.objects.filter(indicator_id__in=indicator_ids, value__isnull=False)
        .order_by("indicator", "position", "period", "gender")  # the model's ordering
        .values_list("indicator_id", "period", "gender", "value")
    ):
        history[iid].append(MeasuredValue(period, gender, value))
    return history


def goal_fulfilment(goal: Goal, period: PeriodChoice) -> GoalFulfilment:
    plan = goal.plan
    status = compute_plan_status(plan, period.code)
    goal_status = next((g for g in status.goals if g.id == goal.pk), None)
    indicator_statuses = {i.id: i for i in status.indicators}
    indicators = list(
        Indicator.objects.filter(goal=goal)
        .select_related("responsible_unit", "plan__owner")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year", "position", "pk"))
        )
        .order_by("position", "pk")
    )
    history = _value_history([i.pk for i in indicators])
    rules = {indicator.pk: _target_rules(indicator) for indicator in indicators}
    rows = _indicator_rows(indicators, indicator_statuses, period.code, rules)
    peers = _peer_series(indicators)
    panels = []
    for indicator in indicators:
        measurements = history.get(indicator.pk, [])
        by_gender: dict[str, list[tuple[str, float | None]]] = defaultdict(list)
        for m in measurements:
            by_gender[m.gender].append((m.period, m.value))
        peer_points, peer_count = peers.get(indicator.kolada_kpi, ([], 0))
        peer_label = _("Medel för %(n)d andra kommuner (Kolada)") % {"n": peer_count}
        targets = []
        for t in indicator.targets.all():
            if t.gender in ("K", "M"):
                continue
            numeric = t.value if t.relative_to in ("", RelativeTo.ABSOLUTE) else None
            targets.append((t.year, target_label(t, indicator.unit), numeric))
        baseline = ""
        if indicator.baseline_value is not None:
            baseline = value_label(indicator.baseline_value, indicator.unit)
            if indicator.baseline_year:
                baseline += f" ({indicator.baseline_year})"
        elif indicator.baseline_text:
            baseline = indicator.baseline_text
        chart = ""
        if measurements or targets:
            chart = line_chart_svg(
                indicator_line_chart(
                    indicator,
                    measurements,
                    indicator.targets.all(),
                    peers=[(peer_label, dict(peer_points))] if peer_points else [],
                    show_title=False,
                )
            )
        panels.append(
            IndicatorPanel(
                indicator=indicator,
                row=rows[indicator.pk],
                values=_series(by_gender.get("T", []), indicator.unit),
                gender_values={
                    g: _series(by_gender[g], indicator.unit) for g in ("K", "M") if by_gender.get(g)
                },
                targets=targets,
                baseline=baseline,
                peers=_series(peer_points, indicator.unit),
                peer_label=peer_label if peer_points else "",
                chart=chart,
            )
        )
    activities = list(_activities_query().filter(goals=goal))
    document = source_document(plan)
    if document is not None:
        for panel in panels:
            panel.source_anchor = source_anchor(panel.indicator, document)
    return GoalFulfilment(
        status=goal_status,
        indicators=panels,
        activities=list(_activity_rows(activities, period.period).values()),
        assessments=list(
            Assessment.objects.filter(goal=goal)
            .select_related("period", "unit", "author", "approved_by")
            .order_by("-period__end", "unit__name", "-pk")
        ),
        source=document,
    )


def goal_page(user: Any, goal: Goal, period: PeriodChoice, links: GoalLinks) -> GoalPage:
    """The reader's part of the goal page; ``links`` (``goal_links``) is shared by all, so
    the goals linked by contribution are only read, among the reader's plans, when the goal
    has any."""
    readable = visible_plans(user)
    contributes_to: list[Goal] = []
    contributions: list[Goal] = []
    if links.contributes:
        contributes_to = list(
            goal.contributes_to.filter(plan__in=readable)
            .select_related("plan")
            .order_by("plan__title", "position")
        )
    if links.contributed:
        contributions = list(
            goal.contributions.filter(plan__in=readable)
            .select_related("plan")
            .order_by("plan__title", "position")
        )
    return GoalPage(
        goal=goal,
        period=period,
        children=links.children,
        contributes_to=contributes_to,
        contributions=contributions,
        source=links.source,
        report_unit=_report_unit(user, goal, period),
    )


def _report_unit(user: Any, goal: Goal, period: PeriodChoice) -> OrgUnit | None:
    """The goal's responsible unit (else the plan's owner) when the user may report for the
    goal and the chosen period is open."""
    if period.period is None or period.period.is_closed:
        return None
    if not can(user, Action.REPORT, goal):
        return None
    return goal.responsible_unit or goal.plan.owner
