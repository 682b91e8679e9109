"""Abstract bases shared by every domain model."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        abstract = True


class Sourced(models.Model):
    """Provenance of an imported item: the file and the line (text) or page (PDF) it starts at."""

    source_file = models.CharField(_("källfil"), max_length=255, blank=True)
    source_line = models.PositiveIntegerField(_("källrad"), null=True, blank=True)
    source_page = models.PositiveIntegerField(_("källsida"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def source_label(self) -> str:
        parts = [self.source_file] if self.source_file else []
        if self.source_page:
            parts.append(f"s. {self.source_page}")
        if self.source_line:
            parts.append(f"rad {self.source_line}")
        return ", ".join(parts)


class InterchangeItem(Sourced):
    """An item that is also an entry of a ``styr.plan/1`` document.

    ``ref`` is the item's id in the document; ``position`` keeps the document order;
    ``extra`` keeps every key of the document item that Styr does not model, so that a
    load followed by an export gives the same document back.
    """

    ref = models.CharField(_("id i dokumentet"), max_length=64, blank=True)
    position = models.PositiveIntegerField(_("ordning"), default=0)
    extra: models.JSONField[Any] = models.JSONField(_("övriga nycklar"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


class DataVersion(models.Model):
    """A token per scope of data that every committed write to it replaces
    (``styr.core.datacache``): "" for writes no one attributed, "*" for every attributed
    write, "municipality:<id>" for one municipality's."""

    scope = models.CharField(_("omfattning"), max_length=64, unique=True, default="")
    token = models.CharField(_("token"), max_length=32)
    changed_at = models.DateTimeField(_("ändrad"))

    class Meta:
        verbose_name = _("dataversion")
        verbose_name_plural = _("dataversioner")

    def __str__(self) -> str:
        return self.token
