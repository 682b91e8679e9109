"""Kolada metadata kept locally: KPIs, municipalities, municipality groups, sync state.

Rows are copies of Kolada's metadata with the time they were fetched, so a KPI shown in
Styr can say how old its description is. Values themselves live in the follow-up app's
measurements, marked as coming from Kolada.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class KoladaKpi(models.Model):
    id = models.CharField(_("KPI-id"), max_length=20, primary_key=True)
    title = models.CharField(_("titel"), max_length=500)
    description = models.TextField(_("beskrivning"), blank=True)
    is_divided_by_gender = models.BooleanField(_("könsuppdelad"), default=False)
    operating_area = models.CharField(_("verksamhetsområde"), max_length=300, blank=True)
    perspective = models.CharField(_("perspektiv"), max_length=100, blank=True)
    publication_date = models.DateField(_("publiceringsdatum"), null=True, blank=True)
    publ_period = models.CharField(_("publiceringsperiod"), max_length=100, blank=True)
    has_ou_data = models.BooleanField(_("har data per enhet"), default=False)
    municipality_type = models.CharField(_("kommuntyp"), max_length=10, blank=True)
    fetched_at = models.DateTimeField(_("hämtad"))

    class Meta:
        verbose_name = _("Kolada-nyckeltal")
        verbose_name_plural = _("Kolada-nyckeltal")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.id} {self.title}"


class KoladaMunicipality(models.Model):
    """A municipality (K) or region (L) as Kolada knows it; ``0000`` is Riket."""

    id = models.CharField(_("kommunkod"), max_length=10, primary_key=True)
    title = models.CharField(_("namn"), max_length=200)
    type = models.CharField(_("typ"), max_length=10, blank=True)
    fetched_at = models.DateTimeField(_("hämtad"))

    class Meta:
        verbose_name = _("Kolada-kommun")
        verbose_name_plural = _("Kolada-kommuner")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.id} {self.title}"


class KoladaMunicipalityGroup(models.Model):
    """A Kolada kommungrupp, e.g. "Liknande kommuner, individ- och familjeomsorg".

    ``members`` is the list of member municipality codes as Kolada gave it; a JSON list
    rather than a relation because a group may name municipalities not yet fetched.
    """

    id = models.CharField(_("grupp-id"), max_length=20, primary_key=True)
    title = models.CharField(_("namn"), max_length=300)
    members: models.JSONField[Any] = models.JSONField(_("medlemmar"), default=list)
    fetched_at = models.DateTimeField(_("hämtad"))

    class Meta:
        verbose_name = _("Kolada-kommungrupp")
        verbose_name_plural = _("Kolada-kommungrupper")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class SyncTarget(models.TextChoices):
    MUNICIPALITY = "municipality", _("kommun")
    OU = "ou", _("enhet")


class KoladaSyncState(models.Model):
    """How far values of one KPI for one municipality or unit have been synced.

    Kept per KPI, so that a KPI linked after the last sync is fetched in full the first
    time instead of only its changes since a date that never applied to it.
    """

    target = models.CharField(_("avser"), max_length=20, choices=SyncTarget.choices)
    code = models.CharField(_("kod"), max_length=20)
    kpi = models.CharField(_("KPI-id"), max_length=20)
    last_from_date = models.DateField(_("hämtat ändringar till och med"))
    synced_at = models.DateTimeField(_("senast synkad"))

    class Meta:
        verbose_name = _("Kolada-synkstatus")
        verbose_name_plural = _("Kolada-synkstatus")
        constraints = [
            models.UniqueConstraint(
                fields=["target", "code", "kpi"], name="kolada_syncstate_unique_target_kpi"
            )
        ]

    def __str__(self) -> str:
        return f"{self.target} {self.code} {self.kpi}: {self.last_from_date}"
