"""Follow-up in a real browser: an enhetschef reports and submits, sees it on the goal page;
a planner approves; another unit's report is refused with a clear page."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from conftest import make_persona
from styr.followup.models import Assessment, AssessmentState, FollowUpPeriod, Measurement
from styr.plans.models import Activity, Goal, GoalLevel, Indicator, Plan, PlanKind, Target
from tests.browser.helpers import check_accessibility, login_as, screenshot, with_password


@pytest.fixture
def plan(personas: SimpleNamespace) -> SimpleNamespace:
    """Vuxenverksamheten's plan: Boendeenheten (the reporter's unit) owns a goal with an
    indicator and an activity; Familjeenheten owns another goal."""
    org = personas.org
    plan = Plan.objects.create(
        title="Verksamhetsplan Vuxen 2025",
        kind=PlanKind.OPERATIONAL_PLAN,
        owner=org.adults,
        period_from=2025,
        period_to=2025,
    )
    goal = Goal.objects.create(
        plan=plan,
        code="2.1",
        title="Fler brukare har en egen bostad",
        level=GoalLevel.OPERATIONAL_GOAL,
        responsible_unit=org.housing,
    )
    other = Goal.objects.create(
        plan=plan,
        code="3.1",
        title="Barnen får stöd i tid",
        level=GoalLevel.OPERATIONAL_GOAL,
        responsible_unit=org.family,
        position=1,
    )
    indicator = Indicator.objects.create(
        plan=plan, goal=goal, name="Andel med eget kontrakt", unit="%", direction="increase"
    )
    Target.objects.create(indicator=indicator, op=">=", value=60, year=2025, relative_to="absolute")
    activity = Activity.objects.create(plan=plan, title="Boendecoach för unga vuxna")
    activity.goals.add(goal)
    activity.responsible_units.add(org.housing)
    period = FollowUpPeriod.objects.create(
        plan=plan,
        kind="tertial",
        code="2025-T1",
        label="Tertial 1 2025",
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 4, 30),
        due_date=dt.date(2025, 5, 15),
    )
    return SimpleNamespace(
        plan=plan, goal=goal, other=other, indicator=indicator, activity=activity, period=period
    )


def test_an_enhetschef_reports_submits_and_sees_it_on_the_goal_page(
    page: Page, personas: SimpleNamespace, plan: SimpleNamespace
) -> None:
    org = personas.org
    login_as(page, personas.reporter)
    page.get_by_role("link", name="Uppföljning").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uppföljning")
    expect(page.get_by_text("15 maj 2025")).to_be_visible()
    screenshot(page, "followup-index-reporter")
    check_accessibility(page, "followup index")

    page.get_by_role("link", name="Rapportera för Boendeenheten, Tertial 1 2025").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Boendeenheten")
    expect(page.get_by_text("Barnen får stöd i tid")).to_have_count(0)
    check_accessibility(page, "followup report (empty)")

    goal_item = page.locator(f"#goal-{plan.goal.pk}")
    goal_item.get_by_label("Bedömning").select_option("partly_met")
    goal_item.get_by_label("Analys").fill("Fler har fått kontrakt, men kön till boende växer.")
    goal_item.get_by_role("button", name=re.compile("^Lämna in")).click()
    # htmx swaps only the goal's row; the state shows it is submitted.
    expect(goal_item.get_by_role("status")).to_contain_text("inlämnad")
    expect(goal_item.locator(".state")).to_have_text("Inlämnad")

    value_item = page.locator(f"#indicator-{plan.indicator.pk}")
    value_item.get_by_label("Utfall totalt").fill("57,5")
    value_item.get_by_role("button", name=re.compile("^Spara utfall")).click()
    expect(value_item.get_by_role("status")).to_contain_text("Utfallet är sparat")
    expect(value_item).to_contain_text("Senast registrerat")
    # The goal's computed status beside its form follows the saved value (hx-swap-oob).
    expect(page.locator(f"#goal-{plan.goal.pk}-computed")).to_contain_text("Delvis uppfyllt")

    activity_item = page.locator(f"#activity-{plan.activity.pk}")
    activity_item.get_by_label("Bedömning").select_option("met")
    activity_item.get_by_label("Analys").fill("Två coacher anställda i februari.")
    activity_item.get_by_label("Aktivitetens status").select_option("pågår")
    activity_item.get_by_role("button", name=re.compile("^Spara")).first.click()
    expect(activity_item.get_by_role("status")).to_contain_text("Sparat")
    screenshot(page, "followup-report-saved")
    check_accessibility(page, "followup report (saved)")

    assessment = Assessment.objects.get(goal=plan.goal)
    assert (assessment.state, assessment.status, assessment.unit_id) == (
        AssessmentState.SUBMITTED,
        "partly_met",
        org.housing.pk,
    )
    assert Measurement.objects.get(indicator=plan.indicator, period="2025-T1").value == 57.5
    assert Activity.objects.get(pk=plan.activity.pk).status == "pågår"

    page.goto(reverse("plans:goal-detail", args=[plan.goal.pk]) + "?period=2025-T1")
    assessments = page.locator("table", has=page.get_by_role("columnheader", name="Analys"))
    expect(assessments).to_contain_text("Fler har fått kontrakt, men kön till boende växer.")
    expect(assessments).to_contain_text("Delvis uppfyllt")
    expect(assessments).to_contain_text("Inlämnad")
    expect(page.locator("main")).to_contain_text("57,5")
    screenshot(page, "followup-goal-page-after-report")
    check_accessibility(page, "goal page after report")

    # The item's own page keeps its history: who saved what, in which state.
    page.goto(
        reverse(
            "followup:report-goal",
            args=[plan.plan.pk, plan.period.code, org.housing.pk, plan.goal.pk],
        )
    )
    history = page.locator("table", has=page.get_by_role("columnheader", name="Skäl"))
    expect(history).to_contain_text("Inlämnad")
    expect(history).to_contain_text("reporter")
    screenshot(page, "followup-item-history")
    check_accessibility(page, "followup item with history")


def test_a_planner_approves_a_submitted_assessment(
    page: Page, personas: SimpleNamespace, plan: SimpleNamespace
) -> None:
    assessment = Assessment.objects.create(
        period=plan.period,
        goal=plan.goal,
        unit=personas.org.housing,
        status="met",
        analysis="Målet är nått: 64 % har eget kontrakt.",
        state=AssessmentState.SUBMITTED,
        author=personas.reporter,
    )
    login_as(page, personas.planner)
    page.goto(reverse("followup:index"))
    page.get_by_role("link", name="Granska och godkänn Tertial 1 2025").click()
    expect(page.get_by_text("Målet är nått: 64 % har eget kontrakt.")).to_be_visible()
    screenshot(page, "followup-approval")
    check_accessibility(page, "followup approval")
    page.get_by_role("button", name=re.compile("^Godkänn")).click()
    expect(page.get_by_role("status")).to_contain_text("Godkänd")
    expect(page.locator(f"#decision-{assessment.pk} .state")).to_have_text("Godkänd")
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.APPROVED
    assert assessment.approved_by == personas.planner


def test_a_reporter_opening_another_units_goal_report_gets_403_and_a_clear_page(
    page: Page, personas: SimpleNamespace, plan: SimpleNamespace
) -> None:
    login_as(page, personas.reporter)
    url = reverse(
        "followup:report-goal",
        args=[plan.plan.pk, plan.period.code, personas.org.family.pk, plan.other.pk],
    )
    response = page.goto(url)
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Du har inte behörighet till det här")
    expect(page.get_by_role("alert")).to_contain_text("rapportera")
    expect(page.get_by_role("alert")).to_contain_text("Familjeenheten")
    expect(page.get_by_role("link", name="Till startsidan")).to_be_visible()
    screenshot(page, "followup-403-other-unit")
    check_accessibility(page, "followup 403")
    assert not Assessment.objects.exists()


def _new_page(browser: Browser, live_server: Any, *, javascript: bool = True) -> Page:
    context = browser.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        viewport={"width": 1280, "height": 900},
        java_script_enabled=javascript,
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def test_two_people_saving_the_same_goal_the_second_sees_a_conflict(
    page: Page,
    browser: Browser,
    live_server: Any,
    personas: SimpleNamespace,
    plan: SimpleNamespace,
) -> None:
    colleague = with_password(make_persona("kollega", "reporter", personas.org.housing))
    other = _new_page(browser, live_server)
    try:
        url = reverse(
            "followup:report", args=[plan.plan.pk, plan.period.code, personas.org.housing.pk]
        )
        login_as(page, personas.reporter)
        login_as(other, colleague)
        page.goto(url)
        other.goto(url)
        first = page.locator(f"#goal-{plan.goal.pk}")
        first.get_by_label("Analys").fill("Rapportörens analys.")
        first.get_by_role("button", name=re.compile("^Spara")).first.click()
        expect(first.get_by_role("status")).to_contain_text("Sparat")

        second = other.locator(f"#goal-{plan.goal.pk}")
        second.get_by_label("Bedömning").select_option("not_met")
        second.get_by_label("Analys").fill("Kollegans analys.")
        second.get_by_role("button", name=re.compile("^Spara")).first.click()
        alert = second.get_by_role("alert")
        expect(alert).to_contain_text("Någon annan har sparat samtidigt")
        expect(alert).to_contain_text("reporter sparade den här bedömningen")
        expect(alert).to_contain_text("Rapportörens analys.")
        expect(second.get_by_label("Analys")).to_have_value("Kollegans analys.")
        screenshot(other, "followup-conflict")
        check_accessibility(other, "followup conflict")
        assert Assessment.objects.get().analysis == "Rapportörens analys."
    finally:
        other.context.close()


def test_the_whole_form_works_without_javascript(
    browser: Browser, live_server: Any, personas: SimpleNamespace, plan: SimpleNamespace
) -> None:
    page = _new_page(browser, live_server, javascript=False)
    try:
        login_as(page, personas.reporter)
        page.goto(
            reverse(
                "followup:report", args=[plan.plan.pk, plan.period.code, personas.org.housing.pk]
            )
        )
        goal_item = page.locator(f"#goal-{plan.goal.pk}")
        goal_item.get_by_label("Bedömning").select_option("met")
        goal_item.get_by_label("Analys").fill("Utan JavaScript.")
        page.locator(f"#indicator-{plan.indicator.pk}").get_by_label("Utfall totalt").fill("1 234")
        page.get_by_role("button", name="Spara alla och lämna in").click()
        expect(page.get_by_role("status")).to_contain_text("2 ändringar sparade")
        expect(goal_item.locator(".state")).to_have_text("Inlämnad")
        # A wrong number: nothing is saved and the summary links to the item.
        goal_item.get_by_label("Analys").fill("Ändrad text.")
        goal_item.get_by_label("Skäl till ändringen").fill("Förtydligande")
        page.locator(f"#indicator-{plan.indicator.pk}").get_by_label("Utfall totalt").fill("x")
        page.get_by_role("button", name="Spara alla som utkast").click()
        summary = page.locator("#error-summary")
        expect(summary).to_contain_text("Inget sparades")
        expect(summary.get_by_role("link", name="Andel med eget kontrakt")).to_be_visible()
        expect(page.get_by_text("”x” är inget tal")).to_be_visible()
        screenshot(page, "followup-report-errors-no-js")
        html = page.content()
    finally:
        page.context.close()
    # axe needs JavaScript: check the same HTML in a page that runs it.
    checker = _new_page(browser, live_server)
    try:
        checker.goto(reverse("login"))
        checker.set_content(html)
        check_accessibility(checker, "followup report with errors (no JavaScript)")
    finally:
        checker.context.close()
    assessment = Assessment.objects.get()
    assert (assessment.analysis, assessment.state) == ("Utan JavaScript.", "submitted")
    assert Measurement.objects.get().value == 1234
