from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "styr.demo"
    label = "demo"
