"""Who may do what: the one place rights are decided.

Views, the admin, the API and the CLI all ask this module; nothing else compares roles.

* ``can(user, action, obj)`` answers yes or no; ``require(...)`` raises ``AccessDenied``.
* ``visible_plans(user)``, ``reportable_units(user)``, ``units_where(user, action)``,
  ``units_for(user, role)`` and ``restrict(user, queryset)`` return querysets built as one
  query from the user's role assignments (a prefix match on ``OrgUnit.path``).

A role is held over an organisation subtree (``RoleAssignment.unit`` and everything below
it), over a whole municipality (``unit`` empty) or over every municipality (``unit`` and
``municipality`` empty, only meaningful for administrators). See docs/rights.md.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from styr.accounts.models import Role, RoleAssignment
from styr.core.history import plan_path
from styr.organisation.models import Municipality, OrgUnit
from styr.plans.models import Activity, Goal, Indicator, Plan


class Action(enum.Enum):
    """What a user wants to do; each role grants a set of actions (``GRANTS``)."""

    VIEW = "view"
    EDIT_PLAN = "edit_plan"
    REPORT = "report"
    APPROVE = "approve"
    ADMINISTER = "administer"

    @property
    def label(self) -> str:
        return str(ACTION_LABELS[self])


ACTION_LABELS = {
    Action.VIEW: _("läsa"),
    Action.EDIT_PLAN: _("ändra planen"),
    Action.REPORT: _("rapportera (bedömning, utfall, aktivitetsstatus)"),
    Action.APPROVE: _("godkänna bedömningar"),
    Action.ADMINISTER: _("administrera"),
}

GRANTS: dict[str, frozenset[Action]] = {
    Role.ADMINISTRATOR: frozenset(Action),
    Role.PLANNER: frozenset({Action.VIEW, Action.EDIT_PLAN, Action.REPORT, Action.APPROVE}),
    Role.REPORTER: frozenset({Action.VIEW, Action.REPORT}),
    Role.READER: frozenset({Action.VIEW}),
}

# Which organisation unit an object belongs to: try each attribute in turn; an OrgUnit
# answers, another model is asked the same question, a many-to-many gives every unit in it.
UNIT_CHAIN: dict[str, tuple[str, ...]] = {
    "organisation.OrgUnit": (),
    "plans.Plan": ("owner",),
    "plans.Goal": ("responsible_unit", "plan"),
    "plans.Indicator": ("responsible_unit", "goal", "plan"),
    "plans.Target": ("indicator",),
    "plans.Activity": ("responsible_units", "plan"),
    "plans.UnrecognisedText": ("plan",),
    "followup.FollowUpPeriod": ("plan",),
    "followup.Measurement": ("indicator",),
    "followup.Assessment": ("unit",),
    "internal_control.Risk": ("plan",),
    "internal_control.Control": ("responsible_unit", "risk"),
    "internal_control.ControlResult": ("control",),
    "internal_control.RiskAction": ("responsible_unit", "risk"),
    "economy.BudgetLine": ("org_unit", "plan"),
    "economy.BudgetValue": ("line",),
    "economy.VolumeLine": ("org_unit", "plan"),
    "economy.VolumeValue": ("line",),
    "politics.PoliticalPoint": ("plan",),
    "politics.CalendarItem": ("plan",),
    "review.Review": ("plan",),
    "review.Finding": ("review",),
    "accounts.RoleAssignment": ("unit",),
}

# Objects that belong to a municipality (or to the installation) rather than to a unit.
MUNICIPALITY_OF: dict[str, str | None] = {
    "organisation.Municipality": None,  # the object itself
    "internal_control.RiskMatrix": "municipality",
    "followup.FollowUpSettings": "municipality",
    "accounts.RoleAssignment": "municipality",
}


class AccessDenied(PermissionDenied):
    """A refused action, with a Swedish message naming the object and what is missing."""

    def __init__(self, user: Any, action: Action, obj: object) -> None:
        self.user, self.action, self.obj = user, action, obj
        super().__init__(denial_message(action, obj))


@dataclass(frozen=True)
class Scope:
    """One role assignment: a role over a subtree, a municipality or everything."""

    role: str
    municipality_id: int | None
    unit_id: int | None
    path: str

    @property
    def is_global(self) -> bool:
        return self.unit_id is None and self.municipality_id is None

    def covers_unit(self, unit: OrgUnit) -> bool:
        if self.unit_id is None:
            return self.is_global or unit.municipality_id == self.municipality_id
        return unit.path.startswith(self.path)

    def covers_municipality(self, municipality_id: int | None) -> bool:
        """Only a municipality-wide (or global) role speaks for the municipality itself."""
        if self.unit_id is not None:
            return False
        return self.is_global or self.municipality_id == municipality_id

    def unit_q(self, prefix: str = "") -> Q:
        """The units this scope covers, as a filter on an OrgUnit relation ``prefix``."""
        if self.is_global:
            return Q()
        if self.unit_id is None:
            return Q(**{f"{prefix}municipality_id": self.municipality_id})
        return Q(**{f"{prefix}path__startswith": self.path})

    def ancestor_ids(self) -> list[int]:
        """The units above this scope's unit, read from its path (no query)."""
        ids = [int(part) for part in self.path.strip("/").split("/") if part]
        return ids[:-1]


