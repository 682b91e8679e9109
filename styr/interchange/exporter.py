"""A stored plan as a ``styr.plan/1`` document, in a fixed number of queries.

Every list is read with one query (children and links prefetched), so the cost does not
grow with the number of goals or indicators. Each item is written in canonical form from
its fields and then given back the form the loaded document had (``shape.restore``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Model, Prefetch

from styr.economy.models import BudgetLine, VolumeLine
from styr.followup.models import Measurement, MeasurementOrigin
from styr.internal_control.models import Risk
from styr.plans.models import Activity, Goal, Indicator, Plan
from styr.politics.models import CalendarItem, PoliticalPoint

from . import mapping
from .mapping import Item
from .shape import restore

# Prefixes for the ids of items that have none (created in the UI, not loaded).
ID_PREFIXES = {
    "goals": "g",
    "indicators": "i",
    "activities": "a",
    "risks": "r",
    "budget": "b",
    "volumes": "v",
}


def export(plan: Plan) -> Item:
    plan = Plan.objects.select_related("owner").get(pk=plan.pk)
    goals = list(plan.goals.all())
    indicators = list(
        plan.indicators.prefetch_related(
            "targets", Prefetch("measurements", queryset=Measurement.objects.order_by())
        )
    )
    activities = list(plan.activities.all())
    risks = list(plan.risks.prefetch_related("controls", "actions"))
    budget = list(plan.budget_lines.prefetch_related("values"))
    volumes = list(plan.volume_lines.prefetch_related("values"))
    points = list(plan.political_points.all())
    calendar = list(plan.calendar_items.all())
    ids = _Ids([goals, indicators, activities, risks, budget, volumes, points, calendar])
    goal_id: dict[int | None, str] = {goal.pk: ids.of("goals", goal) for goal in goals}
    activity_goals = _linked_goals(Activity, "activity_id", plan, goal_id)
    risk_goals = _linked_goals(Risk, "risk_id", plan, goal_id)

    lists: dict[str, list[Item]] = {
        "goals": [
            _item(
                goal,
                mapping.goal_to_document(
                    goal, id=goal_id[goal.pk], parent=goal_id.get(goal.parent_id)
                ),
            )
            for goal in goals
        ],
        "indicators": [
            _item(
                indicator,
                mapping.indicator_to_document(
                    indicator,
                    id=ids.of("indicators", indicator),
                    goal=goal_id.get(indicator.goal_id),
                    targets=_items(indicator.targets.all(), mapping.target_to_document),
                    values=_items(
                        _in_order(indicator.measurements.all()), mapping.measurement_to_document
                    ),
                ),
            )
            for indicator in indicators
        ],
        "activities": [
            _item(
                activity,
                mapping.activity_to_document(
                    activity, id=ids.of("activities", activity), goals=activity_goals[activity.pk]
                ),
            )
            for activity in activities
        ],
        "risks": [
            _item(
                risk,
                mapping.risk_to_document(
                    risk,
                    id=ids.of("risks", risk),
                    goals=risk_goals[risk.pk],
                    controls=_items(risk.controls.all(), mapping.control_to_document),
                    actions=_items(risk.actions.all(), mapping.action_to_document),
                ),
            )
            for risk in risks
        ],
        "budget": [
            _item(
                line,
                mapping.budget_line_to_document(
                    line,
                    id=ids.of("budget", line),
                    values=_items(line.values.all(), mapping.budget_value_to_document),
                ),
            )
            for line in budget
        ],
        "volumes": [
            _item(
                line,
                mapping.volume_line_to_document(
                    line,
                    id=ids.of("volumes", line),
                    values=_items(line.values.all(), mapping.volume_value_to_document),
                ),
            )
            for line in volumes
        ],
        "political_points": _items(points, mapping.political_point_to_document),
        "calendar": _items(calendar, mapping.calendar_item_to_document),
        "unrecognised": _items(plan.unrecognised.all(), mapping.unrecognised_to_document),
    }
    return restore(mapping.plan_to_document(plan, lists), plan.extra)


def _item(obj: Model, canonical: Item) -> Item:
    return restore(canonical, getattr(obj, "extra", None) or {})


def _items(objs: Iterable[Any], to_document: Any) -> list[Item]:
    return [_item(obj, to_document(obj)) for obj in objs]


def _in_order(measurements: Iterable[Measurement]) -> list[Measurement]:
    """The document's own values in its order, then values from elsewhere by period."""
    from_document = [m for m in measurements if m.origin == MeasurementOrigin.DOCUMENT]
    others = [m for m in measurements if m.origin != MeasurementOrigin.DOCUMENT]
    return sorted(from_document, key=lambda m: (m.position, m.pk)) + sorted(
        others, key=lambda m: (m.period, m.gender, m.pk)
    )


def _linked_goals(
    model: type[Activity] | type[Risk], column: str, plan: Plan, goal_id: dict[int | None, str]
) -> dict[int, list[str]]:
    """Goal ids per activity or risk, in the order the links were made (the document's)."""
    through = model.goals.through
    rows = (
        through.objects.filter(**{f"{column[:-3]}__plan": plan})
        .order_by("pk")
        .values_list(column, "goal_id")
    )
    linked: dict[int, list[str]] = defaultdict(list)
    for owner_pk, goal_pk in rows:
        if goal_pk in goal_id:
            linked[owner_pk].append(goal_id[goal_pk])
    return linked


class _Ids:
    """Document ids: the stored ref, or a new one that no other item of the plan uses."""

    def __init__(self, lists: list[list[Any]]) -> None:
        self.taken = {obj.ref for objs in lists for obj in objs if obj.ref}
        self.given: dict[tuple[str, int], str] = {}

    def of(self, kind: str, obj: Any) -> str:
        if obj.ref:
            return str(obj.ref)
        key = (kind, obj.pk)
        if key not in self.given:
            candidate = f"{ID_PREFIXES[kind]}-{obj.pk}"
            while candidate in self.taken:
                candidate += "-1"
            self.taken.add(candidate)
            self.given[key] = candidate
        return self.given[key]


def document_ids(plan: Plan) -> dict[str, dict[int, str]]:
    """The ids ``export`` gives the plan's goals, indicators and risks, by primary key.

    For code that holds database rows and must name them as the exported document does
    (the review engine reads documents). Same lists in the same order as ``export``.
    """
    # Through the model managers, not plan.goals: a related manager would set each row's
    # deferred plan_id and load it back one query per row.
    models_in_order = (
        Goal,
        Indicator,
        Activity,
        Risk,
        BudgetLine,
        VolumeLine,
        PoliticalPoint,
        CalendarItem,
    )
    lists: list[list[Any]] = [
        list(model.objects.filter(plan_id=plan.pk).only("pk", "ref")) for model in models_in_order
    ]
    ids = _Ids(lists)
    return {
        "goals": {goal.pk: ids.of("goals", goal) for goal in lists[0]},
        "indicators": {indicator.pk: ids.of("indicators", indicator) for indicator in lists[1]},
        "risks": {risk.pk: ids.of("risks", risk) for risk in lists[3]},
    }
