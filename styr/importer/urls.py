"""Web pages of the importer area (mounted at /import/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "importer"
urlpatterns: list[URLPattern | URLResolver] = []
