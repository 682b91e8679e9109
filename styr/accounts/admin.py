"""Admin for users and their roles; administrators manage roles within their own subtree."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from styr.accounts.access import Action, rights_of
from styr.accounts.admin_rights import RightsAdmin, RightsTabularInline
from styr.accounts.models import RoleAssignment

admin.site.site_header = _("Styr – administration")
admin.site.site_title = _("Styr")
admin.site.index_title = _("Planer, uppföljning och behörigheter")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(RightsAdmin):
    rights_action = Action.ADMINISTER
    list_display = ("user", "role", "unit", "municipality", "updated_at")
    list_filter = ("role", "municipality")
    search_fields = ("user__username", "user__first_name", "user__last_name", "unit__name")
    list_select_related = ("user", "unit", "municipality")


class RoleAssignmentInline(RightsTabularInline):
    model = RoleAssignment
    rights_action = Action.ADMINISTER
    fields = ("role", "municipality", "unit")


admin.site.unregister(User)


@admin.register(User)
class StyrUserAdmin(UserAdmin):
    """Users belong to no unit, so only global administrators (and superusers) manage them."""

    inlines = (RoleAssignmentInline,)

    def _is_global_administrator(self, request: HttpRequest) -> bool:
        return rights_of(request.user).is_global_administrator

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_global_administrator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_global_administrator(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._is_global_administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_global_administrator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_global_administrator(request)
