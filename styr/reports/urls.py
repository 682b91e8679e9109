"""Web pages of the reports area (mounted at /rapporter/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from styr.reports import views

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("plan/<int:plan_id>/<str:kind>.<str:fmt>", views.download, name="download"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
