"""Reporting in the web: what a unit reports for a plan and period, and the workflow.

A unit reports, for each follow-up period, an assessment (status and analysis) of every
goal and activity it is responsible for and a value for every indicator it measures.
An assessment goes draft → submitted → approved (a planner approves, or returns it to
draft with a comment). The rules live here as plain functions so that views, tests and
commands share them:

* rights through ``styr.accounts.access`` only (REPORT to write, APPROVE to approve);
* optimistic locking: every save names the version (or, for a value, the value) it
  started from; if someone else saved in between, ``ReportConflict`` says who, when and
  what they wrote, and nothing is overwritten;
* a save that changes nothing writes nothing, so a form posted twice stores one record;
* changing a submitted or approved assessment needs a reason, kept as the history
  record's change reason; an approved assessment that is changed must be approved again;
* closed periods follow ``services.save_assessment`` / ``save_measurement``;
* an activity's own progress status (``Activity.status``) is set from the same row as
  the unit's assessment of it (``record_activity_report``), under the same rules.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from styr.accounts.access import Action, reportable_units, require, units_where
from styr.charts.numbers import format_number
from styr.charts.status import status_label
from styr.core.history import display_name
from styr.followup.models import (
    Assessment,
    AssessmentState,
    FollowUpPeriod,
    Measurement,
    MeasurementOrigin,
    Status,
    activity_statuses_of,
)
from styr.followup.services import (
    _check_open_or_allowed,
    goals_answered_by,
    indicators_answered_by,
    save_assessment,
    save_measurement,
)
from styr.organisation.models import OrgUnit
from styr.plans.models import Activity, ActivityStatus, Gender, Goal, Indicator, Plan

# --- errors ------------------------------------------------------------------------------


class ReportConflict(ValidationError):
    """Someone else saved the item after the form was read; nothing was overwritten."""

    is_activity_status = False  # the conflict is about an activity's own status

    def __init__(
        self,
        message: str,
        *,
        who: str,
        when: dt.datetime | None,
        theirs: str,
        stored: Any = None,
        gender: str = "",
    ) -> None:
        super().__init__(message, code="conflict")
        self.who, self.when, self.theirs = who, when, theirs
        # What is stored now: an assessment's version, a measurement, an activity's status.
        self.stored, self.gender = stored, gender


class ReasonRequired(ValidationError):
    """A submitted or approved assessment is changed without a reason."""


class WorkflowError(ValidationError):
    """A step the assessment's state does not allow (approve a draft, submit without text)."""


class ActivityStatusError(ValidationError):
    """An activity status that is not one of ``ActivityStatus``; the message names the
    activity, so a summary of a whole form says which row is wrong."""


class ActivityStatusConflict(ReportConflict):
    """Someone changed the activity's status after the form was read (``stored`` is the
    status now)."""

    is_activity_status = True


# --- what a unit reports -----------------------------------------------------------------


@dataclass
class ReportScope:
    """The goals, activities and indicators one unit reports for in one plan."""

    goals: list[Goal] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.goals) + len(self.activities) + len(self.indicators)


def goal_unit_id(goal: Goal, plan: Plan) -> int:
    """The unit that assesses a goal: its responsible unit, else the plan's owner."""
    return goal.responsible_unit_id or plan.owner_id


def indicator_unit_id(indicator: Indicator, plan: Plan) -> int:
    """The unit that reports an indicator's value (as ``access.UNIT_CHAIN`` decides)."""
    if indicator.responsible_unit_id:
        return indicator.responsible_unit_id
    if indicator.goal_id is not None and indicator.goal.responsible_unit_id:  # type: ignore[union-attr]
        return indicator.goal.responsible_unit_id  # type: ignore[union-attr]
    return plan.owner_id


def _goal_q(unit_id: int, owner_id: int) -> Q:
    own = Q(responsible_unit_id=unit_id)
    return own | Q(responsible_unit__isnull=True) if unit_id == owner_id else own


