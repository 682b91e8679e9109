"""Amounts and deviations in Swedish format, with a sign and a text besides the colour."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()

MINUS = "\u2212"  # a real minus sign: screen readers say "minus", not "bindestreck"


@register.filter
def amount(value: float | None) -> str:
    """A whole amount with thousands separated (Swedish: space), minus as U+2212; – if none."""
    if value is None:
        return "–"
    text = str(floatformat(value, "0g"))
    return text.replace("-", MINUS)


@register.simple_tag
def deviation_cell(value: float | None) -> SafeString:
    """A <td> for a deviation: negative ones are marked by class, a ▼ and a hidden text."""
    if value is None:
        return format_html('<td class="num">{}</td>', "–")
    if value < 0:
        return format_html(
            '<td class="num deviation-negative"><span aria-hidden="true">▼ </span>{}'
            '<span class="visually-hidden"> ({})</span></td>',
            amount(value),
            _("sämre än budget"),
        )
    if value > 0:
        return format_html(
            '<td class="num deviation-positive"><span aria-hidden="true">▲ </span>+{}'
            '<span class="visually-hidden"> ({})</span></td>',
            amount(value),
            _("bättre än budget"),
        )
    return format_html('<td class="num">{}</td>', 0)
