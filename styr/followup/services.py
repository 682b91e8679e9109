"""Follow-up services: statuses of plans, period schemes, closed periods and what is due.

The database side loads everything a status needs in a fixed number of bulk queries
(``values_list``, never one query per indicator or goal) and hands plain tuples to the
pure rules in ``styr.followup.rules``. The web, the documents and ``styr followup status``
all call ``compute_plan_status`` / ``compute_status_for_plans``.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import heapq
import itertools
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter, or_
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import EmptyResultSet, PermissionDenied, ValidationError
from django.db import connections, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from styr.accounts.access import Action, can, reportable_units
from styr.followup.config import PeriodScheme, StatusSettings, parse_definition
from styr.followup.models import (
    Assessment,
    AssessmentState,
    FollowUpPeriod,
    FollowUpSettings,
    Measurement,
    MeasurementOrigin,
    PeriodKind,
)
from styr.followup.rules import (
    ACTIVITY_STATUS_TO_STATUS,
    ASSESSABLE,
    NOT_ASSESSED,
    GoalInput,
    GoalResult,
    IndicatorFacts,
    IndicatorResult,
    TargetRule,
    batch_translations,
    codes_up_to,
    evaluate_goal,
    evaluate_indicator,
    group_by_indicator,
    parse_period,
    rule_label,
    status_label,
)
from styr.organisation.models import OrgUnit
from styr.plans.models import Activity, Goal, Indicator, Plan, Target

User = AbstractBaseUser | AnonymousUser
_R = TypeVar("_R")

# --- settings ----------------------------------------------------------------------------


def settings_for_municipality(municipality_id: int) -> StatusSettings:
    """The municipality's saved settings, or the defaults when it has none."""
    definition = (
        FollowUpSettings.objects.filter(municipality_id=municipality_id)
        .values_list("definition", flat=True)
        .first()
    )
    return parse_definition(definition)


def save_settings(municipality_id: int, definition: Mapping[str, Any]) -> FollowUpSettings:
    """Validate and store a municipality's definition (ValidationError names bad keys)."""
    parse_definition(definition)
    obj, _created = FollowUpSettings.objects.update_or_create(
        municipality_id=municipality_id, defaults={"definition": dict(definition)}
    )
    return obj


def _settings_by_municipality(municipality_ids: Iterable[int]) -> dict[int, StatusSettings]:
    ids = set(municipality_ids)
    found = {
        mid: parse_definition(definition)
        for mid, definition in FollowUpSettings.objects.filter(municipality_id__in=ids).values_list(
            "municipality_id", "definition"
        )
    }
    default = StatusSettings()
    return {mid: found.get(mid, default) for mid in ids}


# --- period schemes ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PeriodSpec:
    code: str
    kind: str
    label: str
    start: dt.date
    end: dt.date
    due_date: dt.date


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


_MONTHS = (
    *("januari", "februari", "mars", "april", "maj", "juni"),
    *("juli", "augusti", "september", "oktober", "november", "december"),
)


def scheme_periods(year: int, scheme: PeriodScheme) -> list[PeriodSpec]:
    """The follow-up periods of one year under a scheme, in the order they end.

    Tertial 3 and halvår 2 coincide with helår; they are left out when the scheme has
    helår. Delår takes the code of the period it coincides with (T2 or H1).
    """
    kinds = {entry.kind for entry in scheme.entries}
    specs: dict[str, PeriodSpec] = {}

    def add(code: str, kind: str, label: str, end_month: int, due_days: int) -> None:
        start = dt.date(year, 1, 1) if kind in ("interim", "full_year") else None
        point = parse_period(code)
        if start is None:
            start = dt.date(year, point.end_month - point.span_months + 1, 1)
        end = _month_end(year, end_month)
        specs[code] = PeriodSpec(code, kind, label, start, end, end + dt.timedelta(days=due_days))

    for entry in scheme.entries:
        if entry.kind == "month":
            for month in range(1, 13):
                add(
                    f"{year}-{month:02d}",
                    "month",
                    f"{_MONTHS[month - 1]} {year}",
                    month,
                    entry.due_days,
                )
        elif entry.kind == "tertial":
            for n in (1, 2, 3):
                if n == 3 and "full_year" in kinds:
                    continue
                add(
                    f"{year}-T{n}",
                    "tertial",
                    _("Tertial %(n)d %(year)d") % {"n": n, "year": year},
                    4 * n,
                    entry.due_days,
                )
        elif entry.kind == "half_year":
            for n in (1, 2):
                if n == 2 and "full_year" in kinds:
                    continue
                add(
                    f"{year}-H{n}",
                    "half_year",
                    _("Halvår %(n)d %(year)d") % {"n": n, "year": year},
                    6 * n,
                    entry.due_days,
                )
        elif entry.kind == "full_year":
            add(str(year), "full_year", _("Helår %(year)d") % {"year": year}, 12, entry.due_days)
    for entry in scheme.entries:
        if entry.kind == "interim":
            end_month = 8 if entry.ends == "T2" else 6
            add(
                f"{year}-{entry.ends}",
                "interim",
                _("Delår %(year)d") % {"year": year},
                end_month,
                entry.due_days,
            )
    return sorted(specs.values(), key=lambda spec: (spec.end, spec.kind != "month"))


@transaction.atomic
def generate_periods(plan: Plan, settings: StatusSettings | None = None) -> list[FollowUpPeriod]:
    """Create the plan's follow-up periods for every year of the plan; existing ones stay."""
    if plan.period_from is None:
        raise ValidationError(_("Planen %(plan)s saknar period (år).") % {"plan": plan})
    if settings is None:
        settings = settings_for_municipality(plan.owner.municipality_id)
    existing = {p.code: p for p in FollowUpPeriod.objects.filter(plan=plan)}
    last = plan.period_to or plan.period_from
    for year in range(plan.period_from, last + 1):
        for spec in scheme_periods(year, settings.scheme):
            if spec.code in existing:
                continue
            existing[spec.code] = FollowUpPeriod.objects.create(
                plan=plan,
                kind=PeriodKind(spec.kind),
                code=spec.code,
                label=spec.label,
                start=spec.start,
                end=spec.end,
                due_date=spec.due_date,
            )
    return sorted(existing.values(), key=lambda p: p.end)


# --- rights and closed periods -----------------------------------------------------------