def report_scope(plan: Plan, unit: OrgUnit) -> ReportScope:
    """What ``unit`` itself (not the units below it) reports in ``plan``: three queries."""
    goals = list(
        Goal.objects.filter(_goal_q(unit.pk, plan.owner_id), plan=plan).order_by("position", "pk")
    )
    activity_q = Q(responsible_units=unit)
    if unit.pk == plan.owner_id:
        activity_q |= Q(responsible_units__isnull=True)
    activities = list(
        Activity.objects.filter(activity_q, plan=plan)
        .distinct()
        .prefetch_related("goals")
        .order_by("position", "pk")
    )
    indicator_q = Q(responsible_unit=unit) | Q(
        responsible_unit__isnull=True, goal__responsible_unit=unit
    )
    if unit.pk == plan.owner_id:
        # Without a goal, ``goal__responsible_unit__isnull`` holds too (a left join).
        indicator_q |= Q(responsible_unit__isnull=True, goal__responsible_unit__isnull=True)
    indicators = list(
        Indicator.objects.filter(indicator_q, plan=plan)
        .select_related("goal")
        .prefetch_related("targets")
        .order_by("position", "pk")
    )
    return ReportScope(goals, activities, indicators)


def assessments_for(
    period: FollowUpPeriod, unit: OrgUnit, scope: ReportScope
) -> tuple[dict[int, Assessment], dict[int, Assessment]]:
    """The unit's assessments for the period, by goal and by activity (one query)."""
    by_goal: dict[int, Assessment] = {}
    by_activity: dict[int, Assessment] = {}
    rows = Assessment.objects.filter(period=period, unit=unit).filter(
        Q(goal_id__in=[g.pk for g in scope.goals])
        | Q(activity_id__in=[a.pk for a in scope.activities])
    )
    for assessment in rows.select_related("author", "approved_by"):
        if assessment.goal_id is not None:
            by_goal[assessment.goal_id] = assessment
        else:
            by_activity[assessment.activity_id] = assessment  # type: ignore[index]
    return by_goal, by_activity


def measurements_for(
    period: FollowUpPeriod, indicators: list[Indicator]
) -> dict[int, dict[str, Measurement]]:
    """The values entered for the period, by indicator and gender (one query)."""
    found: dict[int, dict[str, Measurement]] = defaultdict(dict)
    for measurement in Measurement.objects.filter(
        indicator__in=indicators, period=period.code
    ).select_related("entered_by"):
        found[measurement.indicator_id][measurement.gender] = measurement
    return found


def goals_fed_by(plan: Plan, unit: OrgUnit, item: Goal | Activity | Indicator) -> list[Goal]:
    """The goals ``unit`` reports in ``plan`` whose computed status a save of ``item`` may
    change: the goals it is an input of (an activity's goals, an indicator's goal, a goal's
    parent when its assessment stands in for it) and every goal of the plan those roll up
    into (parents, contributions within the plan); never ``item`` itself. Three queries."""
    if isinstance(item, Activity):
        start = set(item.goals.filter(plan=plan).values_list("pk", flat=True))
    elif isinstance(item, Indicator):
        start = {item.goal_id} if item.goal_id is not None else set()
    else:
        start = {item.parent_id} if item.parent_id is not None else set()
    if not start:
        return []
    above: dict[int, list[int]] = defaultdict(list)
    for pk, parent_id in Goal.objects.filter(plan=plan, parent__isnull=False).values_list(
        "pk", "parent_id"
    ):
        above[pk].append(parent_id)
    for source, target in Goal.contributes_to.through.objects.filter(
        from_goal__plan=plan, to_goal__plan=plan
    ).values_list("from_goal_id", "to_goal_id"):
        above[source].append(target)
    found, frontier = set(start), list(start)
    while frontier:
        for pk in above.get(frontier.pop(), ()):
            if pk not in found:
                found.add(pk)
                frontier.append(pk)
    if isinstance(item, Goal):
        found.discard(item.pk)
    goals = Goal.objects.filter(_goal_q(unit.pk, plan.owner_id), plan=plan, pk__in=found)
    return list(goals.order_by("position", "pk"))


def genders_of(indicator: Indicator) -> list[str]:
    if indicator.is_gender_split:
        return [Gender.TOTAL, Gender.WOMEN, Gender.MEN]
    return [Gender.TOTAL]


# --- the reporter's list -------------------------------------------------------------------


