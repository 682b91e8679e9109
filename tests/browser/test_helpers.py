"""The browser-test helpers themselves: axe-core really runs and really fails a bad page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import SCREENSHOTS, check_accessibility, screenshot

BAD_PAGE = """<!doctype html><html><head><title>Dålig</title></head><body><main>
<h1>Dålig sida</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<label>Namn</label><input type="text">
<p style="color:#bbb;background:#fff">Svag kontrast</p>
</main></body></html>"""

GOOD_PAGE = """<!doctype html><html lang="sv"><head><title>Bra</title></head><body><main>
<h1>Bra sida</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Exempelbild">
<label for="namn">Namn</label><input id="namn" type="text">
</main></body></html>"""


def test_check_accessibility_fails_on_serious_violations_and_names_them(page: Page) -> None:
    page.set_content(BAD_PAGE)
    with pytest.raises(pytest.fail.Exception) as failure:
        check_accessibility(page, "a bad page")
    message = str(failure.value)
    for rule in ("image-alt", "label", "color-contrast", "html-has-lang"):
        assert rule in message
    assert "a bad page" in message


def test_check_accessibility_passes_a_clean_page(page: Page) -> None:
    page.set_content(GOOD_PAGE)
    assert check_accessibility(page, "a good page") == []


def test_screenshot_writes_a_png_under_test_artefacts(page: Page) -> None:
    page.set_content(GOOD_PAGE)
    path = screenshot(page, "helpers/good page")
    assert path == SCREENSHOTS / "helpers-good-page.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
