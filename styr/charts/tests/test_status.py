"""Status presentation: shapes that differ in form, Swedish labels, classes, AA contrast."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from styr.charts.status import (
    STATUS_STYLES,
    contrast_ratio,
    status_label,
    status_style,
    status_symbol,
    status_text,
)
from styr.followup.models import Status

CSS = Path(__file__).resolve().parents[2] / "web" / "static" / "styr" / "styr.css"


def test_every_followup_status_has_a_presentation() -> None:
    assert set(STATUS_STYLES) == set(Status.values)


def test_symbols_labels_and_classes_are_distinct() -> None:
    styles = list(STATUS_STYLES.values())
    assert len({s.symbol for s in styles}) == len(styles)
    assert len({s.marker for s in styles}) == len(styles)
    assert len({s.css_class for s in styles}) == len(styles)
    with translation.override("sv"):
        assert [status_label(s) for s in ("met", "partly_met", "not_met", "not_assessed")] == [
            "Uppfyllt",
            "Delvis uppfyllt",
            "Ej uppfyllt",
            "Ej bedömt",
        ]


def test_unknown_or_empty_status_reads_as_not_assessed() -> None:
    assert status_style("").code == "not_assessed"
    assert status_style(None).code == "not_assessed"
    assert status_symbol("bogus") == "–"


def test_plain_text_carries_symbol_and_label() -> None:
    with translation.override("sv"):
        assert status_text("met") == "● Uppfyllt"
        assert status_text("not_met") == "✕ Ej uppfyllt"


@pytest.mark.parametrize("code", list(STATUS_STYLES))
def test_colours_meet_aa_contrast(code: str) -> None:
    style = STATUS_STYLES[code]
    assert contrast_ratio(style.colour, "#ffffff") >= 4.5
    assert contrast_ratio(style.colour, style.background) >= 4.5


def test_css_classes_exist_in_the_stylesheet() -> None:
    css = CSS.read_text(encoding="utf-8")
    for style in STATUS_STYLES.values():
        assert re.search(rf"\.{style.css_class}\b", css), style.css_class


def test_status_badge_tag_renders_symbol_hidden_from_screen_readers_and_label() -> None:
    template = Template("{% load status %}{% status_badge value %}")
    with translation.override("sv"):
        html = template.render(Context({"value": "partly_met"}))
    assert html == (
        '<span class="status status-partly_met"><span class="symbol" aria-hidden="true">◐</span>'
        " Delvis uppfyllt</span>"
    )


def test_status_filters() -> None:
    template = Template("{% load status %}{{ s|status_symbol }} {{ s|status_label }}")
    with translation.override("sv"):
        assert template.render(Context({"s": "met"})) == "● Uppfyllt"