class ClosedPeriodError(PermissionDenied):
    """A change to a closed period by someone who may not make it, or without a reason."""


def _require_planner(user: User | None, plan: Plan, what: str) -> None:
    """Closed periods are the planners' (EDIT_PLAN over the plan's owner) to change."""
    if user is None or not can(user, Action.EDIT_PLAN, plan):
        raise ClosedPeriodError(
            _("Endast en planerare för %(unit)s får %(what)s.") % {"unit": plan.owner, "what": what}
        )


@transaction.atomic
def close_period(period: FollowUpPeriod, user: User | None, reason: str = "") -> FollowUpPeriod:
    """Close a follow-up period: from now on only a planner, giving a reason, changes it."""
    _require_planner(user, period.plan, _("stänga en uppföljningsperiod"))
    period.is_closed = True
    period._change_reason = reason or _("Perioden stängdes")  # type: ignore[attr-defined]
    period.save()
    return period


def closed_periods_fed_by(plan_id: int, period_code: str) -> list[FollowUpPeriod]:
    """The closed periods of the plan whose status a value for ``period_code`` can change:
    same year, ending at or after the value's period."""
    point = parse_period(period_code)
    return [
        period
        for period in FollowUpPeriod.objects.filter(
            plan_id=plan_id, is_closed=True, end__year=point.year
        )
        if _period_end_month(period) >= point.end_month
    ]


def _period_end_month(period: FollowUpPeriod) -> int:
    try:
        return parse_period(period.code).end_month
    except ValueError:
        return period.end.month


def _check_open_or_allowed(
    periods: Sequence[FollowUpPeriod], plan: Plan, user: User | None, reason: str
) -> None:
    if not periods:
        return
    names = ", ".join(p.label for p in periods)
    if not reason.strip():
        raise ClosedPeriodError(
            _("Perioden %(periods)s är stängd; en ändring kräver en planerare och ett skäl.")
            % {"periods": names}
        )
    _require_planner(user, plan, _("ändra i den stängda perioden %(p)s") % {"p": names})


@transaction.atomic
def save_measurement(
    indicator: Indicator,
    period: str,
    value: float | None,
    gender: str = "T",
    *,
    user: User | None = None,
    origin: str = MeasurementOrigin.MANUAL,
    reason: str = "",
) -> Measurement:
    """Store one outcome. A value that feeds a closed period needs a planner and a reason,
    and the reason is kept in the measurement's history."""
    parse_period(period)
    _check_open_or_allowed(
        closed_periods_fed_by(indicator.plan_id, period), indicator.plan, user, reason
    )
    measurement = Measurement.objects.filter(
        indicator=indicator, period=period, gender=gender
    ).first() or Measurement(indicator=indicator, period=period, gender=gender)
    measurement.value = value
    measurement.origin = origin
    if user is not None and user.is_authenticated:
        measurement.entered_by_id = user.pk
    if reason:
        measurement._change_reason = reason  # type: ignore[attr-defined]
    measurement.save()
    return measurement


class StaleAssessmentError(ValidationError):
    """Someone else saved the assessment after it was read (optimistic locking)."""


@transaction.atomic
def save_assessment(
    assessment: Assessment,
    *,
    user: User | None,
    expected_version: int | None = None,
    reason: str = "",
) -> Assessment:
    """Save an assessment; refuses a stale version and guards closed periods."""
    period = FollowUpPeriod.objects.select_related("plan__owner").get(pk=assessment.period_id)
    _check_open_or_allowed([period] if period.is_closed else [], period.plan, user, reason)
    if assessment.pk is not None:
        current = Assessment.objects.select_for_update().get(pk=assessment.pk).version
        if expected_version is not None and current != expected_version:
            raise StaleAssessmentError(
                _("Bedömningen har ändrats av någon annan (version %(v)d); läs om och försök igen.")
                % {"v": current}
            )
        assessment.version = current + 1
    if reason:
        assessment._change_reason = reason  # type: ignore[attr-defined]
    assessment.save()
    return assessment


@transaction.atomic
def change_closed_period(
    user: User | None,
    period: FollowUpPeriod,
    reason: str,
    instance: Measurement | Assessment,
    changes: Mapping[str, Any],
) -> Measurement | Assessment:
    """Change a measurement or assessment that belongs to a closed period.

    Only a planner over the plan's owner may, and only with a reason; the reason is the
    history record's change reason, so the audit trail says who, when and why.
    """
    if not reason.strip():
        raise ClosedPeriodError(_("Ett skäl krävs för att ändra i en stängd period."))
    _require_planner(user, period.plan, _("ändra i den stängda perioden %(p)s") % {"p": period})
    if not _belongs_to(instance, period):
        raise ValidationError(
            _("%(item)s hör inte till perioden %(p)s.") % {"item": instance, "p": period}
        )
    for name, value in changes.items():
        setattr(instance, name, value)
    if isinstance(instance, Assessment):
        instance.version += 1
    setattr(instance, "_change_reason", reason)  # noqa: B010 - read by simple-history
    instance.save()
    return instance


def _belongs_to(instance: Measurement | Assessment, period: FollowUpPeriod) -> bool:
    if isinstance(instance, Assessment):
        return instance.period_id == period.pk
    if instance.indicator.plan_id != period.plan_id:
        return False
    point = parse_period(instance.period)
    return point.year == period.end.year and point.end_month <= _period_end_month(period)


# --- status ------------------------------------------------------------------------------


@dataclass(slots=True)
class IndicatorStatus:
    id: int
    plan_id: int
    goal_id: int | None
    ref: str
    name: str
    unit: str
    result: IndicatorResult

    @property
    def status(self) -> str:
        return self.result.status

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "ref": self.ref,
            "goal": self.goal_id,
            "name": self.name,
            "unit": self.unit,
            "status": self.status,
            "status_label": status_label(self.status),
            "explanation": self.result.explanation,
            "inputs": [o.as_dict() for o in self.result.outcomes],
        }


@dataclass(slots=True)
class AssessmentView:
    """A unit's own assessment, shown beside the computed status, never merged into it."""

    id: int
    unit_id: int
    unit_name: str
    status: str
    analysis: str
    state: str
    mismatch: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "unit": self.unit_name,
            "status": self.status,
            "status_label": status_label(self.status),
            "analysis": self.analysis,
            "state": self.state,
            "mismatch": self.mismatch,
        }


