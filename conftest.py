"""Test personas shared by every app: one organisation tree and a user per role.

The tree (``org``)::

    Testkommun
    └── Socialnämnden (committee)             reader
        └── Socialkontoret (administration)   planner
            ├── Vuxenverksamheten (department)
            │   ├── Boendeenheten (unit)      reporter
            │   └── Mottagningen (unit)
            └── Barn och unga (department)
                ├── Familjeenheten (unit)     outsider (a reporter elsewhere)
                └── Utredningsenheten (unit)

``administrator`` administers the whole municipality. Every persona is staff, so any of
them can log into the admin (``client.force_login(user)``), where the rights service decides
what they see. ``superuser`` is a superuser without a password hash, cheaper than
pytest-django's ``admin_user``.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from styr.organisation.models import OrgUnit


@pytest.fixture
def org(db: Any) -> SimpleNamespace:
    """A municipality with a committee, an administration, two departments and four units."""
    from styr.organisation.models import Municipality, OrgUnit, OrgUnitKind

    municipality = Municipality.objects.create(name="Testkommun", kolada_code="9999")

    def unit(name: str, kind: str, parent: OrgUnit | None) -> OrgUnit:
        return OrgUnit.objects.create(
            municipality=municipality, parent=parent, kind=kind, name=name
        )

    committee = unit("Socialnämnden", OrgUnitKind.COMMITTEE, None)
    administration = unit("Socialkontoret", OrgUnitKind.ADMINISTRATION, committee)
    adults = unit("Vuxenverksamheten", OrgUnitKind.DEPARTMENT, administration)
    children = unit("Barn och unga", OrgUnitKind.DEPARTMENT, administration)
    return SimpleNamespace(
        municipality=municipality,
        committee=committee,
        administration=administration,
        adults=adults,
        children=children,
        housing=unit("Boendeenheten", OrgUnitKind.UNIT, adults),
        reception=unit("Mottagningen", OrgUnitKind.UNIT, adults),
        family=unit("Familjeenheten", OrgUnitKind.UNIT, children),
        investigation=unit("Utredningsenheten", OrgUnitKind.UNIT, children),
    )


def make_persona(username: str, role: str, unit: OrgUnit | None, **scope: Any) -> User:
    """A staff user holding ``role`` over ``unit`` (or over ``scope``, e.g. a municipality)."""
    from django.contrib.auth.models import User

    from styr.accounts.models import RoleAssignment

    # No password: hashing one costs a third of a second; log in with ``client.force_login``.
    user = User.objects.create_user(username, is_staff=True)
    RoleAssignment.objects.create(user=user, role=role, unit=unit, **scope)
    return user


@pytest.fixture
def administrator(org: SimpleNamespace) -> User:
    return make_persona("administrator", "administrator", None, municipality=org.municipality)


@pytest.fixture
def planner(org: SimpleNamespace) -> User:
    return make_persona("planner", "planner", org.administration)


@pytest.fixture
def reporter(org: SimpleNamespace) -> User:
    return make_persona("reporter", "reporter", org.housing)


@pytest.fixture
def reader(org: SimpleNamespace) -> User:
    return make_persona("reader", "reader", org.committee)


@pytest.fixture
def outsider(org: SimpleNamespace) -> User:
    return make_persona("outsider", "reporter", org.family)


@pytest.fixture
def superuser(db: Any) -> User:
    from django.contrib.auth.models import User

    return User.objects.create_superuser("superuser", email=None, password=None)
