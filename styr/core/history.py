"""The audit trail of a plan: who changed what and when, and the plan as it stood on a date.

Every plan-data model carries django-simple-history's ``HistoricalRecords``; this module
reads those tables.

Recording who made a change
---------------------------
* Web requests: ``simple_history.middleware.HistoryRequestMiddleware`` (installed) records
  ``request.user`` on every save made while answering the request.
* Commands and services: wrap the work in ``acting_as(user)``, which records ``user`` on
  every save in the block the same way the middleware does; or set
  ``instance._history_user = user`` on one object before saving it. A reason is recorded
  with ``instance._change_reason = "..."`` before the save, or afterwards with
  ``simple_history.utils.update_change_reason(instance, "...")``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from styr.plans.models import Plan

# How to get from each plan-data model to its plan (a lookup path; "" is the plan itself).
PLAN_PATHS: dict[str, str] = {
    "plans.Plan": "",
    "plans.Goal": "plan",
    "plans.Indicator": "plan",
    "plans.Target": "indicator__plan",
    "plans.Activity": "plan",
    "plans.UnrecognisedText": "plan",
    "followup.FollowUpPeriod": "plan",
    "followup.Measurement": "indicator__plan",
    "followup.Assessment": "period__plan",
    "internal_control.Risk": "plan",
    "internal_control.Control": "risk__plan",
    "internal_control.ControlResult": "control__risk__plan",
    "internal_control.RiskAction": "risk__plan",
    "economy.BudgetLine": "plan",
    "economy.BudgetValue": "line__plan",
    "economy.VolumeLine": "plan",
    "economy.VolumeValue": "line__plan",
    "politics.PoliticalPoint": "plan",
    "politics.CalendarItem": "plan",
    "review.Review": "plan",
    "review.Finding": "review__plan",
}


def plan_path(label: str) -> str | None:
    """The lookup from a model ("app_label.ModelName") to its plan, or None if it has none."""
    return PLAN_PATHS.get(label)


def historised_plan_models() -> list[type[models.Model]]:
    found = []
    for label in PLAN_PATHS:
        model = apps.get_model(label)
        if getattr(model._meta, "simple_history_manager_attribute", None):
            found.append(model)
    return found


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Record ``user`` as the author of every save in the block (commands, services)."""
    context = HistoricalRecords.context
    had_request = hasattr(context, "request")
    previous = getattr(context, "request", None)
    context.request = _ServiceRequest(user)
    try:
        yield
    finally:
        if had_request:
            context.request = previous
        else:
            del context.request


@dataclass(frozen=True)
class _ServiceRequest:
    """What simple-history reads from a request: only the user."""

    user: Any


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Change:
    """One saved change of one object of a plan."""

    when: dt.datetime
    user: Any  # the user model instance, or None when nobody was recorded
    kind: str  # "created", "changed" or "deleted"
    model: str  # "app_label.ModelName"
    model_name: str  # the model's (Swedish) verbose name
    object_id: int
    object_repr: str
    fields: tuple[FieldChange, ...]
    reason: str | None
    history_id: int

    @property
    def user_name(self) -> str:
        return self.user.get_username() if self.user is not None else _("okänd")


KINDS = {"+": "created", "~": "changed", "-": "deleted"}


def display_name(user: Any) -> str:
    """Who made a change, as pages name them: the full name, else the user name."""
    return (user.get_full_name() or user.get_username()) if user is not None else _("okänd")


