"""Web pages of the politics area (mounted at /politik/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "politics"
urlpatterns: list[URLPattern | URLResolver] = []
