from __future__ import annotations

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "styr.plans"
    label = "plans"
