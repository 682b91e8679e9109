"""The synthetic municipality generator.

Deterministic: every choice comes from a ``random.Random`` seeded with the seed and the
municipality's index, and every date from the base (plan) year, so the same seed gives the
same municipality on any machine, any day. Each municipality is written in its own
transaction with ``bulk_create`` (see ``writer.py`` for why no history rows are made).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction

from styr.demo import vocabulary as words
from styr.demo.blueprint import Blueprint, municipality_name, sized_blueprint
from styr.demo.context import Build, CommitteeNode, DepartmentNode
from styr.demo.gen_economy import build_economy
from styr.demo.gen_followup import build_follow_up
from styr.demo.gen_indicators import build_indicators
from styr.demo.gen_internal_control import build_internal_control
from styr.demo.gen_politics import build_politics
from styr.demo.sizes import DEFAULT_BASE_YEAR, SIZES, spread
from styr.demo.writer import BulkWriter
from styr.organisation.models import Municipality, OrgUnit, OrgUnitKind
from styr.plans.models import Activity, ActivityStatus, Goal, GoalLevel, Plan, PlanKind, PlanStatus

Progress = Callable[[str], None]


@dataclass
class GenerationResult:
    municipality_ids: list[int] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


def generate(
    size: str, seed: int, base_year: int = DEFAULT_BASE_YEAR, progress: Progress | None = None
) -> GenerationResult:
    """Generate the municipalities of benchmark size ``size`` (S, M, L or XL)."""
    try:
        profile = SIZES[size.upper()]
    except KeyError:
        raise ValueError(f"Unknown size {size!r}; choose one of {', '.join(SIZES)}") from None
    result = GenerationResult()
    for index in range(profile.municipalities):
        name = municipality_name(seed, index, _name_is_taken)
        rng = random.Random(f"styr-demo:{seed}:{index}")  # noqa: S311 - synthetic data, not secrets
        blueprint = sized_blueprint(profile, rng, name)
        municipality, counts = build_municipality(blueprint, rng, base_year, progress)
        result.municipality_ids.append(municipality.pk)
        result.counts.update(counts)
    analyze()
    return result


def analyze() -> None:
    """Refresh PostgreSQL's table statistics and visibility map after a bulk load.

    Until autovacuum gets round to it the planner guesses row counts from empty tables: at
    size L it then read a year of every indicator's values (bitmap AND of the year index)
    for a plan page's 220 indicators, 1.7 s instead of 17 ms with statistics. VACUUM also
    marks the loaded pages all-visible, without which no index-only scan skips the table
    (the follow-up run's read of two years of values: 0.29 s instead of 0.14 s at L).
    VACUUM cannot run in a transaction; inside one, statistics are all that is refreshed.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")


def _name_is_taken(name: str) -> bool:
    return Municipality.objects.filter(name=name).exists()


def build_municipality(
    blueprint: Blueprint,
    rng: random.Random,
    base_year: int = DEFAULT_BASE_YEAR,
    progress: Progress | None = None,
) -> tuple[Municipality, Counter[str]]:
    """Write one municipality from its blueprint, all or nothing."""
    say = progress or (lambda _message: None)
    writer = BulkWriter()
    with transaction.atomic():
        municipality = Municipality.objects.create(name=blueprint.municipality)
        writer.counts[Municipality._meta.label] += 1
        build = Build(rng, base_year, blueprint.amounts, writer, municipality)
        say(f"{municipality.name}: organisation")
        build_organisation(build, blueprint)
        build_plans(build)
        build_goals(build)
        say(f"{municipality.name}: indikatorer och utfall")
        build_indicators(build)
        build_activities(build)
        build_follow_up(build)
        say(f"{municipality.name}: internkontroll, ekonomi och politik")
        build_internal_control(build)
        build_economy(build)
        build_politics(build)
    return municipality, writer.counts


# --- organisation -------------------------------------------------------------------------


def build_organisation(build: Build, blueprint: Blueprint) -> None:
    municipality = build.municipality

    def unit(kind: str, name: str, parent: OrgUnit | None = None, short: str = "") -> OrgUnit:
        return OrgUnit(
            municipality=municipality, parent=parent, kind=kind, name=name, short_name=short
        )

    tops = [
        unit(OrgUnitKind.COUNCIL, "Kommunfullmäktige", short="KF"),
        unit(OrgUnitKind.EXECUTIVE_BOARD, "Kommunstyrelsen", short="KS"),
    ]
    committees = [
        unit(OrgUnitKind.COMMITTEE, c.name, short=c.short_name) for c in blueprint.committees
    ]
    _create_level(build, tops + committees)
    administrations = [
        unit(OrgUnitKind.ADMINISTRATION, spec.administration, committee, spec.administration_short)
        for spec, committee in zip(blueprint.committees, committees, strict=True)
    ]
    _create_level(build, administrations)
    departments = [
        (spec, d, unit(OrgUnitKind.DEPARTMENT, d.name, admin))
        for spec, admin in zip(blueprint.committees, administrations, strict=True)
        for d in spec.departments
    ]
    _create_level(build, [d for _, _, d in departments])
    units = {
        d.pk: [unit(OrgUnitKind.UNIT, name, d) for name in dspec.units]
        for _, dspec, d in departments
    }
    _create_level(build, [u for group in units.values() for u in group])
    for spec, committee, admin in zip(
        blueprint.committees, committees, administrations, strict=True
    ):
        nodes = [
            DepartmentNode(dspec, d, units[d.pk])
            for cspec, dspec, d in departments
            if cspec is spec
        ]
        build.committees.append(CommitteeNode(spec, committee, admin, nodes))


def _create_level(build: Build, units: list[OrgUnit]) -> None:
    """Insert one level of the tree, then fill in the materialised paths save() would set."""
    build.writer.create(OrgUnit, units)
    for unit in units:
        unit.path = (unit.parent.path if unit.parent else "/") + f"{unit.pk}/"
    OrgUnit.objects.bulk_update(units, ["path"], batch_size=build.writer.batch_size)


# --- plans and goals ----------------------------------------------------------------------


def build_plans(build: Build) -> None:
    year = build.base_year
    top: list[Plan] = []
    for number, node in enumerate(build.committees, start=1):
        short = node.spec.short_name
        node.plan = Plan(
            title=f"{node.spec.plan_kind.capitalize()} {year} för {node.spec.name}",
            kind=node.spec.plan_kind,
            reference=f"{short} {year - 1}/{100 + number:04d}",
            **_plan_fields(build, node.unit, [node.spec.name]),
        )
        node.control_plan = Plan(
            title=f"Internkontrollplan {year} för {node.spec.name}",
            kind=PlanKind.INTERNAL_CONTROL,
            reference=f"{short} {year - 1}/{200 + number:04d}",
            **_plan_fields(build, node.unit, [node.spec.name]),
        )
        top += [node.own_plan, node.own_control_plan]
    build.writer.create(Plan, top)
    below: list[Plan] = []
    for node in build.committees:
        for number, dept in enumerate(node.departments, start=1):
            dept.plan = Plan(
                title=f"Verksamhetsplan {year} för {dept.spec.name}, {node.spec.administration}",
                kind=PlanKind.OPERATIONAL_PLAN,
                reference=f"{node.spec.administration_short} {year - 1}/{300 + number:04d}",
                parent_plan=node.own_plan,
                **_plan_fields(
                    build, dept.unit, [node.spec.name, node.spec.administration, dept.spec.name]
                ),
            )
            below.append(dept.own_plan)
    build.writer.create(Plan, below)


def _plan_fields(build: Build, owner: OrgUnit, organisation: list[str]) -> dict[str, object]:
    adopted_by = organisation[0] if len(organisation) == 1 else organisation[-2]
    return {
        "owner": owner,
        "period_from": build.base_year,
        "period_to": build.base_year,
        "adopted_by": adopted_by,
        "adopted_date": build.date(12, 10 + build.rng.randint(0, 8), year_offset=-1),
        "status": PlanStatus.ADOPTED,
        "municipality_name": build.municipality.name,
        "organisation_names": organisation,
    }


def build_goals(build: Build) -> None:
    """Vision, KF's long-term goals and nämndmål in each nämnd plan; verksamhetsmål that
    contribute to the nämndmål and delmål per unit in each verksamhetsplan."""
    amounts = build.amounts
    rng = build.rng
    fixed = sum(
        1
        + amounts.long_term_goals
        + amounts.committee_goals
        + amounts.goals_per_department * len(node.departments)
        for node in build.committees
    )
    all_units = [(d, u) for d in build.departments() for u in d.units]
    sub_goal_counts = spread(amounts.goals - fixed, len(all_units))
    vision = rng.choice(words.VISIONS).format(year=build.base_year + 10)

    roots: list[Goal] = []
    for node in build.committees:
        plan = node.own_plan
        roots.append(_goal(plan, 0, "", vision, GoalLevel.VISION, period=(None, None)))
        node.long_term_goals = [
            _goal(
                plan,
                i + 1,
                str(i + 1),
                text,
                GoalLevel.LONG_TERM,
                period=(build.base_year - 2, build.base_year + 1),
            )
            for i, text in enumerate(_pick(rng, words.LONG_TERM_GOALS, amounts.long_term_goals))
        ]
        roots += node.long_term_goals
        for dept in node.departments:
            texts = _pick(rng, dept.spec.kind.goals, amounts.goals_per_department)
            dept.goals = [
                _goal(
                    dept.own_plan, i, str(i + 1), text, GoalLevel.OPERATIONAL_GOAL, unit=dept.unit
                )
                for i, text in enumerate(texts)
            ]
            roots += dept.goals
    build.writer.create(Goal, roots)

    children: list[Goal] = []
    contributions: list[tuple[int, int]] = []
    for node in build.committees:
        start = 1 + len(node.long_term_goals)
        texts = _pick(rng, words.COMMITTEE_GOALS, amounts.committee_goals)
        parents = node.long_term_goals
        node.committee_goals = [
            _goal(
                node.own_plan,
                start + i,
                _child_code(parents, i),
                text,
                GoalLevel.COMMITTEE_GOAL,
                parent=parents[i % len(parents)] if parents else None,
                unit=node.unit,
            )
            for i, text in enumerate(texts)
        ]
        children += node.committee_goals
    counts = iter(sub_goal_counts)
    for dept in build.departments():
        position = len(dept.goals)
        # Codes count the sub-goals under each parent across all the department's units,
        # so a plan never holds two goals numbered the same.
        children_of: dict[int | None, int] = {}
        for unit in dept.units:
            goals = []
            for j in range(next(counts)):
                parent = dept.goals[j % len(dept.goals)] if dept.goals else None
                text = words.SUB_GOALS[(j + rng.randrange(6)) % len(words.SUB_GOALS)]
                number = children_of[id(parent) if parent else None] = (
                    children_of.get(id(parent) if parent else None, 0) + 1
                )
                code = f"{parent.code}.{number}" if parent else str(number)
                goals.append(
                    _goal(
                        dept.own_plan,
                        position,
                        code,
                        text.format(unit=unit.name),
                        GoalLevel.SUB_GOAL,
                        parent=parent,
                        unit=unit,
                    )
                )
                position += 1
            dept.sub_goals[unit.pk] = goals
            children += goals
    build.writer.create(Goal, children)
    for node in build.committees:
        for dept in node.departments:
            for i, goal in enumerate(dept.goals):
                if node.committee_goals:
                    target = node.committee_goals[
                        (i + rng.randrange(3)) % len(node.committee_goals)
                    ]
                    contributions.append((goal.pk, target.pk))
    build.writer.link(Goal.contributes_to, contributions)


def _child_code(parents: list[Goal], index: int) -> str:
    """Under long-term goal n its committee goals are n.1, n.2, ... as plans number them."""
    if not parents:
        return str(index + 1)
    return f"{parents[index % len(parents)].code}.{index // len(parents) + 1}"


def _goal(
    plan: Plan,
    position: int,
    code: str,
    title: str,
    level: str,
    *,
    parent: Goal | None = None,
    unit: OrgUnit | None = None,
    period: tuple[int | None, int | None] | None = None,
) -> Goal:
    year = plan.period_from
    start, end = period if period is not None else (year, plan.period_to)
    return Goal(
        plan=plan,
        ref=f"g{position + 1}",
        position=position,
        code=code,
        title=title,
        level=level,
        parent=parent,
        responsible_unit=unit,
        period_from=start,
        period_to=end,
    )


def _pick(rng: random.Random, texts: tuple[str, ...], count: int) -> list[str]:
    """``count`` texts in a seeded order, repeating the list only when it runs out."""
    order = list(texts)
    rng.shuffle(order)
    return [order[i % len(order)] for i in range(count)] if order else []


# --- activities ---------------------------------------------------------------------------


def build_activities(build: Build) -> None:
    rng = build.rng
    all_units = [(d, u) for d in build.departments() for u in d.units]
    per_unit = spread(build.amounts.activities, len(all_units))
    activities: list[Activity] = []
    goal_links: list[tuple[Activity, Goal]] = []
    unit_links: list[tuple[Activity, OrgUnit]] = []
    positions: Counter[int] = Counter()
    statuses = list(ActivityStatus.values)
    for (dept, unit), count in zip(all_units, per_unit, strict=True):
        for j in range(count):
            position = positions[dept.own_plan.pk]
            positions[dept.own_plan.pk] += 1
            responsible = [f"Enhetschef {unit.name}"]
            shared = rng.random() < 0.15
            if shared:
                responsible.append(f"Verksamhetschef {dept.spec.name}")
            activity = Activity(
                plan=dept.own_plan,
                ref=f"a{position + 1}",
                position=position,
                title=rng.choice(dept.spec.kind.activities),
                responsible=responsible,
                follow_up=rng.choice(words.ACTIVITY_FOLLOW_UPS),
                status=rng.choices(statuses, weights=(3, 5, 2, 1))[0],
                period_from=build.base_year,
                period_to=build.base_year,
                start_date=build.date(1 + (j % 6), 1),
                end_date=build.date(12, 31),
            )
            activities.append(activity)
            unit_links.append((activity, unit))
            if shared:
                unit_links.append((activity, dept.unit))
            goals = dept.sub_goals.get(unit.pk) or dept.goals
            if goals:
                goal_links.append((activity, goals[j % len(goals)]))
    build.writer.create(Activity, activities)
    build.writer.link(Activity.goals, [(a.pk, g.pk) for a, g in goal_links])
    build.writer.link(Activity.responsible_units, [(a.pk, u.pk) for a, u in unit_links])