@dataclass
class ReportTask:
    """One row of the reporter's start list: a unit's report for a plan's period."""

    plan: Plan
    period: FollowUpPeriod
    unit: OrgUnit
    assessments_total: int
    assessments_done: int
    indicators_total: int
    indicators_done: int

    @property
    def overdue(self) -> bool:
        due = self.period.due_date
        done = self.assessments_done == self.assessments_total
        return due is not None and due < timezone.localdate() and not done

    @property
    def complete(self) -> bool:
        return (
            self.assessments_done == self.assessments_total
            and self.indicators_done == self.indicators_total
        )


def awaiting_approval(user: Any) -> QuerySet[Any]:
    """Submitted assessments in the units ``user`` approves for, counted per plan and period
    (dicts with ``period__plan_id``, ``period__plan__title``, ``period__code``,
    ``period__label`` and ``count``); callers narrow and order it."""
    return (
        Assessment.objects.filter(
            state=AssessmentState.SUBMITTED, unit__in=units_where(user, Action.APPROVE)
        )
        .values("period__plan_id", "period__plan__title", "period__code", "period__label")
        .annotate(count=Count("pk"))
    )


def report_tasks(user: Any, *, include_closed: bool = False) -> list[ReportTask]:
    """Every (plan, open period, unit) where one of the user's units has something to
    report, with how much is done. A fixed number of queries, whatever the data."""
    unit_ids = set(reportable_units(user).values_list("pk", flat=True))
    if not unit_ids:
        return []
    # (plan, unit) -> goal ids / activity ids / indicator ids
    goals: dict[tuple[int, int], list[int]] = defaultdict(list)
    for gid, pid, unit_id, owner_id in Goal.objects.filter(goals_answered_by(unit_ids)).values_list(
        "pk", "plan_id", "responsible_unit_id", "plan__owner_id"
    ):
        goals[(pid, unit_id or owner_id)].append(gid)
    activities: dict[tuple[int, int], list[int]] = defaultdict(list)
    through = Activity.responsible_units.through.objects
    for aid, pid, unit_id in through.filter(orgunit_id__in=unit_ids).values_list(
        "activity_id", "activity__plan_id", "orgunit_id"
    ):
        activities[(pid, unit_id)].append(aid)
    for aid, pid, owner_id in Activity.objects.filter(
        responsible_units__isnull=True, plan__owner_id__in=unit_ids
    ).values_list("pk", "plan_id", "plan__owner_id"):
        activities[(pid, owner_id)].append(aid)
    indicators: dict[tuple[int, int], list[int]] = defaultdict(list)
    for iid, pid, unit_id, goal_unit, owner_id in Indicator.objects.filter(
        indicators_answered_by(unit_ids)
    ).values_list(
        "pk", "plan_id", "responsible_unit_id", "goal__responsible_unit_id", "plan__owner_id"
    ):
        indicators[(pid, unit_id or goal_unit or owner_id)].append(iid)
    pairs = {key for key in set(goals) | set(activities) | set(indicators) if key[1] in unit_ids}
    plan_ids = {pid for pid, _u in pairs}
    periods_q = FollowUpPeriod.objects.filter(plan_id__in=plan_ids).exclude(plan__status="closed")
    if not include_closed:
        periods_q = periods_q.filter(is_closed=False)
    periods = list(periods_q.select_related("plan__owner").order_by("end", "plan_id"))
    units = OrgUnit.objects.in_bulk({u for _p, u in pairs})
    done_assessments: set[tuple[int, int, str, int]] = set()
    for period_id, gid, aid, unit_id in Assessment.objects.filter(
        period__in=periods, state__in=(AssessmentState.SUBMITTED, AssessmentState.APPROVED)
    ).values_list("period_id", "goal_id", "activity_id", "unit_id"):
        done_assessments.add((period_id, gid or aid, "g" if gid else "a", unit_id))
    all_indicator_ids = [i for ids in indicators.values() for i in ids]
    entered = set(
        Measurement.objects.filter(
            indicator_id__in=all_indicator_ids,
            period__in={p.code for p in periods},
            value__isnull=False,
        ).values_list("indicator_id", "period")
    )
    tasks = []
    units_by_plan: dict[int, list[int]] = defaultdict(list)
    for pid, unit_id in sorted(pairs, key=lambda k: (units[k[1]].name, k[1])):
        units_by_plan[pid].append(unit_id)
    for period in periods:
        pid = period.plan_id
        for unit_id in units_by_plan[pid]:
            g, a, i = (
                goals.get((pid, unit_id), []),
                activities.get((pid, unit_id), []),
                indicators.get((pid, unit_id), []),
            )
            tasks.append(
                ReportTask(
                    plan=period.plan,
                    period=period,
                    unit=units[unit_id],
                    assessments_total=len(g) + len(a),
                    assessments_done=sum(
                        (period.pk, x, "g", unit_id) in done_assessments for x in g
                    )
                    + sum((period.pk, x, "a", unit_id) in done_assessments for x in a),
                    indicators_total=len(i),
                    indicators_done=sum((x, period.code) in entered for x in i),
                )
            )
    return tasks


