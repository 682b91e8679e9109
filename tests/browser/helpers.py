"""Helpers for browser tests: log in, check accessibility with axe-core, take screenshots.

Import them in a test module: ``from tests.browser.helpers import login_as, ...``.
The ``page`` fixture (tests/browser/conftest.py) sets the live server as the base URL, so
pages open by path: ``page.goto(reverse("web:home"))``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("STYR_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = ROOT / "test-artefacts" / "screenshots"
PASSWORD = "Rätt-lösenord-2026"  # a test persona's password, never a real one
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_script() -> Path:
    """axe.min.js: ``STYR_AXE_JS`` (set by make) or the copy ``make browser-deps`` unpacked."""
    configured = os.environ.get("STYR_AXE_JS")
    if configured:
        return Path(configured)
    found = sorted((ROOT / ".venv").glob("axe-core-*/axe.min.js"))
    if not found:
        pytest.fail("axe-core is missing: run `make browser-deps`", pytrace=False)
    return found[-1]


def with_password(user: User, password: str = PASSWORD) -> User:
    """Give a test user a password so it can log in through the form."""
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def login_as(page: Page, user: User, password: str = PASSWORD) -> None:
    """Log in through the real form at /logga-in/ and wait for the page it leads to."""
    page.goto(reverse("login"))
    page.get_by_label("Användarnamn").fill(user.get_username())
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    if page.url.rstrip("/").endswith(reverse("login").rstrip("/")):
        raise AssertionError(f"{user.get_username()} could not log in: {page.inner_text('main')}")


def check_accessibility(page: Page, name: str) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.1 A and AA) on the page; fail on serious or critical findings.

    Returns every violation found (also moderate and minor ones) for tests that want more.
    """
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations: list[dict[str, Any]] = result["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"axe-core: {len(blocking)} serious/critical violation(s) on {name} ({page.url})"]
        for violation in blocking:
            lines.append(f"- {violation['id']} [{violation['impact']}]: {violation['help']}")
            for node in violation["nodes"][:10]:
                summary = str(node.get("failureSummary", "")).replace("\n", " ")[:300]
                lines.append(f"    {node['target']}: {summary}")
        pytest.fail("\n".join(lines), pytrace=False)
    return violations


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG as test-artefacts/screenshots/<name>.png and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")
    path = SCREENSHOTS / f"{safe}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
