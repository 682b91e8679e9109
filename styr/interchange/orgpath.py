"""``--org "Kommun/Nämnd/Kontor"``: find (or create) an org unit by its path of names.

The first segment is the municipality, each further segment a unit under the one before.
Names match case-insensitively on the unit's name or its short name ("SN"). A unit that
is created gets its kind from the general Swedish words in its name (see ``guess_kind``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from styr.organisation.models import Municipality, OrgUnit, OrgUnitKind

from .errors import InterchangeError

# Word endings that tell an org unit's kind, tried in this order. General words only:
# "Socialnämnden", "Vård- och omsorgsnämnden" and "Nämnden för ..." are all committees.
KIND_ENDINGS: list[tuple[OrgUnitKind, tuple[str, ...]]] = [
    (OrgUnitKind.COUNCIL, ("fullmäktige",)),
    (OrgUnitKind.EXECUTIVE_BOARD, ("styrelse", "styrelsen")),
    (OrgUnitKind.COMMITTEE, ("nämnd", "nämnden")),
    (OrgUnitKind.ADMINISTRATION, ("kontor", "kontoret", "förvaltning", "förvaltningen")),
    (
        OrgUnitKind.DEPARTMENT,
        ("verksamhet", "verksamheten", "verksamhetsområde", "verksamhetsområdet"),
    ),
]


@dataclass
class ResolvedOrg:
    unit: OrgUnit
    created: list[str] = field(default_factory=list)  # the path segments that were created


def guess_kind(name: str) -> OrgUnitKind:
    """The kind a unit's name suggests; ``unit`` (enhet) when no word says otherwise."""
    words = re.findall(r"\w+", name.casefold())
    for kind, endings in KIND_ENDINGS:
        if any(word.endswith(ending) for word in words for ending in endings):
            return kind
    return OrgUnitKind.UNIT


def split_org_path(path: str) -> list[str]:
    segments = [segment.strip() for segment in path.split("/")]
    if len(segments) < 2 or not all(segments):
        raise InterchangeError(
            _(
                'Organisationen "%(path)s" ska skrivas som "Kommun/Enhet[/Enhet ...]" '
                "med minst en enhet under kommunen."
            )
            % {"path": path}
        )
    return segments


def resolve(path: str, *, create: bool) -> ResolvedOrg:
    segments = split_org_path(path)
    with transaction.atomic():
        return _resolve(segments, path, create=create)


def _resolve(segments: list[str], path: str, *, create: bool) -> ResolvedOrg:
    municipality_name, *unit_names = segments
    created: list[str] = []
    municipality = Municipality.objects.filter(name__iexact=municipality_name).first()
    if municipality is None:
        _refuse_unless(create, municipality_name, path)
        municipality = Municipality.objects.create(name=municipality_name)
        created.append(municipality_name)
    parent: OrgUnit | None = None
    for name in unit_names:
        unit = _find_unit(municipality, parent, name)
        if unit is None:
            _refuse_unless(create, name, path)
            unit = OrgUnit(municipality=municipality, parent=parent, name=name)
            unit.kind = guess_kind(name)
            unit.save()
            created.append(name)
        parent = unit
    assert parent is not None  # split_org_path guarantees at least one unit  # noqa: S101
    return ResolvedOrg(unit=parent, created=created)


def _find_unit(municipality: Municipality, parent: OrgUnit | None, name: str) -> OrgUnit | None:
    """The child named so; a match on the full name wins over one on a short name."""
    children = OrgUnit.objects.filter(municipality=municipality, parent=parent)
    return (
        children.filter(name__iexact=name).order_by("pk").first()
        or children.filter(short_name__iexact=name).order_by("pk").first()
    )


def _refuse_unless(create: bool, name: str, path: str) -> None:
    if not create:
        raise InterchangeError(
            _('"%(name)s" i organisationen "%(path)s" finns inte.') % {"name": name, "path": path}
        )
