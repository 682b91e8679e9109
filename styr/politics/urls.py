"""Web pages of the politics area (mounted at /politik/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from styr.politics import views

app_name = "politics"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("arshjul/", views.calendar, name="calendar"),
]
