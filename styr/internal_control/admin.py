"""Admin for risk matrices, risks with their controls and actions, and control results."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from styr.accounts.access import Action
from styr.accounts.admin_rights import (
    HistoryRightsAdmin,
    RightsAdmin,
    RightsTabularInline,
)
from styr.internal_control.models import Control, ControlResult, Risk, RiskAction, RiskMatrix


@admin.register(RiskMatrix)
class RiskMatrixAdmin(RightsAdmin):
    rights_action = Action.ADMINISTER
    list_display = ("name", "municipality", "size_label")
    list_filter = ("municipality",)
    search_fields = ("name",)
    list_select_related = ("municipality",)

    @admin.display(description=_("storlek"))
    def size_label(self, matrix: RiskMatrix) -> str:
        probability, consequence = matrix.size
        return f"{probability}×{consequence}"


class ControlInline(RightsTabularInline):
    model = Control
    fields = ("description", "responsible", "responsible_unit", "frequency", "method", "report_to")


class RiskActionInline(RightsTabularInline):
    model = RiskAction
    fields = ("title", "responsible", "responsible_unit", "deadline", "is_done")


@admin.register(Risk)
class RiskAdmin(HistoryRightsAdmin):
    list_display = ("code", "__str__", "plan", "area", "probability", "consequence", "score")
    list_filter = ("probability", "consequence", "plan__period_from")
    search_fields = ("code", "title", "area", "plan__title")
    list_select_related = ("plan",)
    raw_id_fields = ("plan", "goals")
    inlines = (ControlInline, RiskActionInline)


class ControlResultInline(RightsTabularInline):
    model = ControlResult
    rights_action = Action.REPORT
    fields = ("period", "performed_on", "result", "has_deviation", "deviations")


@admin.register(Control)
class ControlAdmin(HistoryRightsAdmin):
    list_display = ("__str__", "risk", "responsible", "responsible_unit", "frequency")
    search_fields = ("description", "responsible", "risk__title")
    list_select_related = ("risk", "responsible_unit")
    raw_id_fields = ("risk",)
    inlines = (ControlResultInline,)


@admin.register(ControlResult)
class ControlResultAdmin(HistoryRightsAdmin):
    rights_action = Action.REPORT
    list_display = ("control", "performed_on", "has_deviation", "recorded_by")
    list_filter = ("has_deviation", "performed_on")
    search_fields = ("result", "deviations", "control__description")
    list_select_related = ("control", "recorded_by")
    raw_id_fields = ("control",)
    readonly_fields = ("recorded_by",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.recorded_by = obj.recorded_by or request.user
        super().save_model(request, obj, form, change)


@admin.register(RiskAction)
class RiskActionAdmin(HistoryRightsAdmin):
    list_display = ("__str__", "risk", "responsible", "deadline", "is_done")
    list_filter = ("is_done",)
    search_fields = ("title", "responsible", "risk__title")
    list_select_related = ("risk",)
    raw_id_fields = ("risk",)
