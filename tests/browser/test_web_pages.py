"""Each role walks the cross-area pages in a real browser: start page, organisation tree,
a unit's page and search; axe-core finds no serious or critical WCAG 2.1 AA problem, and a
screenshot of every page lands in test-artefacts/screenshots/."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from styr.accounts.tests.builders import build_plan
from styr.core.history import acting_as
from styr.followup.models import Assessment, FollowUpPeriod
from tests.browser.helpers import check_accessibility, login_as, screenshot

ROLES = ["administrator", "planner", "reporter", "reader"]


@pytest.fixture
def world(personas: SimpleNamespace) -> SimpleNamespace:
    """The persona organisation with a plan whose first tertial is due and overdue."""
    with acting_as(personas.planner):
        built = build_plan(personas.org)
        FollowUpPeriod.objects.filter(pk=built.period.pk).update(due_date=dt.date(2025, 5, 15))
        built.goal.title = "Trygg och säker vård"
        built.goal.save()
        Assessment.objects.filter(pk=built.family_assessment.pk).update(state="submitted")
    personas.built = built
    return personas


@pytest.mark.parametrize("role", ROLES)
def test_each_role_walks_the_cross_area_pages(
    page: Page, world: SimpleNamespace, role: str
) -> None:
    user = getattr(world, role)
    login_as(page, user)

    expect(page.get_by_role("heading", name="Att rapportera den här perioden")).to_be_visible()
    if role == "reader":
        expect(page.get_by_text("Du har inget att rapportera just nu")).to_be_visible()
    else:
        expect(page.locator("table.due")).to_contain_text("15 maj 2025")
    expect(page.get_by_role("heading", name="Senaste ändringar")).to_be_visible()
    approvals = page.get_by_role("heading", name="Att godkänna")
    if role in ("administrator", "planner"):
        expect(approvals).to_be_visible()
        expect(page.get_by_role("link", name="Granska och godkänn")).to_be_visible()
    else:
        expect(approvals).to_have_count(0)
    check_accessibility(page, f"start page as {role}")
    screenshot(page, f"web-start-{role}")

    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Organisation"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisation")
    expect(page.get_by_role("link", name="Boendeenheten")).to_be_visible()
    check_accessibility(page, f"organisation tree as {role}")
    screenshot(page, f"web-org-tree-{role}")

    page.get_by_role("link", name="Boendeenheten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Boendeenheten")
    expect(page.get_by_text("Fler i eget boende")).to_be_visible()
    check_accessibility(page, f"unit page as {role}")
    screenshot(page, f"web-unit-{role}")

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Sök").click()
    page.get_by_label("Sök bland planer").fill("boende")
    page.get_by_label("Sök bland planer").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("träffar för ”boende”")
    expect(page.get_by_role("heading", name="Mål")).to_be_visible()
    check_accessibility(page, f"search as {role}")
    screenshot(page, f"web-search-{role}")


def test_a_reporter_refused_another_units_page_gets_a_clear_403(
    page: Page, world: SimpleNamespace
) -> None:
    login_as(page, world.reporter)
    response = page.goto(reverse("web:unit-detail", args=[world.org.family.pk]))
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Du har inte behörighet till det här")
    expect(page.get_by_role("alert")).to_contain_text("Familjeenheten")
    check_accessibility(page, "403 page")
    screenshot(page, "web-403")


def test_a_missing_page_is_a_clear_404(page: Page, world: SimpleNamespace) -> None:
    login_as(page, world.reader)
    response = page.goto("/finns-inte/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
    check_accessibility(page, "404 page")
    screenshot(page, "web-404")


def test_the_keyboard_reaches_the_content_and_the_menu(page: Page, world: SimpleNamespace) -> None:
    login_as(page, world.reporter)
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Hoppa till innehållet")
    expect(skip).to_be_visible()  # shown when focused, hidden otherwise
    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_attribute("id", "main")
    # From the top, the menu links come next, in menu order, and Enter follows one.
    page.goto(reverse("web:home"))
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Start")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Organisation")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisation")
