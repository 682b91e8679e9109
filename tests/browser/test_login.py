"""Logging in through the real form, for every role."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.helpers import check_accessibility, login_as, screenshot

ROLES = ["administrator", "planner", "reporter", "reader"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_logs_in_and_sees_the_start_page(
    page: Page, personas: SimpleNamespace, role: str
) -> None:
    login_as(page, getattr(personas, role))
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Start")
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_be_visible()
    expect(page.get_by_text(role, exact=True)).to_be_visible()


def test_a_wrong_password_gives_a_clear_error(page: Page, personas: SimpleNamespace) -> None:
    page.goto(reverse("login"))
    check_accessibility(page, "login")
    page.get_by_label("Användarnamn").fill("reporter")
    page.get_by_label("Lösenord").fill("fel-lösenord")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("alert")).to_contain_text("lösenordet stämmer inte")
    expect(page.get_by_label("Användarnamn")).to_have_value("reporter")
    screenshot(page, "login-wrong-password")
    check_accessibility(page, "login with error")


def test_a_page_asks_an_anonymous_visitor_to_log_in(page: Page, personas: SimpleNamespace) -> None:
    page.goto(reverse("web:home"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    login_as(page, personas.reader)
    expect(page.get_by_role("heading", level=1)).to_have_text("Start")
