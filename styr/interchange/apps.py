from __future__ import annotations

from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "styr.interchange"
    label = "interchange"
