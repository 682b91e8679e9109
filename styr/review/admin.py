"""Admin for stored reviews: read-only, since findings are the output of the review rules."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from styr.accounts.access import Action
from styr.accounts.admin_rights import RightsAdmin, RightsTabularInline
from styr.review.models import Finding, Review


class FindingInline(RightsTabularInline):
    model = Finding
    fields = ("severity", "code", "item_kind", "item_ref", "message")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Review)
class ReviewAdmin(RightsAdmin):
    rights_action = Action.EDIT_PLAN
    list_display = ("plan", "created_at", "error_count", "warning_count", "info_count")
    list_select_related = ("plan",)
    search_fields = ("plan__title",)
    readonly_fields = ("plan", "settings", "error_count", "warning_count", "info_count")
    inlines = (FindingInline,)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # a review is made by running the rules (`styr check --plan ID --save`)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Finding)
class FindingAdmin(RightsAdmin):
    list_display = ("code", "severity", "item_kind", "item_ref", "review")
    list_filter = ("severity", "code")
    search_fields = ("message", "item_ref")
    list_select_related = ("review__plan",)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
