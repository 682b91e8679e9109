"""What is due, counted by the database, is what due_items lists, period by period."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from styr.accounts.models import Role
from styr.followup import services
from styr.followup.models import Assessment, AssessmentState, FollowUpPeriod, PeriodKind
from styr.followup.services import due_counts, due_items, due_summary, generate_periods
from styr.organisation.models import OrgUnit, OrgUnitKind
from styr.plans.models import Activity, Goal, Plan, PlanStatus

from .conftest import Org, make_goal, make_indicator, make_plan, make_user

TODAY = dt.date(2025, 2, 15)  # every 2024 period has ended; Helår 2024 is not yet overdue


def _period(plan: Plan, code: str, kind: str, end: dt.date, due: dt.date | None) -> None:
    FollowUpPeriod.objects.create(
        plan=plan, kind=kind, code=code, label="", start=dt.date(2024, 1, 1), end=end, due_date=due
    )


@pytest.fixture
def owed(org: Org) -> Org:
    """A plan with everything the rules tell apart: goals and activities owed by their
    responsible units or the plan's owner, values owed by frequency and delivered under
    another code of the same month, done and draft assessments, a monthly period, a closed
    period and a closed plan."""
    other = OrgUnit.objects.create(
        municipality=org.municipality, parent=org.office, kind=OrgUnitKind.DEPARTMENT, name="Annan"
    )
    plan = make_plan(org.committee)
    generate_periods(plan)  # 2024-T1, 2024-T2 (delår) and 2024
    _period(plan, "2024-04", PeriodKind.MONTH, dt.date(2024, 4, 30), dt.date(2024, 5, 15))
    _period(plan, "2024-H1", PeriodKind.HALF_YEAR, dt.date(2024, 6, 30), None)
    FollowUpPeriod.objects.filter(plan=plan, code="2024-T2").update(is_closed=True)
    shut = make_plan(org.committee, "Stängd plan")
    generate_periods(shut)
    Plan.objects.filter(pk=shut.pk).update(status=PlanStatus.CLOSED)
    make_goal(shut, "I en stängd plan", responsible_unit=org.unit)

    own = make_goal(plan, "Nämndens mål")
    theirs = make_goal(plan, "Verksamhetens mål", responsible_unit=org.department)
    make_goal(plan, "Enhetens mål", responsible_unit=org.unit)
    make_goal(plan, "Annans mål", responsible_unit=other)
    shared = Activity.objects.create(plan=plan, title="Gemensam", position=0)
    shared.responsible_units.set([org.department, org.unit, other])
    Activity.objects.create(plan=plan, title="Utan ansvarig", position=1)
    target = [{"year": 2024, "op": ">=", "value": 1}]
    for frequency in ("månad", "kvartal", "tertial", "halvår", "år", "", "vecka"):
        make_indicator(theirs, f"Per {frequency or 'tom'}", targets=target, frequency=frequency)
    make_indicator(own, "Nämndens", targets=target, frequency="tertial")
    make_indicator(own, "Enhetens", targets=target, frequency="månad", responsible_unit=org.unit)
    make_indicator(own, "Utan mål", frequency="år")
    make_indicator(
        theirs,
        "Levererad",
        targets=target,
        frequency="tertial",
        # "2024-04" delivers T1 and the April month, "2024-T3" the full year; an empty
        # value and a value of another year deliver nothing.
        values={"2024-04": 3.0, "2024-T2": None, "2024-T3": 2.0, "2023-08": 1.0},
    )
    t1 = FollowUpPeriod.objects.get(plan=plan, code="2024-T1")
    full = FollowUpPeriod.objects.get(plan=plan, code="2024")
    for period, unit, state, what in (
        (t1, org.department, AssessmentState.SUBMITTED, {"goal": theirs}),
        (t1, org.committee, AssessmentState.DRAFT, {"goal": own}),
        (t1, org.unit, AssessmentState.APPROVED, {"activity": shared}),
        (full, org.unit, AssessmentState.SUBMITTED, {"goal": theirs}),  # not the unit's
    ):
        Assessment.objects.create(period=period, unit=unit, state=state, **what)
    return org


def per_period(items: list[services.DueItem]) -> dict[int, int]:
    ids = {
        (plan_id, code): pk
        for pk, plan_id, code in FollowUpPeriod.objects.values_list("pk", "plan_id", "code")
    }
    return dict(Counter(ids[i.plan_id, i.period_code] for i in items))


def scopes(org: Org) -> dict[str, object]:
    return {
        "committee": [org.committee],
        "department": [org.department],
        "unit": [org.unit],
        "other": list(OrgUnit.objects.filter(name="Annan")),
        "reporter": make_user("rapportor", Role.REPORTER, org.department),
        "outsider": make_user("utomstaende", None, None),
    }


@pytest.mark.django_db
def test_the_database_counts_per_period_what_due_items_lists(owed: Org) -> None:
    counted = {}
    for name, who in scopes(owed).items():
        counts = due_counts(who, TODAY)  # type: ignore[arg-type]
        assert counts == per_period(due_items(who, TODAY)), name  # type: ignore[arg-type]
        counted[name] = counts
    # The fixture reaches every rule: items of each kind, in each open period but the
    # closed ones, for each scope that has units.
    kinds = {(i.period_code, i.kind) for i in due_items([owed.committee], TODAY)}
    assert {
        ("2024-T1", k) for k in ("goal_assessment", "activity_assessment", "measurement")
    } < kinds
    assert {k for c, k in kinds if c == "2024-04"} == {"measurement"}
    assert {c for c, _k in kinds} == {"2024-T1", "2024-04", "2024-H1", "2024"}
    assert sum(counted["committee"].values()) > sum(counted["department"].values()) > 0
    assert counted["unit"] and counted["other"] and counted["reporter"]
    assert counted["outsider"] == {}


@pytest.mark.django_db
def test_due_summary_counted_by_the_database_is_the_head_of_due_items(
    owed: Org, monkeypatch: pytest.MonkeyPatch, django_assert_num_queries
) -> None:
    items = due_items([owed.committee], TODAY)
    overdue = sum(i.overdue for i in items)
    assert 0 < overdue < len(items)
    for threshold in (0, 10_000):  # counted by the database, and read item by item
        monkeypatch.setattr(services, "COUNT_FROM_UNITS", threshold)
        for limit in (0, 1, 5, 12, len(items) - 1, len(items), 100):
            assert due_summary([owed.committee], TODAY, limit) == (
                items[:limit],
                len(items),
                overdue,
            )
    monkeypatch.setattr(services, "COUNT_FROM_UNITS", 0)
    # units, periods, the counts, then the first periods' items (unit names, assessments,
    # goals, activities twice, indicators, values): as many whatever the data
    with django_assert_num_queries(10):
        due_summary([owed.committee], TODAY, 3)


@pytest.mark.django_db
def test_the_count_leaves_out_what_is_done_closed_or_someone_elses(owed: Org) -> None:
    t1 = FollowUpPeriod.objects.get(plan__title="Nämndplan 2024", code="2024-T1")
    before = due_counts([owed.department], TODAY)[t1.pk]
    goal = Goal.objects.get(title="Enhetens mål")
    Assessment.objects.create(period=t1, unit=owed.unit, goal=goal, state=AssessmentState.SUBMITTED)
    assert due_counts([owed.department], TODAY)[t1.pk] == before - 1
    assert due_counts([owed.department], dt.date(2024, 4, 1)) == {}
