"""The main menu: every entry leads to a page, and the page marks where the user is."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from styr.web.navigation import MENU, menu_links

PENDING = pytest.mark.xfail(
    strict=False,
    reason="each area's index page lands with that area's helper; until then its entry is hidden",
)


@pytest.mark.parametrize(
    "entry",
    [
        pytest.param(
            entry, id=entry.url_name, marks=() if entry.url_name.startswith("web:") else PENDING
        )
        for entry in MENU
    ],
)
def test_every_menu_entry_resolves(entry: Any) -> None:
    try:
        reverse(entry.url_name)
    except NoReverseMatch:
        pytest.fail(f"{entry.url_name} ({entry.label}) does not resolve")


def test_the_menu_keeps_its_order_and_skips_what_does_not_exist_yet() -> None:
    links = menu_links()
    keys = [link["key"] for link in links]
    assert keys == [entry.key for entry in MENU if entry.key in keys]
    assert {"home", "org", "search"} <= set(keys)


def test_the_current_area_is_marked_for_screen_readers(client: Any, reader: Any) -> None:
    client.force_login(reader)
    text = client.get(reverse("web:org-tree")).content.decode()
    assert f'<a href="{reverse("web:org-tree")}" aria-current="page">' in text


def test_an_anonymous_visitor_sees_no_menu(client: Any, db: Any) -> None:
    text = client.get(reverse("login")).content.decode()
    assert "Huvudmeny" not in text
