from __future__ import annotations

from django.apps import AppConfig


class InternalControlConfig(AppConfig):
    name = "styr.internal_control"
    label = "internal_control"
