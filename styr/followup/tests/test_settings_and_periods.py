"""A municipality's status rules and period scheme are data, validated when saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from styr.followup.config import PeriodScheme, PeriodSchemeEntry, parse_definition
from styr.followup.models import Assessment, AssessmentState, FollowUpPeriod, FollowUpSettings
from styr.followup.services import due_items, due_summary, generate_periods, scheme_periods

from .conftest import Org, make_goal, make_indicator, make_plan


def test_an_empty_definition_means_the_defaults() -> None:
    settings = parse_definition({})
    assert settings.goal_rule == "all"
    assert settings.tolerance_percent == 5
    assert [e.kind for e in settings.scheme.entries] == ["tertial", "interim", "full_year"]


def test_a_bad_definition_names_every_wrong_key() -> None:
    with pytest.raises(ValidationError) as error:
        parse_definition(
            {
                "goal_rule": "most",
                "tolerance_percent": -1,
                "weights": {"indicator": "två", "risk": 1},
                "periods": [{"kind": "kvartal"}],
                "colour": "red",
            }
        )
    text = " ".join(error.value.messages)
    for word in (
        "goal_rule",
        "tolerance_percent",
        "weights.indicator",
        "'risk'",
        "periods[1]",
        "'colour'",
    ):
        assert word in text


@pytest.mark.django_db
def test_settings_are_validated_when_saved(org: Org) -> None:
    with pytest.raises(ValidationError):
        FollowUpSettings.objects.create(municipality=org.municipality, definition={"goal_rule": 1})
    saved = FollowUpSettings.objects.create(
        municipality=org.municipality, definition={"goal_rule": "weighted"}
    )
    assert saved.settings.goal_rule == "weighted"


def test_a_tertial_scheme_with_interim_and_full_year() -> None:
    specs = scheme_periods(2024, PeriodScheme())
    assert [(s.code, s.kind, s.label) for s in specs] == [
        ("2024-T1", "tertial", "Tertial 1 2024"),
        ("2024-T2", "interim", "Delår 2024"),
        ("2024", "full_year", "Helår 2024"),
    ]
    assert specs[0].end == dt.date(2024, 4, 30)
    assert specs[0].due_date == dt.date(2024, 5, 15)
    assert specs[2].due_date == dt.date(2025, 1, 30)


def test_monthly_and_half_year_schemes() -> None:
    monthly = scheme_periods(2024, PeriodScheme((PeriodSchemeEntry("month", 10),)))
    assert [s.code for s in monthly][:3] == ["2024-01", "2024-02", "2024-03"]
    assert len(monthly) == 12
    assert monthly[1].end == dt.date(2024, 2, 29)
    halves = scheme_periods(
        2024,
        PeriodScheme((PeriodSchemeEntry("half_year", 20), PeriodSchemeEntry("interim", 20, "H1"))),
    )
    assert [(s.code, s.kind) for s in halves] == [("2024-H1", "interim"), ("2024-H2", "half_year")]


@pytest.mark.django_db
def test_generating_periods_covers_every_plan_year_once(org: Org) -> None:
    plan = make_plan(org.committee)
    plan.period_to = 2025
    plan.save()
    first = generate_periods(plan)
    again = generate_periods(plan)
    assert [p.code for p in first] == ["2024-T1", "2024-T2", "2024", "2025-T1", "2025-T2", "2025"]
    assert [p.pk for p in again] == [p.pk for p in first]


@pytest.mark.django_db
def test_what_is_due_from_whom(org: Org, reporter) -> None:
    plan = make_plan(org.committee)
    generate_periods(plan)
    goal = make_goal(plan, "Fler i arbete", responsible_unit=org.department)
    other = make_goal(plan, "Nämndens eget mål")
    make_indicator(
        goal,
        "Andel i arbete",
        targets=[{"year": 2024, "op": ">=", "value": 40}],
        responsible_unit=org.unit,
        frequency="tertial",
    )
    today = dt.date(2024, 5, 20)
    items = due_items(reporter, today)
    assert {(i.kind, i.unit_name, i.period_code, i.overdue) for i in items} == {
        ("goal_assessment", "Vuxenverksamheten", "2024-T1", True),
        ("measurement", "Resursteamet", "2024-T1", True),
    }
    # The committee's own goal is due from the plan owner, outside the reporter's units.
    assert any(i.object_id == other.pk for i in due_items([org.committee], today))
    period = FollowUpPeriod.objects.get(plan=plan, code="2024-T1")
    Assessment.objects.create(
        period=period, goal=goal, unit=org.department, state=AssessmentState.SUBMITTED
    )
    assert {i.kind for i in due_items(reporter, today)} == {"measurement"}
    assert due_items(reporter, dt.date(2024, 4, 1)) == []


@pytest.mark.django_db
def test_due_summary_is_the_head_of_due_items_with_its_counts(org: Org) -> None:
    plan = make_plan(org.committee)
    generate_periods(plan)
    for n in range(4):
        goal = make_goal(plan, f"Mål {n}", responsible_unit=org.department)
        make_indicator(
            goal,
            f"Andel {n}",
            targets=[{"year": 2024, "op": ">=", "value": 40}],
            responsible_unit=org.unit,
            frequency="tertial",
        )
    today = dt.date(2024, 9, 5)  # 2024-T1 and 2024-T2 have ended, T2's due date not passed
    items = due_items([org.committee], today)
    assert len(items) == 16
    assert 0 < sum(i.overdue for i in items) < len(items)
    for limit in (0, 1, 3, 8, 9, 16, 100):
        shown, total, overdue = due_summary([org.committee], today, limit)
        assert shown == items[:limit]
        assert total == len(items)
        assert overdue == sum(i.overdue for i in items)
