from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliticsConfig(AppConfig):
    name = "styr.politics"
    label = "politics"
    verbose_name = _("Politiskt program och årshjul")
