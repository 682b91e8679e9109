"""Web pages of the followup area (mounted at /uppfoljning/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from styr.followup import views

app_name = "followup"

_REPORT = "<int:plan_id>/<str:period_code>/enhet/<int:unit_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path(_REPORT, views.report, name="report"),
    path(f"{_REPORT}mal/<int:goal_id>/", views.report_goal, name="report-goal"),
    path(f"{_REPORT}aktivitet/<int:activity_id>/", views.report_activity, name="report-activity"),
    path(
        f"{_REPORT}indikator/<int:indicator_id>/", views.report_indicator, name="report-indicator"
    ),
    path("<int:plan_id>/<str:period_code>/godkannande/", views.approval, name="approval"),
    path(
        "<int:plan_id>/<str:period_code>/godkannande/<int:assessment_id>/",
        views.decide,
        name="decide",
    ),
]
