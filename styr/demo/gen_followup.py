"""Follow-up periods of the plan year (T1, delår, helår) and some units' assessments."""

from __future__ import annotations

from styr.demo import vocabulary as words
from styr.demo.context import Build
from styr.followup.models import (
    Assessment,
    AssessmentState,
    FollowUpPeriod,
    PeriodKind,
    Status,
    activity_statuses_of,
)
from styr.plans.models import Activity, Plan

# (code suffix, kind, label, end month, end day, due month, due day, due year offset)
PERIODS = (
    ("-T1", PeriodKind.TERTIAL, "Tertial 1", 4, 30, 5, 15, 0),
    ("-T2", PeriodKind.INTERIM, "Delårsrapport (tertial 2)", 8, 31, 9, 15, 0),
    ("", PeriodKind.FULL_YEAR, "Helår", 12, 31, 1, 31, 1),
)
GOAL_ASSESSED_SHARE = 0.5  # delmål with an assessment for T1
ACTIVITY_ASSESSED_SHARE = 0.3


def build_follow_up(build: Build) -> None:
    plans = [p for node in build.committees for p in (node.own_plan, node.own_control_plan)]
    plans += [d.own_plan for d in build.departments()]
    periods = [period for plan in plans for period in _periods(build, plan)]
    build.writer.create(FollowUpPeriod, periods)
    for period in periods:
        build.periods.setdefault(period.plan_id, {})[period.code] = period
    _assessments(build)


def _periods(build: Build, plan: Plan) -> list[FollowUpPeriod]:
    """The plan's periods of the year, T1 closed. Written in bulk, past FollowUpPeriod.save,
    so the closed one is given the record of activity statuses that closing would take."""
    year = build.base_year
    frozen = activity_statuses_of(plan.pk)
    return [
        FollowUpPeriod(
            plan=plan,
            kind=kind,
            code=f"{year}{suffix}",
            label=f"{label} {year}",
            start=build.date(1, 1),
            end=build.date(end_month, end_day),
            due_date=build.date(due_month, due_day, year_offset=due_offset),
            is_closed=suffix == "-T1",
            activity_statuses=frozen if suffix == "-T1" else None,
        )
        for suffix, kind, label, end_month, end_day, due_month, due_day, due_offset in PERIODS
    ]


def _assessments(build: Build) -> None:
    rng = build.rng
    year = build.base_year
    assessments: list[Assessment] = []
    statuses = [Status.MET, Status.PARTLY_MET, Status.NOT_MET, Status.NOT_ASSESSED]
    for dept in build.departments():
        first = build.periods[dept.own_plan.pk][f"{year}-T1"]
        second = build.periods[dept.own_plan.pk][f"{year}-T2"]
        for goal in dept.goals:  # every verksamhetsmål is assessed for T1 and approved
            status = rng.choices(statuses, weights=(4, 4, 1, 1))[0]
            assessments.append(
                _assessment(build, first, dept.unit.pk, status, approved=True, goal_id=goal.pk)
            )
        for unit in dept.units:
            for goal in dept.sub_goals[unit.pk]:
                if rng.random() < GOAL_ASSESSED_SHARE:
                    status = rng.choices(statuses, weights=(4, 4, 2, 1))[0]
                    submitted = rng.random() < 0.6
                    assessments.append(
                        _assessment(
                            build, first, unit.pk, status, submitted=submitted, goal_id=goal.pk
                        )
                    )
                    if submitted and rng.random() < 0.5:  # a draft already started for T2
                        assessments.append(
                            _assessment(build, second, unit.pk, status, goal_id=goal.pk)
                        )
    activities = Activity.objects.filter(plan__owner__municipality=build.municipality).values_list(
        "pk", "plan_id", "responsible_units"
    )
    for activity_id, plan_id, unit_id in activities.order_by("pk", "responsible_units"):
        if unit_id and rng.random() < ACTIVITY_ASSESSED_SHARE:
            period = build.periods[plan_id][f"{year}-T1"]
            status = rng.choices(statuses, weights=(3, 4, 1, 2))[0]
            assessments.append(
                _assessment(build, period, unit_id, status, submitted=True, activity_id=activity_id)
            )
    build.writer.create(Assessment, assessments)


def _assessment(
    build: Build,
    period: FollowUpPeriod,
    unit_id: int,
    status: str,
    *,
    submitted: bool = False,
    approved: bool = False,
    goal_id: int | None = None,
    activity_id: int | None = None,
) -> Assessment:
    state = AssessmentState.DRAFT
    if approved:
        state = AssessmentState.APPROVED
    elif submitted:
        state = AssessmentState.SUBMITTED
    texts = words.ASSESSMENT_TEXTS[status]
    return Assessment(
        period=period,
        goal_id=goal_id,
        activity_id=activity_id,
        unit_id=unit_id,
        status=status,
        analysis=build.rng.choice(texts),
        state=state,
        submitted_at=build.moment(5, 10) if state != AssessmentState.DRAFT else None,
        approved_at=build.moment(5, 20) if approved else None,
    )
