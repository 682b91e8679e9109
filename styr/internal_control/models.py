"""Internal control: risk matrices, risks, controls, control results and risk actions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styr.core.models import InterchangeItem, TimeStamped
from styr.organisation.models import Municipality, OrgUnit
from styr.plans.models import Goal, Plan


def default_matrix_definition() -> dict[str, Any]:
    """The common Swedish 5×5 matrix: score = sannolikhet × konsekvens."""
    return {
        "probability": ["Osannolik", "Mindre sannolik", "Möjlig", "Sannolik", "Mycket sannolik"],
        "consequence": ["Försumbar", "Lindrig", "Kännbar", "Allvarlig", "Mycket allvarlig"],
        "levels": [
            {"name": "Låg", "min": 1, "max": 4, "colour": "#2e7d32"},
            {"name": "Medel", "min": 5, "max": 9, "colour": "#f9a825"},
            {"name": "Hög", "min": 10, "max": 15, "colour": "#ef6c00"},
            {"name": "Mycket hög", "min": 16, "max": 25, "colour": "#c62828"},
        ],
    }


class RiskMatrix(TimeStamped):
    """A risk matrix is data a municipality can change: levels, labels and score bands."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="risk_matrices"
    )
    name = models.CharField(_("namn"), max_length=100)
    definition = models.JSONField(_("definition"), default=default_matrix_definition)

    class Meta:
        verbose_name = _("riskmatris")
        verbose_name_plural = _("riskmatriser")

    def __str__(self) -> str:
        return self.name

    @property
    def size(self) -> tuple[int, int]:
        return len(self.definition["probability"]), len(self.definition["consequence"])

    def clean(self) -> None:
        validate_matrix_definition(self.definition)


def validate_matrix_definition(definition: Any) -> None:
    if not isinstance(definition, dict):
        raise ValidationError(_("Definitionen måste vara ett objekt."))
    for axis in ("probability", "consequence"):
        labels = definition.get(axis)
        if not isinstance(labels, list) or not 2 <= len(labels) <= 10:
            raise ValidationError(
                _("%(axis)s måste vara en lista med 2–10 nivåer.") % {"axis": axis}
            )
    top = len(definition["probability"]) * len(definition["consequence"])
    levels = definition.get("levels")
    if not isinstance(levels, list) or not levels:
        raise ValidationError(_("Riskmatrisen saknar risknivåer."))
    covered: set[int] = set()
    for level in levels:
        low, high = level.get("min"), level.get("max")
        if not (isinstance(low, int) and isinstance(high, int) and 1 <= low <= high <= top):
            raise ValidationError(
                _("Risknivån %(name)s har ogiltiga gränser.") % {"name": level.get("name")}
            )
        overlap = covered & set(range(low, high + 1))
        if overlap:
            raise ValidationError(
                _("Risknivåerna överlappar vid %(score)s.") % {"score": min(overlap)}
            )
        covered |= set(range(low, high + 1))


class Risk(InterchangeItem, TimeStamped):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="risks")
    code = models.CharField(_("nummer"), max_length=50, blank=True)
    title = models.TextField(_("risk"))
    description = models.TextField(_("beskrivning"), blank=True)
    area = models.TextField(_("process / riskområde"), blank=True)
    goals = models.ManyToManyField(Goal, blank=True, related_name="risks", verbose_name=_("mål"))
    probability = models.PositiveSmallIntegerField(_("sannolikhet"), null=True, blank=True)
    consequence = models.PositiveSmallIntegerField(_("konsekvens"), null=True, blank=True)
    # The riskvärde as the document states it; see ``effective_score``.
    score = models.FloatField(_("riskvärde"), null=True, blank=True)
    residual_probability = models.PositiveSmallIntegerField(
        _("sannolikhet efter åtgärd"), null=True, blank=True
    )
    residual_consequence = models.PositiveSmallIntegerField(
        _("konsekvens efter åtgärd"), null=True, blank=True
    )
    matrix = models.ForeignKey(RiskMatrix, on_delete=models.SET_NULL, null=True, blank=True)

    history = HistoricalRecords()

    class Meta(InterchangeItem.Meta):
        verbose_name = _("risk")
        verbose_name_plural = _("risker")

    def __str__(self) -> str:
        return self.title[:80]

    @property
    def effective_score(self) -> float | None:
        if self.score is not None:
            return self.score
        if self.probability and self.consequence:
            return float(self.probability * self.consequence)
        return None

    def clean(self) -> None:
        for field in ("probability", "consequence", "residual_probability", "residual_consequence"):
            value = getattr(self, field)
            if value is not None and not 1 <= value <= 5:
                raise ValidationError({field: _("Värdet måste vara mellan 1 och 5.")})


class Control(TimeStamped):
    """A kontrollmoment: how a risk is checked, by whom, how often, reported to whom."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="controls")
    description = models.TextField(_("kontrollmoment"), blank=True)
    responsible = models.TextField(_("kontrollansvarig"), blank=True)
    responsible_unit = models.ForeignKey(
        OrgUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="controls"
    )
    frequency = models.TextField(_("frekvens"), blank=True)
    method = models.TextField(_("metod"), blank=True)
    report_to = models.TextField(_("rapportering till"), blank=True)
    position = models.PositiveIntegerField(default=0)
    extra = models.JSONField(default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kontrollmoment")
        verbose_name_plural = _("kontrollmoment")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.description[:80]


class ControlResult(TimeStamped):
    control = models.ForeignKey(Control, on_delete=models.CASCADE, related_name="results")
    period = models.ForeignKey(
        "followup.FollowUpPeriod", on_delete=models.SET_NULL, null=True, blank=True
    )
    performed_on = models.DateField(_("genomförd"))
    result = models.TextField(_("resultat"))
    has_deviation = models.BooleanField(_("avvikelse"), default=False)
    deviations = models.TextField(_("avvikelser"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kontrollresultat")
        verbose_name_plural = _("kontrollresultat")
        ordering = ["-performed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.control} {self.performed_on}"


class RiskAction(TimeStamped):
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions")
    title = models.TextField(_("åtgärd"))
    responsible = models.CharField(_("ansvarig"), max_length=300, blank=True)
    responsible_unit = models.ForeignKey(
        OrgUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="risk_actions"
    )
    deadline = models.DateField(_("klart senast"), null=True, blank=True)
    is_done = models.BooleanField(_("genomförd"), default=False)
    position = models.PositiveIntegerField(default=0)
    extra = models.JSONField(default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title[:80]