def plan_changes(plan: Plan, since: dt.datetime | None = None) -> list[Change]:
    """Every recorded change of the plan and of everything in it, oldest first.

    Objects that were removed from the plan or deleted are included: the lookup goes
    through the historical tables, not the live ones.
    """
    changes: list[Change] = []
    for model in historised_plan_models():
        records = (
            _history_of(model)
            .filter(id__in=_ids_ever_in_plan(model, plan.pk))
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        previous = None
        for record in records:
            if previous is not None and previous.id != record.id:
                previous = None
            if since is None or record.history_date >= since:
                change = _change(model, record, previous)
                if change is not None:
                    changes.append(change)
            previous = record
    changes.sort(key=lambda change: (change.when, change.history_id))
    return changes


def _history_of(model: type[models.Model]) -> Any:
    return getattr(model, model._meta.simple_history_manager_attribute)  # type: ignore[attr-defined]


def _ids_ever_in_plan(model: type[models.Model], plan_id: int) -> Any:
    """The ids of every object of ``model`` that ever belonged to the plan (a subquery)."""
    path = PLAN_PATHS[model._meta.label]
    if path == "":
        return [plan_id]
    first, *rest = path.split("__")
    if not rest:
        return _history_of(model).filter(**{f"{first}_id": plan_id}).values("id")
    parent = model._meta.get_field(first).related_model
    assert isinstance(parent, type)  # noqa: S101 - a concrete model, for the type checker
    parent_ids = _ids_ever_in_plan(parent, plan_id)
    return _history_of(model).filter(**{f"{first}_id__in": parent_ids}).values("id")


def _field_label(model: type[models.Model], name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def _change(model: type[models.Model], record: Any, previous: Any) -> Change | None:
    kind = KINDS[record.history_type]
    fields: tuple[FieldChange, ...] = ()
    if kind == "changed" and previous is not None:
        delta = record.diff_against(previous)
        fields = tuple(
            FieldChange(
                field=item.field,
                label=_field_label(model, item.field),
                before=item.old,
                after=item.new,
            )
            for item in delta.changes
        )
        if not fields:
            return None  # saved without a change: not worth a line in the trail
    return Change(
        when=record.history_date,
        user=record.history_user,
        kind=kind,
        model=model._meta.label,
        model_name=str(model._meta.verbose_name),
        object_id=record.id,
        object_repr=str(record.instance),
        fields=fields,
        reason=record.history_change_reason,
        history_id=record.history_id,
    )


# --- The plan as it stood on a date -----------------------------------------------------


def plan_as_of(plan: Plan, when: dt.datetime) -> dict[str, Any]:
    """The plan as it stood at ``when``, as a ``styr.plan/1`` document.

    Built from the historical tables. Links that are not historised (an activity's or a
    risk's goals) are taken from today's links between the items that existed then; text
    an import could not place is not historised and is left out.
    """
    try:
        then = plan.history.as_of(when)
    except type(plan).DoesNotExist:
        raise type(plan).DoesNotExist(
            _("Planen ”%(plan)s” fanns inte %(when)s.") % {"plan": plan, "when": when}
        ) from None
    snapshot = _Snapshot(plan.pk, when)
    goals = snapshot.items("plans.Goal", plan_id=plan.pk)
    goal_ids = {goal.pk: _item_id("g", goal) for goal in goals}
    organisation = then.organisation_names or [unit.name for unit in plan.owner.ancestors()]
    return {
        "format": "styr.plan/1",
        "as_of": when.isoformat(),
        "plan": {
            "title": then.title,
            "kind": then.kind,
            "municipality": then.municipality_name or plan.owner.municipality.name,
            "organisation": organisation,
            "period": _period(then),
            "reference": then.reference or None,
            "adopted": {
                "by": then.adopted_by or None,
                "date": then.adopted_date.isoformat() if then.adopted_date else None,
            },
        },
        "goals": [_goal(goal, goal_ids) for goal in goals],
        "indicators": _indicators(snapshot, goal_ids),
        "activities": _activities(snapshot, goal_ids),
        "risks": _risks(snapshot, goal_ids),
        "budget": _budget(snapshot),
        "volumes": _volumes(snapshot),
        "political_points": [
            _political_point(point)
            for point in snapshot.items("politics.PoliticalPoint", plan_id=plan.pk)
        ],
        "calendar": [
            {"month": item.month, "label": item.label, "items": item.items}
            for item in snapshot.items("politics.CalendarItem", plan_id=plan.pk)
        ],
        "unrecognised": [],
    }


@dataclass(frozen=True)
class _Snapshot:
    plan_id: int
    when: dt.datetime

    def items(self, label: str, **filters: Any) -> list[Any]:
        """Instances of ``label`` as they were at ``when``, in document order."""
        model = apps.get_model(label)
        found = list(_history_of(model).as_of(self.when).filter(**filters))
        return sorted(found, key=lambda item: (getattr(item, "position", 0), item.pk))

    def children(self, label: str, parent_field: str, parents: list[Any]) -> dict[int, list[Any]]:
        by_parent: dict[int, list[Any]] = {parent.pk: [] for parent in parents}
        found = self.items(label, **{f"{parent_field}_id__in": list(by_parent)})
        for item in found:
            by_parent[getattr(item, f"{parent_field}_id")].append(item)
        return by_parent


def _item_id(prefix: str, item: Any) -> str:
    return item.ref or f"{prefix}{item.pk}"


def _period(item: Any) -> dict[str, Any] | None:
    if item.period_from is None and item.period_to is None:
        return None
    return {"from": item.period_from, "to": item.period_to}


def _with_extra(item: Any, fields: dict[str, Any]) -> dict[str, Any]:
    """The modelled fields over the keys the document had that Styr does not model."""
    result = {**(getattr(item, "extra", None) or {}), **fields}
    if getattr(item, "source_file", ""):
        result["source"] = {
            "file": item.source_file,
            "line": item.source_line,
            "page": item.source_page,
        }
    return result


def _goal(goal: Any, goal_ids: dict[int, str]) -> dict[str, Any]:
    return _with_extra(
        goal,
        {
            "id": goal_ids[goal.pk],
            "code": goal.code or None,
            "title": goal.title,
            "description": goal.description or None,
            "level": goal.level,
            "parent": goal_ids.get(goal.parent_id) if goal.parent_id else None,
            "period": _period(goal),
            "criteria": goal.criteria,
        },
    )


def _indicators(snapshot: _Snapshot, goal_ids: dict[int, str]) -> list[dict[str, Any]]:
    indicators = snapshot.items("plans.Indicator", plan_id=snapshot.plan_id)
    targets = snapshot.children("plans.Target", "indicator", indicators)
    values = snapshot.children("followup.Measurement", "indicator", indicators)
    return [
        _with_extra(
            indicator,
            {
                "id": _item_id("i", indicator),
                "goal": goal_ids.get(indicator.goal_id) if indicator.goal_id else None,
                "name": indicator.name,
                "unit": indicator.unit or None,
                "direction": indicator.direction or None,
                "frequency": indicator.frequency or None,
                "data_source": indicator.data_source or None,
                "kolada_kpi": indicator.kolada_kpi or None,
                "baseline": _baseline(indicator),
                "targets": [_target(target) for target in targets[indicator.pk]],
                "values": [
                    {"period": value.period, "value": value.value, "gender": value.gender}
                    for value in values[indicator.pk]
                ],
            },
        )
        for indicator in indicators
    ]


def _baseline(indicator: Any) -> dict[str, Any] | None:
    if not indicator.has_baseline:
        return None
    return {
        "value": indicator.baseline_value,
        "year": indicator.baseline_year,
        "text": indicator.baseline_text or None,
    }


def _target(target: Any) -> dict[str, Any]:
    return {
        **(target.extra or {}),
        "year": target.year,
        "op": target.op or None,
        "value": target.value,
        "relative_to": target.relative_to or None,
        "text": target.text,
    }


def _links(through: Any, owner_field: str, owners: list[Any]) -> dict[int, list[int]]:
    """Today's goal links of the given items (these links are not historised)."""
    by_owner: dict[int, list[int]] = {owner.pk: [] for owner in owners}
    rows = through.objects.filter(**{f"{owner_field}_id__in": list(by_owner)})
    for owner_id, goal_id in rows.values_list(f"{owner_field}_id", "goal_id"):
        by_owner[owner_id].append(goal_id)
    return by_owner


def _activities(snapshot: _Snapshot, goal_ids: dict[int, str]) -> list[dict[str, Any]]:
    activities = snapshot.items("plans.Activity", plan_id=snapshot.plan_id)
    through = apps.get_model("plans.Activity").goals.through
    links = _links(through, "activity", activities)
    return [
        _with_extra(
            activity,
            {
                "id": _item_id("a", activity),
                "goals": [goal_ids[g] for g in links[activity.pk] if g in goal_ids],
                "title": activity.title,
                "responsible": activity.responsible,
                "follow_up": activity.follow_up or None,
                "status": activity.status or None,
                "period": _period(activity),
            },
        )
        for activity in activities
    ]


def _risks(snapshot: _Snapshot, goal_ids: dict[int, str]) -> list[dict[str, Any]]:
    risks = snapshot.items("internal_control.Risk", plan_id=snapshot.plan_id)
    controls = snapshot.children("internal_control.Control", "risk", risks)
    actions = snapshot.children("internal_control.RiskAction", "risk", risks)
    links = _links(apps.get_model("internal_control.Risk").goals.through, "risk", risks)
    return [
        _with_extra(
            risk,
            {
                "id": _item_id("r", risk),
                "code": risk.code or None,
                "title": risk.title,
                "description": risk.description or None,
                "area": risk.area or None,
                "goals": [goal_ids[g] for g in links[risk.pk] if g in goal_ids],
                "probability": risk.probability,
                "consequence": risk.consequence,
                "score": risk.score,
                "controls": [_control(control) for control in controls[risk.pk]],
                "actions": [_risk_action(action) for action in actions[risk.pk]],
            },
        )
        for risk in risks
    ]


def _risk_action(action: Any) -> dict[str, Any]:
    responsible = action.responsible or None
    return {**(action.extra or {}), "title": action.title, "responsible": responsible}


def _control(control: Any) -> dict[str, Any]:
    return {
        **(control.extra or {}),
        "description": control.description,
        "responsible": control.responsible or None,
        "frequency": control.frequency or None,
        "method": control.method or None,
        "report_to": control.report_to or None,
    }


def _budget(snapshot: _Snapshot) -> list[dict[str, Any]]:
    lines = snapshot.items("economy.BudgetLine", plan_id=snapshot.plan_id)
    values = snapshot.children("economy.BudgetValue", "line", lines)
    return [
        _with_extra(
            line,
            {
                "id": _item_id("b", line),
                "section": line.section or None,
                "label": line.label,
                "unit": line.unit or None,
                "is_total": line.is_total,
                "values": [
                    {"year": v.year, "kind": v.kind, "amount": v.amount} for v in values[line.pk]
                ],
            },
        )
        for line in lines
    ]


def _volumes(snapshot: _Snapshot) -> list[dict[str, Any]]:
    lines = snapshot.items("economy.VolumeLine", plan_id=snapshot.plan_id)
    values = snapshot.children("economy.VolumeValue", "line", lines)
    return [
        _with_extra(
            line,
            {
                "id": _item_id("v", line),
                "group": line.group or None,
                "label": line.label,
                "unit": line.unit or None,
                "values": [
                    {"year": v.year, "kind": v.kind, "value": v.value} for v in values[line.pk]
                ],
            },
        )
        for line in lines
    ]


def _political_point(point: Any) -> dict[str, Any]:
    return _with_extra(
        point,
        {
            "number": point.number,
            "text": point.text,
            "handling": point.handling or None,
            "status": point.status or None,
            "responsible_board": point.responsible_board or None,
            "concerned_boards": point.concerned_boards,
            "responsible_office": point.responsible_office or None,
            "concerned_offices": point.concerned_offices,
            "activities": point.activity_notes,
        },
    )