@dataclass(slots=True)
class GoalStatus:
    id: int
    plan_id: int
    parent_id: int | None
    code: str
    title: str
    level: str
    depth: int
    result: GoalResult
    assessments: list[AssessmentView] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.result.status

    @property
    def mismatch(self) -> bool:
        return any(a.mismatch for a in self.assessments)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "parent": self.parent_id,
            "code": self.code,
            "title": self.title,
            "level": self.level,
            "status": self.status,
            "status_label": status_label(self.status),
            "rule": self.result.rule,
            "score": self.result.score,
            "explanation": self.result.explanation,
            "inputs": [i.as_dict() for i in self.result.inputs],
            "assessments": [a.as_dict() for a in self.assessments],
            "mismatch": self.mismatch,
        }


@dataclass(slots=True)
class PlanStatus:
    plan_id: int
    title: str
    period: str
    settings: StatusSettings
    period_label: str = ""
    period_closed: bool | None = None
    goals: list[GoalStatus] = field(default_factory=list)
    indicators: list[IndicatorStatus] = field(default_factory=list)

    @property
    def mismatches(self) -> list[GoalStatus]:
        return [g for g in self.goals if g.mismatch]

    def goal(self, goal_id: int) -> GoalStatus:
        return next(g for g in self.goals if g.id == goal_id)

    def indicator(self, indicator_id: int) -> IndicatorStatus:
        return next(i for i in self.indicators if i.id == indicator_id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan": {"id": self.plan_id, "title": self.title},
            "period": {
                "code": self.period,
                "label": self.period_label,
                "closed": self.period_closed,
            },
            "rules": {
                "goal_rule": self.settings.goal_rule,
                "goal_rule_label": rule_label(self.settings.goal_rule),
                "tolerance_percent": self.settings.tolerance_percent,
                "partly_when_improving": self.settings.partly_when_improving,
                "weights": dict(self.settings.weights),
                "weighted_met_at": self.settings.weighted_met_at,
                "weighted_partly_at": self.settings.weighted_partly_at,
            },
            "goals": [g.as_dict() for g in self.goals],
            "indicators": [i.as_dict() for i in self.indicators],
            "mismatches": [g.id for g in self.mismatches],
        }


def compute_plan_status(
    plan: Plan, period_code: str, settings: StatusSettings | None = None
) -> PlanStatus:
    """Every goal and indicator of one plan, with status, explanation and inputs."""
    return compute_status_for_plans([plan], period_code, settings)[plan.pk]


def compute_status_for_plans(
    plans: Iterable[Plan | int], period_code: str, settings: StatusSettings | None = None
) -> dict[int, PlanStatus]:
    """The bulk form: statuses of many plans for one period in a fixed number of queries.

    Goals in other plans that contribute to these plans' goals (``Goal.contributes_to``)
    are computed too, so that their status rolls up; only the asked-for plans are returned.
    ``settings`` overrides the municipalities' own settings (for what-if views and tests).
    """
    parse_period(period_code)
    wanted = [p if isinstance(p, int) else p.pk for p in plans]
    with _no_cyclic_gc():
        data = _StatusData.load(wanted, period_code, settings)
        return data.compute(wanted)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Cyclic garbage collection paused while a bulk run builds its hundreds of thousands of
    tuples (none of them in a cycle): the collector's repeated scans of them were a third
    of a Stockholm-size run's CPU. Collection resumes, as it was, when the block ends.

    Paused, the collector still counts what is allocated, and everything the run built
    sits in its youngest generation: the first allocation after resuming made it walk all
    of that, and again a generation up (0.1-0.2 s after an L run, charged to whoever
    allocated next). So the objects are first handed to the oldest generation unwalked
    (``gc.freeze`` then ``gc.unfreeze``: lists joined, the young count back at zero),
    where a full collection finds any cycle as before. Not when something else keeps
    objects frozen (a server that froze its start-up objects before forking), which
    unfreezing would undo.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


# Rows per chunk when a query's rows are streamed (_consume_streamed).
_STREAM_CHUNK = 5000


def _consume_streamed(queryset: QuerySet[Any], consume: Callable[[Iterable[Any]], _R]) -> _R:
    """``consume(rows)`` over a ``values_list`` query's rows, handed over as they arrive.

    On PostgreSQL with psycopg 3 and libpq 17 or later the server sends the rows while it
    still reads them (libpq's chunked rows mode, ``Cursor.stream``; no server-side cursor,
    so the plan is the ordinary one) and ``consume`` works through each chunk meanwhile: on
    two cores the grouping of an L municipality's 400,000 values runs beside the database's
    scan instead of after it. The rows come in binary, which spares the server writing and
    the driver reading 400,000 numbers as text (the same values: float8 and int8 either
    way); binary rows need a cursor that binds its parameters on the server, so the query
    gets one of its own on the same connection. Elsewhere, or when a column needs Django's
    conversion, the rows are fetched in one go. Either way the query goes through Django's
    ``cursor.execute`` and every execute wrapper, so query logs and counts see it as any
    other.
    """
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or not _chunked_rows_available():
        return consume(queryset)
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return consume(queryset)
    if compiler.has_extra_select or compiler.get_converters([c for c, *_ in compiler.select]):
        return consume(queryset)
    consumed: list[_R] = []

    def stream(execute: Any, sql: str, params: Any, many: bool, context: Any) -> None:
        # In place of the plain execute, which would wait for the last row.
        connection.validate_no_broken_transaction()
        with connection.wrap_database_errors:
            rows = context["cursor"].cursor.stream(sql, params, binary=True, size=_STREAM_CHUNK)
            consumed.append(consume(rows))

    import psycopg

    connection.ensure_connection()
    connection.validate_thread_sharing()
    # A plain psycopg cursor (server-side binding: binary rows), wrapped as Django wraps its
    # own, so that the execute wrappers and the query log see the query.
    raw = psycopg.Cursor(connection.connection)
    wrapped = (  # (django-stubs take the argument for Django's wrapper; it is the driver's)
        connection.make_debug_cursor(raw)  # type: ignore[arg-type]
        if connection.queries_logged
        else connection.make_cursor(raw)  # type: ignore[arg-type]
    )
    with wrapped as cursor, connection.execute_wrapper(stream):
        cursor.execute(sql, params)
    return consumed[0]


