"""Internkontrollplaner: risks on the 5×5 matrix, controls, some results and risk actions."""

from __future__ import annotations

from styr.demo import vocabulary as words
from styr.demo.context import Build, CommitteeNode
from styr.demo.sizes import spread
from styr.internal_control.models import Control, ControlResult, Risk, RiskAction, RiskMatrix
from styr.plans.models import Goal

RESULT_SHARE = 0.4  # controls already performed in tertial 1
ACTION_SCORE = 10  # risks scoring this or more get an action


def build_internal_control(build: Build) -> None:
    matrix = RiskMatrix.objects.create(municipality=build.municipality, name="Riskmatris 5×5")
    build.writer.counts[RiskMatrix._meta.label] += 1
    risks: list[Risk] = []
    goal_links: list[tuple[Risk, Goal]] = []
    for node, count in zip(
        build.committees, spread(build.amounts.risks, len(build.committees)), strict=True
    ):
        for position in range(count):
            risk = _risk(build, node, position, matrix)
            risks.append(risk)
            if node.committee_goals and build.rng.random() < 0.5:
                goal_links.append((risk, build.rng.choice(node.committee_goals)))
    build.writer.create(Risk, risks)
    build.writer.link(Risk.goals, [(r.pk, g.pk) for r, g in goal_links])
    controls, actions = _controls_and_actions(build, risks)
    build.writer.create(Control, controls)
    build.writer.create(RiskAction, actions)
    build.writer.create(ControlResult, _results(build, controls))


def _risk(build: Build, node: CommitteeNode, position: int, matrix: RiskMatrix) -> Risk:
    rng = build.rng
    title, description = words.RISKS[position % len(words.RISKS)]
    department = node.departments[position % len(node.departments)] if node.departments else None
    if position >= len(words.RISKS) and department:
        description = f"{description} Gäller {department.spec.name.lower()}."
    probability = rng.choices(range(1, 6), weights=(1, 3, 4, 3, 1))[0]
    consequence = rng.choices(range(1, 6), weights=(1, 2, 4, 3, 2))[0]
    return Risk(
        plan=node.own_control_plan,
        ref=f"r{position + 1}",
        position=position,
        code=str(position + 1),
        title=title if department is None else f"{title} – {department.spec.name}",
        description=description,
        area=title,
        probability=probability,
        consequence=consequence,
        score=float(probability * consequence),
        residual_probability=max(1, probability - 1),
        residual_consequence=consequence,
        matrix=matrix,
    )


def _controls_and_actions(
    build: Build, risks: list[Risk]
) -> tuple[list[Control], list[RiskAction]]:
    rng = build.rng
    by_plan = {node.own_control_plan.pk: node for node in build.committees if node.own_control_plan}
    controls: list[Control] = []
    actions: list[RiskAction] = []
    for risk in risks:
        node = by_plan[risk.plan_id]
        department = node.departments[risk.position % len(node.departments)]
        for position in range(rng.choice((1, 1, 2))):
            controls.append(
                Control(
                    risk=risk,
                    position=position,
                    description=f"Kontroll av {risk.area.lower()}",
                    responsible=f"Verksamhetschef {department.spec.name}",
                    responsible_unit=department.unit,
                    frequency=rng.choice(words.CONTROL_FREQUENCIES),
                    method=rng.choice(words.CONTROL_METHODS).format(n=rng.choice((10, 15, 20))),
                    report_to=rng.choice(words.CONTROL_REPORT_TO).format(committee=node.spec.name),
                )
            )
        if (risk.score or 0) >= ACTION_SCORE:
            actions.append(
                RiskAction(
                    risk=risk,
                    title=rng.choice(words.RISK_ACTIONS),
                    responsible=f"Verksamhetschef {department.spec.name}",
                    responsible_unit=department.unit,
                    deadline=build.date(12, 31),
                    is_done=rng.random() < 0.25,
                )
            )
    return controls, actions


def _results(build: Build, controls: list[Control]) -> list[ControlResult]:
    rng = build.rng
    results = []
    for control in controls:
        if rng.random() >= RESULT_SHARE:
            continue
        text, deviation, deviations = rng.choice(words.CONTROL_RESULTS)
        plan_id = control.risk.plan_id
        results.append(
            ControlResult(
                control=control,
                period=build.periods[plan_id][f"{build.base_year}-T1"],
                performed_on=build.date(4, rng.randint(1, 28)),
                result=text.format(n=rng.randint(1, 5)),
                has_deviation=deviation,
                deviations=deviations,
            )
        )
    return results
