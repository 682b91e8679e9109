from __future__ import annotations

from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "styr.importer"
    label = "importer"