# --- saving an assessment ------------------------------------------------------------------


def _last_editor(item: Assessment | Activity, fallback: Any = None) -> tuple[str, dt.datetime]:
    """Who saved ``item`` last and when, from its history (``fallback`` when it has none)."""
    record = item.history.select_related("history_user").first()
    user = record.history_user if record is not None else fallback
    when = record.history_date if record is not None else item.updated_at
    return display_name(user), when


def _when(moment: dt.datetime | None) -> str:
    """A moment as Swedish text: "29 november 2026 kl. 19.49"."""
    if moment is None:
        return "?"
    local = timezone.localtime(moment)
    return _("%(date)s kl. %(time)s") % {
        "date": date_format(local, "j F Y"),
        "time": local.strftime("%H.%M"),
    }


def _conflict(assessment: Assessment) -> ReportConflict:
    who, when = _last_editor(assessment, assessment.author)
    return ReportConflict(
        _(
            "%(who)s sparade den här bedömningen %(when)s, efter att du öppnade formuläret. "
            "Din ändring är inte sparad. Deras bedömning: %(status)s. Deras analys: "
            "”%(text)s”"
        )
        % {
            "who": who,
            "when": _when(when),
            "status": status_label(assessment.status),
            "text": assessment.analysis or _("(tom)"),
        },
        who=who,
        when=when,
        theirs=assessment.analysis,
        stored=assessment.version,
    )


def check_assessment_target(
    user: Any, period: FollowUpPeriod, unit: OrgUnit, item: Goal | Activity
) -> None:
    """May ``user`` report ``item`` for ``unit`` in ``period``? Raises AccessDenied
    (403) or ValidationError (the item is not the unit's, or not in the period's plan)."""
    require(user, Action.REPORT, item)
    require(user, Action.REPORT, unit)
    if item.plan_id != period.plan_id:
        raise ValidationError(
            _("%(item)s hör inte till planen för %(period)s.") % {"item": item, "period": period}
        )
    plan = period.plan
    if isinstance(item, Goal):
        responsible = {goal_unit_id(item, plan)}
    else:
        responsible = {u.pk for u in item.responsible_units.all()} or {plan.owner_id}
    if unit.pk not in responsible:
        raise ValidationError(
            _("%(unit)s är inte ansvarig för %(item)s.") % {"unit": unit, "item": item}
        )


