"""Web pages of the internal control area (mounted at /internkontroll/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "internal_control"
urlpatterns: list[URLPattern | URLResolver] = []
