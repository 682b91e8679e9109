from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "styr.core"
    label = "core"
    verbose_name = _("Grund")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from styr.core import datacache

        connection_created.connect(datacache.install, dispatch_uid="styr-data-version")
