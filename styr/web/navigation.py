"""The main menu: one list, so every page shows the same areas in the same order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from styr.accounts.access import Action, rights_of


@dataclass(frozen=True)
class MenuEntry:
    key: str
    label: str | Promise
    url_name: str
    needs: Action | None = None  # shown only to users whose roles grant it somewhere


MENU = (
    MenuEntry("home", _("Start"), "web:home"),
    MenuEntry("org", _("Organisation"), "web:org-tree"),
    MenuEntry("plans", _("Planer"), "plans:plan-list"),
    MenuEntry("followup", _("Uppföljning"), "followup:index"),
    MenuEntry("internal_control", _("Internkontroll"), "internal_control:index"),
    MenuEntry("economy", _("Ekonomi"), "economy:index"),
    MenuEntry("politics", _("Politik och årshjul"), "politics:index"),
    MenuEntry("import", _("Import"), "importer:upload", needs=Action.EDIT_PLAN),
    MenuEntry("search", _("Sök"), "web:search"),
)


def menu_links(user: Any = None) -> list[dict[str, Any]]:
    """The entries the user may use."""
    links = []
    for entry in MENU:
        if entry.needs is not None and (
            user is None or not rights_of(user).may_at_all(entry.needs)
        ):
            continue
        links.append({"key": entry.key, "label": entry.label, "url": reverse(entry.url_name)})
    return links


def menu(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the menu for signed-in users only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    return {"menu": menu_links(user)}
