"""Web pages of the plans area (mounted at /plans/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "plans"
urlpatterns: list[URLPattern | URLResolver] = []