def _chunked_rows_available() -> bool:
    """psycopg 3 over libpq 17 or later (psycopg2 has no chunked rows)."""
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    if not is_psycopg3:
        return False
    import psycopg

    return bool(psycopg.pq.version() >= 170000)


_STATE_RANK: dict[str, int] = {
    AssessmentState.APPROVED: 2,
    AssessmentState.SUBMITTED: 1,
    AssessmentState.DRAFT: 0,
}


class _StatusData:
    """Everything the status of a set of plans needs, loaded in bulk as plain tuples."""

    def __init__(self, period: str) -> None:
        self.period = period
        self.plans: dict[int, tuple[str, int]] = {}
        self.settings: dict[int, StatusSettings] = {}
        self.goals: dict[int, tuple[int, int | None, str, str, str, int]] = {}
        self.children: dict[int, list[int]] = defaultdict(list)
        self.contributors: dict[int, list[int]] = defaultdict(list)
        self.indicators: list[tuple[Any, ...]] = []
        self.targets: dict[int, list[TargetRule]] = defaultdict(list)
        self.series: dict[int, dict[str, Any]] = {}  # indicator -> gender -> values by year
        self.activities: dict[int, tuple[str, str]] = {}
        self.activities_by_goal: dict[int, list[int]] = defaultdict(list)
        self.periods: dict[int, tuple[int, str, bool]] = {}
        # plan -> activity -> its own status when the plan's period was closed
        self.frozen_activity_statuses: dict[int, dict[int, str]] = {}
        self.goal_assessments: dict[int, list[AssessmentView]] = defaultdict(list)
        self.activity_assessments: dict[int, list[AssessmentView]] = defaultdict(list)

    @classmethod
    def load(
        cls, plan_ids: Sequence[int], period: str, settings: StatusSettings | None
    ) -> _StatusData:
        data = cls(period)
        closure = _contributing_closure(plan_ids)
        for pid, title, municipality_id in Plan.objects.filter(pk__in=closure).values_list(
            "pk", "title", "owner__municipality_id"
        ):
            data.plans[pid] = (title, municipality_id)
        if settings is None:
            by_municipality = _settings_by_municipality(m for _t, m in data.plans.values())
            data.settings = {pid: by_municipality[m] for pid, (_t, m) in data.plans.items()}
        else:
            data.settings = dict.fromkeys(data.plans, settings)
        data._load_goals(closure)
        data._load_indicators(closure)
        data._load_activities(closure)
        data._load_assessments(closure)
        return data

    def _load_goals(self, plan_ids: Iterable[int]) -> None:
        plan_ids = list(plan_ids)
        rows = Goal.objects.filter(plan_id__in=plan_ids).values_list(
            "pk", "plan_id", "parent_id", "code", "title", "level", "position"
        )
        for gid, pid, parent, code, title, level, position in rows:
            self.goals[gid] = (pid, parent, code, title, level, position)
        for goal_id, row in self.goals.items():
            parent_id = row[1]
            if parent_id is not None and parent_id in self.goals:
                self.children[parent_id].append(goal_id)
        for kids in self.children.values():
            kids.sort(key=lambda g: (self.goals[g][5], g))
        # By plan, not by goal ids: two IN lists of thousands of goal ids made SQLite probe
        # every pair (6,000 goals: 10 s); both goals' plans being loaded is the same test.
        through = Goal.contributes_to.through.objects.filter(
            from_goal__plan_id__in=plan_ids, to_goal__plan_id__in=plan_ids
        ).values_list("from_goal_id", "to_goal_id")
        for source, target in through:
            self.contributors[target].append(source)

    def _load_indicators(self, plan_ids: Iterable[int]) -> None:
        self.indicators = _consume_streamed(
            Indicator.objects.filter(plan_id__in=plan_ids)
            .order_by("plan_id", "position", "pk")
            .values_list(
                "pk",
                "plan_id",
                "goal_id",
                "ref",
                "name",
                "unit",
                "direction",
                "baseline_value",
                "baseline_year",
                "is_gender_split",
            ),
            list,
        )
        # Each indicator's targets in (position, pk) order, sorted here per indicator: an
        # ORDER BY made the database sort all 26,000 targets of an L municipality first.
        targets = (
            Target.objects.filter(indicator__plan_id__in=plan_ids)
            .order_by()
            .values_list(
                "indicator_id",
                "position",
                "pk",
                "year",
                "op",
                "value",
                "relative_to",
                "gender",
                "text",
            )
        )
        unsorted: dict[int, list[tuple[int, int, TargetRule]]] = defaultdict(list)

        def collect(rows: Iterable[Any]) -> None:
            for iid, position, pk, year, op, value, relative_to, gender, text in rows:
                rule = TargetRule(year, op, value, relative_to, gender, text)
                unsorted[iid].append((position, pk, rule))

        # streamed too: the rules are built while the database still sends targets
        _consume_streamed(targets, collect)
        by_order = itemgetter(0, 1)
        for iid, found in unsorted.items():
            if len(found) > 1:
                found.sort(key=by_order)
            self.targets[iid] = [rule for _position, _pk, rule in found]
        point = parse_period(self.period)
        # No ORDER BY: the rules pick values by period, so sorting the 400,000 rows of a
        # Stockholm-size municipality by Meta.ordering would only cost time.
        # Both years first, then which of this year's periods: so written, PostgreSQL reads
        # the rows from the (year, indicator) index alone (measurement_year_indicator) when
        # the table is vacuumed, half the time of visiting the table's pages.
        measurements = (
            Measurement.objects.filter(
                Q(year=point.year - 1) | Q(period__in=codes_up_to(self.period)),
                year__in=(point.year - 1, point.year),
                indicator__plan_id__in=plan_ids,
            )
            .order_by()
            .values_list("indicator_id", "period", "value", "gender")
        )
        # Not through .iterator(): PostgreSQL plans a server-side cursor for its first rows
        # (cursor_tuple_fraction), which made this read of every row of two years about a
        # third slower. Streamed where the driver can (see _consume_streamed).
        self.series = _consume_streamed(
            measurements, lambda rows: group_by_indicator(rows, self.period)
        )

    def _load_activities(self, plan_ids: Iterable[int]) -> None:
        # One join by plan instead of IN lists of every goal and activity id.
        links = Activity.goals.through.objects.filter(goal__plan_id__in=plan_ids).values_list(
            "activity_id", "goal_id", "activity__title", "activity__status"
        )
        for aid, gid, title, status in links:
            self.activities_by_goal[gid].append(aid)
            self.activities[aid] = (title, status)

    def _load_assessments(self, plan_ids: Iterable[int]) -> None:
        for pk, pid, label, closed, frozen in FollowUpPeriod.objects.filter(
            plan_id__in=plan_ids, code=self.period
        ).values_list("pk", "plan_id", "label", "is_closed", "activity_statuses"):
            self.periods[pid] = (pk, label, closed)
            if closed and frozen is not None:
                self.frozen_activity_statuses[pid] = {int(a): s for a, s in frozen.items()}
        rows = Assessment.objects.filter(
            period_id__in=[p[0] for p in self.periods.values()]
        ).values_list(
            "pk", "goal_id", "activity_id", "unit_id", "unit__name", "status", "analysis", "state"
        )
        for pk, gid, aid, unit_id, unit_name, status, analysis, state in rows:
            view = AssessmentView(pk, unit_id, unit_name, status, analysis, state)
            if gid is not None:
                self.goal_assessments[gid].append(view)
            else:
                self.activity_assessments[aid].append(view)

    # -- computing --

    def compute(self, wanted: Sequence[int]) -> dict[int, PlanStatus]:
        with batch_translations():
            indicator_results = self._indicator_statuses()
            by_goal: dict[int, list[IndicatorStatus]] = defaultdict(list)
            by_plan: dict[int, list[IndicatorStatus]] = defaultdict(list)
            for status in indicator_results:
                by_plan[status.plan_id].append(status)
                if status.goal_id is not None:
                    by_goal[status.goal_id].append(status)
            goal_results: dict[int, GoalResult] = {}
            for gid in self.goals:
                self._goal_result(gid, by_goal, goal_results, set())
        roots: dict[int, list[int]] = defaultdict(list)
        for gid, row in self.goals.items():
            if row[1] not in self.goals:
                roots[row[0]].append(gid)
        statuses: dict[int, PlanStatus] = {}
        for pid in wanted:
            title, _m = self.plans[pid]
            period = self.periods.get(pid)
            statuses[pid] = PlanStatus(
                plan_id=pid,
                title=title,
                period=self.period,
                settings=self.settings[pid],
                period_label=period[1] if period else self.period,
                period_closed=period[2] if period else None,
                goals=self._goal_statuses(pid, roots.get(pid, []), goal_results),
                indicators=by_plan.get(pid, []),
            )
        return statuses

    def _indicator_statuses(self) -> list[IndicatorStatus]:
        results = []
        no_values: dict[str, Any] = {}
        no_targets: list[TargetRule] = []
        period = self.period
        targets, series, settings = self.targets.get, self.series.get, self.settings
        for row in self.indicators:
            iid, pid, gid, ref, name, unit, direction, b_value, b_year, split = row
            facts = IndicatorFacts(unit, direction, b_value, b_year, split)
            result = evaluate_indicator(
                facts,
                targets(iid, no_targets),
                (),
                period,
                settings[pid],
                series=series(iid, no_values),
            )
            results.append(IndicatorStatus(iid, pid, gid, ref, name, unit, result))
        return results

    def _goal_label(self, gid: int, from_plan: int | None = None) -> str:
        pid, _parent, code, title, _level, _pos = self.goals[gid]
        label = f"{code} {title}".strip()
        if len(label) > 90:
            label = label[:87] + "…"
        if from_plan is not None and pid != from_plan:
            label += f" ({self.plans[pid][0]})"
        return label

    def _best_assessment(self, views: Sequence[AssessmentView]) -> AssessmentView | None:
        judged = [v for v in views if v.status in ASSESSABLE]
        if not judged:
            return None
        return max(judged, key=lambda v: (_STATE_RANK.get(v.state, 0), v.id))

    def _goal_result(
        self,
        gid: int,
        by_goal: Mapping[int, list[IndicatorStatus]],
        results: dict[int, GoalResult],
        visiting: set[int],
    ) -> GoalResult:
        if gid in results:
            return results[gid]
        visiting.add(gid)
        pid = self.goals[gid][0]
        settings = self.settings[pid]
        weight = settings.weight("indicator")
        inputs = [
            GoalInput("indicator", i.id, i.name, i.result.status, weight)
            for i in by_goal.get(gid, ())
        ]
        for aid in self.activities_by_goal.get(gid, ()):
            inputs.append(self._activity_input(aid, pid, settings))
        for child in self.children.get(gid, []) + self.contributors.get(gid, []):
            if child in visiting:
                continue  # a contribution cycle; the goal cannot count itself
            result = self._goal_result(child, by_goal, results, visiting)
            status, source = result.status, "computed"
            if status == NOT_ASSESSED and settings.use_assessment_when_not_computable:
                best = self._best_assessment(self.goal_assessments.get(child, ()))
                if best is not None:
                    status, source = best.status, "assessment"
            inputs.append(
                GoalInput(
                    "goal",
                    child,
                    self._goal_label(child, pid),
                    status,
                    settings.weight("goal"),
                    source,
                )
            )
        visiting.discard(gid)
        results[gid] = evaluate_goal(inputs, settings)
        return results[gid]

    def _activity_input(self, aid: int, pid: int, settings: StatusSettings) -> GoalInput:
        """The activity as an input of a goal of plan ``pid``: the unit's assessment for the
        period, else the activity's own status, as it was when the plan's period was closed
        (a status set later must not change a closed period), else as it is now."""
        title, activity_status = self.activities[aid]
        label = title if len(title) <= 90 else title[:87] + "…"
        best = self._best_assessment(self.activity_assessments.get(aid, ()))
        if best is not None:
            status, source = best.status, "assessment"
        else:
            frozen = self.frozen_activity_statuses.get(pid)
            if frozen is not None:
                activity_status = frozen.get(aid, activity_status)
            status = ACTIVITY_STATUS_TO_STATUS.get(activity_status, NOT_ASSESSED)
            source = "activity_status"
        return GoalInput("activity", aid, label, status, settings.weight("activity"), source)

    def _goal_statuses(
        self, pid: int, roots: list[int], results: Mapping[int, GoalResult]
    ) -> list[GoalStatus]:
        roots = sorted(roots, key=lambda g: (self.goals[g][5], g))
        ordered: list[GoalStatus] = []
        stack = [(g, 0) for g in reversed(roots)]
        while stack:
            gid, depth = stack.pop()
            _pid, parent, code, title, level, _pos = self.goals[gid]
            result = results[gid]
            views = self.goal_assessments.get(gid, [])
            for view in views:
                view.mismatch = (
                    view.status in ASSESSABLE
                    and result.status in ASSESSABLE
                    and view.status != result.status
                )
            ordered.append(GoalStatus(gid, pid, parent, code, title, level, depth, result, views))
            stack.extend((c, depth + 1) for c in reversed(self.children.get(gid, [])))
        return ordered