def record_assessment(
    user: Any,
    period: FollowUpPeriod,
    unit: OrgUnit,
    item: Goal | Activity,
    *,
    status: str,
    analysis: str,
    version: int,
    reason: str = "",
    submit: bool = False,
) -> tuple[Assessment | None, bool]:
    """Save a unit's assessment of a goal or activity; returns (assessment, changed).

    ``version`` is the version the form showed (0 for none yet). Nothing is written when
    nothing changed (a form posted twice), or when a new assessment would be empty (also
    when handed in: "Spara alla och lämna in" must not stop on the rows a unit left blank).
    """
    check_assessment_target(user, period, unit, item)
    if status not in Status.values:
        raise ValidationError(_("Okänd bedömning '%(s)s'.") % {"s": status})
    analysis = analysis.strip().replace("\r\n", "\n")
    reason = reason.strip()
    key: dict[str, Goal | Activity] = (
        {"goal": item} if isinstance(item, Goal) else {"activity": item}
    )
    with transaction.atomic():
        existing = (
            Assessment.objects.select_for_update().filter(period=period, unit=unit, **key).first()
        )
        if existing is None:
            # A row left blank stores nothing, also when the whole form is handed in.
            if status == Status.NOT_ASSESSED and not analysis:
                return None, False
            if submit and not analysis:
                raise WorkflowError(_("Skriv en analys innan du lämnar in bedömningen."))
            assessment = Assessment(
                period=period,
                unit=unit,
                status=status,
                analysis=analysis,
                author=user,
                **key,
            )
            if submit:
                assessment.state = AssessmentState.SUBMITTED
                assessment.submitted_at = timezone.now()
            try:
                with transaction.atomic():
                    save_assessment(assessment, user=user, reason=reason)
            except IntegrityError:
                # Someone created it between our read and our write.
                other = Assessment.objects.get(period=period, unit=unit, **key)
                if other.status == status and other.analysis == analysis:
                    return other, False
                raise _conflict(other) from None
            return assessment, True
        same = existing.status == status and existing.analysis == analysis
        wants_submit = submit and existing.state == AssessmentState.DRAFT
        if same and not wants_submit:
            return existing, False  # nothing to do: e.g. the same form posted twice
        if not same and existing.version != version:
            raise _conflict(existing)
        if not same and existing.state != AssessmentState.DRAFT and not reason:
            raise ReasonRequired(
                _(
                    "Bedömningen är %(state)s; skriv ett skäl till ändringen. Skälet sparas "
                    "i historiken."
                )
                % {"state": existing.get_state_display()}
            )
        if (submit or existing.state != AssessmentState.DRAFT) and not analysis:
            raise WorkflowError(_("Skriv en analys innan du lämnar in bedömningen."))
        existing.status, existing.analysis = status, analysis
        if existing.state == AssessmentState.APPROVED and not same:
            # A changed approved assessment must be approved again.
            existing.state = AssessmentState.SUBMITTED
            existing.approved_by, existing.approved_at = None, None
        if wants_submit:
            existing.state = AssessmentState.SUBMITTED
            existing.submitted_at = timezone.now()
            existing.return_comment = ""
        if wants_submit and not reason:
            # Recorded in the history; not a reason that opens a closed period.
            existing._change_reason = _("Inlämnad")  # type: ignore[attr-defined]
        save_assessment(existing, user=user, expected_version=existing.version, reason=reason)
        return existing, True


def submit_assessment(user: Any, assessment: Assessment, version: int) -> Assessment:
    """Draft → submitted, as it stands."""
    item: Goal | Activity = assessment.goal or assessment.activity  # type: ignore[assignment]
    saved, _changed = record_assessment(
        user,
        assessment.period,
        assessment.unit,
        item,
        status=assessment.status,
        analysis=assessment.analysis,
        version=version,
        submit=True,
    )
    return saved  # type: ignore[return-value]


# --- an activity's own status --------------------------------------------------------------


def _status_label(status: str) -> str:
    if status in ActivityStatus.values:
        return str(ActivityStatus(status).label)
    return status or _("ej angiven")


def _check_activity_status(activity: Activity, status: str) -> None:
    if status not in ActivityStatus.values:
        shown = status if len(status) <= 40 else status[:39] + "…"
        raise ActivityStatusError(
            _("Aktiviteten ”%(activity)s”: okänd status ”%(status)s”. Välj %(choices)s.")
            % {
                "activity": activity,
                "status": shown,
                "choices": _("%(first)s eller %(last)s")
                % {
                    "first": ", ".join(str(label) for label in ActivityStatus.labels[:-1]),
                    "last": ActivityStatus.labels[-1],
                },
            },
            code="invalid_choice",
        )


def _status_conflict(activity: Activity) -> ActivityStatusConflict:
    who, when = _last_editor(activity)
    return ActivityStatusConflict(
        _(
            "%(who)s ändrade aktivitetens status till %(status)s %(when)s, efter att du "
            "öppnade formuläret. Din ändring av statusen är inte sparad."
        )
        % {"who": who, "status": _status_label(activity.status), "when": _when(when)},
        who=who,
        when=when,
        theirs=_status_label(activity.status),
        stored=activity.status,
    )


def record_activity_status(
    user: Any,
    period: FollowUpPeriod,
    unit: OrgUnit,
    activity: Activity,
    status: str,
    *,
    shown: str,
    reason: str = "",
) -> tuple[Activity, bool]:
    """Set the activity's own progress status from ``unit``'s report for ``period``;
    returns (activity, changed).

    ``shown`` is the status the form showed. The status is the activity's, not the
    period's: every responsible unit shares it. So a row whose status the reporter left
    as shown asks for nothing (another unit's change in between is neither a conflict nor
    undone); a changed one is refused as a conflict when the stored status is no longer
    the one shown; asking for the stored status writes nothing (a form posted twice).
    A closed period refuses the change as it refuses an assessment (a planner with a
    reason may). The history record carries the reason, else which report changed it.
    """
    check_assessment_target(user, period, unit, activity)
    return _set_activity_status(user, period, unit, activity, status, shown, reason)


