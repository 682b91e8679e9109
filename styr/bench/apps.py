from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchConfig(AppConfig):
    """``styr bench``: the benchmark suite (no models, no pages)."""

    name = "styr.bench"
    label = "bench"
    verbose_name = _("Prestandamätning")
