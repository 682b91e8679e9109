"""Rights per organisation subtree, decided in one place (styr.accounts.access)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

from styr.accounts.access import (
    AccessDenied,
    Action,
    can,
    forget_rights,
    reportable_units,
    require,
    restrict,
    units_for,
    units_of,
    units_where,
    visible_plans,
)
from styr.accounts.models import Role, RoleAssignment
from styr.accounts.tests.builders import build_plan
from styr.followup.models import Assessment, Measurement
from styr.organisation.models import Municipality, OrgUnit
from styr.plans.models import Goal, Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def p(org: SimpleNamespace) -> SimpleNamespace:
    return build_plan(org)


def names(units: Any) -> set[str]:
    return {unit.name for unit in units}


# --- reporters ---------------------------------------------------------------------------


def test_reporter_can_report_for_their_own_unit(reporter: User, p: SimpleNamespace) -> None:
    assert can(reporter, Action.REPORT, p.housing_assessment)
    assert can(reporter, Action.REPORT, p.measurement)  # indicator -> goal -> housing unit


def test_reporter_cannot_report_for_a_unit_outside_their_subtree(
    reporter: User, p: SimpleNamespace
) -> None:
    assert not can(reporter, Action.REPORT, p.family_assessment)
    assert not can(reporter, Action.REPORT, p.family_measurement)
    with pytest.raises(AccessDenied):
        require(reporter, Action.REPORT, p.family_assessment)


def test_reporter_cannot_report_for_a_new_assessment_of_another_unit(
    reporter: User, org: SimpleNamespace, p: SimpleNamespace
) -> None:
    unsaved = Assessment(period=p.period, goal=p.housing_goal, unit=org.reception)
    assert not can(reporter, Action.REPORT, unsaved)
    unsaved.unit = org.housing
    assert can(reporter, Action.REPORT, unsaved)


def test_reporter_reports_for_every_unit_under_their_own(
    org: SimpleNamespace, p: SimpleNamespace
) -> None:
    from conftest import make_persona

    department_head = make_persona("chef", Role.REPORTER, org.adults)
    assert can(department_head, Action.REPORT, p.housing_assessment)
    assert names(reportable_units(department_head)) == {
        "Vuxenverksamheten",
        "Boendeenheten",
        "Mottagningen",
    }


def test_reporter_may_do_nothing_but_report(reporter: User, p: SimpleNamespace) -> None:
    assert not can(reporter, Action.EDIT_PLAN, p.housing_goal)
    assert not can(reporter, Action.APPROVE, p.housing_assessment)
    assert not can(reporter, Action.ADMINISTER, p.housing_assessment.unit)


def test_reporter_reports_activity_status_when_any_responsible_unit_is_theirs(
    reporter: User, outsider: User, p: SimpleNamespace
) -> None:
    assert can(reporter, Action.REPORT, p.activity)
    assert can(outsider, Action.REPORT, p.activity)


def test_an_activity_without_responsible_units_belongs_to_the_plan_owner(
    reporter: User, planner: User, p: SimpleNamespace
) -> None:
    assert units_of(p.plan_activity) == [p.plan.owner]
    assert not can(reporter, Action.REPORT, p.plan_activity)
    assert can(planner, Action.REPORT, p.plan_activity)


def test_an_indicator_without_a_unit_belongs_to_its_goals_unit(
    org: SimpleNamespace, p: SimpleNamespace
) -> None:
    assert units_of(p.indicator) == [org.housing]
    assert units_of(p.target) == [org.housing]
    p.indicator.goal = p.goal
    assert units_of(p.indicator) == [org.administration]


# --- planners, readers, administrators -----------------------------------------------


def test_planner_edits_plans_in_their_subtree(planner: User, p: SimpleNamespace) -> None:
    assert can(planner, Action.EDIT_PLAN, p.plan)
    assert can(planner, Action.EDIT_PLAN, p.family_goal)
    assert can(planner, Action.REPORT, p.family_assessment)


def test_planner_cannot_edit_the_committees_own_plan(planner: User, org: SimpleNamespace) -> None:
    committee_plan = Plan.objects.create(title="Nämndplan", kind="nämndplan", owner=org.committee)
    goal = Goal.objects.create(plan=committee_plan, title="Mål", level="nämndmål")
    assert not can(planner, Action.EDIT_PLAN, goal)
    assert can(planner, Action.VIEW, goal)  # the plan above them governs them


def test_planner_approves_assessments_and_reporter_does_not(
    planner: User, reporter: User, p: SimpleNamespace
) -> None:
    assert can(planner, Action.APPROVE, p.housing_assessment)
    assert not can(reporter, Action.APPROVE, p.housing_assessment)


def test_reader_reads_the_committees_plans_but_cannot_write(
    reader: User, p: SimpleNamespace
) -> None:
    assert can(reader, Action.VIEW, p.plan)
    assert can(reader, Action.VIEW, p.family_assessment)
    for action in (Action.EDIT_PLAN, Action.REPORT, Action.APPROVE, Action.ADMINISTER):
        assert not can(reader, action, p.housing_goal)


def test_reporter_reads_the_plan_they_report_into(reporter: User, p: SimpleNamespace) -> None:
    assert can(reporter, Action.VIEW, p.plan)
    assert can(reporter, Action.VIEW, p.family_goal)  # the whole plan, not only their lines


def test_outsider_cannot_read_another_departments_plan(
    outsider: User, org: SimpleNamespace
) -> None:
    other = build_plan(org, owner_name="adults")
    other.family_goal.delete()
    other.family_indicator.delete()
    other.activity.responsible_units.remove(org.family)
    assert not can(outsider, Action.VIEW, other.plan)
    assert not can(outsider, Action.VIEW, other.housing_goal)
    assert other.plan not in visible_plans(outsider)


def test_a_plan_with_an_item_for_the_users_unit_is_visible(
    outsider: User, org: SimpleNamespace
) -> None:
    other = build_plan(org, owner_name="adults")  # has a goal for the family unit
    assert can(outsider, Action.VIEW, other.plan)
    assert list(visible_plans(outsider)) == [other.plan]


def test_superuser_and_global_administrator_may_do_everything(
    superuser: User, p: SimpleNamespace
) -> None:
    root = User.objects.create_user("root")
    RoleAssignment.objects.create(user=root, role=Role.ADMINISTRATOR)
    for user in (superuser, root):
        for action in Action:
            assert can(user, action, p.family_assessment)
        assert set(visible_plans(user)) == {p.plan}


def test_municipality_administrator_stops_at_the_municipality_border(
    administrator: User, org: SimpleNamespace, p: SimpleNamespace
) -> None:
    assert can(administrator, Action.ADMINISTER, org.municipality)
    assert can(administrator, Action.APPROVE, p.family_assessment)
    elsewhere = Municipality.objects.create(name="Annan kommun")
    board = OrgUnit.objects.create(municipality=elsewhere, kind="committee", name="Nämnd")
    assert not can(administrator, Action.ADMINISTER, elsewhere)
    assert not can(administrator, Action.VIEW, board)


def test_nobody_else_administers_the_municipality(planner: User, org: SimpleNamespace) -> None:
    assert can(planner, Action.VIEW, org.municipality)
    assert not can(planner, Action.ADMINISTER, org.municipality)
    assert not can(planner, Action.ADMINISTER, org.administration)


def test_anonymous_and_inactive_users_may_do_nothing(reporter: User, p: SimpleNamespace) -> None:
    assert not can(AnonymousUser(), Action.VIEW, p.plan)
    reporter.is_active = False
    forget_rights(reporter)
    assert not can(reporter, Action.VIEW, p.plan)
    assert not visible_plans(AnonymousUser()).exists()


def test_a_user_sees_their_own_role_assignments_and_administrators_see_their_subtree(
    reporter: User, administrator: User, planner: User
) -> None:
    own = RoleAssignment.objects.get(user=reporter)
    assert can(reporter, Action.VIEW, own)
    assert not can(reporter, Action.VIEW, RoleAssignment.objects.get(user=planner))
    assert list(restrict(reporter, RoleAssignment.objects.all())) == [own]
    assert restrict(administrator, RoleAssignment.objects.all()).count() == 3


# --- the denial message and the query helpers ----------------------------------------


def test_access_denied_names_the_object_and_the_missing_role(
    reporter: User, p: SimpleNamespace
) -> None:
    with pytest.raises(PermissionDenied) as raised:
        require(reporter, Action.REPORT, p.family_assessment)
    message = str(raised.value)
    assert "rapportera" in message
    assert "bedömning" in message
    assert "Familjeenheten" in message
    assert "rapportör" in message


def test_query_helpers_are_single_queries(
    reporter: User, p: SimpleNamespace, django_assert_num_queries: Any
) -> None:
    can(reporter, Action.VIEW, p.plan)  # loads the assignments once
    with django_assert_num_queries(1):
        assert list(visible_plans(reporter)) == [p.plan]
    with django_assert_num_queries(1):
        assert names(reportable_units(reporter)) == {"Boendeenheten"}
    with django_assert_num_queries(1):
        assert len(list(restrict(reporter, Measurement.objects.all()))) == 2


def test_units_for_a_role_lists_that_roles_subtrees(planner: User, org: SimpleNamespace) -> None:
    RoleAssignment.objects.create(user=planner, role=Role.READER, unit=org.committee)
    forget_rights(planner)
    assert names(units_for(planner, Role.PLANNER)) == {
        "Socialkontoret",
        "Vuxenverksamheten",
        "Barn och unga",
        "Boendeenheten",
        "Mottagningen",
        "Familjeenheten",
        "Utredningsenheten",
    }
    assert "Socialnämnden" in names(units_for(planner, Role.READER))
    assert not units_for(planner, Role.REPORTER).exists()
    assert "Socialnämnden" not in names(units_where(planner, Action.EDIT_PLAN))


def test_restrict_limits_every_plan_item_to_visible_plans(
    outsider: User, org: SimpleNamespace, p: SimpleNamespace
) -> None:
    other = build_plan(org, owner_name="adults")
    other.family_goal.delete()
    other.family_indicator.delete()
    other.activity.responsible_units.remove(org.family)
    visible_goals = set(restrict(outsider, Goal.objects.all()))
    assert p.family_goal in visible_goals
    assert other.housing_goal not in visible_goals


def test_subtree_administrator_adds_units_below_but_cannot_move_one_out(
    org: SimpleNamespace,
) -> None:
    from conftest import make_persona

    head = make_persona("avdelningsadmin", Role.ADMINISTRATOR, org.adults)
    assert can(head, Action.ADMINISTER, OrgUnit(municipality=org.municipality, parent=org.adults))
    assert can(head, Action.ADMINISTER, org.adults)  # rename their own unit
    assert not can(head, Action.ADMINISTER, OrgUnit(municipality=org.municipality, parent=None))
    org.housing.parent = org.children
    assert not can(head, Action.ADMINISTER, org.housing)
    org.housing.parent = org.reception
    assert can(head, Action.ADMINISTER, org.housing)


def test_municipality_administrator_cannot_make_anyone_a_global_administrator(
    administrator: User, reader: User, org: SimpleNamespace
) -> None:
    assert can(
        administrator,
        Action.ADMINISTER,
        RoleAssignment(user=reader, role=Role.ADMINISTRATOR, municipality=org.municipality),
    )
    assert not can(
        administrator, Action.ADMINISTER, RoleAssignment(user=reader, role=Role.ADMINISTRATOR)
    )
