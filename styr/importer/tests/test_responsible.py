from __future__ import annotations

import pytest

from styr.importer.interpret.responsible import split_responsible


@pytest.mark.parametrize(
    ("cell", "roles"),
    [
        (
            "Enhetschef Trozelli Enhetschef Resursteamet",
            ["Enhetschef Trozelli", "Enhetschef Resursteamet"],
        ),
        ("Verksamhetschef Enhetschef Resursteamet", ["Verksamhetschef", "Enhetschef Resursteamet"]),
        ("Verksamhetschefer, enhetschefer", ["Verksamhetschefer", "enhetschefer"]),
        (
            "Verksamhetschef Enhetschefer Säkerhetssamordnare",
            ["Verksamhetschef", "Enhetschefer", "Säkerhetssamordnare"],
        ),
        ("Enhetschefer myndighet och Frideborg", ["Enhetschefer myndighet och Frideborg"]),
        ("Avdelningschef och Kvalitetsstrateg", ["Avdelningschef", "Kvalitetsstrateg"]),
        ("Samtliga enhetschefer", ["Samtliga enhetschefer"]),
        ("Socialkontorets ledningsgrupp", ["Socialkontorets ledningsgrupp"]),
        ("", []),
    ],
)
def test_it_splits_a_cell_into_roles(cell: str, roles: list[str]) -> None:
    assert split_responsible(cell) == roles
