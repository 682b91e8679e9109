from __future__ import annotations

from django.apps import AppConfig


class PoliticsConfig(AppConfig):
    name = "styr.politics"
    label = "politics"
