"""The plan pages in a real browser: a reader and a planner open the plan, the
transformationskarta and a goal; axe-core finds nothing serious; screenshots are saved."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from styr.plans.models import Goal
from styr.plans.tests.builders import build_view_plan
from tests.browser.helpers import PASSWORD, check_accessibility, login_as, screenshot


@pytest.fixture
def vp(personas: SimpleNamespace) -> SimpleNamespace:
    return build_view_plan(personas.org, goals=3)


@pytest.mark.parametrize("role", ["reader", "planner"])
def test_plan_list_plan_page_map_and_goal_page(
    page: Page, personas: SimpleNamespace, vp: SimpleNamespace, role: str
) -> None:
    login_as(page, getattr(personas, role))

    page.goto(reverse("plans:plan-list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Planer")
    check_accessibility(page, f"plan list ({role})")
    screenshot(page, f"plans-list-{role}")

    page.get_by_role("link", name=vp.plan.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(vp.plan.title)
    tree = page.locator("#goal-tree")
    expect(tree.get_by_role("link", name="1.0 Delmål 0")).to_be_visible()
    expect(tree.locator(".status-not_met").first).to_contain_text("Ej uppfyllt")
    check_accessibility(page, f"plan page ({role})")
    screenshot(page, f"plans-plan-{role}")

    page.get_by_role("link", name="Transformationskarta (mål × år)").click()
    table = page.get_by_role("table", name=f"Mål × år för {vp.plan.title}")
    expect(table.get_by_role("columnheader", name="2026")).to_be_visible()
    expect(table.get_by_role("rowheader")).to_have_count(4)
    check_accessibility(page, f"transformation map ({role})")
    screenshot(page, f"plans-transformation-map-{role}")

    goal = Goal.objects.get(plan=vp.plan, code="1.0")
    page.goto(reverse("plans:goal-detail", args=[goal.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("1.0 Delmål 0")
    expect(page.get_by_role("table", name="Utfall per period: Andel nöjda 0")).to_be_visible()
    expect(page.get_by_text("Analys 0").first).to_be_visible()
    check_accessibility(page, f"goal page ({role})")
    screenshot(page, f"plans-goal-{role}")


def test_filters_swap_the_tree_with_htmx(
    page: Page, personas: SimpleNamespace, vp: SimpleNamespace
) -> None:
    login_as(page, personas.reader)
    url = reverse("plans:plan-detail", args=[vp.plan.pk])
    page.goto(url)
    tree = page.locator("#goal-tree")
    expect(tree.locator(".goal-title")).to_have_count(4)
    # htmx swaps the tree on change and pushes the filtered URL.
    page.get_by_label("Ansvarig enhet").select_option(label="Boendeenheten")
    expect(page).to_have_url(re.compile(rf"[?&]unit={personas.org.housing.pk}(&|$)"))
    expect(tree.get_by_role("link", name="1.0 Delmål 0")).to_be_visible()
    expect(tree.get_by_role("link", name="1.1 Delmål 1")).to_have_count(0)
    expect(page.locator("#goal-tree-status")).to_have_text(
        "Målträdet visar 2 av 4 mål, uppföljning Helår 2025."
    )
    check_accessibility(page, "plan page filtered")
    screenshot(page, "plans-plan-filtered")


def test_filters_without_javascript(
    browser: Browser, live_server: Any, personas: SimpleNamespace, vp: SimpleNamespace
) -> None:
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="sv-SE"
    )
    try:
        page = context.new_page()
        page.goto(reverse("login"))
        page.get_by_label("Användarnamn").fill(personas.reader.get_username())
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.goto(reverse("plans:plan-detail", args=[vp.plan.pk]))
        page.get_by_label("Nivå").select_option(label="Nämndmål")
        page.get_by_role("button", name="Visa").click()
        expect(page).to_have_url(re.compile(r"[?&]level="))
        expect(page.locator("#goal-tree .goal-title")).to_have_count(1)
    finally:
        context.close()


def test_the_plan_page_on_a_phone(
    page: Page, personas: SimpleNamespace, vp: SimpleNamespace
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    login_as(page, personas.reader)
    page.goto(reverse("plans:plan-list"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "plans-list-phone")
    page.goto(reverse("plans:plan-detail", args=[vp.plan.pk]))
    expect(page.locator("#goal-tree .goal-title").first).to_be_visible()
    # Nothing but the scrollable map may be wider than the screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    check_accessibility(page, "plan page on a phone")
    screenshot(page, "plans-plan-phone")
    goal = Goal.objects.get(plan=vp.plan, code="1.0")
    page.goto(reverse("plans:goal-detail", args=[goal.pk]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "plans-goal-phone")
