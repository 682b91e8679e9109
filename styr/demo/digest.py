"""A fingerprint of a municipality's content that ignores database ids and timestamps.

Two generator runs with the same seed must give the same fingerprint; comparing it is how
the tests check determinism. The municipality's own name is left out: a second run in the
same database gets a free name, the content stays the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from styr.economy.models import BudgetValue, VolumeValue
from styr.followup.models import Assessment, FollowUpPeriod, Measurement
from styr.internal_control.models import Control, ControlResult, Risk, RiskAction
from styr.organisation.models import Municipality, OrgUnit
from styr.plans.models import Activity, Goal, Indicator, Plan, Target
from styr.politics.models import CalendarItem, PoliticalPoint


def content_digest(municipality: Municipality) -> str:
    digest = hashlib.sha256()
    for row in content_rows(municipality):
        digest.update(repr(row).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def content_rows(municipality: Municipality) -> Iterable[tuple[Any, ...]]:
    units = {u.pk: u for u in OrgUnit.objects.filter(municipality=municipality)}

    def unit_path(pk: int | None) -> str:
        if pk is None:
            return ""
        ids = [int(part) for part in units[pk].path.strip("/").split("/")]
        return "/".join(units[i].name for i in ids)

    plans = {p.pk: p for p in Plan.objects.filter(owner__municipality=municipality)}

    def plan_key(pk: int | None) -> str:
        return "" if pk is None else f"{unit_path(plans[pk].owner_id)}:{plans[pk].title}"

    in_plans = {"plan__owner__municipality": municipality}
    goals = {g.pk: g for g in Goal.objects.filter(**in_plans)}

    def goal_key(pk: int | None) -> str:
        return "" if pk is None else f"{plan_key(goals[pk].plan_id)}#{goals[pk].ref}"

    yield from sorted((unit_path(pk), u.kind, u.short_name) for pk, u in units.items())
    for plan in sorted(plans.values(), key=lambda p: plan_key(p.pk)):
        yield (plan_key(plan.pk), plan.kind, plan.reference, plan.adopted_date,
               plan_key(plan.parent_plan_id), plan.organisation_names)  # fmt: skip
    for goal in sorted(goals.values(), key=lambda g: goal_key(g.pk)):
        contributes = sorted(
            goal_key(pk) for pk in goal.contributes_to.values_list("pk", flat=True)
        )
        yield (goal_key(goal.pk), goal.code, goal.title, goal.level, goal_key(goal.parent_id),
               unit_path(goal.responsible_unit_id), contributes)  # fmt: skip
    indicators = Indicator.objects.filter(**in_plans).order_by("plan__title", "position")
    names = {i.pk: f"{plan_key(i.plan_id)}#{i.ref}" for i in indicators}
    for i in indicators:
        yield (names[i.pk], i.name, i.unit, i.direction, i.baseline_value, i.baseline_text,
               i.is_gender_split, goal_key(i.goal_id))  # fmt: skip
    targets = Target.objects.filter(indicator__in=indicators)
    yield from sorted(
        (names[t.indicator_id], t.position, t.year, t.op, t.value, t.relative_to, t.text)
        for t in targets
    )
    values = Measurement.objects.filter(indicator__in=indicators).values_list(
        "indicator_id", "period", "gender", "value"
    )
    yield from sorted((names[i], period, gender, value) for i, period, gender, value in values)
    yield from _plan_items(municipality, plan_key, goal_key, unit_path)


def _plan_items(municipality: Municipality, plan_key: Any, goal_key: Any, unit_path: Any) -> Any:
    in_plans = {"plan__owner__municipality": municipality}
    for a in Activity.objects.filter(**in_plans).prefetch_related("goals", "responsible_units"):
        yield (plan_key(a.plan_id), a.ref, a.title, a.responsible, a.status, a.follow_up,
               sorted(goal_key(g.pk) for g in a.goals.all()),
               sorted(unit_path(u.pk) for u in a.responsible_units.all()))  # fmt: skip
    for r in Risk.objects.filter(**in_plans):
        yield (plan_key(r.plan_id), r.ref, r.title, r.probability, r.consequence, r.score)
    risk_in_plans = {"risk__plan__owner__municipality": municipality}
    for c in Control.objects.filter(**risk_in_plans).select_related("risk"):
        yield (plan_key(c.risk.plan_id), c.risk.ref, c.position, c.description, c.responsible,
               c.frequency, c.method, c.report_to)  # fmt: skip
    for res in ControlResult.objects.filter(control__risk__plan__owner__municipality=municipality):
        yield ("result", res.performed_on, res.result, res.has_deviation)
    for action in RiskAction.objects.filter(**risk_in_plans):
        yield ("action", action.title, action.deadline, action.is_done)
    for period in FollowUpPeriod.objects.filter(**in_plans):
        yield (plan_key(period.plan_id), period.code, period.start, period.end, period.due_date)
    for s in Assessment.objects.filter(period__plan__owner__municipality=municipality):
        yield ("assessment", goal_key(s.goal_id), unit_path(s.unit_id), s.status, s.state,
               s.analysis)  # fmt: skip
    line_in_plans = {"line__plan__owner__municipality": municipality}
    for b in BudgetValue.objects.filter(**line_in_plans).select_related("line"):
        yield (plan_key(b.line.plan_id), b.line.label, b.year, b.kind, b.amount)
    for v in VolumeValue.objects.filter(**line_in_plans).select_related("line"):
        yield (plan_key(v.line.plan_id), v.line.label, v.year, v.kind, v.value)
    for p in PoliticalPoint.objects.filter(**in_plans):
        yield (plan_key(p.plan_id), p.number, p.text, p.status, p.handling)
    for item in CalendarItem.objects.filter(**in_plans):
        yield (plan_key(item.plan_id), item.month, item.label, item.items)
