"""Economy and volumes: budget lines and their values, volume lines and their values."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styr.core.models import InterchangeItem, TimeStamped
from styr.organisation.models import OrgUnit
from styr.plans.models import Plan


class BudgetSection(models.TextChoices):
    OPERATING = "drift", _("driftbudget")
    INVESTMENT = "investering", _("investeringsbudget")
    RESULT = "resultat", _("resultatbudget")
    FRAME = "ram", _("ram")


class MoneyUnit(models.TextChoices):
    THOUSANDS = "tkr", "tkr"
    MILLIONS = "mnkr", "mnkr"
    KRONOR = "kr", "kr"


class ValueKind(models.TextChoices):
    ACCOUNTS = "bokslut", _("bokslut")
    FORECAST = "prognos", _("prognos")
    BUDGET = "budget", _("budget")
    OUTCOME = "utfall", _("utfall")
    DEVIATION = "avvikelse", _("avvikelse")
    PLAN = "plan", _("plan")


class BudgetLine(InterchangeItem, TimeStamped):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_lines")
    section = models.CharField(_("del"), max_length=12, choices=BudgetSection.choices, blank=True)
    label = models.CharField(_("rad"), max_length=300)
    unit = models.CharField(_("enhet"), max_length=5, choices=MoneyUnit.choices, blank=True)
    is_total = models.BooleanField(_("summarad"), default=False)
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="budget_lines"
    )

    history = HistoricalRecords()

    class Meta(InterchangeItem.Meta):
        verbose_name = _("budgetrad")
        verbose_name_plural = _("budgetrader")

    def __str__(self) -> str:
        return self.label


class BudgetValue(models.Model):
    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    kind = models.CharField(_("slag"), max_length=10, choices=ValueKind.choices)
    amount = models.FloatField(_("belopp"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    extra = models.JSONField(default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budgetvärde")
        verbose_name_plural = _("budgetvärden")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.amount}"


class VolumeLine(InterchangeItem, TimeStamped):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="volume_lines")
    group = models.CharField(_("grupp"), max_length=300, blank=True)
    label = models.CharField(_("rad"), max_length=300)
    unit = models.CharField(_("enhet"), max_length=50, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="volume_lines"
    )

    history = HistoricalRecords()

    class Meta(InterchangeItem.Meta):
        verbose_name = _("volymrad")
        verbose_name_plural = _("volymrader")

    def __str__(self) -> str:
        return self.label


class VolumeValue(models.Model):
    line = models.ForeignKey(VolumeLine, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    kind = models.CharField(_("slag"), max_length=10, choices=ValueKind.choices)
    value = models.FloatField(_("värde"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    extra = models.JSONField(default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("volymvärde")
        verbose_name_plural = _("volymvärden")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.value}"
