"""Web pages of the economy area (mounted at /ekonomi/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from styr.economy import views

app_name = "economy"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
]
