"""An activity's own status (ej påbörjad / pågår / genomförd / avbruten) set from the unit's
report: with the whole form or one row through htmx, only by those who may report for the
unit, refused in a closed period, written once however often the form is posted, in the
same transaction as the assessment, and the goals it feeds refreshed beside the row."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.urls import reverse

from styr.accounts.access import AccessDenied
from styr.core.tests.clients import logged_in
from styr.followup.models import Assessment, FollowUpPeriod
from styr.followup.reporting import (
    ActivityStatusConflict,
    ActivityStatusError,
    goals_fed_by,
    record_activity_report,
    record_activity_status,
)
from styr.followup.services import ClosedPeriodError
from styr.followup.tests.conftest import (
    Org,
    form_data,
    make_goal,
    make_indicator,
    make_period,
    make_user,
    report_url,
)
from styr.organisation.models import OrgUnit, OrgUnitKind
from styr.plans.models import Activity, ActivityStatus, Goal, Plan, PlanKind


@dataclass
class Setup:
    plan: Plan
    period: FollowUpPeriod
    parent: Goal
    goal: Goal
    other_goal: Goal
    activity: Activity
    other_unit: OrgUnit


@pytest.fixture
def setup(org: Org) -> Setup:
    """Resursteamet reports a goal and its sub-goal; the sub-goal's only input is the
    activity "Starta jobbspår" (no status set yet). Barn och unga owns a goal the activity
    also serves."""
    other = OrgUnit.objects.create(
        municipality=org.municipality,
        parent=org.office,
        kind=OrgUnitKind.DEPARTMENT,
        name="Barn och unga",
    )
    plan = Plan.objects.create(
        title="Verksamhetsplan 2024",
        kind=PlanKind.OPERATIONAL_PLAN,
        owner=org.department,
        period_from=2024,
        period_to=2024,
    )
    parent = make_goal(plan, "Fler i egen försörjning", code="1", responsible_unit=org.unit)
    goal = make_goal(plan, "Fler i jobbspår", code="1.1", parent=parent, responsible_unit=org.unit)
    other_goal = make_goal(plan, "Unga i arbete", code="2.1", responsible_unit=other)
    activity = Activity.objects.create(plan=plan, title="Starta jobbspår")
    activity.goals.add(goal, other_goal)
    activity.responsible_units.add(org.unit)
    return Setup(plan, make_period(plan, "2024-T1"), parent, goal, other_goal, activity, other)


def activity_url(s: Setup, unit: OrgUnit) -> str:
    return reverse(
        "followup:report-activity", args=[s.plan.pk, s.period.code, unit.pk, s.activity.pk]
    )


def row_data(s: Setup, status: str, shown: str = "", **fields: Any) -> dict[str, Any]:
    """One activity row as its own form posts it: no assessment yet, the status chosen."""
    prefix = f"a-{s.activity.pk}"
    data = {
        f"{prefix}-status": "not_assessed",
        f"{prefix}-analysis": "",
        f"{prefix}-version": 0,
        f"{prefix}-activity_status": status,
        f"{prefix}-activity_status_shown": shown,
        "action": "save",
    }
    data.update({f"{prefix}-{key}": value for key, value in fields.items()})
    return data


def stored(s: Setup) -> tuple[str, int]:
    """The activity's status and how many history records it has."""
    s.activity.refresh_from_db()
    return s.activity.status, s.activity.history.count()


def oob_fragments(text: str) -> dict[str, str]:
    """The out-of-band fragments of an htmx answer, by the id they replace."""
    found = re.findall(
        r'<div class="computed-status" id="([\w-]+)" hx-swap-oob="true">(.*?)</div>', text, re.S
    )
    return dict(found)


# --- setting the status -------------------------------------------------------------------