def _set_activity_status(
    user: Any,
    period: FollowUpPeriod,
    unit: OrgUnit,
    activity: Activity,
    status: str,
    shown: str,
    reason: str,
) -> tuple[Activity, bool]:
    """``record_activity_status`` once the user's right to report it is checked."""
    if status == shown:
        return activity, False
    _check_activity_status(activity, status)
    with transaction.atomic():
        current = Activity.objects.select_for_update().get(pk=activity.pk)
        if current.status == status:
            activity.status = status
            return activity, False
        if current.status != shown:
            raise _status_conflict(current)
        reason = reason.strip()
        if period.is_closed:
            _check_open_or_allowed([period], period.plan, user, reason)
        current.status = status
        why = reason or _("Status ändrad i uppföljningen %(period)s av %(unit)s") % {
            "period": period.label,
            "unit": unit.name,
        }
        current._change_reason = why  # type: ignore[attr-defined]
        if user is not None and getattr(user, "is_authenticated", False):
            current._history_user = user  # type: ignore[attr-defined]
        current.save(update_fields=["status", "updated_at"])
        if period.is_closed:
            _freeze_in_closed_period(user, period, current, why)
    activity.status, activity.updated_at = current.status, current.updated_at
    return activity, True


def _freeze_in_closed_period(
    user: Any, period: FollowUpPeriod, activity: Activity, reason: str
) -> None:
    """A planner's change in a closed period's report is meant for that period: the status
    the period froze when it was closed (``FollowUpPeriod.activity_statuses``) becomes the
    new one too, with the reason in the period's history. Other closed periods keep theirs."""
    locked = FollowUpPeriod.objects.select_for_update().get(pk=period.pk)
    statuses = locked.activity_statuses
    if statuses is None:  # closed without a record (a bulk update): the statuses of now
        statuses = activity_statuses_of(locked.plan_id)
    statuses[str(activity.pk)] = activity.status
    locked.activity_statuses = statuses
    locked._change_reason = reason  # type: ignore[attr-defined]
    if user is not None and getattr(user, "is_authenticated", False):
        locked._history_user = user  # type: ignore[attr-defined]
    locked.save(update_fields=["activity_statuses", "updated_at"])
    period.activity_statuses = statuses


def record_activity_report(
    user: Any,
    period: FollowUpPeriod,
    unit: OrgUnit,
    activity: Activity,
    *,
    status: str,
    analysis: str,
    version: int,
    activity_status: str,
    activity_status_shown: str,
    reason: str = "",
    submit: bool = False,
) -> tuple[Assessment | None, bool]:
    """One activity row of a unit's report: the unit's assessment of the activity and the
    activity's own status, saved together or not at all; returns (assessment, changed).

    Either part may be refused (no right, a conflict, a closed period, a missing reason, an
    unknown status); then neither is saved.
    """
    with transaction.atomic():
        assessment, changed = record_assessment(
            user,
            period,
            unit,
            activity,
            status=status,
            analysis=analysis,
            version=version,
            reason=reason,
            submit=submit,
        )
        # record_assessment checked the right to report the activity for the unit.
        _activity, status_changed = _set_activity_status(
            user, period, unit, activity, activity_status, activity_status_shown, reason
        )
    return assessment, changed or status_changed


# --- approving -------------------------------------------------------------------------------


def approvable_assessments(user: Any, period: FollowUpPeriod) -> list[Assessment]:
    """Submitted assessments of the period in the units where the user may approve."""
    units = units_where(user, Action.APPROVE)
    return list(
        Assessment.objects.filter(period=period, state=AssessmentState.SUBMITTED, unit__in=units)
        .select_related("goal", "activity", "unit", "author")
        .order_by("unit__name", "goal__position", "activity__position", "pk")
    )


class AlreadyDone(Exception):
    """The same decision was just made by the same person (a double click): nothing to do."""

    def __init__(self, assessment: Assessment) -> None:
        super().__init__()
        self.assessment = assessment


