"""The follow-up facts of a stored plan, for the review's follow-up rules.

The review engine reads documents and plain dataclasses (``styr.review.context``); this
module fills them from the database: which goals were due in which ended period, the
assessments units have handed in, and the status the measurements give each indicator.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from styr.followup.models import Assessment as StoredAssessment
from styr.followup.models import AssessmentState, FollowUpPeriod, PeriodKind
from styr.followup.services import compute_plan_status
from styr.interchange.exporter import document_ids
from styr.plans.models import GoalLevel, Plan
from styr.review.context import STATUSES, Assessment, IndicatorStatus, ReviewContext

# A vision is not assessed per period; every other goal is (see followup.services.due_items).
NOT_ASSESSED_LEVELS = (GoalLevel.VISION,)
HANDED_IN = (AssessmentState.SUBMITTED, AssessmentState.APPROVED)
STATE_RANK: dict[str, int] = {AssessmentState.APPROVED: 2, AssessmentState.SUBMITTED: 1}


def ended_periods(plan: Plan, today: dt.date) -> list[FollowUpPeriod]:
    """Periods whose report is due by ``today`` (month periods carry no goal assessments)."""
    return list(
        FollowUpPeriod.objects.filter(plan=plan)
        .exclude(kind=PeriodKind.MONTH)
        .filter(Q(due_date__lt=today) | Q(due_date__isnull=True, end__lt=today))
        .order_by("end", "code")
    )


def context_for_plan(
    plan: Plan, today: dt.date | None = None, ids: dict[str, dict[int, str]] | None = None
) -> ReviewContext:
    """``ids`` are the plan's ``document_ids`` when the caller already has them."""
    today = today or timezone.localdate()
    periods = ended_periods(plan, today)
    if not periods:
        return ReviewContext()
    ids = ids or document_ids(plan)
    goal_ids, indicator_ids = ids["goals"], ids["indicators"]
    assessed_goals = [
        pk
        for pk, level in plan.goals.values_list("pk", "level")
        if level not in NOT_ASSESSED_LEVELS
    ]
    due = {period.code: frozenset(goal_ids[pk] for pk in assessed_goals) for period in periods}
    return ReviewContext(
        due_goals=due,
        assessments=_handed_in(periods, goal_ids),
        indicator_statuses=_indicator_statuses(plan, periods, indicator_ids),
    )


def _handed_in(periods: list[FollowUpPeriod], goal_ids: dict[int, str]) -> tuple[Assessment, ...]:
    """One verdict per goal and period: the most advanced one (approved before submitted)."""
    code_of = {period.pk: period.code for period in periods}
    best: dict[tuple[str, str], tuple[int, str]] = {}
    rows = StoredAssessment.objects.filter(
        period__in=periods, goal__isnull=False, state__in=HANDED_IN
    ).values_list("goal_id", "period_id", "state", "status")
    for goal_pk, period_pk, state, status in rows:
        key = (goal_ids[goal_pk], code_of[period_pk])
        rank = STATE_RANK.get(state, 0)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, status)
    return tuple(
        Assessment(goal_id=goal, period=period, status=status)
        for (goal, period), (_rank, status) in sorted(best.items())
    )


def _indicator_statuses(
    plan: Plan, periods: list[FollowUpPeriod], indicator_ids: dict[int, str]
) -> tuple[IndicatorStatus, ...]:
    statuses = []
    for period in periods:
        for indicator in compute_plan_status(plan, period.code).indicators:
            statuses.append(
                IndicatorStatus(
                    indicator_id=indicator_ids[indicator.id],
                    period=period.code,
                    # Anything follow-up cannot judge counts as not assessed for the review.
                    status=indicator.status if indicator.status in STATUSES else "not_assessed",
                )
            )
    return tuple(statuses)