def test_a_reporter_sets_the_status_with_the_whole_form_without_javascript(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    client = logged_in(reporter)
    url = report_url(setup, org.unit)
    page = client.get(url).content.decode()
    assert "Aktivitetens status" in page
    assert '<option value="" selected>ej angiven</option>' in page
    _status, before = stored(setup)
    data = form_data(client, url, action="save")
    assert data[f"a-{setup.activity.pk}-activity_status"] == ""  # not set in the plan
    data[f"a-{setup.activity.pk}-activity_status"] = ActivityStatus.IN_PROGRESS
    response = client.post(url, data)
    assert response.status_code == 302
    assert stored(setup) == (ActivityStatus.IN_PROGRESS, before + 1)
    record = setup.activity.history.first()
    assert record.history_user == reporter
    assert record.history_change_reason == (
        "Status ändrad i uppföljningen Period 2024-T1 av Resursteamet"
    )
    # The assessment of the row was left blank: the status alone stores no assessment.
    assert not Assessment.objects.exists()
    page = client.get(url).content.decode()
    assert '<option value="pågår" selected>pågår</option>' in page
    assert ">ej angiven</option>" not in page  # no way back to "not set"


def test_one_row_through_htmx_saves_status_and_assessment_together(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    response = logged_in(reporter).post(
        activity_url(setup, org.unit),
        row_data(setup, ActivityStatus.DONE, analysis="Jobbspåret startade i mars."),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert text.startswith('<section class="report-item') and "Sparat." in text
    assert '<option value="genomförd" selected>genomförd</option>' in text
    assert stored(setup)[0] == ActivityStatus.DONE
    assessment = Assessment.objects.get(activity=setup.activity)
    assert assessment.analysis == "Jobbspåret startade i mars."


def test_an_htmx_save_refreshes_the_computed_status_of_the_goals_the_activity_feeds(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    client = logged_in(reporter)
    page = client.get(report_url(setup, org.unit)).content.decode()
    assert f'id="goal-{setup.goal.pk}-computed"' in page
    response = client.post(
        activity_url(setup, org.unit),
        row_data(setup, ActivityStatus.DONE),
        HTTP_HX_REQUEST="true",
    )
    fragments = oob_fragments(response.content.decode())
    # The activity's goal and the goal it rolls up into, not Barn och unga's goal (not on
    # the page).
    assert set(fragments) == {f"goal-{setup.goal.pk}-computed", f"goal-{setup.parent.pk}-computed"}
    assert "Uppfyllt" in fragments[f"goal-{setup.goal.pk}-computed"]  # genomförd → uppfyllt
    assert "Uppfyllt" in fragments[f"goal-{setup.parent.pk}-computed"]
    # The page's live region tells a screen reader which goals changed, and to what.
    assert 'id="computed-status-news" class="visually-hidden" aria-live="polite"' in page
    news = re.search(
        r'<p id="computed-status-news" hx-swap-oob="innerHTML">(.*?)</p>',
        response.content.decode(),
        re.S,
    )
    assert news is not None
    assert "1.1 Fler i jobbspår – Uppfyllt" in news.group(1)
    assert "1 Fler i egen försörjning – Uppfyllt" in news.group(1)
    # A second, identical post changes nothing, so nothing else needs refreshing.
    again = client.post(
        activity_url(setup, org.unit),
        row_data(setup, ActivityStatus.DONE, shown=ActivityStatus.DONE),
        HTTP_HX_REQUEST="true",
    )
    assert oob_fragments(again.content.decode()) == {}
    assert "computed-status-news" not in again.content.decode()


def test_an_htmx_save_of_a_value_refreshes_its_goals_status(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    indicator = make_indicator(
        setup.goal, "Andel i arbete", targets=[{"op": ">=", "value": 40, "year": 2024}]
    )
    url = reverse(
        "followup:report-indicator",
        args=[setup.plan.pk, setup.period.code, org.unit.pk, indicator.pk],
    )
    response = logged_in(reporter).post(
        url,
        {f"i-{indicator.pk}-value_T": "30", f"i-{indicator.pk}-shown_T": ""},
        HTTP_HX_REQUEST="true",
    )
    fragments = oob_fragments(response.content.decode())
    assert "Ej uppfyllt" in fragments[f"goal-{setup.goal.pk}-computed"]


def test_goals_fed_by_follows_parents_and_contributions_within_the_plan_and_the_unit(
    setup: Setup, org: Org
) -> None:
    contributed = make_goal(setup.plan, "Samverkan", code="3", responsible_unit=org.unit)
    setup.parent.contributes_to.add(contributed)
    make_goal(setup.plan, "Fristående", code="4", responsible_unit=org.unit)
    fed = goals_fed_by(setup.plan, org.unit, setup.activity)
    assert fed == [setup.parent, setup.goal, contributed]
    assert goals_fed_by(setup.plan, org.unit, setup.goal) == [setup.parent, contributed]
    assert goals_fed_by(setup.plan, setup.other_unit, setup.activity) == [setup.other_goal]


# --- who may --------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_an_outsider_is_refused_and_nothing_is_stored(
    setup: Setup, outsider: AbstractBaseUser, org: Org, htmx: bool
) -> None:
    before = stored(setup)
    headers = {"HX-Request": "true"} if htmx else {}
    client = logged_in(outsider)
    response = client.post(
        activity_url(setup, org.unit), row_data(setup, "genomförd"), headers=headers
    )
    assert response.status_code == 403
    whole = client.post(report_url(setup, org.unit), row_data(setup, "genomförd"))
    assert whole.status_code == 403
    assert stored(setup) == before


def test_a_reporter_of_another_unit_cannot_set_the_status(setup: Setup, org: Org) -> None:
    neighbour = make_user("granne", "reporter", setup.other_unit)
    before = stored(setup)
    response = logged_in(neighbour).post(
        activity_url(setup, org.unit), row_data(setup, "genomförd")
    )
    assert response.status_code == 403
    with pytest.raises(AccessDenied):
        record_activity_status(
            neighbour, setup.period, org.unit, setup.activity, "genomförd", shown=""
        )
    assert stored(setup) == before


def test_a_unit_not_responsible_for_the_activity_cannot_set_its_status(
    setup: Setup, planner: AbstractBaseUser, org: Org
) -> None:
    # The planner may report for Vuxenverksamheten, but the activity is Resursteamet's.
    with pytest.raises(ValidationError, match="är inte ansvarig"):
        record_activity_status(
            planner, setup.period, org.department, setup.activity, "genomförd", shown=""
        )
    assert stored(setup)[0] == ""


# --- closed periods ---------------------------------------------------------------------------


def test_a_closed_period_refuses_the_reporter_and_stores_nothing(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    setup.period.is_closed = True
    setup.period.save()
    before = stored(setup)
    client = logged_in(reporter)
    page = client.get(report_url(setup, org.unit)).content.decode()
    assert "Aktivitetens status" in page and "<select" not in page  # read-only
    response = client.post(activity_url(setup, org.unit), row_data(setup, "genomförd"))
    assert response.status_code == 409
    whole = client.post(report_url(setup, org.unit), row_data(setup, "genomförd"))
    assert whole.status_code == 409
    with pytest.raises(ClosedPeriodError, match="stängd"):
        record_activity_status(
            reporter, setup.period, org.unit, setup.activity, "genomförd", shown="", reason="x"
        )
    assert stored(setup) == before


def test_a_planner_changes_the_status_in_a_closed_period_only_with_a_reason(
    setup: Setup, planner: AbstractBaseUser, org: Org
) -> None:
    setup.period.is_closed = True
    setup.period.save()
    client = logged_in(planner)
    response = client.post(activity_url(setup, org.unit), row_data(setup, "avbruten"))
    assert "kräver en planerare och ett skäl" in response.content.decode()
    assert stored(setup)[0] == ""
    client.post(activity_url(setup, org.unit), row_data(setup, "avbruten", reason="Beslut i SN"))
    assert stored(setup)[0] == "avbruten"
    assert setup.activity.history.first().history_change_reason == "Beslut i SN"


# --- posted twice, conflicts, errors ---------------------------------------------------------


def test_a_form_posted_twice_writes_one_history_record(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    client = logged_in(reporter)
    url = report_url(setup, org.unit)
    data = form_data(client, url, action="save")
    data[f"a-{setup.activity.pk}-activity_status"] = "pågår"
    _status, before = stored(setup)
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the same form, re-sent
    htmx = client.post(
        activity_url(setup, org.unit), row_data(setup, "pågår"), HTTP_HX_REQUEST="true"
    )
    assert htmx.status_code == 200 and "Sparat." not in htmx.content.decode()
    assert stored(setup) == ("pågår", before + 1)


def test_a_status_changed_by_someone_else_since_the_form_was_read_is_a_conflict(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    colleague = make_user("kollega", "reporter", org.unit)
    first, second = logged_in(reporter), logged_in(colleague)
    url = report_url(setup, org.unit)
    data_first, data_second = form_data(first, url), form_data(second, url)
    field = f"a-{setup.activity.pk}-activity_status"
    data_first[field] = "pågår"
    data_second[field] = "genomförd"
    data_second[f"a-{setup.activity.pk}-analysis"] = "Kollegans analys"
    assert first.post(url, data_first).status_code == 302
    response = second.post(url, data_second)
    text = response.content.decode()
    assert response.status_code == 200 and "Inget sparades" in text
    assert "rapportor ändrade aktivitetens status till pågår" in text
    # The assessment of the same row was not saved either: one transaction.
    assert not Assessment.objects.exists()
    assert stored(setup)[0] == "pågår"
    # Having read it, saving again is a deliberate choice and goes through.
    row = next(r for r in response.context["report"].activities)
    assert row.form["activity_status_shown"].value() == "pågår"
    data_second[f"a-{setup.activity.pk}-activity_status_shown"] = "pågår"
    assert second.post(url, data_second).status_code == 302
    assert stored(setup)[0] == "genomförd"
    assert Assessment.objects.get().analysis == "Kollegans analys"


def test_a_status_left_as_shown_neither_conflicts_with_nor_undoes_another_units_change(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    client = logged_in(reporter)
    url = report_url(setup, org.unit)
    data = form_data(client, url, action="save")
    Activity.objects.filter(pk=setup.activity.pk).update(status="genomförd")  # elsewhere
    data[f"a-{setup.activity.pk}-analysis"] = "Vår del är klar."
    assert client.post(url, data).status_code == 302
    assert stored(setup)[0] == "genomförd"
    assert Assessment.objects.get().analysis == "Vår del är klar."


def test_an_unknown_status_names_the_activity_and_saves_nothing_of_the_form(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    client = logged_in(reporter)
    url = report_url(setup, org.unit)
    data = form_data(client, url, action="save")
    data[f"a-{setup.activity.pk}-activity_status"] = "klar"
    data[f"a-{setup.activity.pk}-analysis"] = "Text som inte sparas"
    data[f"g-{setup.goal.pk}-status"] = "met"
    data[f"g-{setup.goal.pk}-analysis"] = "Inte heller sparad"
    before = stored(setup)
    response = client.post(url, data)
    text = response.content.decode()
    assert response.status_code == 200 and "Inget sparades" in text
    assert f'href="#activity-{setup.activity.pk}"' in text
    assert "Aktiviteten ”Starta jobbspår”: okänd status ”klar”" in text
    assert "Välj ej påbörjad, pågår, genomförd eller avbruten." in text
    assert stored(setup) == before and not Assessment.objects.exists()
    htmx = client.post(
        activity_url(setup, org.unit), row_data(setup, "klar"), HTTP_HX_REQUEST="true"
    )
    assert "Aktiviteten ”Starta jobbspår”: okänd status ”klar”" in htmx.content.decode()
    with pytest.raises(ActivityStatusError, match="Starta jobbspår"):
        record_activity_status(reporter, setup.period, org.unit, setup.activity, "", shown="pågår")


def test_the_service_saves_both_parts_or_neither(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    Activity.objects.filter(pk=setup.activity.pk).update(status="pågår")
    with pytest.raises(ActivityStatusConflict):
        record_activity_report(
            reporter,
            setup.period,
            org.unit,
            setup.activity,
            status="partly_met",
            analysis="Halvvägs",
            version=0,
            activity_status="genomförd",
            activity_status_shown="ej påbörjad",
        )
    assert not Assessment.objects.exists()
    assessment, changed = record_activity_report(
        reporter,
        setup.period,
        org.unit,
        setup.activity,
        status="partly_met",
        analysis="Halvvägs",
        version=0,
        activity_status="genomförd",
        activity_status_shown="pågår",
    )
    assert changed and assessment is not None and stored(setup)[0] == "genomförd"


def test_the_row_service_refuses_an_outsider_before_anything_is_written(
    setup: Setup, outsider: AbstractBaseUser, org: Org
) -> None:
    before = stored(setup)
    with pytest.raises(AccessDenied):
        record_activity_report(
            outsider,
            setup.period,
            org.unit,
            setup.activity,
            status="met",
            analysis="Klart",
            version=0,
            activity_status="genomförd",
            activity_status_shown="",
        )
    assert stored(setup) == before and not Assessment.objects.exists()
