"""Browser tests: a live Styr server driven by Debian's chromium through Playwright.

Fixtures: ``browser`` (one chromium per session), ``page`` (a fresh context per test, its
base URL the ``live_server``), ``personas`` (the root conftest's users with the password
``helpers.PASSWORD``). Helpers to log in, run axe-core and take screenshots are in
tests/browser/helpers.py. Everything under tests/browser is marked ``browser``.

Playwright never downloads a browser: chromium comes from apt and axe-core from the npm
registry, pinned and checked (``make browser-deps``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, with_password

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from playwright.sync_api import Browser, Page

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/browser is a browser test, marked or not."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One chromium for the session; each test gets its own context (cookies) and page."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps`", pytrace=False)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop in this thread, which makes Django refuse
    # ORM calls from the test body; the ORM is still used synchronously, so allow it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A new page with its own cookies; ``page.goto("/planer/")`` opens the live server."""
    context = browser.new_context(
        base_url=live_server.url, locale="sv-SE", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """A real password check with a cheap hash; the live server thread shares settings."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def personas(
    org: SimpleNamespace,
    administrator: User,
    planner: User,
    reporter: User,
    reader: User,
    outsider: User,
) -> SimpleNamespace:
    """The root conftest's personas, each able to log in with ``helpers.PASSWORD``."""
    return SimpleNamespace(
        org=org,
        administrator=with_password(administrator),
        planner=with_password(planner),
        reporter=with_password(reporter),
        reader=with_password(reader),
        outsider=with_password(outsider),
    )