def _contributing_closure(plan_ids: Iterable[int]) -> set[int]:
    """The plans, plus every plan with a goal that (transitively) contributes to theirs."""
    closure = set(plan_ids)
    frontier = set(closure)
    through = Goal.contributes_to.through.objects
    while frontier:
        found = set(
            through.filter(to_goal__plan_id__in=frontier).values_list(
                "from_goal__plan_id", flat=True
            )
        )
        frontier = found - closure
        closure |= frontier
    return closure


# --- presenting ----------------------------------------------------------------------------


def plan_status_text(status: PlanStatus) -> str:
    """The plan's status as plain Swedish text, one goal and indicator per block."""
    lines = [
        _("%(plan)s – uppföljning %(period)s")
        % {"plan": status.title, "period": status.period_label},
        _("Målregel: %(rule)s; tolerans för delvis uppfyllt: %(tol)s %%.")
        % {
            "rule": rule_label(status.settings.goal_rule),
            "tol": f"{status.settings.tolerance_percent:g}".replace(".", ","),
        },
        "",
    ]
    indicators_by_goal: dict[int | None, list[IndicatorStatus]] = defaultdict(list)
    for indicator in status.indicators:
        indicators_by_goal[indicator.goal_id].append(indicator)
    for goal in status.goals:
        indent = "  " * goal.depth
        title = f"{goal.code} {goal.title}".strip()
        lines.append(f"{indent}{_('Mål')} {title}: {status_label(goal.status)}")
        lines.append(f"{indent}  {goal.result.explanation}")
        for item in goal.result.inputs:
            if item.kind == "goal" and item.key in {g.id for g in status.goals}:
                continue
            if item.kind == "indicator":
                continue
            lines.append(f"{indent}  – {item.label}: {status_label(item.status)}")
        for view in goal.assessments:
            note = _(" – AVVIKER från beräknad status") if view.mismatch else ""
            lines.append(
                f"{indent}  "
                + _("Bedömning av %(unit)s (%(state)s): %(status)s%(note)s")
                % {
                    "unit": view.unit_name,
                    "state": AssessmentState(view.state).label,
                    "status": status_label(view.status),
                    "note": note,
                }
            )
            if view.analysis:
                lines.append(f"{indent}    {view.analysis}")
        for indicator in indicators_by_goal.get(goal.id, []):
            lines.append(
                f"{indent}  {_('Indikator')} {indicator.name}: {status_label(indicator.status)}"
            )
            lines.append(f"{indent}    {indicator.result.explanation}")
    orphans = indicators_by_goal.get(None, [])
    if orphans:
        lines.append(_("Indikatorer utan mål:"))
        for indicator in orphans:
            lines.append(f"  {indicator.name}: {status_label(indicator.status)}")
            lines.append(f"    {indicator.result.explanation}")
    return "\n".join(lines)


