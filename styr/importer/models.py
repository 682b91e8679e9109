"""The importer's one table: an uploaded document waiting to be reviewed and stored.

An ``ImportSession`` holds what a user uploaded (the file's bytes), what the importer read
from it (the ``styr.plan/1`` document, corrected by the user while reviewing) and the
source text shown beside it. Nothing is written into plans until the user confirms; then
``plan`` points at the stored plan, which is also what stops a second confirm from
storing the document twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from styr.core.models import TimeStamped


class ImportSession(TimeStamped):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_sessions",
        verbose_name=_("användare"),
    )
    file_name = models.CharField(_("filnamn"), max_length=255)
    file_size = models.PositiveIntegerField(_("filstorlek (byte)"))
    file_data = models.BinaryField(_("filens innehåll"))
    # The importer's document, with the user's corrections applied.
    document = models.JSONField(_("inläst dokument"))
    # The source text as shown beside the document: [[page or null, line, text], ...].
    source_lines = models.JSONField(_("källtext"), default=list)
    warnings = models.JSONField(_("varningar"), default=list)
    corrections = models.PositiveIntegerField(_("antal rättelser"), default=0)
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lagrad plan"),
    )
    stored_at = models.DateTimeField(_("lagrad"), null=True, blank=True)

    class Meta:
        verbose_name = _("påbörjad import")
        verbose_name_plural = _("påbörjade importer")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_stored(self) -> bool:
        return self.stored_at is not None
