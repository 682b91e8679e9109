"""Admin for users and their roles; administrators manage roles within their own subtree."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styr.accounts.access import Action, rights_of
from styr.accounts.admin_rights import RightsAdmin, RightsTabularInline
from styr.accounts.models import ApiToken, RoleAssignment

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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Keys are made with `styr token create` (the plaintext is shown once, there); here a
    system administrator sees them and revokes them."""

    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("user__username", "name", "prefix")
    list_select_related = ("user",)
    readonly_fields = ("user", "name", "prefix", "key_hash", "last_used_at")
    actions = ("revoke",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Återkalla markerade nycklar"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
