"""The main menu: every entry leads to a page, and the page marks where the user is."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from styr.web.navigation import MENU, menu_links


@pytest.mark.parametrize("entry", MENU, ids=lambda entry: entry.url_name)
def test_every_menu_entry_resolves(entry: Any) -> None:
    try:
        reverse(entry.url_name)
    except NoReverseMatch:
        pytest.fail(f"{entry.url_name} ({entry.label}) does not resolve")


def test_an_administrator_gets_every_entry_in_menu_order(administrator: Any) -> None:
    keys = [link["key"] for link in menu_links(administrator)]
    assert keys == [entry.key for entry in MENU]


def test_the_current_area_is_marked_for_screen_readers(client: Any, reader: Any) -> None:
    client.force_login(reader)
    text = client.get(reverse("web:org-tree")).content.decode()
    assert f'<a href="{reverse("web:org-tree")}" aria-current="page">' in text


def test_an_anonymous_visitor_sees_no_menu(client: Any, db: Any) -> None:
    text = client.get(reverse("login")).content.decode()
    assert "Huvudmeny" not in text


@pytest.mark.parametrize("role", ["administrator", "planner", "reporter", "reader"])
def test_every_menu_page_opens_for_every_role(
    client: Any, request: pytest.FixtureRequest, role: str
) -> None:
    user = request.getfixturevalue(role)
    client.force_login(user)
    for link in menu_links(user):
        response = client.get(link["url"])
        assert response.status_code == 200, f"{link['url']} as {role}: {response.status_code}"


def test_import_is_offered_only_to_those_who_may_edit_a_plan(
    planner: Any, reporter: Any, reader: Any
) -> None:
    assert "import" in [link["key"] for link in menu_links(planner)]
    assert "import" not in [link["key"] for link in menu_links(reporter)]
    assert "import" not in [link["key"] for link in menu_links(reader)]
