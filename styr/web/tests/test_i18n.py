"""Swedish by default, English when the browser asks for it; Swedish dates and numbers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

NBSP = "\xa0"


def test_pages_are_swedish_by_default(client: Any, reader: Any) -> None:
    client.force_login(reader)
    text = client.get(reverse("web:home")).content.decode()
    assert '<html lang="sv">' in text
    assert "Att rapportera den här perioden" in text
    assert "Hoppa till innehållet" in text


def test_a_browser_asking_for_english_gets_english(client: Any, reader: Any) -> None:
    client.force_login(reader)
    text = client.get(reverse("web:home"), headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in text
    assert "To report this period" in text
    assert "Skip to content" in text


def test_a_browser_asking_for_an_unknown_language_gets_swedish(client: Any, reader: Any) -> None:
    client.force_login(reader)
    text = client.get(reverse("web:home"), headers={"accept-language": "fr"}).content.decode()
    assert '<html lang="sv">' in text


def render(source: str, **context: Any) -> str:
    with translation.override("sv"):
        return Template(source).render(Context(context))


def test_numbers_use_a_decimal_comma_and_group_thousands_on_request() -> None:
    assert render("{{ value }}", value=65.5) == "65,5"
    assert render("{{ value|floatformat:1 }}", value=1234.56) == "1234,6"
    assert render('{{ value|floatformat:"1g" }}', value=1234567.891) == f"1{NBSP}234{NBSP}567,9"
    assert render('{{ value|floatformat:"0g" }}', value=-12500) == f"-12{NBSP}500"


def test_years_are_never_grouped() -> None:
    """USE_THOUSAND_SEPARATOR stays off: a bare integer such as a year prints as it is."""
    assert render("{{ year }}", year=2026) == "2026"


def test_dates_read_as_swedish() -> None:
    day = dt.date(2025, 5, 15)
    assert render('{{ day|date:"j F Y" }}', day=day) == "15 maj 2025"
    assert render("{{ day|date }}", day=day) == "15 maj 2025"
    assert render('{{ day|date:"SHORT_DATE_FORMAT" }}', day=day) == "2025-05-15"
