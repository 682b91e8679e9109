from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "styr.web"
    label = "web"
