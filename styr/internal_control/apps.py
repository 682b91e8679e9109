from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternalControlConfig(AppConfig):
    name = "styr.internal_control"
    label = "internal_control"
    verbose_name = _("Intern kontroll")
