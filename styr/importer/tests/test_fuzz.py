"""Random text and broken tables never crash the interpreter: it places what it can,
lists the rest as unrecognised, and its output always validates."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from styr.importer.interpret.document import interpret
from styr.importer.readers.text import parse_text
from styr.importer.services import finalise, validation_errors

WORDS = [
    "Mål",
    "2018:",
    "Indikator",
    "Aktivitet",
    "Ansvarig",
    "Uppföljning",
    "Nuläge",
    "Målvärde:",
    "- 23 271",
    "85% >",
    "< förgående år",
    "Risk",
    "Sannolikhet",
    "Konsekvens",
    "Kontrollmoment",
    "Bokslut 2022",
    "Budget 2023",
    "tkr",
    "SUMMA",
    "JANUARI",
    "1.",
    "# Rubrik",
    "- punkt",
    "<b>",
    "**fet**",
    "Enhetschef",
    "1-årig inriktning",
    "—",
    "",
    "4-årigt strategiskt mål - X",
    "Innehåll",
    ".....",
    "3",
    "ska",
    "öka",
    "Vision",
]

cell = st.one_of(st.sampled_from(WORDS), st.text(max_size=12))
row = st.lists(cell, min_size=1, max_size=7).map("\t".join)
phrase = st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join)
line = st.one_of(row, phrase, st.text(max_size=30))
document = st.lists(line, max_size=40).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document)
def test_random_documents_never_crash(text: str) -> None:
    result = finalise(interpret(parse_text(text, "fuzz.txt"), "fuzz.txt"))
    assert validation_errors(result) == []
    placed = sum(
        len(result[k])
        for k in ("goals", "indicators", "activities", "risks", "budget", "volumes", "unrecognised")
    )
    assert placed >= 0
