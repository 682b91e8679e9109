"""Each kind of ``styr.plan/1`` item, both ways: document item → unsaved model instance, and
model instance → the item in canonical form.

The two directions of one kind sit next to each other so that a change to one is seen
beside the other. Canonical form is what an item created in the UI exports: every key
of the spec, ``null`` for an empty value, integral numbers as integers. What a document
wrote differently is kept by ``shape`` in the item's ``extra``.

Related items are referred to by their document id; the caller passes those ids in
(the loader from the document, the exporter from the stored refs), so these functions
never query the database.
"""

from __future__ import annotations

import datetime
from typing import Any

from styr.core.models import Sourced
from styr.economy.models import BudgetLine, BudgetValue, VolumeLine, VolumeValue
from styr.followup.models import Measurement, MeasurementOrigin
from styr.internal_control.models import Control, Risk, RiskAction
from styr.organisation.models import OrgUnit
from styr.plans.models import (
    Activity,
    Gender,
    Goal,
    Indicator,
    Plan,
    Target,
    UnrecognisedText,
)
from styr.politics.models import CalendarItem, PoliticalPoint

from .schema import FORMAT

Item = dict[str, Any]

# Model field → document key, for messages about a value the model refuses.
FIELD_KEYS = {
    "ref": "id",
    "period_from": "period.from",
    "period_to": "period.to",
    "source_file": "source.file",
    "source_line": "source.line",
    "source_page": "source.page",
    "baseline_value": "baseline.value",
    "baseline_year": "baseline.year",
    "baseline_text": "baseline.text",
    "activity_notes": "activities",
    "adopted_by": "adopted.by",
    "adopted_date": "adopted.date",
    "municipality_name": "municipality",
    "organisation_names": "organisation",
}


# --- small conversions ---------------------------------------------------------------


def text_or_null(value: str) -> str | None:
    return value or None


def blank_if_null(value: Any) -> str:
    return "" if value is None else str(value)


