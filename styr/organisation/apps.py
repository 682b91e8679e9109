from __future__ import annotations

from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "styr.organisation"
    label = "organisation"
