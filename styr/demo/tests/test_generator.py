"""The generator: deterministic, and size S has the shape a real municipality has."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import pytest
from django.db.models import Count

from styr.demo.digest import content_digest
from styr.demo.generator import GenerationResult, generate
from styr.demo.sizes import SIZES
from styr.economy.models import BudgetLine, BudgetValue
from styr.followup.models import Assessment, FollowUpPeriod, Measurement, activity_statuses_of
from styr.internal_control.models import Control, Risk
from styr.organisation.models import Municipality, OrgUnit, OrgUnitKind
from styr.plans.models import Activity, Goal, GoalLevel, Indicator, Plan, PlanKind, RelativeTo

pytestmark = pytest.mark.django_db


@pytest.fixture
def small() -> GenerationResult:
    return generate("S", seed=7)


def municipality_of(result: GenerationResult) -> Municipality:
    return Municipality.objects.get(pk=result.municipality_ids[0])


def test_the_same_seed_gives_the_same_content() -> None:
    first = municipality_of(generate("S", seed=11))
    second = municipality_of(generate("S", seed=11))
    assert first.pk != second.pk
    assert content_digest(first) == content_digest(second)


def test_another_seed_gives_other_content() -> None:
    first = municipality_of(generate("S", seed=11))
    other = municipality_of(generate("S", seed=12))
    assert content_digest(first) != content_digest(other)


def test_a_second_run_gets_a_free_municipality_name() -> None:
    names = {municipality_of(generate("S", seed=3)).name for _ in range(2)}
    assert len(names) == 2


def test_an_unknown_size_is_refused() -> None:
    with pytest.raises(ValueError, match="XXL"):
        generate("XXL", seed=1)


def test_size_s_has_the_profile_s_amounts(small: GenerationResult) -> None:
    profile = SIZES["S"]
    municipality = municipality_of(small)
    units = OrgUnit.objects.filter(municipality=municipality)
    in_plans: dict[str, Any] = {"plan__owner__municipality": municipality}
    assert units.filter(kind=OrgUnitKind.COMMITTEE).count() == profile.committees
    assert units.filter(kind=OrgUnitKind.UNIT).count() == profile.units
    assert units.filter(kind=OrgUnitKind.COUNCIL).count() == 1
    assert units.filter(kind=OrgUnitKind.EXECUTIVE_BOARD).count() == 1
    assert Goal.objects.filter(**in_plans).count() == profile.amounts.goals
    assert Indicator.objects.filter(**in_plans).count() == profile.amounts.indicators
    assert Activity.objects.filter(**in_plans).count() == profile.amounts.activities
    assert Risk.objects.filter(**in_plans).count() == profile.amounts.risks
    measurements = Measurement.objects.filter(indicator__plan__owner__municipality=municipality)
    monthly = profile.amounts.indicators * profile.amounts.measurement_years * 12
    assert monthly <= measurements.count() <= monthly * 1.5  # plus yearly K/M values
    assert small.counts["followup.Measurement"] == measurements.count()


def test_paths_are_those_save_would_give(small: GenerationResult) -> None:
    for unit in OrgUnit.objects.filter(municipality=municipality_of(small)).select_related(
        "parent"
    ):
        expected = (unit.parent.path if unit.parent else "/") + f"{unit.pk}/"
        assert unit.path == expected


def test_every_plan_has_goals_and_department_plans_answer_to_the_nämnd_plan(
    small: GenerationResult,
) -> None:
    plans = Plan.objects.filter(owner__municipality=municipality_of(small))
    goal_plans = plans.exclude(kind=PlanKind.INTERNAL_CONTROL)
    assert goal_plans.annotate(n=Count("goals")).filter(n=0).count() == 0
    for plan in plans.filter(kind=PlanKind.OPERATIONAL_PLAN):
        assert plan.parent_plan is not None
        assert plan.parent_plan.owner.kind == OrgUnitKind.COMMITTEE
        operational = plan.goals.filter(level=GoalLevel.OPERATIONAL_GOAL)
        assert operational.exists()
        for goal in operational:
            targets = list(goal.contributes_to.all())
            assert targets and all(t.plan_id == plan.parent_plan_id for t in targets)
            assert all(t.level == GoalLevel.COMMITTEE_GOAL for t in targets)
    nämnd_plan = plans.filter(kind=PlanKind.ASSIGNMENT_PLAN).first()
    assert nämnd_plan is not None
    levels = set(nämnd_plan.goals.values_list("level", flat=True))
    assert {GoalLevel.VISION, GoalLevel.LONG_TERM, GoalLevel.COMMITTEE_GOAL} <= levels


def test_every_indicator_has_targets_and_some_are_relative_or_gender_split(
    small: GenerationResult,
) -> None:
    indicators = Indicator.objects.filter(plan__owner__municipality=municipality_of(small))
    assert indicators.annotate(n=Count("targets")).filter(n=0).count() == 0
    assert indicators.filter(targets__relative_to=RelativeTo.PREVIOUS_YEAR).exists()
    assert {"%", "antal", "kr/inv", "index"} <= set(indicators.values_list("unit", flat=True))
    split = indicators.filter(is_gender_split=True).first()
    assert split is not None
    genders = set(split.measurements.values_list("gender", flat=True))
    assert genders == {"T", "K", "M"}


def test_budget_summa_is_the_sum_of_its_parts(small: GenerationResult) -> None:
    values = BudgetValue.objects.filter(line__plan__owner__municipality=municipality_of(small))
    parts: dict[tuple[int, int | None, str], float] = defaultdict(float)
    totals: dict[tuple[int, int | None, str], float] = {}
    for value in values.select_related("line"):
        key = (value.line.plan_id, value.year, value.kind)
        if value.line.is_total:
            totals[key] = value.amount or 0.0
        else:
            parts[key] += value.amount or 0.0
    assert totals and totals.keys() == parts.keys()
    assert all(totals[key] == parts[key] for key in totals)


def test_every_unit_has_budget_and_volume_lines(small: GenerationResult) -> None:
    units = OrgUnit.objects.filter(municipality=municipality_of(small), kind=OrgUnitKind.UNIT)
    assert units.filter(budget_lines__isnull=True).count() == 0
    assert units.filter(volume_lines__isnull=True).count() == 0
    assert BudgetLine.objects.filter(org_unit__in=units, is_total=True).count() == 0


def test_risk_scores_are_on_the_matrix_and_risks_have_controls(small: GenerationResult) -> None:
    risks = Risk.objects.filter(plan__owner__municipality=municipality_of(small))
    for risk in risks:
        assert 1 <= (risk.probability or 0) <= 5 and 1 <= (risk.consequence or 0) <= 5
        assert risk.score == risk.probability * risk.consequence  # type: ignore[operator]
        assert 1 <= risk.score <= 25
    assert risks.annotate(n=Count("controls")).filter(n=0).count() == 0
    assert Control.objects.filter(risk__in=risks).exclude(responsible="").count() == (
        Control.objects.filter(risk__in=risks).count()
    )


def test_every_activity_has_a_responsible_unit(small: GenerationResult) -> None:
    activities = Activity.objects.filter(plan__owner__municipality=municipality_of(small))
    assert activities.annotate(n=Count("responsible_units")).filter(n=0).count() == 0
    assert all(a.responsible and a.follow_up and a.status for a in activities)


def test_follow_up_periods_and_assessments_exist_in_every_state(small: GenerationResult) -> None:
    municipality = municipality_of(small)
    periods = FollowUpPeriod.objects.filter(plan__owner__municipality=municipality)
    assert set(periods.values_list("code", flat=True)) == {"2025-T1", "2025-T2", "2025"}
    assert all(p.due_date and p.due_date > p.end for p in periods)
    assessments = Assessment.objects.filter(period__plan__owner__municipality=municipality)
    assert set(assessments.values_list("state", flat=True)) == {"draft", "submitted", "approved"}
    assert all(a.analysis for a in assessments)


def test_closed_periods_carry_the_activity_statuses_closing_records(
    small: GenerationResult,
) -> None:
    closed = FollowUpPeriod.objects.filter(
        plan__owner__municipality=municipality_of(small), is_closed=True
    )
    assert closed.exists()
    with_activities = 0
    for period in closed:
        assert period.activity_statuses == activity_statuses_of(period.plan_id)
        with_activities += bool(period.activity_statuses)
    assert with_activities > 0


def test_goal_codes_are_unique_within_each_plan(small: GenerationResult) -> None:
    codes = Counter(Goal.objects.values_list("plan_id", "code"))
    duplicates = [key for key, count in codes.items() if count > 1 and key[1]]
    assert Goal.objects.filter(level=GoalLevel.SUB_GOAL).exists()
    assert duplicates == []