# --- what is due -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DueItem:
    """One thing a unit owes for a period: an assessment of a goal or activity, or a value."""

    due_date: dt.date | None
    overdue: bool
    unit_id: int
    unit_name: str
    plan_id: int
    period_code: str
    period_label: str
    kind: str  # "goal_assessment", "activity_assessment" or "measurement"
    object_id: int
    label: str


_FREQUENCY_MONTHS = {"månad": 1, "kvartal": 3, "tertial": 4, "halvår": 6, "år": 12, "": 12}
_DONE_STATES = (AssessmentState.SUBMITTED, AssessmentState.APPROVED)


def _units_of(who: User | Iterable[OrgUnit]) -> QuerySet[OrgUnit]:
    """The units (with everything under them) a user reports for, or the given units."""
    if isinstance(who, AbstractBaseUser | AnonymousUser):
        return reportable_units(who)
    scope = Q(pk__in=[])
    for unit in who:
        scope |= Q(path__startswith=unit.path)
    return OrgUnit.objects.filter(scope)


def _due_activities(
    plan_ids: set[int], units: QuerySet[Any]
) -> dict[int, list[tuple[int, list[int], str]]]:
    """Per plan, the activities the units answer for: as one of the activity's responsible
    units, or as the plan's owner when the activity names none."""
    activity_units: dict[int, list[int]] = defaultdict(list)
    links = Activity.responsible_units.through.objects.filter(
        activity__plan_id__in=plan_ids, orgunit_id__in=units
    )
    for aid, unit_id in links.values_list("activity_id", "orgunit_id"):
        activity_units[aid].append(unit_id)
    # The ids as a subquery, not a literal list: thousands of parameters cost more to build
    # and send than the database takes to run the subquery again.
    rows = (
        Activity.objects.filter(
            Q(pk__in=links.values("activity_id"))
            | Q(plan__owner_id__in=units, responsible_units__isnull=True),
            plan_id__in=plan_ids,
        )
        .order_by()
        .values_list("pk", "plan_id", "title")
    )
    activities: dict[int, list[tuple[int, list[int], str]]] = defaultdict(list)
    for aid, pid, title in rows.distinct():
        activities[pid].append((aid, activity_units.get(aid, []), title))
    return activities


def due_items(who: User | Iterable[OrgUnit], today: dt.date) -> list[DueItem]:
    """What is due from whom: for every open period that has ended by ``today``, each goal
    and activity assessment not yet submitted and each indicator value not yet entered, of
    the units ``who`` covers. Sorted by due date; ``overdue`` when the due date has passed."""
    unit_scope = _units_of(who)
    units = set(unit_scope.values_list("pk", flat=True))
    if not units:
        return []
    rows = _due_rows(unit_scope, units, today, _due_periods(today))
    return [DueItem(*row) for row in sorted(rows, key=_due_order)]


