"""Admin for the political programme's points and the nämnd's reporting calendar."""

from __future__ import annotations

from django.contrib import admin

from styr.accounts.admin_rights import HistoryRightsAdmin
from styr.politics.models import CalendarItem, PoliticalPoint


@admin.register(PoliticalPoint)
class PoliticalPointAdmin(HistoryRightsAdmin):
    list_display = ("number", "__str__", "plan", "status", "responsible_board")
    list_filter = ("status", "responsible_board")
    search_fields = ("number", "text", "handling", "plan__title")
    list_select_related = ("plan",)
    raw_id_fields = ("plan", "goals", "activities")


@admin.register(CalendarItem)
class CalendarItemAdmin(HistoryRightsAdmin):
    list_display = ("label", "month", "plan")
    list_filter = ("month",)
    search_fields = ("label", "plan__title")
    list_select_related = ("plan",)
    raw_id_fields = ("plan",)
