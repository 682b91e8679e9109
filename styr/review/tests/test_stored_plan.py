"""A stored plan is reviewed with its follow-up facts: missing and contradicted assessments."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from styr.accounts.tests.builders import build_plan
from styr.followup.models import Assessment, AssessmentState, FollowUpPeriod, Measurement
from styr.interchange.services import export_plan
from styr.plans.models import Goal
from styr.review.findings import Finding
from styr.review.services import review_stored_plan
from styr.review.stored import context_for_plan

pytestmark = pytest.mark.django_db

AFTER_T1 = dt.date(2025, 6, 1)


@pytest.fixture
def p(org: SimpleNamespace) -> SimpleNamespace:
    built = build_plan(org)
    FollowUpPeriod.objects.filter(pk=built.period.pk).update(due_date=dt.date(2025, 5, 15))
    Assessment.objects.update(state=AssessmentState.SUBMITTED)
    return built


def document_id(p: SimpleNamespace, goal: Goal) -> str:
    titles = {g["title"]: g["id"] for g in export_plan(p.plan)["goals"]}
    return str(titles[goal.title])


def codes(findings: list[Finding]) -> list[tuple[str, str | None]]:
    return sorted((f.code, f.item_id) for f in findings if f.code.startswith("followup."))


def test_nothing_is_due_before_the_period_report_is(p: SimpleNamespace) -> None:
    assert context_for_plan(p.plan, today=dt.date(2025, 5, 1)).due_goals == {}


def test_a_goal_without_a_handed_in_assessment_is_missing(p: SimpleNamespace) -> None:
    context = context_for_plan(p.plan, today=AFTER_T1)
    findings = review_stored_plan(p.plan, context=context)
    # The parent goal has no assessment; the two unit goals have submitted ones.
    assert codes(findings) == [("followup.assessment_missing", document_id(p, p.goal))]


def test_a_draft_does_not_count_as_handed_in(p: SimpleNamespace) -> None:
    Assessment.objects.filter(pk=p.family_assessment.pk).update(state=AssessmentState.DRAFT)
    findings = review_stored_plan(p.plan, context=context_for_plan(p.plan, today=AFTER_T1))
    assert ("followup.assessment_missing", document_id(p, p.family_goal)) in codes(findings)


def test_met_against_the_measurements_is_flagged(p: SimpleNamespace) -> None:
    # The housing goal is assessed met; its indicator's 2025-T1 value misses the target of 70.
    Measurement.objects.create(indicator=p.indicator, period="2025-T1", value=50)
    findings = review_stored_plan(p.plan, context=context_for_plan(p.plan, today=AFTER_T1))
    assert ("followup.met_contradicted", document_id(p, p.housing_goal)) in codes(findings)


def test_met_backed_by_the_measurements_is_not_flagged(p: SimpleNamespace) -> None:
    Measurement.objects.create(indicator=p.indicator, period="2025-T1", value=90)
    findings = review_stored_plan(p.plan, context=context_for_plan(p.plan, today=AFTER_T1))
    assert "followup.met_contradicted" not in [code for code, _id in codes(findings)]
