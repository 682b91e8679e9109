"""The political programme and the årshjul in a real browser."""

from __future__ import annotations

from types import SimpleNamespace

from django.urls import reverse
from playwright.sync_api import Page, expect

from styr.politics.tests.builders import build_politics
from tests.browser.helpers import check_accessibility, login_as, screenshot


def test_a_reader_follows_a_point_to_its_goal_and_reads_the_arshjul(
    page: Page, personas: SimpleNamespace
) -> None:
    pol = build_politics(personas.org)
    login_as(page, personas.reader)
    page.goto(reverse("politics:index"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Politiskt program")
    point = page.locator(f'tr[data-point="{pol.done.pk}"]')
    expect(point.locator(".status")).to_contain_text("Genomförd")
    check_accessibility(page, "political programme")
    screenshot(page, "politics-index")

    page.get_by_role("link", name="Till årshjulet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Årshjul 2025")
    months = page.locator("ol.year-calendar > li")
    expect(months).to_have_count(12)
    expect(page.locator('li[data-month="5"]')).to_contain_text("Tertialrapport 1")
    expect(page.locator('li[data-month="2"]')).to_contain_text("Bokslut 2024")
    expect(page.locator('li[data-month="7"]')).to_contain_text("Inget till nämnden")
    check_accessibility(page, "årshjul")
    screenshot(page, "politics-calendar")

    page.goto(reverse("politics:index"))
    page.get_by_role("link", name=str(pol.goal)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(pol.goal.title)
