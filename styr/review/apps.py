from __future__ import annotations

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "styr.review"
    label = "review"