class Rights:
    """A user's role assignments, loaded once (one query) and kept on the user object."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.is_superuser = bool(user.is_active and user.is_superuser)
        self.scopes: list[Scope] = []
        if user.is_authenticated and user.is_active:
            assignments = RoleAssignment.objects.filter(user_id=user.pk).select_related("unit")
            self.scopes = [
                Scope(a.role, a.municipality_id, a.unit_id, a.unit.path if a.unit else "")
                for a in assignments
            ]

    @property
    def is_global_administrator(self) -> bool:
        return self.is_superuser or any(
            s.is_global and s.role == Role.ADMINISTRATOR for s in self.scopes
        )

    def scopes_for(self, action: Action) -> list[Scope]:
        return [s for s in self.scopes if action in GRANTS[s.role]]

    def may_at_all(self, action: Action) -> bool:
        return self.is_global_administrator or bool(self.scopes_for(action))

    def covers_unit(self, action: Action, unit: OrgUnit) -> bool:
        return any(s.covers_unit(unit) for s in self.scopes_for(action))

    def covers_municipality(self, action: Action, municipality_id: int | None) -> bool:
        return any(s.covers_municipality(municipality_id) for s in self.scopes_for(action))

    def unit_q(self, action: Action, prefix: str = "") -> Q:
        """Units where ``action`` is allowed; matches nothing when no role grants it."""
        if self.is_global_administrator:
            return Q()
        query = Q(pk__in=[])
        for scope in self.scopes_for(action):
            query |= scope.unit_q(prefix)
        return query

    def view_q(self, prefix: str = "") -> Q:
        """Units whose plans the user may read: their subtrees and the units above them.

        The units above are there because a unit is governed by the plans of its
        department, administration and committee; a reporter must read the plan they
        report into.
        """
        above = {i for s in self.scopes_for(Action.VIEW) for i in s.ancestor_ids()}
        query = self.unit_q(Action.VIEW, prefix)
        return query | Q(**{f"{prefix}pk__in": sorted(above)}) if above else query


def rights_of(user: Any) -> Rights:
    """The user's rights, loaded once per user object (a request or a command run).

    Call ``forget_rights(user)`` after changing the user's role assignments in the same
    process.
    """
    cached = getattr(user, "_styr_rights", None)
    if cached is None:
        cached = Rights(user)
        with contextlib.suppress(AttributeError):  # a user object that refuses attributes
            user._styr_rights = cached
    return cached


def forget_rights(user: Any) -> None:
    if hasattr(user, "_styr_rights"):
        del user._styr_rights


def label_of(obj: object) -> str:
    return f"{obj._meta.app_label}.{obj._meta.object_name}"  # type: ignore[attr-defined]


def units_of(obj: object) -> list[OrgUnit]:
    """The organisation units an object belongs to (see ``UNIT_CHAIN``)."""
    if isinstance(obj, OrgUnit):
        return [obj]
    for attribute in UNIT_CHAIN.get(label_of(obj), ()):
        found = _follow(obj, attribute)
        if found:
            return found
    return []


def _follow(obj: object, attribute: str) -> list[OrgUnit]:
    field = obj._meta.get_field(attribute)  # type: ignore[attr-defined]
    if field.many_to_many:
        if getattr(obj, "pk", None) is None:
            return []
        return list(getattr(obj, attribute).all())
    try:
        value = getattr(obj, attribute)
    except ObjectDoesNotExist:  # an unsaved object without this relation yet
        return []
    if value is None:
        return []
    return [value] if isinstance(value, OrgUnit) else units_of(value)


def _municipality_of(obj: object) -> tuple[bool, int | None]:
    """(True, id) when the object belongs to a municipality rather than to a unit."""
    label = label_of(obj)
    if label not in MUNICIPALITY_OF:
        return False, None
    if isinstance(obj, Municipality):
        return True, obj.pk
    if units_of(obj):
        return False, None
    return True, getattr(obj, f"{MUNICIPALITY_OF[label]}_id")


def can(user: Any, action: Action, obj: object) -> bool:
    """May ``user`` do ``action`` to ``obj``? One rule for web, admin, API and CLI."""
    rights = rights_of(user)
    if rights.is_global_administrator:
        return True
    if not rights.scopes_for(action):
        return False
    if isinstance(obj, OrgUnit) and action is not Action.VIEW:
        return _may_change_unit(rights, action, obj)
    if isinstance(obj, RoleAssignment) and action is Action.VIEW:
        return obj.user_id == user.pk or can(user, Action.ADMINISTER, obj)
    is_municipal, municipality_id = _municipality_of(obj)
    if is_municipal:
        return rights.covers_municipality(action, municipality_id) or (
            action is Action.VIEW and _is_municipality_of_any_scope(rights, municipality_id)
        )
    units = units_of(obj)
    if any(rights.covers_unit(action, unit) for unit in units):
        return True
    if action is Action.VIEW:
        return _may_view_through_plan(user, obj)
    return False


def require(user: Any, action: Action, obj: object) -> None:
    """Raise ``AccessDenied`` unless ``can(user, action, obj)``."""
    if not can(user, action, obj):
        raise AccessDenied(user, action, obj)


def _is_municipality_of_any_scope(rights: Rights, municipality_id: int | None) -> bool:
    return municipality_id is None or any(
        s.municipality_id == municipality_id for s in rights.scopes
    )


def _may_change_unit(rights: Rights, action: Action, unit: OrgUnit) -> bool:
    """A unit is changed where it is and where it goes: a move needs both places."""
    stored_parent = (
        OrgUnit.objects.filter(pk=unit.pk).values_list("parent_id", flat=True).first()
        if unit.pk
        else None
    )
    if unit.pk and not rights.covers_unit(action, unit):
        return False
    if unit.pk and stored_parent == unit.parent_id:
        return True
    if unit.parent_id is None:  # a new root unit speaks for the municipality
        return rights.covers_municipality(action, unit.municipality_id)
    return rights.covers_unit(action, unit.parent)  # type: ignore[arg-type]


def _may_view_through_plan(user: Any, obj: object) -> bool:
    """Anything in a plan is readable by whoever may read the plan."""
    if isinstance(obj, OrgUnit):
        return OrgUnit.objects.filter(rights_of(user).view_q(), pk=obj.pk).exists()
    plan_id = _plan_id_of(obj)
    return plan_id is not None and visible_plans(user).filter(pk=plan_id).exists()


def _plan_id_of(obj: object) -> int | None:
    path = plan_path(label_of(obj))
    if path is None:
        return None
    if path == "":
        return getattr(obj, "pk", None)
    *hops, last = path.split("__")
    current: Any = obj
    try:
        for hop in hops:
            current = getattr(current, hop)
    except ObjectDoesNotExist:
        return None
    return getattr(current, f"{last}_id", None) if current is not None else None


def visible_plans(user: Any) -> QuerySet[Plan]:
    """Plans the user may read, in one query.

    A plan is readable when its owner is in one of the user's subtrees or above one of
    their units, or when one of its goals, indicators or activities is the responsibility
    of a unit in their subtrees.
    """
    rights = rights_of(user)
    if rights.is_global_administrator:
        return Plan.objects.all()
    if not rights.scopes_for(Action.VIEW):
        return Plan.objects.none()
    responsible = rights.unit_q(Action.VIEW, "responsible_unit__")
    return Plan.objects.filter(
        rights.view_q("owner__")
        | Exists(Goal.objects.filter(responsible, plan=OuterRef("pk")))
        | Exists(Indicator.objects.filter(responsible, plan=OuterRef("pk")))
        | Exists(
            Activity.objects.filter(
                rights.unit_q(Action.VIEW, "responsible_units__"), plan=OuterRef("pk")
            )
        )
    )


def units_where(user: Any, action: Action) -> QuerySet[OrgUnit]:
    """Units where the user may do ``action``, in one query."""
    rights = rights_of(user)
    if not rights.may_at_all(action):
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(rights.unit_q(action))


def reportable_units(user: Any) -> QuerySet[OrgUnit]:
    """Units the user may report for: their own units and every unit under them."""
    return units_where(user, Action.REPORT)


def units_for(user: Any, role: Role | str) -> QuerySet[OrgUnit]:
    """Units covered by the user's assignments of exactly ``role``, in one query."""
    rights = rights_of(user)
    if rights.is_superuser:
        return OrgUnit.objects.all()
    query = Q(pk__in=[])
    for scope in rights.scopes:
        if scope.role == role:
            query |= scope.unit_q()
    return OrgUnit.objects.filter(query)


