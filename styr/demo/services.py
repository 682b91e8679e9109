"""``styr demo``: the demo municipality, one log-in per role, and the gold plans if present."""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from styr.accounts.models import Role, RoleAssignment
from styr.demo.blueprint import exempelkommun_blueprint
from styr.demo.generator import build_municipality
from styr.demo.sizes import DEFAULT_BASE_YEAR, DEMO_AMOUNTS
from styr.organisation.models import Municipality, OrgUnit, OrgUnitKind
from styr.plans.models import Plan

DEMO_MUNICIPALITY = "Exempelkommun"
DEMO_SEED = 2035
SEEDS_DIR_VARIABLE = "STYR_DEMO_SEEDS_DIR"

Say = Callable[[str], None]


@dataclass(frozen=True)
class DemoUser:
    """A demo log-in. The passwords are fixed and printed: this is a local demo only."""

    role: str
    username: str
    password: str
    first_name: str
    last_name: str
    scope_kind: str | None  # the kind of unit the role covers; None: the whole municipality


DEMO_USERS = (
    DemoUser(Role.ADMINISTRATOR, "admin", "styr-demo-admin", "Alva", "Andersson", None),
    DemoUser(
        Role.PLANNER, "planerare", "styr-demo-planerare", "Per", "Lind", OrgUnitKind.ADMINISTRATION
    ),
    DemoUser(Role.REPORTER, "rapportor", "styr-demo-rapportor", "Eva", "Berg", OrgUnitKind.UNIT),
    DemoUser(Role.READER, "lasare", "styr-demo-lasare", "Lars", "Holm", OrgUnitKind.COMMITTEE),
)


@dataclass
class DemoLogin:
    user: DemoUser
    scope: str
    created: bool


@dataclass
class DemoResult:
    municipality: Municipality
    created: bool
    logins: list[DemoLogin] = field(default_factory=list)
    gold_loaded: list[str] = field(default_factory=list)
    gold_skipped: list[str] = field(default_factory=list)
    gold_failed: list[str] = field(default_factory=list)


def build_demo(
    say: Say | None = None,
    *,
    base_year: int = DEFAULT_BASE_YEAR,
    seeds_dir: Path | None = None,
) -> DemoResult:
    """Build Exempelkommun unless it exists, make the demo users, load the gold plans."""
    out = say or (lambda _message: None)
    municipality = Municipality.objects.filter(name=DEMO_MUNICIPALITY).first()
    created = municipality is None
    if municipality is None:
        rng = random.Random(f"styr-demo:{DEMO_SEED}")  # noqa: S311 - synthetic data, not secrets
        municipality, _counts = build_municipality(
            exempelkommun_blueprint(DEMO_AMOUNTS), rng, base_year
        )
    else:
        out(_("%(name)s finns redan; inget nytt skapas.") % {"name": municipality.name})
    result = DemoResult(municipality, created)
    result.logins = ensure_demo_users(municipality)
    directory = seeds_dir if seeds_dir is not None else gold_seeds_dir()
    if directory.is_dir():
        load_gold_plans(directory, result, out)
    return result


def ensure_demo_users(municipality: Municipality) -> list[DemoLogin]:
    """One user per role, each scoped as the role is used in practice; never duplicated."""
    user_model = get_user_model()
    logins = []
    with transaction.atomic():
        for demo in DEMO_USERS:
            unit = _scope_unit(municipality, demo.scope_kind)
            user, created = user_model.objects.get_or_create(
                username=demo.username,
                defaults={"first_name": demo.first_name, "last_name": demo.last_name},
            )
            if created:
                # Only a new user gets the printed password; a changed one stays changed.
                user.set_password(demo.password)
                # Like the test personas: staff may open the admin, where roles decide.
                user.is_staff = True
                user.is_superuser = demo.role == Role.ADMINISTRATOR
                user.save()
            RoleAssignment.objects.get_or_create(
                user=user, role=demo.role, municipality=municipality, unit=unit
            )
            scope = unit.name if unit else municipality.name
            logins.append(DemoLogin(demo, scope, created))
    return logins


def _scope_unit(municipality: Municipality, kind: str | None) -> OrgUnit | None:
    if kind is None:
        return None
    unit = OrgUnit.objects.filter(municipality=municipality, kind=kind).order_by("path").first()
    if unit is None:
        raise ValueError(f"{municipality.name} has no org unit of kind {kind!r} for a demo user")
    return unit


def login_table(logins: list[DemoLogin]) -> list[str]:
    """The printed table of demo log-ins."""
    header = (_("Roll"), _("Användarnamn"), _("Lösenord"), _("Omfattning"))
    rows = [
        (str(Role(login.user.role).label), login.user.username, login.user.password, login.scope)
        for login in logins
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        padded = (cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
        return "  ".join(padded).rstrip()

    notes = [
        _("Demoinloggningar (endast för lokal demo, byt eller ta bort i skarp drift):"),
        line(header),
        line(tuple("-" * width for width in widths)),
    ]
    notes += [line(row) for row in rows]
    if any(not login.created for login in logins):
        notes.append(_("Befintliga användare behåller sina lösenord om de har ändrats."))
    return notes


# --- gold plans ---------------------------------------------------------------------------


def gold_seeds_dir() -> Path:
    """Where the gold plans are: ``$STYR_DEMO_SEEDS_DIR`` or ``../shared/seeds/gold``."""
    configured = os.environ.get(SEEDS_DIR_VARIABLE)
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR).parent / "shared" / "seeds" / "gold"


def org_path_of(doc: dict[str, Any]) -> str:
    """The organisation path a plan document belongs under: its municipality, then its
    organisation from the outermost unit in."""
    plan = doc.get("plan") or {}
    municipality = plan.get("municipality")
    if not municipality:
        raise ValueError("plan.municipality is missing")
    return "/".join([municipality, *(plan.get("organisation") or [])])


def load_gold_plans(directory: Path, result: DemoResult, say: Say) -> None:
    """Load every ``*.json`` plan in ``directory`` under its own municipality, once."""
    try:
        from styr.interchange.services import (  # type: ignore[import-not-found,unused-ignore]
            load_document,
            resolve_org_path,
        )
    except ImportError:
        say(_("Guldplanerna i %(dir)s hoppas över: planinläsningen finns inte ännu.")
            % {"dir": directory})  # fmt: skip
        return
    for path in sorted(directory.glob("*.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            with transaction.atomic():
                owner = resolve_org_path(org_path_of(doc), create=True)
                title = (doc.get("plan") or {}).get("title", "")
                if Plan.objects.filter(owner=owner, title=title).exists():
                    result.gold_skipped.append(path.name)
                    continue
                load_document(doc, owner, source_file=path.name)
            result.gold_loaded.append(path.name)
        except Exception as error:  # one bad file must not stop the demo
            result.gold_failed.append(path.name)
            say(_("Kunde inte läsa in %(file)s: %(error)s") % {"file": path, "error": error})
