"""Store a ``styr.plan/1`` document as one new plan, all or nothing.

Loading is two steps. ``prepare`` checks everything without touching the database: the
schema, ids and references, that each value fits its model field, and that every item
can be exported back exactly (see ``shape``). Only a document without problems reaches
``store``, which writes it in one transaction with bulk inserts that also write the
audit trail (one "+" history row per object, with the user and the reason).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from styr.economy.models import BudgetLine, BudgetValue, VolumeLine, VolumeValue
from styr.followup.models import Measurement
from styr.internal_control.models import Control, Risk, RiskAction
from styr.organisation.models import OrgUnit
from styr.plans.models import Activity, Goal, Indicator, Plan, Target, UnrecognisedText
from styr.politics.models import CalendarItem, PoliticalPoint

from . import mapping
from .errors import InterchangeError
from .mapping import Item
from .schema import describe_path, validate_document
from .shape import ShapeConflict, compare

CHANGE_REASON = "Inläst från styr.plan/1-dokument"

M = TypeVar("M", bound=models.Model)


@dataclass
class Prepared:
    """A checked document as unsaved model instances, ready to store."""

    plan: Plan
    goals: list[tuple[Goal, str | None]] = field(default_factory=list)  # (goal, parent id)
    indicators: list[tuple[Indicator, str | None, list[Target], list[Measurement]]] = field(
        default_factory=list
    )
    activities: list[tuple[Activity, list[str]]] = field(default_factory=list)
    risks: list[tuple[Risk, list[str], list[Control], list[RiskAction]]] = field(
        default_factory=list
    )
    budget: list[tuple[BudgetLine, list[BudgetValue]]] = field(default_factory=list)
    volumes: list[tuple[VolumeLine, list[VolumeValue]]] = field(default_factory=list)
    political_points: list[PoliticalPoint] = field(default_factory=list)
    calendar: list[CalendarItem] = field(default_factory=list)
    unrecognised: list[UnrecognisedText] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def load(
    doc: Any, owner: OrgUnit, *, user: Any = None, source_file: str = ""
) -> tuple[Plan, list[str]]:
    """Store the document as a new plan; the plan and warnings about texts cut to fit."""
    prepared = prepare(doc, owner)
    if source_file:
        prepared.plan.source_file = source_file[:255]
    try:
        with transaction.atomic():
            return store(prepared, user=user), prepared.warnings
    except DatabaseError as exc:
        raise InterchangeError(
            _("Databasen vägrade spara planen: %(error)s") % {"error": exc}
        ) from exc


# --- checking ------------------------------------------------------------------------


class _Preparer:
    def __init__(self, doc: Item, owner: OrgUnit) -> None:
        self.doc = doc
        self.owner = owner
        self.problems: list[str] = []
        self.warnings: list[str] = []

    def problem(self, path: Sequence[str | int], message: str) -> None:
        self.problems.append(f"{describe_path(self.doc, path)}: {message}")

    def run(self) -> Prepared:
        self.check_ids()
        goal_ids = {item["id"] for item in self.doc["goals"]}
        self.check_goal_tree(goal_ids)
        plan = mapping.plan_from_document(self.doc, self.owner) if self.adopted_ok() else None
        if plan is not None:
            plan._interchange_shortened = [  # type: ignore[attr-defined]
                f"plan.{key}" for key in shorten_long_texts(plan)
            ]
        result = Prepared(plan=plan or Plan(owner=self.owner))
        self.prepare_items(result, goal_ids)
        if plan is not None:
            self.finish(plan, [], mapping.plan_to_document(plan, self.child_lists()))
            plan.source_file = self.main_source_file()
        result.warnings = self.warnings
        return result

    # ids and references

    def check_ids(self) -> None:
        seen: dict[str, list[str | int]] = {}
        for kind in mapping.LIST_KEYS:
            for index, item in enumerate(self.doc.get(kind, [])):
                ref = item.get("id")
                if not isinstance(ref, str):
                    continue
                if ref in seen:
                    first = describe_path(self.doc, seen[ref])
                    self.problem(
                        [kind, index, "id"], _("id:t används redan av %(first)s") % {"first": first}
                    )
                else:
                    seen[ref] = [kind, index]

    def check_goal_tree(self, goal_ids: set[str]) -> None:
        parents = {item["id"]: item.get("parent") for item in self.doc["goals"]}
        for index, item in enumerate(self.doc["goals"]):
            parent = item.get("parent")
            if parent is not None and parent not in goal_ids:
                self.problem(["goals", index, "parent"], self.unknown_goal(parent))
            elif parent is not None and _in_cycle(item["id"], parents):
                self.problem(["goals", index, "parent"], _("målen bildar en cirkel"))

    def check_goal_refs(
        self, path: list[str | int], refs: Iterable[str], goal_ids: set[str]
    ) -> None:
        refs = list(refs)
        for ref in refs:
            if ref not in goal_ids:
                self.problem(path, self.unknown_goal(ref))
        for ref, count in Counter(refs).items():
            if count > 1:
                self.problem(path, _('målet "%(ref)s" anges mer än en gång') % {"ref": ref})

    @staticmethod
    def unknown_goal(ref: str) -> str:
        return _('det finns inget mål med id "%(ref)s"') % {"ref": ref}

    def adopted_ok(self) -> bool:
        date = (self.doc["plan"].get("adopted") or {}).get("date")
        try:
            mapping.read_date(date)
        except ValueError:
            self.problem(["plan", "adopted", "date"], _("%(date)s är inget datum") % {"date": date})
            return False
        return True

    # items

    def prepare_items(self, result: Prepared, goal_ids: set[str]) -> None:
        doc = self.doc
        for i, item in enumerate(doc["goals"]):
            goal = self.build(item, mapping.goal_from_document)
            canonical = mapping.goal_to_document(goal, id=item["id"], parent=item.get("parent"))
            self.finish(goal, ["goals", i], canonical, position=i)
            result.goals.append((goal, item.get("parent")))
        for i, item in enumerate(doc["indicators"]):
            result.indicators.append(self.prepare_indicator(i, item, goal_ids))
        for i, item in enumerate(doc["activities"]):
            activity = self.build(item, mapping.activity_from_document)
            goals = list(item.get("goals") or [])
            self.check_goal_refs(["activities", i, "goals"], goals, goal_ids)
            canonical = mapping.activity_to_document(activity, id=item["id"], goals=goals)
            self.finish(activity, ["activities", i], canonical, position=i)
            result.activities.append((activity, goals))
        for i, item in enumerate(doc["risks"]):
            result.risks.append(self.prepare_risk(i, item, goal_ids))
        for i, item in enumerate(doc["budget"]):
            line = self.build(item, mapping.budget_line_from_document)
            values = self.prepare_children(
                ["budget", i, "values"],
                mapping.budget_value_from_document,
                mapping.budget_value_to_document,
            )
            canonical = mapping.budget_line_to_document(
                line, id=item["id"], values=item.get("values", [])
            )
            self.finish(line, ["budget", i], canonical, position=i)
            result.budget.append((line, values))
        for i, item in enumerate(doc["volumes"]):
            volume = self.build(item, mapping.volume_line_from_document)
            volume_values = self.prepare_children(
                ["volumes", i, "values"],
                mapping.volume_value_from_document,
                mapping.volume_value_to_document,
            )
            canonical = mapping.volume_line_to_document(
                volume, id=item["id"], values=item.get("values", [])
            )
            self.finish(volume, ["volumes", i], canonical, position=i)
            result.volumes.append((volume, volume_values))
        result.political_points = self.prepare_children(
            ["political_points"],
            mapping.political_point_from_document,
            mapping.political_point_to_document,
        )
        result.calendar = self.prepare_children(
            ["calendar"], mapping.calendar_item_from_document, mapping.calendar_item_to_document
        )
        result.unrecognised = self.prepare_children(
            ["unrecognised"], mapping.unrecognised_from_document, mapping.unrecognised_to_document
        )

    def prepare_indicator(
        self, i: int, item: Item, goal_ids: set[str]
    ) -> tuple[Indicator, str | None, list[Target], list[Measurement]]:
        indicator = self.build(item, mapping.indicator_from_document)
        goal = item.get("goal")
        if goal is not None and goal not in goal_ids:
            self.problem(["indicators", i, "goal"], self.unknown_goal(goal))
        targets = self.prepare_children(
            ["indicators", i, "targets"], mapping.target_from_document, mapping.target_to_document
        )
        values = self.prepare_children(
            ["indicators", i, "values"],
            mapping.measurement_from_document,
            mapping.measurement_to_document,
        )
        periods = Counter((value.period, value.gender) for value in values)
        for (period, gender), count in periods.items():
            if count > 1:
                self.problem(
                    ["indicators", i, "values"],
                    _("perioden %(period)s (kön %(gender)s) har mer än ett värde")
                    % {"period": period, "gender": gender},
                )
        canonical = mapping.indicator_to_document(
            indicator,
            id=item["id"],
            goal=goal,
            targets=item.get("targets", []),
            values=item.get("values", []),
        )
        self.finish(indicator, ["indicators", i], canonical, position=i)
        return indicator, goal, targets, values

    def prepare_risk(
        self, i: int, item: Item, goal_ids: set[str]
    ) -> tuple[Risk, list[str], list[Control], list[RiskAction]]:
        risk = self.build(item, mapping.risk_from_document)
        goals = list(item.get("goals") or [])
        self.check_goal_refs(["risks", i, "goals"], goals, goal_ids)
        controls = self.prepare_children(
            ["risks", i, "controls"], mapping.control_from_document, mapping.control_to_document
        )
        actions = self.prepare_children(
            ["risks", i, "actions"], mapping.action_from_document, mapping.action_to_document
        )
        canonical = mapping.risk_to_document(
            risk,
            id=item["id"],
            goals=goals,
            controls=item.get("controls", []),
            actions=item.get("actions", []),
        )
        self.finish(risk, ["risks", i], canonical, position=i)
        return risk, goals, controls, actions

    def prepare_children(
        self,
        path: list[str | int],
        build: Callable[[Item], M],
        to_document: Callable[[M], Item],
    ) -> list[M]:
        """A list of items that need no references: build, check, keep the shape."""
        node: Any = self.doc
        for part in path:
            node = node[part] if isinstance(part, int) else node.get(part, [])
        children = []
        for index, item in enumerate(node):
            child = self.build(item, build)
            self.finish(child, [*path, index], to_document(child), position=index)
            children.append(child)
        return children

    def build(self, item: Item, build: Callable[[Item], M]) -> M:
        obj = build(item)
        obj._interchange_item = item  # type: ignore[attr-defined]
        obj._interchange_shortened = shorten_long_texts(obj)  # type: ignore[attr-defined]
        return obj

    def finish(
        self, obj: models.Model, path: list[str | int], canonical: Item, position: int = 0
    ) -> None:
        """Keep what the canonical form cannot say in ``extra``; check the field values."""
        written = getattr(obj, "_interchange_item", None)
        if written is None:  # the plan: its item is the whole document
            written = self.doc
        shortened = getattr(obj, "_interchange_shortened", [])
        where = f"{describe_path(self.doc, path)}." if path else ""
        for key in shortened:
            self.warnings.append(
                f"{where}{key}: "
                + _("texten är längre än fältet rymmer; hela texten behålls i exporten")
            )
        try:
            extra = compare(written, canonical, shortened).as_extra()
            obj.extra = extra  # type: ignore[attr-defined]
        except ShapeConflict as conflict:
            self.problem(path, _not_exact(conflict))
        if hasattr(obj, "position"):
            obj.position = position
        self.check_fields(obj, path or ["plan"])

    def check_fields(self, obj: models.Model, path: list[str | int]) -> None:
        relations = [f.name for f in obj._meta.get_fields() if f.is_relation]
        try:
            obj.clean_fields(exclude=relations)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                key = mapping.FIELD_KEYS.get(name, name)
                self.problem(path, f"{key}: {' '.join(messages)}")

    def child_lists(self) -> dict[str, list[Item]]:
        return {key: self.doc[key] for key in mapping.LIST_KEYS if key in self.doc}

    def main_source_file(self) -> str:
        """The file most items say they come from: the document the plan was read from."""
        files: Counter[str] = Counter()
        for kind in mapping.LIST_KEYS:
            for item in self.doc.get(kind, []):
                name = (item.get("source") or {}).get("file")
                if isinstance(name, str) and name:
                    files[name] += 1
        return files.most_common(1)[0][0][:255] if files else ""


def shorten_long_texts(obj: models.Model) -> list[str]:
    """Cut texts longer than their field to fit; the document keys of those cut.

    The whole text stays in ``extra`` (see ``shape``), so the export is still exact; the
    field holds the start, marked with "…", for lists and search.
    """
    keys = []
    for model_field in obj._meta.concrete_fields:
        limit = getattr(model_field, "max_length", None)
        value = getattr(obj, model_field.attname)
        is_text = isinstance(model_field, models.CharField) and isinstance(value, str)
        # An id is never cut: references must match it exactly.
        if is_text and limit and len(value) > limit and model_field.name != "ref":
            setattr(obj, model_field.attname, value[: limit - 1] + "…")
            keys.append(mapping.FIELD_KEYS.get(model_field.name, model_field.name))
    return keys


def _not_exact(conflict: ShapeConflict) -> str:
    if conflict.path.split(".")[-1] == "_styr":
        return _("nyckeln _styr är reserverad för Styr")
    return _(
        "%(key)s kan inte lagras exakt (dokumentet: %(written)r, Styr skulle skriva %(styr)r)"
    ) % {"key": conflict.path, "written": conflict.written, "styr": conflict.canonical}


def _in_cycle(start: str, parents: dict[str, str | None]) -> bool:
    seen = {start}
    node = parents.get(start)
    while node is not None:
        if node in seen:
            return True
        seen.add(node)
        node = parents.get(node)
    return False


def prepare(doc: Any, owner: OrgUnit) -> Prepared:
    """Check the whole document; raise ``InterchangeError`` with every problem found."""
    problems = validate_document(doc)
    if problems:
        raise InterchangeError(problems)
    preparer = _Preparer(doc, owner)
    result = preparer.run()
    if preparer.problems:
        raise InterchangeError(preparer.problems)
    return result


# --- storing -------------------------------------------------------------------------


def store(prepared: Prepared, *, user: Any = None) -> Plan:
    """Write a prepared document. Call inside a transaction."""
    user = user if user is not None and getattr(user, "pk", None) else None
    plan = prepared.plan
    plan._history_user = user  # type: ignore[attr-defined]
    plan._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
    plan.save()
    writer = _Writer(plan, user)
    goals = writer.goals(prepared.goals)
    writer.indicators(prepared.indicators, goals)
    writer.activities(prepared.activities, goals)
    writer.risks(prepared.risks, goals)
    writer.create(BudgetLine, writer.in_plan([line for line, _values in prepared.budget]))
    writer.create(BudgetValue, _children(prepared.budget, "line"))
    writer.create(VolumeLine, writer.in_plan([line for line, _values in prepared.volumes]))
    writer.create(VolumeValue, _children(prepared.volumes, "line"))
    writer.create(PoliticalPoint, writer.in_plan(prepared.political_points))
    writer.create(CalendarItem, writer.in_plan(prepared.calendar))
    # Unrecognised text has no history of its own: it belongs to the plan's import.
    UnrecognisedText.objects.bulk_create(writer.in_plan(prepared.unrecognised))
    return plan


def _children(rows: Sequence[tuple[Any, list[Any]]], parent_field: str) -> list[Any]:
    children = []
    for parent, kids in rows:
        for kid in kids:
            setattr(kid, parent_field, parent)
            children.append(kid)
    return children


class _Writer:
    def __init__(self, plan: Plan, user: Any) -> None:
        self.plan = plan
        self.user = user

    def create(self, model: type[M], objs: list[M]) -> list[M]:
        if not objs:
            return []
        if not hasattr(model, "history"):
            return model._default_manager.bulk_create(objs)
        created: list[M] = bulk_create_with_history(
            objs, model, default_user=self.user, default_change_reason=CHANGE_REASON
        )
        return created

    def in_plan(self, objs: list[M]) -> list[M]:
        for obj in objs:
            obj.plan = self.plan  # type: ignore[attr-defined]
        return objs

    def goals(self, rows: list[tuple[Goal, str | None]]) -> dict[str, Goal]:
        """Goals level by level, so that each parent exists before its children."""
        by_ref: dict[str, Goal] = {}
        pending = list(rows)
        while pending:
            ready = [(g, parent) for g, parent in pending if parent is None or parent in by_ref]
            if not ready:  # prepare() refuses cycles and unknown parents; never loop forever
                raise InterchangeError(_("målen bildar en cirkel"))
            for goal, parent in ready:
                goal.plan = self.plan
                goal.parent = by_ref[parent] if parent is not None else None
            self.create(Goal, [goal for goal, _parent in ready])
            by_ref.update((goal.ref, goal) for goal, _parent in ready)
            pending = [row for row in pending if row not in ready]
        return by_ref

    def indicators(
        self,
        rows: list[tuple[Indicator, str | None, list[Target], list[Measurement]]],
        goals: dict[str, Goal],
    ) -> None:
        for indicator, goal, _targets, _values in rows:
            indicator.plan = self.plan
            indicator.goal = goals[goal] if goal is not None else None
        self.create(Indicator, [row[0] for row in rows])
        targets, values = [], []
        for indicator, _goal, its_targets, its_values in rows:
            for target in its_targets:
                target.indicator = indicator
                targets.append(target)
            for value in its_values:
                value.indicator = indicator
                value.entered_by = self.user
                values.append(value)
        self.create(Target, targets)
        self.create(Measurement, values)

    def activities(self, rows: list[tuple[Activity, list[str]]], goals: dict[str, Goal]) -> None:
        activities = self.create(Activity, self.in_plan([row[0] for row in rows]))
        links = [
            Activity.goals.through(activity_id=activity.pk, goal_id=goals[ref].pk)
            for activity, refs in rows
            for ref in refs
        ]
        Activity.goals.through.objects.bulk_create(links)
        self.link_responsible_units(activities)

    def link_responsible_units(self, activities: list[Activity]) -> None:
        """Link the units an activity's "ansvarig" names; the text stays as written."""
        if not any(activity.responsible for activity in activities):
            return
        units = list(OrgUnit.objects.filter(municipality_id=self.plan.owner.municipality_id))
        for activity in activities:
            matched = match_units(activity.responsible, units)
            if matched:
                activity._history_user = self.user  # type: ignore[attr-defined]
                activity._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
                activity.responsible_units.add(*matched)

    def risks(
        self,
        rows: list[tuple[Risk, list[str], list[Control], list[RiskAction]]],
        goals: dict[str, Goal],
    ) -> None:
        self.create(Risk, self.in_plan([row[0] for row in rows]))
        links = [
            Risk.goals.through(risk_id=risk.pk, goal_id=goals[ref].pk)
            for risk, refs, _c, _a in rows
            for ref in refs
        ]
        Risk.goals.through.objects.bulk_create(links)
        controls, actions = [], []
        for risk, _refs, its_controls, its_actions in rows:
            for control in its_controls:
                control.risk = risk
                controls.append(control)
            for action in its_actions:
                action.risk = risk
                actions.append(action)
        self.create(Control, controls)
        self.create(RiskAction, actions)


MIN_UNIT_NAME = 3


def match_units(responsible: Iterable[str], units: Iterable[OrgUnit]) -> list[OrgUnit]:
    """Units whose name is one of the strings or stands as whole words inside one.

    "Enhetschef Resursteamet" names the unit "Resursteamet"; very short names are skipped
    because they would match by accident.
    """
    texts = [text.casefold() for text in responsible if isinstance(text, str)]
    matched = []
    for unit in units:
        name = unit.name.casefold().strip()
        if len(name) < MIN_UNIT_NAME:
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        if any(text == name or pattern.search(text) for text in texts):
            matched.append(unit)
    return matched
