from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImporterConfig(AppConfig):
    name = "styr.importer"
    label = "importer"
    verbose_name = _("Dokumentimport")
