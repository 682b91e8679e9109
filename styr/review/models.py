"""Stored review runs (granskning) of a plan and their findings.

The engine works on documents and returns plain ``styr.review.findings.Finding`` objects;
these models keep a run so the plan page can show it and later runs can be compared.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from styr.core.models import Sourced, TimeStamped
from styr.plans.models import Plan


class SeverityChoices(models.TextChoices):
    ERROR = "error", _("fel")
    WARNING = "warning", _("varning")
    INFO = "info", _("information")


class Review(TimeStamped):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("plan")
    )
    settings = models.JSONField(_("inställningar"), default=dict, blank=True)
    error_count = models.PositiveIntegerField(_("fel"), default=0)
    warning_count = models.PositiveIntegerField(_("varningar"), default=0)
    info_count = models.PositiveIntegerField(_("information"), default=0)

    class Meta:
        verbose_name = _("granskning")
        verbose_name_plural = _("granskningar")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return (
            f"{self.plan} ({self.created_at:%Y-%m-%d %H:%M})" if self.created_at else str(self.plan)
        )


class Finding(Sourced):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="findings", verbose_name=_("granskning")
    )
    position = models.PositiveIntegerField(_("ordning"), default=0)
    code = models.CharField(_("regel"), max_length=64)
    severity = models.CharField(_("allvarlighet"), max_length=10, choices=SeverityChoices.choices)
    message = models.TextField(_("anmärkning"))
    item_kind = models.CharField(_("typ av post"), max_length=20)
    item_ref = models.CharField(_("id i dokumentet"), max_length=64, blank=True)
    details = models.JSONField(_("underlag"), default=dict, blank=True)

    class Meta:
        verbose_name = _("anmärkning")
        verbose_name_plural = _("anmärkningar")
        ordering = ["review", "position"]
        indexes = [models.Index(fields=["review", "severity"])]

    def __str__(self) -> str:
        return f"{self.code}: {self.message[:60]}"
