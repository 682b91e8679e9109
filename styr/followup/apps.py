from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "styr.followup"
    label = "followup"
    verbose_name = _("Uppföljning")
