"""Roles: who may do what, per organisation subtree."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from styr.core.models import TimeStamped
from styr.organisation.models import Municipality, OrgUnit


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("administratör")
    PLANNER = "planner", _("planerare")
    REPORTER = "reporter", _("rapportör")
    READER = "reader", _("läsare")


class RoleAssignment(TimeStamped):
    """A user's role over one organisation subtree.

    ``unit`` null means the whole municipality; ``municipality`` null as well means every
    municipality of the installation (for a system administrator).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("användare"),
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("kommun")
    )
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("organisationsenhet"),
    )

    class Meta:
        verbose_name = _("rolltilldelning")
        verbose_name_plural = _("rolltilldelningar")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "municipality", "unit"], name="role_assignment_unique"
            )
        ]

    def save(self, *args: object, **kwargs: object) -> None:
        if self.unit_id:
            self.municipality_id = self.unit.municipality_id  # type: ignore[union-attr]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def __str__(self) -> str:
        scope = self.unit or self.municipality or _("alla kommuner")
        return f"{self.user} – {self.get_role_display()} – {scope}"


class ApiToken(TimeStamped):
    """A personal key for scripts calling the API; only its SHA-256 hash is stored.

    The token acts with exactly its user's rights, so a reporter's script can do what the
    reporter can and nothing more. The plaintext is shown once, when it is created.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("användare"),
    )
    name = models.CharField(_("namn"), max_length=100)
    prefix = models.CharField(_("början av nyckeln"), max_length=12, db_index=True)
    key_hash = models.CharField(_("nyckelns hash"), max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        ordering = ["user", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