def restrict(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Only the rows of ``queryset`` the user may read (one query, no per-row checks)."""
    rights = rights_of(user)
    if rights.is_global_administrator:
        return queryset
    if not rights.scopes:
        return queryset.none()
    model = queryset.model
    label = f"{model._meta.app_label}.{model._meta.object_name}"
    if model is OrgUnit:
        return queryset.filter(rights.view_q())
    if model is Municipality:
        return queryset.filter(pk__in={s.municipality_id for s in rights.scopes})
    if model is RoleAssignment:
        municipal_admin_of = [
            s.municipality_id for s in rights.scopes_for(Action.ADMINISTER) if s.unit_id is None
        ]
        return queryset.filter(
            Q(user_id=user.pk)
            | (Q(unit__isnull=False) & rights.unit_q(Action.ADMINISTER, "unit__"))
            | Q(unit__isnull=True, municipality_id__in=municipal_admin_of)
        )
    if label in MUNICIPALITY_OF:  # e.g. risk matrices: shared ones and the user's own
        field = MUNICIPALITY_OF[label]
        return queryset.filter(
            Q(**{f"{field}__isnull": True})
            | Q(**{f"{field}_id__in": {s.municipality_id for s in rights.scopes}})
        )
    path = plan_path(label)
    if path is None:
        raise ValueError(f"restrict(): no rule for {label}; add it to UNIT_CHAIN and PLAN_PATHS")
    return queryset.filter(**{f"{path}__in" if path else "pk__in": visible_plans(user)})


def roles_granting(action: Action) -> list[str]:
    return [str(Role(role).label) for role, actions in GRANTS.items() if action in actions]


def _join_or(words: Iterable[str]) -> str:
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {gettext('eller')} {items[-1]}"


def denial_message(action: Action, obj: object) -> str:
    """A Swedish sentence naming the object, the action and the role that is missing."""
    meta = getattr(obj, "_meta", None)
    kind = str(meta.verbose_name) if meta else type(obj).__name__
    units = ", ".join(str(unit) for unit in units_of(obj)) if meta else ""
    where = (
        format_lazy(gettext("för {units} eller en enhet ovanför"), units=units)
        if units
        else gettext("för hela kommunen")
    )
    return gettext(
        "Du får inte %(action)s för %(kind)s ”%(object)s”: det kräver rollen %(roles)s %(where)s."
    ) % {
        "action": action.label,
        "kind": kind,
        "object": obj,
        "roles": _join_or(roles_granting(action)),
        "where": where,
    }


__all__ = [
    "GRANTS",
    "AccessDenied",
    "Action",
    "Rights",
    "Scope",
    "can",
    "forget_rights",
    "reportable_units",
    "require",
    "restrict",
    "rights_of",
    "units_for",
    "units_of",
    "units_where",
    "visible_plans",
]
