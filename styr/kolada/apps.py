from __future__ import annotations

from django.apps import AppConfig


class KoladaConfig(AppConfig):
    name = "styr.kolada"
    label = "kolada"
