"""``{% load status %}{% status_badge assessment.status %}``: a status as symbol + text label.

The presentation (symbol, label, class) comes from ``styr.charts.status``, the one place
that decides how a status looks in the web pages, the PDFs and the Word documents.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from styr.charts.status import status_style

register = template.Library()


@register.simple_tag
def status_badge(status: str | None) -> SafeString:
    """``<span class="status status-met"><span class="symbol" aria-hidden="true">●</span>
    Uppfyllt</span>``"""
    # Once per status and language: a plan page draws hundreds of badges.
    style = status_style(status)
    key = (style.css_class, get_language())
    badge = _BADGES.get(key)
    if badge is None:
        badge = _BADGES[key] = format_html(
            '<span class="status {}"><span class="symbol" aria-hidden="true">{}</span> {}</span>',
            style.css_class,
            style.symbol,
            style.label,
        )
    return badge


_BADGES: dict[tuple[str, str | None], SafeString] = {}


@register.filter
def status_label(status: str | None) -> str:
    """``{{ goal.status|status_label }}`` → "Delvis uppfyllt"."""
    return status_style(status).label


@register.filter
def status_symbol(status: str | None) -> str:
    return status_style(status).symbol
