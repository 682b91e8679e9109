"""The shape of a synthetic municipality before anything is written: names and tree.

A blueprint is plain data, drawn from a seeded ``random.Random`` (or written out by hand
for Exempelkommun), so the same seed always gives the same organisation.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from styr.demo import vocabulary as words
from styr.demo.sizes import Amounts, SizeProfile, spread


@dataclass
class DepartmentSpec:
    name: str
    kind: words.DepartmentKind
    units: list[str]


@dataclass
class CommitteeSpec:
    name: str
    short_name: str
    administration: str
    administration_short: str
    plan_kind: str
    departments: list[DepartmentSpec] = field(default_factory=list)


@dataclass
class Blueprint:
    municipality: str
    committees: list[CommitteeSpec]
    amounts: Amounts

    @property
    def unit_count(self) -> int:
        return sum(len(d.units) for c in self.committees for d in c.departments)


def place_name(rng: random.Random) -> str:
    return rng.choice(words.PLACE_PREFIXES) + rng.choice(words.PLACE_SUFFIXES)


def municipality_name(seed: int, index: int, is_taken: Callable[[str], bool]) -> str:
    """A free, Swedish-sounding name; its own random stream so the content does not depend
    on which names an existing database already holds."""
    rng = random.Random(f"styr-demo-name:{seed}:{index}")  # noqa: S311 - not a secret
    for _ in range(200):
        name = rng.choice(words.PLACE_PREFIXES) + rng.choice(words.MUNICIPALITY_SUFFIXES)
        if not is_taken(name):
            return name
    number = 2
    while is_taken(f"{name} {number}"):
        number += 1
    return f"{name} {number}"


def unique_names(rng: random.Random, count: int, make: Callable[[], str]) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = make()
        if name in seen:
            name = f"{name} {len(names) + 1}"
        seen.add(name)
        names.append(name)
    return names


def sized_blueprint(profile: SizeProfile, rng: random.Random, name: str) -> Blueprint:
    if profile.departments_per_committee > len(words.DEPARTMENT_KINDS):
        raise ValueError(
            f"Size {profile.code}: at most {len(words.DEPARTMENT_KINDS)} departments per committee"
        )
    districts = unique_names(rng, profile.committees, lambda: place_name(rng))
    committees = [_committee(index, districts[index]) for index in range(profile.committees)]
    departments_total = profile.committees * profile.departments_per_committee
    units_per_department = iter(spread(profile.units, departments_total))
    for index, committee in enumerate(committees):
        kinds = [
            words.DEPARTMENT_KINDS[(index + offset) % len(words.DEPARTMENT_KINDS)]
            for offset in range(profile.departments_per_committee)
        ]
        for kind in kinds:
            count = next(units_per_department)
            committee.departments.append(DepartmentSpec(kind.name, kind, _units(rng, kind, count)))
    return Blueprint(name, committees, profile.amounts)


def _committee(index: int, district: str) -> CommitteeSpec:
    if index < len(words.COMMITTEES):
        name, short, administration, administration_short = words.COMMITTEES[index]
        return CommitteeSpec(name, short, administration, administration_short, "uppdragsplan")
    return CommitteeSpec(
        words.DISTRICT_COMMITTEE.format(district=district),
        f"SDN {district[:3].upper()}",
        words.DISTRICT_ADMINISTRATION.format(district=district),
        f"SDF {district[:3].upper()}",
        "nämndplan",
    )


def _units(rng: random.Random, kind: words.DepartmentKind, count: int) -> list[str]:
    fixed = list(kind.fixed_units[:count])
    generated = unique_names(
        rng,
        count - len(fixed),
        lambda: f"{rng.choice(kind.unit_types)} {place_name(rng)}",
    )
    names = fixed + [n for n in generated if n not in fixed]
    while len(names) < count:  # a generated name equal to a fixed one was dropped
        names.append(f"{kind.unit_types[0]} {len(names) + 1}")
    return names


def exempelkommun_blueprint(amounts: Amounts) -> Blueprint:
    """The demo municipality the issue describes: a socialnämnd, two verksamheter, five units."""
    by_name = {kind.name: kind for kind in words.DEPARTMENT_KINDS}
    adults, children = by_name["Vuxenverksamheten"], by_name["Barn och unga"]
    committee = CommitteeSpec(
        "Socialnämnden",
        "SN",
        "Socialkontoret",
        "SOK",
        "uppdragsplan",
        departments=[
            DepartmentSpec(adults.name, adults, ["Myndighet vuxen", "Resursteamet", "Frideborg"]),
            DepartmentSpec(children.name, children, ["Mottagningsenheten", "Familjebehandlingen"]),
        ],
    )
    return Blueprint("Exempelkommun", [committee], amounts)
