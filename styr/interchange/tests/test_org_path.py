"""``--org "Kommun/Nämnd/Kontor"``: finding and creating the owner unit."""

from __future__ import annotations

import pytest

from styr.interchange.errors import InterchangeError
from styr.interchange.orgpath import guess_kind, resolve
from styr.interchange.services import resolve_org_path
from styr.organisation.models import Municipality, OrgUnit, OrgUnitKind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Kommunfullmäktige", OrgUnitKind.COUNCIL),
        ("Kommunstyrelsen", OrgUnitKind.EXECUTIVE_BOARD),
        ("Socialnämnden", OrgUnitKind.COMMITTEE),
        ("Vård- och omsorgsnämnd", OrgUnitKind.COMMITTEE),
        ("Nämnden för arbete och välfärd", OrgUnitKind.COMMITTEE),
        ("Socialkontoret", OrgUnitKind.ADMINISTRATION),
        ("Socialförvaltningen", OrgUnitKind.ADMINISTRATION),
        ("Vuxenverksamheten", OrgUnitKind.DEPARTMENT),
        ("Verksamhetsområde barn och unga", OrgUnitKind.DEPARTMENT),
        ("Frideborg", OrgUnitKind.UNIT),
        ("Resursteamet", OrgUnitKind.UNIT),
    ],
)
def test_the_kind_of_a_new_unit_is_guessed_from_general_words(name: str, kind: OrgUnitKind) -> None:
    assert guess_kind(name) == kind


@pytest.mark.django_db
def test_missing_parts_of_the_path_are_created_nested() -> None:
    resolved = resolve("Exempelstad/Socialnämnden/Socialkontoret/Frideborg", create=True)

    unit = resolved.unit
    assert resolved.created == ["Exempelstad", "Socialnämnden", "Socialkontoret", "Frideborg"]
    chain = unit.ancestors()
    assert [(u.name, u.kind) for u in chain] == [
        ("Socialnämnden", OrgUnitKind.COMMITTEE),
        ("Socialkontoret", OrgUnitKind.ADMINISTRATION),
        ("Frideborg", OrgUnitKind.UNIT),
    ]
    assert unit.municipality.name == "Exempelstad"
    assert chain[0].parent is None


@pytest.mark.django_db
def test_existing_units_are_found_by_name_or_short_name_in_any_case(owner: OrgUnit) -> None:
    assert owner.parent is not None
    OrgUnit.objects.filter(pk=owner.parent.pk).update(short_name="SN")
    units_before = OrgUnit.objects.count()

    found = resolve_org_path("exempelkommun/SN/SOCIALKONTORET", create=True)

    assert found == owner
    assert OrgUnit.objects.count() == units_before
    assert Municipality.objects.count() == 1


@pytest.mark.django_db
def test_a_unit_with_the_same_name_elsewhere_in_the_tree_is_not_taken(owner: OrgUnit) -> None:
    found = resolve_org_path("Exempelkommun/Socialkontoret", create=True)
    assert found != owner
    assert found.parent is None


@pytest.mark.django_db
def test_without_create_a_missing_part_is_an_error_that_names_it(owner: OrgUnit) -> None:
    with pytest.raises(InterchangeError, match='"Vuxenverksamheten" i organisationen'):
        resolve_org_path("Exempelkommun/Socialnämnden/Vuxenverksamheten", create=False)
    assert OrgUnit.objects.count() == 2


@pytest.mark.parametrize("path", ["Exempelkommun", "Exempelkommun//Socialnämnden", " / "])
def test_a_path_needs_a_municipality_and_at_least_one_unit(path: str) -> None:
    with pytest.raises(InterchangeError, match="Kommun/Enhet"):
        resolve_org_path(path, create=True)
