"""A refused or missing page says in Swedish what happened, with the right HTTP status."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.urls import reverse


def test_a_refused_unit_page_is_a_403_naming_what_and_why(
    client: Any, org: SimpleNamespace, outsider: Any
) -> None:
    client.force_login(outsider)
    response = client.get(reverse("web:unit-detail", args=[org.housing.pk]))
    assert response.status_code == 403
    text = response.content.decode()
    assert "Du har inte behörighet till det här" in text
    assert "Boendeenheten" in text  # what was refused
    assert "det kräver rollen" in text  # and why
    assert "Huvudmeny" in text  # the page keeps the menu, so the user can go on
    assert 'role="alert"' in text


def test_a_missing_page_is_a_404_in_swedish(client: Any, reader: Any) -> None:
    client.force_login(reader)
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Sidan finns inte" in text
    assert "/finns-inte/" in text


def test_a_missing_unit_is_a_404(client: Any, reader: Any) -> None:
    client.force_login(reader)
    response = client.get(reverse("web:unit-detail", args=[999_999]))
    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_log_in_page(client: Any, org: SimpleNamespace) -> None:
    for name in ("web:home", "web:org-tree", "web:search"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_form_posted_without_its_csrf_token_is_refused_in_swedish(
    org: SimpleNamespace, reader: Any
) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    assert "Formuläret kunde inte skickas" in response.content.decode()
