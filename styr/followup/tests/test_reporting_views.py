"""The reporting pages: who may report what, saving one item or the whole form, conflicts,
double posts, reasons, closed periods, the approval workflow and bounded queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse

from styr.core.tests.clients import logged_in
from styr.followup.models import (
    Assessment,
    AssessmentState,
    FollowUpPeriod,
    Measurement,
    MeasurementOrigin,
    Status,
)
from styr.followup.reporting import report_tasks
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
from styr.plans.models import Activity, Goal, Indicator, Plan, PlanKind


@dataclass
class Setup:
    plan: Plan
    period: FollowUpPeriod
    goal: Goal
    other_goal: Goal
    activity: Activity
    indicator: Indicator
    split: Indicator
    other_unit: OrgUnit


@pytest.fixture
def setup(org: Org) -> Setup:
    """A verksamhetsplan of Vuxenverksamheten: Resursteamet owns a goal, an activity and
    two indicators; a sibling unit (Barn och unga) owns another goal."""
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
    goal = make_goal(plan, "Fler i egen försörjning", code="1.1", responsible_unit=org.unit)
    other_goal = make_goal(plan, "Barn ska vara trygga", code="2.1", responsible_unit=other)
    activity = Activity.objects.create(plan=plan, title="Starta jobbspår")
    activity.goals.add(goal)
    activity.responsible_units.add(org.unit)
    indicator = make_indicator(
        goal, "Andel i arbete", targets=[{"op": ">=", "value": 40, "year": 2024}]
    )
    split = make_indicator(goal, "Nöjda brukare", is_gender_split=True)
    return Setup(
        plan, make_period(plan, "2024-T1"), goal, other_goal, activity, indicator, split, other
    )


def goal_url(s: Setup, unit: OrgUnit, goal: Goal) -> str:
    return reverse("followup:report-goal", args=[s.plan.pk, s.period.code, unit.pk, goal.pk])


def goal_fields(s: Setup, data: dict[str, Any], status: str, analysis: str, **extra: Any) -> None:
    prefix = f"g-{s.goal.pk}"
    data[f"{prefix}-status"] = status
    data[f"{prefix}-analysis"] = analysis
    for key, value in extra.items():
        data[f"{prefix}-{key}"] = value


# --- who may report what --------------------------------------------------------------------


def test_the_index_lists_the_reporters_plan_period_and_unit_with_the_deadline(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    response = logged_in(reporter).get(reverse("followup:index"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Verksamhetsplan 2024" in text
    assert report_url(setup, org.unit) in text
    assert "15 maj 2024" in text  # the period's due date, in Swedish
    assert "försenad" in text  # nothing is submitted and the due date has passed
    assert report_url(setup, setup.other_unit) not in text  # not the reporter's unit


def test_report_tasks_count_what_is_done(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    Assessment.objects.create(
        period=setup.period,
        goal=setup.goal,
        unit=org.unit,
        status=Status.MET,
        analysis="Bra",
        state=AssessmentState.SUBMITTED,
    )
    Measurement.objects.create(indicator=setup.indicator, period="2024-T1", value=41)
    [task] = [t for t in report_tasks(reporter) if t.unit == org.unit]
    assert (task.assessments_done, task.assessments_total) == (1, 2)  # goal, activity
    assert (task.indicators_done, task.indicators_total) == (1, 2)


def test_a_user_without_roles_has_nothing_to_report(
    setup: Setup, outsider: AbstractBaseUser
) -> None:
    response = logged_in(outsider).get(reverse("followup:index"))
    assert "Du har inget att rapportera" in response.content.decode()


def test_the_report_page_shows_only_the_units_own_items(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    response = logged_in(reporter).get(report_url(setup, org.unit))
    text = response.content.decode()
    assert "Fler i egen försörjning" in text
    assert "Starta jobbspår" in text
    assert "Andel i arbete" in text
    assert "Utfall kvinnor" in text  # the gender-split indicator
    assert "Barn ska vara trygga" not in text


def test_another_units_report_is_refused_with_a_clear_page(
    setup: Setup, reporter: AbstractBaseUser
) -> None:
    client = logged_in(reporter)
    for url in (
        report_url(setup, setup.other_unit),
        goal_url(setup, setup.other_unit, setup.other_goal),
    ):
        response = client.get(url)
        assert response.status_code == 403
        text = response.content.decode()
        assert "Du har inte behörighet" in text
        assert "rapportera" in text and "Barn och unga" in text


def test_another_units_goal_cannot_be_posted_through_ones_own_unit(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    url = goal_url(setup, org.unit, setup.other_goal)
    prefix = f"g-{setup.other_goal.pk}"
    response = logged_in(reporter).post(
        url, {f"{prefix}-status": "met", f"{prefix}-analysis": "x", f"{prefix}-version": 0}
    )
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_a_reader_cannot_report(setup: Setup, org: Org) -> None:
    reader = make_user("lasare", "reader", org.committee)
    assert logged_in(reader).get(report_url(setup, org.unit)).status_code == 403


# --- saving ------------------------------------------------------------------------------------


def test_the_whole_form_saves_status_analysis_and_values_without_javascript(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    client = logged_in(reporter)
    url = report_url(setup, org.unit)
    data = form_data(client, url)
    goal_fields(setup, data, "partly_met", "Fler deltar i jobbspåret.")
    data[f"i-{setup.indicator.pk}-value_T"] = "38,5"
    data[f"i-{setup.split.pk}-value_K"] = "81"
    data["action"] = "save"
    response = client.post(url, data)
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.status, assessment.analysis, assessment.state) == (
        "partly_met",
        "Fler deltar i jobbspåret.",
        AssessmentState.DRAFT,
    )
    assert assessment.author == reporter and assessment.unit == org.unit
    value = Measurement.objects.get(indicator=setup.indicator)
    assert (value.period, value.value, value.origin) == ("2024-T1", 38.5, "manual")
    assert Measurement.objects.get(indicator=setup.split).gender == "K"
    # The untouched activity stores nothing.
    assert not Assessment.objects.filter(activity=setup.activity).exists()
    page = client.get(url).content.decode()
    assert "38,5" in page and "Fler deltar i jobbspåret." in page


def test_submitting_the_whole_form_submits_the_filled_in_assessments(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    client = logged_in(reporter)
    url = report_url(setup, org.unit)
    data = form_data(client, url)
    goal_fields(setup, data, "met", "Målet är nått.")
    data["action"] = "submit"
    client.post(url, data)
    assessment = Assessment.objects.get()
    assert assessment.state == AssessmentState.SUBMITTED
    assert assessment.submitted_at is not None


def test_one_item_is_saved_through_htmx_and_only_its_row_comes_back(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    prefix = f"g-{setup.goal.pk}"
    response = logged_in(reporter).post(
        goal_url(setup, org.unit, setup.goal),
        {
            f"{prefix}-status": "met",
            f"{prefix}-analysis": "Klart.",
            f"{prefix}-version": 0,
            "action": "save",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert text.startswith('<section class="report-item') and "<html" not in text
    assert "Sparat." in text
    assert Assessment.objects.get().analysis == "Klart."


def test_a_bad_number_names_the_indicator_and_saves_nothing_of_the_form(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    client = logged_in(reporter)
    url = report_url(setup, org.unit)
    data = form_data(client, url)
    goal_fields(setup, data, "met", "Bra.")
    data[f"i-{setup.indicator.pk}-value_T"] = "fyrtio"
    response = client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Inget sparades" in text
    assert f'href="#indicator-{setup.indicator.pk}"' in text
    assert "”fyrtio” är inget tal" in text
    assert not Assessment.objects.exists() and not Measurement.objects.exists()


def test_submitting_without_an_analysis_is_refused_with_a_reason(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    prefix = f"g-{setup.goal.pk}"
    response = logged_in(reporter).post(
        goal_url(setup, org.unit, setup.goal),
        {
            f"{prefix}-status": "met",
            f"{prefix}-analysis": "",
            f"{prefix}-version": 0,
            "action": "submit",
        },
        HTTP_HX_REQUEST="true",
    )
    assert "Skriv en analys innan du lämnar in" in response.content.decode()
    assert not Assessment.objects.exists()


# --- double posts and conflicts --------------------------------------------------------------


def test_a_form_posted_twice_stores_one_assessment_and_one_value(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    client = logged_in(reporter)
    url = report_url(setup, org.unit)
    data = form_data(client, url)
    goal_fields(setup, data, "met", "Målet är nått.")
    data[f"i-{setup.indicator.pk}-value_T"] = "41"
    data["action"] = "submit"
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.version == 1  # created submitted; the second post wrote nothing
    assert assessment.state == AssessmentState.SUBMITTED
    assert assessment.history.count() == 1
    assert Measurement.objects.count() == 1
    assert Measurement.objects.get().history.count() == 1


def test_two_people_saving_the_same_goal_the_second_gets_a_conflict_and_nothing_is_lost(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    colleague = make_user("kollega", "reporter", org.unit)
    Assessment.objects.create(
        period=setup.period, goal=setup.goal, unit=org.unit, status="not_met", analysis="Start"
    )
    first, second = logged_in(reporter), logged_in(colleague)
    url = report_url(setup, org.unit)
    data_first, data_second = form_data(first, url), form_data(second, url)
    goal_fields(setup, data_first, "met", "Rapportörens text")
    goal_fields(setup, data_second, "partly_met", "Kollegans text")
    assert first.post(url, data_first).status_code == 302
    response = second.post(url, data_second)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Någon annan har sparat samtidigt" in text
    assert "rapportor" in text  # who saved first
    assert "Rapportörens text" in text  # their text is shown
    assert "Kollegans text" in text  # and the second person's text stays in the field
    assessment = Assessment.objects.get()
    assert assessment.analysis == "Rapportörens text"
    assert assessment.version == 2
    # Having read the conflict, saving again is a deliberate choice and goes through.
    row = next(r for r in response.context["report"].goals if r.item == setup.goal)
    assert row.form["version"].value() == "2"
    data_second[f"g-{setup.goal.pk}-version"] = 2
    assert second.post(url, data_second).status_code == 302
    assert Assessment.objects.get().analysis == "Kollegans text"


def test_two_people_entering_the_same_value_the_second_gets_a_conflict(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    colleague = make_user("kollega", "reporter", org.unit)
    first, second = logged_in(reporter), logged_in(colleague)
    url = report_url(setup, org.unit)
    data_first, data_second = form_data(first, url), form_data(second, url)
    field = f"i-{setup.indicator.pk}-value_T"
    data_first[field], data_second[field] = "41", "39"
    assert first.post(url, data_first).status_code == 302
    response = second.post(url, data_second)
    text = response.content.decode()
    assert "rapportor registrerade värdet 41" in text
    assert Measurement.objects.get().value == 41


# --- reasons, closed periods and the workflow ------------------------------------------------


def submitted(setup: Setup, org: Org, **fields: Any) -> Assessment:
    fields.setdefault("state", AssessmentState.SUBMITTED)
    return Assessment.objects.create(
        period=setup.period,
        goal=setup.goal,
        unit=org.unit,
        status="met",
        analysis="Inlämnad text",
        **fields,
    )


def test_changing_a_submitted_assessment_needs_a_reason_kept_in_the_history(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    assessment = submitted(setup, org)
    client = logged_in(reporter)
    url = goal_url(setup, org.unit, setup.goal)
    prefix = f"g-{setup.goal.pk}"
    data = {
        f"{prefix}-status": "partly_met",
        f"{prefix}-analysis": "Ny text",
        f"{prefix}-version": 1,
        "action": "save",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "skriv ett skäl till ändringen" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.analysis == "Inlämnad text"
    data[f"{prefix}-reason"] = "Siffrorna för mars var fel"
    assert client.post(url, data).status_code == 302
    assessment.refresh_from_db()
    assert assessment.analysis == "Ny text"
    assert assessment.history.first().history_change_reason == "Siffrorna för mars var fel"


def test_changing_an_approved_assessment_sends_it_back_for_approval(
    setup: Setup, reporter: AbstractBaseUser, planner: AbstractBaseUser, org: Org
) -> None:
    assessment = submitted(setup, org, state=AssessmentState.APPROVED, approved_by=planner)
    prefix = f"g-{setup.goal.pk}"
    logged_in(reporter).post(
        goal_url(setup, org.unit, setup.goal),
        {
            f"{prefix}-status": "met",
            f"{prefix}-analysis": "Kompletterad",
            f"{prefix}-version": 1,
            f"{prefix}-reason": "Komplettering",
            "action": "save",
        },
    )
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.SUBMITTED
    assert assessment.approved_by is None


def test_a_closed_period_refuses_a_reporter_and_saves_nothing(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    setup.period.is_closed = True
    setup.period.save()
    client = logged_in(reporter)
    url = report_url(setup, org.unit)
    page = client.get(url).content.decode()
    assert "Perioden är stängd" in page
    assert 'name="action"' not in page  # no save buttons
    prefix = f"g-{setup.goal.pk}"
    response = client.post(
        url, {f"{prefix}-status": "met", f"{prefix}-analysis": "Sent", f"{prefix}-version": 0}
    )
    assert response.status_code == 409
    item = client.post(
        goal_url(setup, org.unit, setup.goal),
        {f"{prefix}-status": "met", f"{prefix}-analysis": "Sent", f"{prefix}-version": 0},
    )
    assert item.status_code == 409
    assert "Perioden Period 2024-T1 är stängd; inget sparades." in item.content.decode()
    htmx = client.post(
        goal_url(setup, org.unit, setup.goal),
        {f"{prefix}-status": "met", f"{prefix}-analysis": "Sent", f"{prefix}-version": 0},
        HTTP_HX_REQUEST="true",
    )
    assert "inget sparades" in htmx.content.decode()
    assert not Assessment.objects.exists()


def test_a_planner_changes_a_closed_period_only_with_a_reason(
    setup: Setup, planner: AbstractBaseUser, org: Org
) -> None:
    setup.period.is_closed = True
    setup.period.save()
    client = logged_in(planner)
    url = goal_url(setup, org.unit, setup.goal)
    prefix = f"g-{setup.goal.pk}"
    data = {f"{prefix}-status": "met", f"{prefix}-analysis": "Rättad", f"{prefix}-version": 0}
    response = client.post(url, data)
    assert "kräver en planerare och ett skäl" in response.content.decode()
    assert not Assessment.objects.exists()
    data[f"{prefix}-reason"] = "Rättelse efter revision"
    assert client.post(url, data).status_code == 302
    assert Assessment.objects.get().history.first().history_change_reason == (
        "Rättelse efter revision"
    )


def test_draft_submitted_approved_through_the_pages(
    setup: Setup, reporter: AbstractBaseUser, planner: AbstractBaseUser, org: Org
) -> None:
    reporting = logged_in(reporter)
    prefix = f"g-{setup.goal.pk}"
    url = goal_url(setup, org.unit, setup.goal)
    reporting.post(
        url,
        {
            f"{prefix}-status": "met",
            f"{prefix}-analysis": "Nått.",
            f"{prefix}-version": 0,
            "action": "save",
        },
    )
    assessment = Assessment.objects.get()
    assert assessment.state == AssessmentState.DRAFT
    reporting.post(
        url,
        {
            f"{prefix}-status": "met",
            f"{prefix}-analysis": "Nått.",
            f"{prefix}-version": 1,
            "action": "submit",
        },
    )
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.SUBMITTED

    approving = logged_in(planner)
    index = approving.get(reverse("followup:index")).content.decode()
    approval_url = reverse("followup:approval", args=[setup.plan.pk, setup.period.code])
    assert approval_url in index
    page = approving.get(approval_url).content.decode()
    assert "Nått." in page and "Godkänn" in page
    decide = reverse("followup:decide", args=[setup.plan.pk, setup.period.code, assessment.pk])
    response = approving.post(
        decide, {f"d-{assessment.pk}-version": assessment.version, "action": "approve"}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.APPROVED
    assert assessment.approved_by == planner and assessment.approved_at is not None


def test_a_reporter_cannot_approve(setup: Setup, reporter: AbstractBaseUser, org: Org) -> None:
    assessment = submitted(setup, org)
    client = logged_in(reporter)
    assert (
        client.get(
            reverse("followup:approval", args=[setup.plan.pk, setup.period.code])
        ).status_code
        == 403
    )
    decide = reverse("followup:decide", args=[setup.plan.pk, setup.period.code, assessment.pk])
    response = client.post(decide, {f"d-{assessment.pk}-version": 1, "action": "approve"})
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.SUBMITTED


def test_a_planner_returns_an_assessment_with_a_comment_the_reporter_sees(
    setup: Setup, reporter: AbstractBaseUser, planner: AbstractBaseUser, org: Org
) -> None:
    assessment = submitted(setup, org)
    approving = logged_in(planner)
    decide = reverse("followup:decide", args=[setup.plan.pk, setup.period.code, assessment.pk])
    no_comment = approving.post(
        decide, {f"d-{assessment.pk}-version": 1, "action": "return"}, HTTP_HX_REQUEST="true"
    )
    assert "Skriv en kommentar" in no_comment.content.decode()
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.SUBMITTED
    approving.post(
        decide,
        {
            f"d-{assessment.pk}-version": 1,
            "action": "return",
            f"d-{assessment.pk}-comment": "Beskriv orsaken till avvikelsen.",
        },
    )
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.DRAFT
    assert assessment.return_comment == "Beskriv orsaken till avvikelsen."
    page = logged_in(reporter).get(report_url(setup, org.unit)).content.decode()
    assert "Återlämnad av planeraren" in page and "Beskriv orsaken till avvikelsen." in page


def test_a_long_return_comment_is_kept_whole_in_the_history(
    setup: Setup, planner: AbstractBaseUser, org: Org
) -> None:
    # PostgreSQL refused history reasons over 100 characters (a server error on return).
    assessment = submitted(setup, org)
    comment = "Beskriv orsaken till avvikelsen och vilka åtgärder enheten har vidtagit. " * 5
    decide = reverse("followup:decide", args=[setup.plan.pk, setup.period.code, assessment.pk])
    response = logged_in(planner).post(
        decide,
        {
            f"d-{assessment.pk}-version": 1,
            "action": "return",
            f"d-{assessment.pk}-comment": comment,
        },
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.DRAFT
    latest = assessment.history.order_by("-history_date", "-history_id").first()
    assert latest is not None
    assert latest.history_change_reason == f"Återlämnad: {comment.strip()}"


def test_an_approval_of_a_changed_assessment_is_a_conflict(
    setup: Setup, planner: AbstractBaseUser, org: Org
) -> None:
    assessment = submitted(setup, org, version=3)
    decide = reverse("followup:decide", args=[setup.plan.pk, setup.period.code, assessment.pk])
    response = logged_in(planner).post(
        decide, {f"d-{assessment.pk}-version": 2, "action": "approve"}, HTTP_HX_REQUEST="true"
    )
    assert "efter att du öppnade formuläret" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.SUBMITTED


# --- Kolada values edited by hand ------------------------------------------------------------


def test_a_kolada_value_changed_in_the_form_becomes_manual(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    Measurement.objects.create(
        indicator=setup.indicator,
        period="2024-T1",
        value=40.0,
        origin=MeasurementOrigin.KOLADA,
        extra={"kolada": {"value": 40.0}},
    )
    client = logged_in(reporter)
    url = report_url(setup, org.unit)
    data = form_data(client, url)
    assert "Källa: Kolada" in client.get(url).content.decode()
    client.post(url, data)  # unchanged: stays Kolada's
    assert Measurement.objects.get().origin == MeasurementOrigin.KOLADA
    data[f"i-{setup.indicator.pk}-value_T"] = "42"
    client.post(url, data)
    measurement = Measurement.objects.get()
    assert (measurement.value, measurement.origin) == (42.0, MeasurementOrigin.MANUAL)


def test_a_kolada_value_changed_anywhere_becomes_manual(setup: Setup) -> None:
    measurement = Measurement.objects.create(
        indicator=setup.indicator,
        period="2024",
        value=5.0,
        origin=MeasurementOrigin.KOLADA,
        extra={"kolada": {"value": 5.0}},
    )
    measurement.value = 5.0
    measurement.save()
    assert measurement.origin == MeasurementOrigin.KOLADA
    measurement.value = 6.0
    measurement.save(update_fields=["value"])
    measurement.refresh_from_db()
    assert measurement.origin == MeasurementOrigin.MANUAL


# --- bounded queries --------------------------------------------------------------------------


def add_items(setup: Setup, org: Org, n: int) -> None:
    for i in range(n):
        goal = make_goal(setup.plan, f"Mål {i}", responsible_unit=org.unit)
        indicator = make_indicator(
            goal, f"Indikator {i}", targets=[{"op": ">=", "value": i}], is_gender_split=i % 2 == 0
        )
        Measurement.objects.create(indicator=indicator, period="2024-T1", value=i)
        activity = Activity.objects.create(plan=setup.plan, title=f"Aktivitet {i}")
        activity.responsible_units.add(org.unit)
        Assessment.objects.create(
            period=setup.period, goal=goal, unit=org.unit, status="met", analysis="x"
        )


def test_the_report_page_makes_the_same_number_of_queries_for_n_and_3n_goals(
    setup: Setup,
    reporter: AbstractBaseUser,
    org: Org,
    django_assert_max_num_queries: Any,
    django_assert_num_queries: Any,
) -> None:
    client = logged_in(reporter)
    url = report_url(setup, org.unit)
    add_items(setup, org, 5)
    client.get(url)  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    add_items(setup, org, 10)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["report"].goals) == 16
    with django_assert_max_num_queries(20):
        client.get(reverse("followup:index"))


# --- the command -------------------------------------------------------------------------------


def test_styr_followup_due_lists_what_a_user_owes(
    setup: Setup, reporter: AbstractBaseUser, capsys: Any
) -> None:
    from django.core.management import call_command

    setup.indicator.frequency = "tertial"  # a yearly indicator is due only at year end
    setup.indicator.save()
    call_command("followup", "due", "--user", reporter.get_username(), "--date", "2024-06-01")
    out = capsys.readouterr().out
    assert "Fler i egen försörjning" in out and "bedömning av mål" in out
    assert "Andel i arbete" in out and "utfall" in out
    assert "FÖRSENAD" in out  # due 15 May
    assert "Barn ska vara trygga" not in out
    call_command(
        "followup",
        "due",
        "--user",
        reporter.get_username(),
        "--date",
        dt.date(2024, 4, 1).isoformat(),
    )
    assert "Inget att rapportera." in capsys.readouterr().out  # the period has not ended


def test_styr_followup_due_refuses_an_unknown_user(db: None) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ingen användare"):
        call_command("followup", "due", "--user", "nobody")


def test_a_post_without_the_version_asks_to_reload_and_saves_nothing(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    prefix = f"g-{setup.goal.pk}"
    response = logged_in(reporter).post(
        goal_url(setup, org.unit, setup.goal),
        {f"{prefix}-status": "met", f"{prefix}-analysis": "x", "action": "save"},
    )
    assert "Ladda om sidan" in response.content.decode()
    assert not Assessment.objects.exists()


def test_an_indicator_is_reported_only_through_its_own_unit(
    setup: Setup, planner: AbstractBaseUser, org: Org
) -> None:
    url = reverse(
        "followup:report-indicator",
        args=[setup.plan.pk, setup.period.code, org.department.pk, setup.indicator.pk],
    )
    response = logged_in(planner).post(url, {f"i-{setup.indicator.pk}-value_T": "3"})
    assert response.status_code == 403
    assert "rapporterar inte utfall" in response.content.decode()
    assert not Measurement.objects.exists()


def test_the_computed_status_stands_beside_the_units_judgement_and_a_mismatch_is_shown(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    Measurement.objects.create(indicator=setup.indicator, period="2024-T1", value=30)
    Assessment.objects.create(
        period=setup.period, goal=setup.goal, unit=org.unit, status="met", analysis="Bra"
    )
    response = logged_in(reporter).get(report_url(setup, org.unit))
    row = next(r for r in response.context["report"].indicators if r.item == setup.indicator)
    assert row.computed == "not_met"
    text = response.content.decode()
    assert "Utfall 30 % mot målet minst 40 % (2024)" in text
    assert "Beräknad status från indikatorer och aktiviteter" in text
    assert "Enhetens bedömning avviker från den beräknade statusen" in text
    assert Assessment.objects.get().status == "met"  # shown, never changed


def test_approving_twice_approves_once(setup: Setup, planner: AbstractBaseUser, org: Org) -> None:
    assessment = submitted(setup, org)
    client = logged_in(planner)
    decide = reverse("followup:decide", args=[setup.plan.pk, setup.period.code, assessment.pk])
    data = {f"d-{assessment.pk}-version": 1, "action": "approve"}
    first = client.post(decide, data, HTTP_HX_REQUEST="true")
    second = client.post(decide, data, HTTP_HX_REQUEST="true")
    assert "Godkänd." in first.content.decode() and "Godkänd." in second.content.decode()
    assessment.refresh_from_db()
    assert (assessment.state, assessment.version) == (AssessmentState.APPROVED, 2)
    assert assessment.history.count() == 2  # created, approved


def test_the_approval_page_makes_the_same_number_of_queries_for_more_assessments(
    setup: Setup, planner: AbstractBaseUser, org: Org, django_assert_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n: int) -> None:
        for i in range(n):
            goal = make_goal(setup.plan, f"Extra {i}", responsible_unit=org.unit)
            Assessment.objects.create(
                period=setup.period,
                goal=goal,
                unit=org.unit,
                status="met",
                analysis="x",
                state="submitted",
            )

    client = logged_in(planner)
    url = reverse("followup:approval", args=[setup.plan.pk, setup.period.code])
    add(3)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add(9)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) == 12


def test_one_refused_gender_keeps_the_others_of_the_item_unsaved(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    Measurement.objects.create(indicator=setup.split, period="2024-T1", gender="K", value=80)
    url = reverse(
        "followup:report-indicator",
        args=[setup.plan.pk, setup.period.code, org.unit.pk, setup.split.pk],
    )
    prefix = f"i-{setup.split.pk}"
    # The reporter's form showed no value for kvinnor; the colleague's 80 came in between.
    response = logged_in(reporter).post(
        url,
        {
            f"{prefix}-value_T": "75",
            f"{prefix}-value_K": "70",
            f"{prefix}-value_M": "",
            f"{prefix}-shown_T": "",
            f"{prefix}-shown_K": "",
            f"{prefix}-shown_M": "",
        },
        HTTP_HX_REQUEST="true",
    )
    assert "Ditt värde är inte sparat" in response.content.decode()
    assert not Measurement.objects.filter(gender="T").exists()
    assert Measurement.objects.get(gender="K").value == 80


def test_the_item_page_shows_the_history_with_who_and_why(
    setup: Setup, reporter: AbstractBaseUser, org: Org
) -> None:
    assessment = submitted(setup, org)
    client = logged_in(reporter)
    url = goal_url(setup, org.unit, setup.goal)
    prefix = f"g-{setup.goal.pk}"
    client.post(
        url,
        {
            f"{prefix}-status": "met",
            f"{prefix}-analysis": "Rättad text",
            f"{prefix}-version": assessment.version,
            f"{prefix}-reason": "Fel siffra i mars",
        },
    )
    page = client.get(url).content.decode()
    assert 'id="history"' in page
    assert "Fel siffra i mars" in page and "Rättad text" in page and "Inlämnad text" in page
