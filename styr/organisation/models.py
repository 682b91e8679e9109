"""The organisation tree: a municipality and its councils, committees, administrations,
departments and units, to any depth."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from styr.core.models import TimeStamped


class Municipality(TimeStamped):
    name = models.CharField(_("namn"), max_length=120, unique=True)
    kolada_code = models.CharField(
        _("Kolada-kod"), max_length=4, blank=True, help_text=_("Kommunkod, t.ex. 0581")
    )

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrgUnitKind(models.TextChoices):
    COUNCIL = "council", _("kommunfullmäktige")
    EXECUTIVE_BOARD = "executive_board", _("kommunstyrelse")
    COMMITTEE = "committee", _("nämnd")
    ADMINISTRATION = "administration", _("förvaltning")
    DEPARTMENT = "department", _("verksamhet")
    UNIT = "unit", _("enhet")


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def subtree(self, unit: OrgUnit) -> OrgUnitQuerySet:
        """The unit and every unit below it, in one query on the materialised path."""
        return self.filter(path__startswith=unit.path)


class OrgUnit(TimeStamped):
    """One node of the organisation tree.

    ``path`` is the chain of ids from the root ("/3/17/42/"); it makes "this unit and all
    under it" a single indexed prefix query, which rights checks and roll-ups need often.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="units", verbose_name=_("kommun")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("överordnad"),
    )
    kind = models.CharField(_("typ"), max_length=20, choices=OrgUnitKind.choices)
    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("förkortning"), max_length=40, blank=True)
    kolada_ou_id = models.CharField(_("Kolada-enhet"), max_length=20, blank=True)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisationsenhet")
        verbose_name_plural = _("organisationsenheter")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "parent", "name"], name="orgunit_unique_name_per_parent"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if self.parent_id and self.parent and self.parent.municipality_id != self.municipality_id:
            raise ValueError("An org unit must belong to the same municipality as its parent")
        old_path = self.path
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        new_path = (self.parent.path if self.parent else "/") + f"{self.pk}/"
        if new_path != old_path:
            type(self).objects.filter(pk=self.pk).update(path=new_path)
            self.path = new_path
            if old_path:
                self._move_descendants(old_path, new_path)

    def _move_descendants(self, old_path: str, new_path: str) -> None:
        for unit in type(self).objects.filter(path__startswith=old_path).exclude(pk=self.pk):
            unit.path = new_path + unit.path[len(old_path) :]
            type(self).objects.filter(pk=unit.pk).update(path=unit.path)

    def is_within(self, ancestor: OrgUnit) -> bool:
        return self.path.startswith(ancestor.path)

    def ancestors(self) -> list[OrgUnit]:
        ids = [int(part) for part in self.path.strip("/").split("/") if part]
        by_id = {u.pk: u for u in type(self).objects.filter(pk__in=ids)}
        return [by_id[i] for i in ids if i in by_id]