# From this many units on, due_summary has the database count the items. Below, reading every
# item costs less than the count query. At L (about 40 items a unit) a committee's 114 units
# owe 5,400 items and the two ways cost the same; the administrator's 1,652 units owe 63,000
# and counting saves 60-90 ms of CPU per start page (docs/scaling.md).
COUNT_FROM_UNITS = 400


def due_summary(
    who: User | Iterable[OrgUnit], today: dt.date, limit: int
) -> tuple[list[DueItem], int, int]:
    """The first ``limit`` of ``due_items(who, today)``, how many there are and how many are
    overdue. A municipality's administrator owes tens of thousands of items, so for many
    units the database counts what each period owes (``due_counts``) and only the periods
    that hold the first ``limit`` items are read."""
    unit_scope = _units_of(who)
    units = set(unit_scope.values_list("pk", flat=True))
    if not units:
        return [], 0, 0
    periods = _due_periods(today)
    if len(units) < COUNT_FROM_UNITS:
        every = list(_due_rows(unit_scope, units, today, periods))
        first = heapq.nsmallest(limit, every, key=_due_order)
        return [DueItem(*row) for row in first], len(every), sum(row[1] for row in every)
    counts = _due_counts(unit_scope, today, {p[2] for p in periods})
    total = sum(counts.values())
    overdue = sum(counts.get(p[0], 0) for p in periods if p[4] is not None and p[4] < today)
    # Items sort by due date and plan first, so every item of a period comes before every
    # item of a period later in that order: the first ``limit`` lie in the first periods
    # that together owe that many (with all periods tied with the last of them).
    head: set[int] = set()
    taken = 0
    for _key, group in itertools.groupby(sorted(periods, key=_period_order), key=_period_order):
        if taken >= limit:
            break
        for period in group:
            head.add(period[0])
            taken += counts.get(period[0], 0)
    # Those periods in the order the query gave them, as due_items generates its rows, so
    # that items tied on every sort key keep the order they have there.
    rows = _due_rows(unit_scope, units, today, [p for p in periods if p[0] in head])
    first = heapq.nsmallest(limit, rows, key=_due_order)
    return [DueItem(*row) for row in first], total, overdue


def _due_order(row: tuple[Any, ...]) -> tuple[Any, ...]:
    # due date, plan, unit name, kind (DueItem's fields 0, 4, 3 and 7), then the object, so
    # that ties do not depend on the order the database happens to return rows in
    return (row[0] or dt.date.max, row[4], row[3], row[7], row[8])


def _period_order(period: tuple[Any, ...]) -> tuple[dt.date, int]:
    # the first two keys of _due_order, for a row of _due_periods
    return (period[4] or dt.date.max, period[1])


def _open_periods(today: dt.date) -> QuerySet[FollowUpPeriod]:
    """The periods things are due for: open, of a plan not closed, ended by ``today``."""
    return FollowUpPeriod.objects.filter(is_closed=False, end__lte=today).exclude(
        plan__status="closed"
    )


def _due_periods(today: dt.date) -> list[tuple[Any, ...]]:
    """_open_periods as (pk, plan, code, label, due date, kind, plan owner) tuples."""
    return list(
        _open_periods(today).values_list(
            "pk", "plan_id", "code", "label", "due_date", "kind", "plan__owner_id"
        )
    )


def goals_answered_by(units: QuerySet[Any] | Collection[int]) -> Q:
    """The goals the units answer for: the goal's responsible unit, else the plan owner."""
    return Q(responsible_unit_id__in=units) | Q(
        responsible_unit__isnull=True, plan__owner_id__in=units
    )


def indicators_answered_by(units: QuerySet[Any] | Collection[int]) -> Q:
    """The indicators the units answer for: the indicator's responsible unit, else its
    goal's, else the plan owner."""
    return (
        Q(responsible_unit_id__in=units)
        | Q(responsible_unit__isnull=True, goal__responsible_unit_id__in=units)
        | Q(
            responsible_unit__isnull=True,
            goal__responsible_unit__isnull=True,
            plan__owner_id__in=units,
        )
    )


def _frequencies_due(end_month: int) -> Q:
    """The indicators whose frequency owes a value for a period ending in ``end_month``; a
    frequency _FREQUENCY_MONTHS does not know counts as yearly, as in _due_rows."""
    due = Q(frequency__in=[f for f, step in _FREQUENCY_MONTHS.items() if end_month % step == 0])
    if end_month % 12 == 0:
        due |= ~Q(frequency__in=list(_FREQUENCY_MONTHS))
    return due


def due_counts(who: User | Iterable[OrgUnit], today: dt.date) -> dict[int, int]:
    """How many items ``due_items(who, today)`` has for each period: period id -> count,
    periods owing nothing left out. Counted by the database, without building the items."""
    codes = set(_open_periods(today).values_list("code", flat=True).distinct())
    return _due_counts(_units_of(who), today, codes)