def number(value: float | int | None) -> float | int | None:
    """A stored float as JSON prefers it: ``3.0`` → ``3``."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def period(start: int | None, end: int | None) -> Item | None:
    return None if start is None and end is None else {"from": start, "to": end}


def read_period(item: Item, key: str = "period") -> tuple[int | None, int | None]:
    value = item.get(key) or {}
    return value.get("from"), value.get("to")


def source(obj: Sourced) -> Item | None:
    """Provenance with the parts that are known; ``null`` for an item without any."""
    parts: Item = {}
    if obj.source_file:
        parts["file"] = obj.source_file
    if obj.source_line is not None:
        parts["line"] = obj.source_line
    if obj.source_page is not None:
        parts["page"] = obj.source_page
    return parts or None


def read_source(obj: Sourced, item: Item) -> None:
    value = item.get("source") or {}
    obj.source_file = blank_if_null(value.get("file"))
    obj.source_line = value.get("line")
    obj.source_page = value.get("page")


# --- plan ----------------------------------------------------------------------------


def plan_from_document(doc: Item, owner: OrgUnit) -> Plan:
    head = doc["plan"]
    adopted = head.get("adopted") or {}
    start, end = read_period(head)
    return Plan(
        owner=owner,
        title=head["title"],
        kind=head["kind"],
        municipality_name=blank_if_null(head.get("municipality")),
        organisation_names=list(head.get("organisation") or []),
        period_from=start,
        period_to=end,
        reference=blank_if_null(head.get("reference")),
        adopted_by=blank_if_null(adopted.get("by")),
        adopted_date=read_date(adopted.get("date")),
    )


def read_date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def plan_to_document(plan: Plan, lists: dict[str, list[Item]]) -> Item:
    adopted = None
    if plan.adopted_by or plan.adopted_date:
        adopted = {
            "by": text_or_null(plan.adopted_by),
            "date": plan.adopted_date.isoformat() if plan.adopted_date else None,
        }
    head = {
        "title": plan.title,
        "kind": plan.kind,
        "municipality": text_or_null(plan.municipality_name),
        "organisation": list(plan.organisation_names),
        "period": period(plan.period_from, plan.period_to),
        "reference": text_or_null(plan.reference),
        "adopted": adopted,
    }
    return {"format": FORMAT, "plan": head, **{key: lists.get(key, []) for key in LIST_KEYS}}


LIST_KEYS = (
    "goals",
    "indicators",
    "activities",
    "risks",
    "budget",
    "volumes",
    "political_points",
    "calendar",
    "unrecognised",
)


# --- goals ---------------------------------------------------------------------------


def goal_from_document(item: Item) -> Goal:
    start, end = read_period(item)
    goal = Goal(
        ref=item["id"],
        code=blank_if_null(item.get("code")),
        title=item["title"],
        description=blank_if_null(item.get("description")),
        level=item["level"],
        period_from=start,
        period_to=end,
        criteria=list(item.get("criteria") or []),
    )
    read_source(goal, item)
    return goal


def goal_to_document(goal: Goal, *, id: str, parent: str | None) -> Item:
    return {
        "id": id,
        "code": text_or_null(goal.code),
        "title": goal.title,
        "description": text_or_null(goal.description),
        "level": goal.level,
        "parent": parent,
        "period": period(goal.period_from, goal.period_to),
        "criteria": list(goal.criteria),
        "source": source(goal),
    }


# --- indicators, targets, measured values ---------------------------------------------


def indicator_from_document(item: Item) -> Indicator:
    baseline = item.get("baseline")
    indicator = Indicator(
        ref=item["id"],
        name=item["name"],
        unit=blank_if_null(item.get("unit")),
        direction=blank_if_null(item.get("direction")),
        frequency=blank_if_null(item.get("frequency")),
        data_source=blank_if_null(item.get("data_source")),
        kolada_kpi=blank_if_null(item.get("kolada_kpi")),
        has_baseline=isinstance(baseline, dict),
    )
    if isinstance(baseline, dict):
        indicator.baseline_value = baseline.get("value")
        indicator.baseline_year = baseline.get("year")
        indicator.baseline_text = blank_if_null(baseline.get("text"))
    read_source(indicator, item)
    return indicator


def indicator_to_document(
    indicator: Indicator,
    *,
    id: str,
    goal: str | None,
    targets: list[Item],
    values: list[Item],
) -> Item:
    baseline = None
    if indicator.has_baseline:
        baseline = {
            "value": number(indicator.baseline_value),
            "year": indicator.baseline_year,
            "text": text_or_null(indicator.baseline_text),
        }
    return {
        "id": id,
        "goal": goal,
        "name": indicator.name,
        "unit": text_or_null(indicator.unit),
        "direction": text_or_null(indicator.direction),
        "frequency": text_or_null(indicator.frequency),
        "data_source": text_or_null(indicator.data_source),
        "kolada_kpi": text_or_null(indicator.kolada_kpi),
        "baseline": baseline,
        "targets": targets,
        "values": values,
        "source": source(indicator),
    }


def target_from_document(item: Item) -> Target:
    gender = item.get("gender")
    target = Target(
        year=item.get("year"),
        op=blank_if_null(item.get("op")),
        value=item.get("value"),
        relative_to=blank_if_null(item.get("relative_to")),
        # Not a key of the spec; modelled when it is one of ours, kept as written otherwise.
        gender=gender if gender in Gender.values else "",
        text=item["text"],
    )
    read_source(target, item)
    return target


def target_to_document(target: Target) -> Item:
    doc: Item = {
        "year": target.year,
        "op": text_or_null(target.op),
        "value": number(target.value),
        "relative_to": text_or_null(target.relative_to),
        "text": target.text,
    }
    if target.gender:
        doc["gender"] = target.gender
    if source(target):
        doc["source"] = source(target)
    return doc


def measurement_from_document(item: Item) -> Measurement:
    """An indicator's ``values`` entry; no gender means the total."""
    return Measurement(
        period=item["period"],
        year=int(item["period"][:4]),
        value=item["value"],
        gender=item.get("gender") or Gender.TOTAL,
        origin=MeasurementOrigin.DOCUMENT,
    )


def measurement_to_document(measurement: Measurement) -> Item:
    return {
        "period": measurement.period,
        "value": number(measurement.value),
        "gender": measurement.gender or None,
    }


# --- activities ----------------------------------------------------------------------


def activity_from_document(item: Item) -> Activity:
    start, end = read_period(item)
    activity = Activity(
        ref=item["id"],
        title=item["title"],
        responsible=list(item.get("responsible") or []),
        follow_up=blank_if_null(item.get("follow_up")),
        status=blank_if_null(item.get("status")),
        period_from=start,
        period_to=end,
    )
    read_source(activity, item)
    return activity


def activity_to_document(activity: Activity, *, id: str, goals: list[str]) -> Item:
    return {
        "id": id,
        "goals": goals,
        "title": activity.title,
        "responsible": list(activity.responsible),
        "follow_up": text_or_null(activity.follow_up),
        "status": text_or_null(activity.status),
        "period": period(activity.period_from, activity.period_to),
        "source": source(activity),
    }


# --- risks, controls, actions ----------------------------------------------------------


def risk_from_document(item: Item) -> Risk:
    risk = Risk(
        ref=item["id"],
        code=blank_if_null(item.get("code")),
        title=item["title"],
        description=blank_if_null(item.get("description")),
        area=blank_if_null(item.get("area")),
        probability=item.get("probability"),
        consequence=item.get("consequence"),
        score=item.get("score"),
    )
    read_source(risk, item)
    return risk


