"""The political programme the plan answers to, and the nämnd's reporting calendar (årshjul)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styr.core.models import InterchangeItem, TimeStamped
from styr.plans.models import Activity, Goal, Plan


class PoliticalPoint(InterchangeItem, TimeStamped):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="political_points")
    number = models.CharField(_("nummer"), max_length=30)
    text = models.TextField(_("punkt"))
    handling = models.TextField(_("hantering"), blank=True)
    status = models.CharField(_("status"), max_length=100, blank=True)
    responsible_board = models.CharField(_("ansvarig nämnd"), max_length=200, blank=True)
    concerned_boards = models.JSONField(_("berörda nämnder"), default=list, blank=True)
    responsible_office = models.CharField(_("ansvarigt kontor"), max_length=200, blank=True)
    concerned_offices = models.JSONField(_("berörda kontor"), default=list, blank=True)
    # Activities as the programme lists them ({"title", "responsible"}), beside real links.
    activity_notes = models.JSONField(_("aktiviteter enligt programmet"), default=list, blank=True)
    goals = models.ManyToManyField(Goal, blank=True, related_name="political_points")
    activities = models.ManyToManyField(Activity, blank=True, related_name="political_points")

    history = HistoricalRecords()

    class Meta(InterchangeItem.Meta):
        verbose_name = _("politisk punkt")
        verbose_name_plural = _("politiska punkter")

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:70]}"


class CalendarItem(InterchangeItem, TimeStamped):
    """One entry of the årshjul: what goes to the nämnd in a month (or month span)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="calendar_items")
    month = models.PositiveSmallIntegerField(_("månad"), null=True, blank=True)
    label = models.CharField(_("benämning"), max_length=200, blank=True)
    items = models.JSONField(_("ärenden"), default=list, blank=True)

    history = HistoricalRecords()

    class Meta(InterchangeItem.Meta):
        verbose_name = _("årshjulspost")
        verbose_name_plural = _("årshjul")

    def __str__(self) -> str:
        return self.label or str(self.month)
