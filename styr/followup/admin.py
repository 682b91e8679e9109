"""Admin for follow-up periods, measured outcomes and the units' assessments."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from styr.accounts.access import Action, can, denial_message
from styr.accounts.admin_rights import HistoryRightsAdmin
from styr.followup.models import (
    Assessment,
    AssessmentState,
    FollowUpPeriod,
    FollowUpSettings,
    Measurement,
)


@admin.register(FollowUpPeriod)
class FollowUpPeriodAdmin(HistoryRightsAdmin):
    list_display = ("label", "code", "kind", "plan", "start", "end", "due_date", "is_closed")
    list_filter = ("kind", "is_closed")
    search_fields = ("label", "code", "plan__title")
    list_select_related = ("plan",)
    raw_id_fields = ("plan",)


@admin.register(Measurement)
class MeasurementAdmin(HistoryRightsAdmin):
    rights_action = Action.REPORT
    list_display = ("indicator", "period", "gender", "value", "origin", "entered_by", "entered_at")
    list_filter = ("origin", "year", "gender")
    search_fields = ("indicator__name", "period")
    list_select_related = ("indicator", "entered_by")
    raw_id_fields = ("indicator",)
    readonly_fields = ("entered_by", "entered_at")
    exclude = ("year",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Assessment)
class AssessmentAdmin(HistoryRightsAdmin):
    rights_action = Action.REPORT
    list_display = ("period", "goal", "activity", "unit", "status", "state", "author")
    list_filter = ("status", "state", "period__kind")
    search_fields = ("analysis", "goal__title", "activity__title", "unit__name")
    list_select_related = ("period", "goal", "activity", "unit", "author")
    raw_id_fields = ("goal", "activity")
    readonly_fields = ("author", "submitted_at", "approved_by", "approved_at", "version")

    def rights_problem(self, user: Any, instance: Any) -> str | None:
        """Writing needs REPORT; marking the assessment approved needs APPROVE as well."""
        problem = super().rights_problem(user, instance)
        approving = problem is None and instance.state == AssessmentState.APPROVED
        if approving and not can(user, Action.APPROVE, instance):
            return denial_message(Action.APPROVE, instance)
        return problem

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.author = obj.author or request.user
        if obj.state == AssessmentState.SUBMITTED and obj.submitted_at is None:
            obj.submitted_at = timezone.now()
        if obj.state == AssessmentState.APPROVED and obj.approved_at is None:
            obj.approved_by, obj.approved_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(FollowUpSettings)
class FollowUpSettingsAdmin(HistoryRightsAdmin):
    """A municipality's status rules and period scheme: administrators of the municipality."""

    rights_action = Action.ADMINISTER
    list_display = ("municipality", "updated_at")
    list_select_related = ("municipality",)
