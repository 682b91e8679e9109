"""Admin base classes that ask the rights service (styr.accounts.access) for every decision.

Every domain app's ``admin.py`` registers its models with ``RightsAdmin`` (plain models)
or ``HistoryRightsAdmin`` (models with django-simple-history), and its inlines with
``RightsTabularInline``. A class names the action that changing its objects needs
(``rights_action``): planners edit plans (``EDIT_PLAN``), reporters write assessments and
measurements (``REPORT``), administrators manage the organisation (``ADMINISTER``).

* The change list shows only what the user may read (``access.restrict``).
* View, add, change and delete ask ``access.can`` for the object at hand.
* A saved form is checked again in its new state, so a reporter cannot move an assessment
  to another unit; the error names what is missing.
* Drop-down lists of units and plans offer only what the user may use.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from styr.accounts.access import (
    Action,
    can,
    denial_message,
    require,
    restrict,
    rights_of,
    units_where,
    visible_plans,
)
from styr.core.history import plan_path
from styr.organisation.models import OrgUnit
from styr.plans.models import Plan


def _restrictable(model: type[models.Model]) -> bool:
    return plan_path(model._meta.label) is not None


class RightsAdminMixin:
    """Permission hooks of ``ModelAdmin`` answered by the rights service."""

    rights_action: Action = Action.EDIT_PLAN

    def has_module_permission(self, request: HttpRequest) -> bool:
        return rights_of(request.user).may_at_all(Action.VIEW)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return rights_of(request.user).may_at_all(Action.VIEW)
        return can(request.user, Action.VIEW, obj) or can(request.user, self.rights_action, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return rights_of(request.user).may_at_all(self.rights_action)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return rights_of(request.user).may_at_all(self.rights_action)
        return can(request.user, self.rights_action, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return restrict(request.user, super().get_queryset(request))  # type: ignore[misc]

    def rights_problem(self, user: Any, instance: Any) -> str | None:
        """Why ``user`` may not save ``instance`` in this state, or None. Extend per model."""
        if can(user, self.rights_action, instance):
            return None
        return denial_message(self.rights_action, instance)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm[Any]]:
        form_class = super().get_form(request, obj, change, **kwargs)  # type: ignore[misc]
        admin_class, user = self, request.user

        class RightsCheckedForm(form_class):  # type: ignore[misc,valid-type]
            def _post_clean(self) -> None:
                super()._post_clean()
                if not self.errors:
                    problem = admin_class.rights_problem(user, self.instance)
                    if problem:
                        self.add_error(None, problem)

        RightsCheckedForm.__name__ = form_class.__name__
        return RightsCheckedForm

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        require(request.user, self.rights_action, obj)
        super().save_model(request, obj, form, change)  # type: ignore[misc]

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        require(request.user, self.rights_action, obj)
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        # The change list shows what may be read; deleting needs the right on each row.
        for obj in queryset:
            require(request.user, self.rights_action, obj)
        super().delete_queryset(request, queryset)  # type: ignore[misc]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._limit_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._limit_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]

    def _limit_choices(self, db_field: Any, request: HttpRequest, kwargs: dict[str, Any]) -> None:
        if "queryset" not in kwargs:
            choices = self._choices(db_field.related_model, request)
            if choices is not None:
                kwargs["queryset"] = choices

    def _choices(self, model: type[models.Model], request: HttpRequest) -> QuerySet[Any] | None:
        """The related objects the user may pick, or None for Django's default."""
        if model is OrgUnit:
            return units_where(request.user, self.rights_action)
        if model is Plan:
            return visible_plans(request.user)
        if _restrictable(model):
            return restrict(request.user, model._default_manager.all())
        return None


class RightsAdmin(RightsAdminMixin, admin.ModelAdmin):
    """For models without a change history."""


class HistoryRightsAdmin(RightsAdminMixin, SimpleHistoryAdmin):
    """For plan data with django-simple-history: adds the "Historik" page."""


class RightsInlineMixin:
    """An inline's rights follow its parent object (``obj`` is the parent)."""

    rights_action: Action = Action.EDIT_PLAN
    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return rights_of(request.user).may_at_all(Action.VIEW)
        return can(request.user, Action.VIEW, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return rights_of(request.user).may_at_all(self.rights_action)
        return can(request.user, self.rights_action, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)


class RightsTabularInline(RightsInlineMixin, admin.TabularInline):
    pass
