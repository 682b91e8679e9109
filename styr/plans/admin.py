"""Admin for plans, goals, indicators with their targets and outcomes, and activities."""

from __future__ import annotations

from django.contrib import admin

from styr.accounts.access import Action
from styr.accounts.admin_rights import HistoryRightsAdmin, RightsAdmin, RightsTabularInline
from styr.followup.models import Measurement
from styr.plans.models import Activity, Goal, Indicator, Plan, Target, UnrecognisedText


@admin.register(Plan)
class PlanAdmin(HistoryRightsAdmin):
    list_display = ("title", "kind", "owner", "period_from", "period_to", "status", "reference")
    list_filter = ("kind", "status", "period_from", "owner__municipality")
    search_fields = ("title", "reference")
    list_select_related = ("owner",)
    raw_id_fields = ("parent_plan",)


@admin.register(Goal)
class GoalAdmin(HistoryRightsAdmin):
    list_display = ("code", "title", "level", "plan", "responsible_unit")
    list_filter = ("level", "plan__period_from")
    search_fields = ("code", "title", "plan__title")
    list_select_related = ("plan", "responsible_unit")
    raw_id_fields = ("plan", "parent", "contributes_to")


class TargetInline(RightsTabularInline):
    model = Target
    fields = ("year", "op", "value", "relative_to", "gender", "text")


class MeasurementInline(RightsTabularInline):
    model = Measurement
    rights_action = Action.REPORT
    fields = ("period", "gender", "value", "origin")


@admin.register(Indicator)
class IndicatorAdmin(HistoryRightsAdmin):
    list_display = ("name", "plan", "goal", "unit", "direction", "kolada_kpi", "responsible_unit")
    list_filter = ("direction", "frequency", "plan__period_from")
    search_fields = ("name", "kolada_kpi", "data_source", "plan__title")
    list_select_related = ("plan", "goal", "responsible_unit")
    raw_id_fields = ("plan", "goal")
    inlines = (TargetInline, MeasurementInline)


@admin.register(Target)
class TargetAdmin(HistoryRightsAdmin):
    list_display = ("indicator", "year", "op", "value", "relative_to", "gender", "text")
    list_filter = ("year", "relative_to")
    search_fields = ("text", "indicator__name")
    list_select_related = ("indicator",)
    raw_id_fields = ("indicator",)


@admin.register(Activity)
class ActivityAdmin(HistoryRightsAdmin):
    list_display = ("__str__", "plan", "status", "period_from", "start_date", "end_date")
    list_filter = ("status", "plan__period_from")
    search_fields = ("title", "follow_up", "plan__title")
    list_select_related = ("plan",)
    raw_id_fields = ("plan", "goals")
    filter_horizontal = ("responsible_units",)


@admin.register(UnrecognisedText)
class UnrecognisedTextAdmin(RightsAdmin):
    list_display = ("__str__", "plan", "source_file", "source_line", "source_page")
    search_fields = ("text", "plan__title")
    list_select_related = ("plan",)
    raw_id_fields = ("plan",)