def risk_to_document(
    risk: Risk, *, id: str, goals: list[str], controls: list[Item], actions: list[Item]
) -> Item:
    return {
        "id": id,
        "code": text_or_null(risk.code),
        "title": risk.title,
        "description": text_or_null(risk.description),
        "area": text_or_null(risk.area),
        "goals": goals,
        "probability": risk.probability,
        "consequence": risk.consequence,
        "score": number(risk.score),
        "controls": controls,
        "actions": actions,
        "source": source(risk),
    }


CONTROL_KEYS = ("description", "responsible", "frequency", "method", "report_to")


def control_from_document(item: Item) -> Control:
    return Control(**{key: blank_if_null(item.get(key)) for key in CONTROL_KEYS})


def control_to_document(control: Control) -> Item:
    return {key: text_or_null(getattr(control, key)) for key in CONTROL_KEYS}


def action_from_document(item: Item) -> RiskAction:
    return RiskAction(title=item["title"], responsible=blank_if_null(item.get("responsible")))


def action_to_document(action: RiskAction) -> Item:
    return {"title": action.title, "responsible": text_or_null(action.responsible)}


# --- budget and volumes --------------------------------------------------------------


def budget_line_from_document(item: Item) -> BudgetLine:
    line = BudgetLine(
        ref=item["id"],
        section=blank_if_null(item.get("section")),
        label=item["label"],
        unit=blank_if_null(item.get("unit")),
        is_total=bool(item.get("is_total", False)),
    )
    read_source(line, item)
    return line


def budget_line_to_document(line: BudgetLine, *, id: str, values: list[Item]) -> Item:
    return {
        "id": id,
        "section": text_or_null(line.section),
        "label": line.label,
        "unit": text_or_null(line.unit),
        "is_total": line.is_total,
        "values": values,
        "source": source(line),
    }


def budget_value_from_document(item: Item) -> BudgetValue:
    return BudgetValue(year=item.get("year"), kind=item["kind"], amount=item["amount"])


def budget_value_to_document(value: BudgetValue) -> Item:
    return {"year": value.year, "kind": value.kind, "amount": number(value.amount)}


def volume_line_from_document(item: Item) -> VolumeLine:
    line = VolumeLine(
        ref=item["id"],
        group=blank_if_null(item.get("group")),
        label=item["label"],
        unit=blank_if_null(item.get("unit")),
    )
    read_source(line, item)
    return line


def volume_line_to_document(line: VolumeLine, *, id: str, values: list[Item]) -> Item:
    return {
        "id": id,
        "group": text_or_null(line.group),
        "label": line.label,
        "unit": text_or_null(line.unit),
        "values": values,
        "source": source(line),
    }


def volume_value_from_document(item: Item) -> VolumeValue:
    return VolumeValue(year=item.get("year"), kind=item["kind"], value=item["value"])


def volume_value_to_document(value: VolumeValue) -> Item:
    return {"year": value.year, "kind": value.kind, "value": number(value.value)}


# --- political programme, calendar, unrecognised text -----------------------------------


def political_point_from_document(item: Item) -> PoliticalPoint:
    point = PoliticalPoint(
        ref=blank_if_null(item.get("id")),
        number=item["number"],
        text=item["text"],
        handling=blank_if_null(item.get("handling")),
        status=blank_if_null(item.get("status")),
        responsible_board=blank_if_null(item.get("responsible_board")),
        concerned_boards=list(item.get("concerned_boards") or []),
        responsible_office=blank_if_null(item.get("responsible_office")),
        concerned_offices=list(item.get("concerned_offices") or []),
        activity_notes=list(item.get("activities") or []),
    )
    read_source(point, item)
    return point


def political_point_to_document(point: PoliticalPoint) -> Item:
    # The spec gives political points no id; one is written only when the item has one.
    doc: Item = {"id": point.ref} if point.ref else {}
    doc |= {
        "number": point.number,
        "text": point.text,
        "handling": text_or_null(point.handling),
        "status": text_or_null(point.status),
        "responsible_board": text_or_null(point.responsible_board),
        "concerned_boards": list(point.concerned_boards),
        "responsible_office": text_or_null(point.responsible_office),
        "concerned_offices": list(point.concerned_offices),
        "activities": list(point.activity_notes),
        "source": source(point),
    }
    return doc


def calendar_item_from_document(item: Item) -> CalendarItem:
    entry = CalendarItem(
        ref=blank_if_null(item.get("id")),
        month=item.get("month"),
        label=blank_if_null(item.get("label")),
        items=list(item["items"]),
    )
    read_source(entry, item)
    return entry


def calendar_item_to_document(entry: CalendarItem) -> Item:
    doc: Item = {"id": entry.ref} if entry.ref else {}
    doc |= {
        "month": entry.month,
        "label": text_or_null(entry.label),
        "items": list(entry.items),
        "source": source(entry),
    }
    return doc


def unrecognised_from_document(item: Item) -> UnrecognisedText:
    text = UnrecognisedText(text=item["text"])
    read_source(text, item)
    return text


def unrecognised_to_document(text: UnrecognisedText) -> Item:
    return {"text": text.text, "source": source(text)}
