"""How a follow-up status looks everywhere: a symbol that differs in shape, a Swedish label,
a CSS class and an AA-contrast colour. Never colour alone (WCAG 1.4.1).

The shapes differ in form, not only in fill, so they read in greyscale print and for people
who cannot tell red from green: ● filled circle (met), ◐ half-filled circle (partly met),
✕ cross (not met), – dash (not assessed).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop

MET = "met"
PARTLY_MET = "partly_met"
NOT_MET = "not_met"
NOT_ASSESSED = "not_assessed"


@dataclass(frozen=True, slots=True)
class StatusStyle:
    code: str
    symbol: str
    label_source: str  # the Swedish msgid; ``label`` translates it when read
    css_class: str
    colour: str  # text/symbol colour, ≥ 4.5:1 on white and on ``background``
    background: str
    marker: str  # the chart marker shape that matches ``symbol``

    @property
    def label(self) -> str:
        return gettext(self.label_source)


STATUS_STYLES: dict[str, StatusStyle] = {
    MET: StatusStyle(
        MET, "●", gettext_noop("Uppfyllt"), "status-met", "#1e6b34", "#e3f2e7", "circle"
    ),
    PARTLY_MET: StatusStyle(
        PARTLY_MET,
        "◐",
        gettext_noop("Delvis uppfyllt"),
        "status-partly_met",
        "#7a4b00",
        "#fff3d6",
        "half",
    ),
    NOT_MET: StatusStyle(
        NOT_MET, "✕", gettext_noop("Ej uppfyllt"), "status-not_met", "#a4161a", "#fde4e4", "cross"
    ),
    NOT_ASSESSED: StatusStyle(
        NOT_ASSESSED,
        "–",
        gettext_noop("Ej bedömt"),
        "status-not_assessed",
        "#4a4a4a",
        "#eeeeee",
        "dash",
    ),
}


def status_style(status: str | None) -> StatusStyle:
    """The presentation of ``status``; an empty or unknown value reads as not assessed."""
    return STATUS_STYLES.get(status or NOT_ASSESSED, STATUS_STYLES[NOT_ASSESSED])


def status_symbol(status: str | None) -> str:
    return status_style(status).symbol


def status_label(status: str | None) -> str:
    return status_style(status).label


def status_text(status: str | None) -> str:
    """Symbol and label as plain text, for Word/Excel cells and PDF: "● Uppfyllt"."""
    style = status_style(status)
    return f"{style.symbol} {style.label}"


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio of two hex colours (1–21)."""

    def luminance(colour: str) -> float:
        text = colour.lstrip("#")
        channels = [int(text[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)