def _decide(user: Any, assessment: Assessment, version: int, *, repeat: bool = False) -> Assessment:
    require(user, Action.APPROVE, assessment)
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if repeat and current.version == version + 1:
        record = current.history.first()
        if record is not None and record.history_user_id == user.pk:
            raise AlreadyDone(current)
    if current.version != version:
        raise _conflict(current)
    if current.state != AssessmentState.SUBMITTED:
        raise WorkflowError(
            _(
                "Bedömningen är %(state)s; bara en inlämnad bedömning kan godkännas eller "
                "återlämnas."
            )
            % {"state": current.get_state_display()}
        )
    return current


def approve_assessment(user: Any, assessment: Assessment, version: int) -> Assessment:
    """Submitted → approved, by someone with APPROVE over the assessment's unit."""
    with transaction.atomic():
        try:
            current = _decide(user, assessment, version, repeat=True)
        except AlreadyDone as done:
            if done.assessment.state == AssessmentState.APPROVED:
                return done.assessment
            current = _decide(user, assessment, version)
        current.state = AssessmentState.APPROVED
        current.approved_by, current.approved_at = user, timezone.now()
        current.return_comment = ""
        save_assessment(current, user=user, expected_version=version, reason=_("Godkänd"))
    return current


def return_assessment(user: Any, assessment: Assessment, version: int, comment: str) -> Assessment:
    """Submitted → draft with a comment saying what to change."""
    comment = comment.strip()
    if not comment:
        raise WorkflowError(_("Skriv en kommentar som säger vad som ska ändras."))
    with transaction.atomic():
        try:
            current = _decide(user, assessment, version, repeat=True)
        except AlreadyDone as done:
            same = done.assessment.return_comment == comment
            if done.assessment.state == AssessmentState.DRAFT and same:
                return done.assessment
            current = _decide(user, assessment, version)
        current.state = AssessmentState.DRAFT
        current.submitted_at = None
        current.return_comment = comment
        save_assessment(
            current,
            user=user,
            expected_version=version,
            reason=_("Återlämnad: %(c)s") % {"c": comment},
        )
    return current


# --- saving values -------------------------------------------------------------------------


NO_VALUE = object()


def record_measurement(
    user: Any,
    period: FollowUpPeriod,
    indicator: Indicator,
    gender: str,
    value: float | None,
    *,
    shown: float | object | None = NO_VALUE,
    reason: str = "",
) -> tuple[Measurement | None, bool]:
    """Store the indicator's value for the period's point; returns (measurement, changed).

    ``shown`` is the value the form showed (``NO_VALUE`` when there was none). When the
    stored value has changed since, ``ReportConflict`` names who entered it and when.
    A value equal to the stored one writes nothing (and keeps a Kolada value Kolada's).
    """
    require(user, Action.REPORT, indicator)
    if indicator.plan_id != period.plan_id:
        raise ValidationError(_("Indikatorn hör inte till planen för perioden."))
    if gender not in genders_of(indicator):
        raise ValidationError(_("Indikatorn är inte uppdelad på kön."))
    with transaction.atomic():
        current = (
            Measurement.objects.select_for_update(of=("self",))
            .select_related("entered_by")
            .filter(indicator=indicator, period=period.code, gender=gender)
            .first()
        )
        stored: float | object | None = current.value if current is not None else NO_VALUE
        if stored == value or (stored is NO_VALUE and value is None):
            return current, False
        if stored != shown:
            assert current is not None  # noqa: S101 - stored differs from NO_VALUE
            name = display_name(current.entered_by)
            when = _when(current.entered_at)
            theirs = _format_number(current.value)
            raise ReportConflict(
                _(
                    "%(who)s registrerade värdet %(value)s %(when)s, efter att du öppnade "
                    "formuläret. Ditt värde är inte sparat."
                )
                % {"who": name, "value": theirs, "when": when},
                who=name,
                when=current.entered_at,
                theirs=theirs,
                stored=current,
                gender=gender,
            )
        measurement = save_measurement(
            indicator,
            period.code,
            value,
            gender,
            user=user,
            origin=MeasurementOrigin.MANUAL,
            reason=reason,
        )
        return measurement, True


def _format_number(value: float | None) -> str:
    return _("(tomt)") if value is None else format_number(value)
