from __future__ import annotations

from django.apps import AppConfig


class EconomyConfig(AppConfig):
    name = "styr.economy"
    label = "economy"
