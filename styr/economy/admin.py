"""Admin for budget and volume lines with their values."""

from __future__ import annotations

from django.contrib import admin

from styr.accounts.admin_rights import HistoryRightsAdmin, RightsTabularInline
from styr.economy.models import BudgetLine, BudgetValue, VolumeLine, VolumeValue


class BudgetValueInline(RightsTabularInline):
    model = BudgetValue
    fields = ("year", "kind", "amount")


@admin.register(BudgetLine)
class BudgetLineAdmin(HistoryRightsAdmin):
    list_display = ("label", "section", "unit", "is_total", "plan", "org_unit")
    list_filter = ("section", "is_total", "unit")
    search_fields = ("label", "plan__title")
    list_select_related = ("plan", "org_unit")
    raw_id_fields = ("plan",)
    inlines = (BudgetValueInline,)


@admin.register(BudgetValue)
class BudgetValueAdmin(HistoryRightsAdmin):
    list_display = ("line", "year", "kind", "amount")
    list_filter = ("kind", "year")
    search_fields = ("line__label",)
    list_select_related = ("line",)
    raw_id_fields = ("line",)


class VolumeValueInline(RightsTabularInline):
    model = VolumeValue
    fields = ("year", "kind", "value")


@admin.register(VolumeLine)
class VolumeLineAdmin(HistoryRightsAdmin):
    list_display = ("label", "group", "unit", "plan", "org_unit")
    list_filter = ("group",)
    search_fields = ("label", "group", "plan__title")
    list_select_related = ("plan", "org_unit")
    raw_id_fields = ("plan",)
    inlines = (VolumeValueInline,)


@admin.register(VolumeValue)
class VolumeValueAdmin(HistoryRightsAdmin):
    list_display = ("line", "year", "kind", "value")
    list_filter = ("kind", "year")
    search_fields = ("line__label",)
    list_select_related = ("line",)
    raw_id_fields = ("line",)