def _due_counts(unit_scope: QuerySet[OrgUnit], today: dt.date, codes: set[str]) -> dict[int, int]:
    """due_counts in one query, given the codes of the open periods: the rules of _due_rows
    as aggregates (a test keeps the two equal)."""
    if not codes:
        return {}
    units = unit_scope.values("pk")
    assessed_periods = _open_periods(today).exclude(kind=PeriodKind.MONTH).values("pk")
    done = Assessment.objects.filter(period_id=OuterRef("period_id"), state__in=_DONE_STATES)

    def per_period(queryset: QuerySet[Any]) -> QuerySet[Any]:
        grouped = queryset.order_by().values("period_id").annotate(n=Count("*"))
        return grouped.values_list("period_id", "n")

    goals = (
        Goal.objects.filter(goals_answered_by(units), plan__periods__in=assessed_periods)
        .annotate(
            period_id=F("plan__periods__id"),
            unit=Coalesce("responsible_unit_id", "plan__owner_id"),
        )
        .filter(~Exists(done.filter(goal_id=OuterRef("pk"), unit_id=OuterRef("unit"))))
    )
    through = Activity.responsible_units.through
    # An activity is owed by each of its responsible units, or by the plan's owner when it
    # names none.
    activity_units = (
        through.objects.filter(orgunit_id__in=units, activity__plan__periods__in=assessed_periods)
        .annotate(period_id=F("activity__plan__periods__id"))
        .filter(
            ~Exists(
                done.filter(activity_id=OuterRef("activity_id"), unit_id=OuterRef("orgunit_id"))
            )
        )
    )
    activity_owners = (
        Activity.objects.filter(
            ~Exists(through.objects.filter(activity_id=OuterRef("pk"))),
            plan__owner_id__in=units,
            plan__periods__in=assessed_periods,
        )
        .annotate(period_id=F("plan__periods__id"))
        .filter(
            ~Exists(done.filter(activity_id=OuterRef("pk"), unit_id=OuterRef("plan__owner_id")))
        )
    )
    parts = [per_period(q) for q in (goals, activity_units, activity_owners)]
    # Values: a period owes one from each indicator whose frequency has a value end in the
    # period's end month, unless a value of the same year and end month is stored (for
    # "2024-T1": "2024-T1" or "2024-04"). Per end month the codes are constants, so the
    # database hashes the indicators that have such a value once, whatever the scope.
    ends: dict[tuple[int, int], set[str]] = defaultdict(set)
    for code in codes:
        point = parse_period(code)
        ends[point.year, point.end_month].add(code)
    owed = []
    for (year, end_month), same_end in sorted(ends.items()):
        delivered = Measurement.objects.filter(
            year=year,
            period__in=[
                c for c in codes_up_to(str(year)) if parse_period(c).end_month == end_month
            ],
            value__isnull=False,
        )
        owed.append(
            Q(_frequencies_due(end_month), plan__periods__code__in=sorted(same_end))
            & ~Q(pk__in=delivered.values("indicator_id"))
        )
    indicators = Indicator.objects.filter(
        functools.reduce(or_, owed),
        Exists(Target.objects.filter(indicator_id=OuterRef("pk"))),
        indicators_answered_by(units),
        plan__periods__in=_open_periods(today).values("pk"),
    ).annotate(period_id=F("plan__periods__id"))
    parts.append(per_period(indicators))
    counts: dict[int, int] = defaultdict(int)
    for period_id, n in parts[0].union(*parts[1:], all=True):
        counts[period_id] += n
    return dict(counts)


def _due_rows(
    unit_scope: QuerySet[OrgUnit],
    units: set[int],
    today: dt.date,
    periods: Sequence[tuple[Any, ...]],
) -> Iterator[tuple[Any, ...]]:
    """due_items' rows for ``periods`` (rows of _due_periods), unsorted, as tuples of
    DueItem's fields; ``units`` are the ids of ``unit_scope``."""
    if not periods:
        return
    # The units as a subquery below, not a literal list: thousands of parameters cost more
    # to build and send than the database takes to run the subquery again.
    unit_subquery = unit_scope.values("pk")
    plan_ids = {p[1] for p in periods}
    unit_names = dict(OrgUnit.objects.filter(pk__in=unit_subquery).values_list("pk", "name"))
    # Only the rows the units answer for are read: a goal is the responsible unit's, or the
    # plan owner's when it names none (the same fallback as the loop below).
    own_or_owner = goals_answered_by(unit_subquery)
    done = {
        (period_id, gid or aid, "goal" if gid else "activity", unit_id)
        for period_id, gid, aid, unit_id in Assessment.objects.filter(
            period_id__in=[p[0] for p in periods], state__in=_DONE_STATES, unit_id__in=unit_subquery
        ).values_list("period_id", "goal_id", "activity_id", "unit_id")
    }
    goals = defaultdict(list)
    for gid, pid, unit_id, code, title in (
        Goal.objects.filter(own_or_owner, plan_id__in=plan_ids)
        .order_by()
        .values_list("pk", "plan_id", "responsible_unit_id", "code", "title")
    ):
        goals[pid].append((gid, unit_id, f"{code} {title}".strip()))
    activities = _due_activities(plan_ids, unit_subquery)
    indicators = defaultdict(list)
    # Indicators with a target; EXISTS rather than a join on targets and DISTINCT (at L the
    # join made 26,000 rows out of 20,000 indicators for a hash aggregate to fold again).
    with_target = Exists(Target.objects.filter(indicator_id=OuterRef("pk")))
    wanted = Indicator.objects.filter(with_target, plan_id__in=plan_ids).filter(
        indicators_answered_by(unit_subquery)
    )
    indicator_rows = wanted.order_by().values_list(
        "pk", "plan_id", "responsible_unit_id", "goal__responsible_unit_id", "frequency", "name"
    )
    for iid, pid, unit_id, goal_unit, frequency, name in indicator_rows:
        indicators[pid].append((iid, unit_id or goal_unit, frequency, name))
    years = {parse_period(p[2]).year for p in periods}
    have_values = defaultdict(set)
    for iid, period in (
        Measurement.objects.filter(
            indicator_id__in=wanted.order_by().values("pk"), year__in=years, value__isnull=False
        )
        .order_by()
        .values_list("indicator_id", "period")
    ):
        point = parse_period(period)
        have_values[iid].add((point.year, point.end_month))

    for period_id, pid, code, label, due_date, kind, owner_id in periods:
        point = parse_period(code)
        owed: list[tuple[int, str, int, str]] = []
        if kind != PeriodKind.MONTH:
            for gid, unit_id, text in goals.get(pid, []):
                responsible = unit_id or owner_id
                if (period_id, gid, "goal", responsible) not in done:
                    owed.append((responsible, "goal_assessment", gid, text))
            for aid, unit_ids, text in activities.get(pid, []):
                for responsible in unit_ids or [owner_id]:
                    if (period_id, aid, "activity", responsible) not in done:
                        owed.append((responsible, "activity_assessment", aid, text))
        for iid, unit_id, frequency, text in indicators.get(pid, []):
            step = _FREQUENCY_MONTHS.get(frequency, 12)
            delivered = (point.year, point.end_month) in have_values[iid]
            if point.end_month % step == 0 and not delivered:
                owed.append((unit_id or owner_id, "measurement", iid, text))
        overdue = due_date is not None and due_date < today
        for unit_id, what, object_id, text in owed:
            if unit_id in units:
                yield (
                    due_date,
                    overdue,
                    unit_id,
                    unit_names[unit_id],
                    pid,
                    code,
                    label,
                    what,
                    object_id,
                    text,
                )
