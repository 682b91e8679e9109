"""Follow-up: the periods of a plan, measured outcomes and the units' assessments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styr.core.models import TimeStamped
from styr.followup.config import StatusSettings, parse_definition
from styr.organisation.models import Municipality, OrgUnit
from styr.plans.models import Activity, Gender, Goal, Indicator, Plan


class PeriodKind(models.TextChoices):
    MONTH = "month", _("månad")
    TERTIAL = "tertial", _("tertial")
    INTERIM = "interim", _("delår")
    HALF_YEAR = "half_year", _("halvår")
    FULL_YEAR = "full_year", _("helår")


class FollowUpPeriod(TimeStamped):
    """A point in the plan's year when results are reported (T1, delår, helår ...).

    ``code`` uses the plan format's period notation ("2024", "2024-T1", "2024-H1",
    "2024-03") so measurements and periods line up.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("typ"), max_length=12, choices=PeriodKind.choices)
    code = models.CharField(_("period"), max_length=10)
    label = models.CharField(_("benämning"), max_length=100)
    start = models.DateField(_("från"))
    end = models.DateField(_("till"))
    due_date = models.DateField(_("sista rapportdag"), null=True, blank=True)
    is_closed = models.BooleanField(_("stängd"), default=False)
    # Activity id (as text, JSON's keys) -> the activity's own status when the period was
    # closed; None while the period is open. Activity.status has no version per period, so
    # a closed period's goal statuses read these instead (services._StatusData).
    activity_statuses = models.JSONField(
        _("aktiviteternas status vid stängningen"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uppföljningsperiod")
        verbose_name_plural = _("uppföljningsperioder")
        ordering = ["plan", "end"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="period_unique_code_per_plan")
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args: object, **kwargs: object) -> None:
        """A closed period keeps the activities' statuses of the moment it was closed; an
        open one keeps none. Here rather than in ``close_period`` so that every way of
        closing or reopening (the admin too) does the same."""
        if not self.is_closed:
            self.activity_statuses = None
        elif self.activity_statuses is None:
            self.activity_statuses = activity_statuses_of(self.plan_id)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "activity_statuses"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


def activity_statuses_of(plan_id: int) -> dict[str, str]:
    """The own status of every activity whose status can feed the plan's goals: the plan's
    activities and those of other plans linked to its goals, by id (as text)."""
    linked = Activity.goals.through.objects.filter(goal__plan_id=plan_id).values("activity_id")
    rows = Activity.objects.filter(Q(plan_id=plan_id) | Q(pk__in=linked)).values_list(
        "pk", "status"
    )
    return {str(pk): status for pk, status in rows.order_by("pk")}


class MeasurementOrigin(models.TextChoices):
    DOCUMENT = "document", _("plandokument")
    MANUAL = "manual", _("manuellt")
    FILE = "file", _("filimport")
    KOLADA = "kolada", _("Kolada")


class Measurement(models.Model):
    """A measured value (utfall) of an indicator for a period and gender."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period = models.CharField(_("period"), max_length=10)
    year = models.PositiveSmallIntegerField(_("år"))
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices, default=Gender.TOTAL)
    value = models.FloatField(_("värde"), null=True, blank=True)
    origin = models.CharField(
        _("ursprung"),
        max_length=10,
        choices=MeasurementOrigin.choices,
        default=MeasurementOrigin.MANUAL,
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    entered_at = models.DateTimeField(_("registrerad"), auto_now=True)
    position = models.PositiveIntegerField(default=0)
    extra = models.JSONField(default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utfall")
        verbose_name_plural = _("utfall")
        ordering = ["indicator", "position", "period", "gender"]
        indexes = [
            # A follow-up run reads two years of every indicator's values: on PostgreSQL
            # from this index alone (its own columns included), not from the table.
            models.Index(
                fields=["year", "indicator"],
                include=["period", "value", "gender"],
                name="measurement_year_indicator",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "gender"], name="measurement_unique_period_gender"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period} {self.gender}: {self.value}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.year = int(self.period[:4])
        if self.mark_manual_if_edited() and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "origin"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def mark_manual_if_edited(self) -> bool:
        """A Kolada value changed by hand is no longer Kolada's: its origin becomes manual.

        Kolada's terms forbid crediting Kolada with data we changed; a sync records what
        Kolada said in ``extra["kolada"]["value"]``, so any other value is someone's edit.
        """
        if self.origin != MeasurementOrigin.KOLADA:
            return False
        recorded = (self.extra or {}).get("kolada", {})
        if "value" in recorded and recorded["value"] != self.value:
            self.origin = MeasurementOrigin.MANUAL
            return True
        return False


class Status(models.TextChoices):
    MET = "met", _("uppfyllt")
    PARTLY_MET = "partly_met", _("delvis uppfyllt")
    NOT_MET = "not_met", _("ej uppfyllt")
    NOT_ASSESSED = "not_assessed", _("ej bedömt")


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("utkast")
    SUBMITTED = "submitted", _("inlämnad")
    APPROVED = "approved", _("godkänd")


class Assessment(TimeStamped):
    """A unit's judged status and analysis for one goal or activity in one period."""

    period = models.ForeignKey(FollowUpPeriod, on_delete=models.CASCADE, related_name="assessments")
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, null=True, blank=True, related_name="assessments"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="assessments"
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(
        _("bedömning"), max_length=12, choices=Status.choices, default=Status.NOT_ASSESSED
    )
    analysis = models.TextField(_("analys"), blank=True)
    state = models.CharField(
        _("läge"), max_length=10, choices=AssessmentState.choices, default=AssessmentState.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("inlämnad"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("godkänd"), null=True, blank=True)
    # Optimistic locking: a save must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    # Why a planner sent the assessment back to draft; cleared when it is submitted again.
    return_comment = models.TextField(_("kommentar vid återlämning"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bedömning")
        verbose_name_plural = _("bedömningar")
        ordering = ["period", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(goal__isnull=False) & Q(activity__isnull=True))
                | (Q(goal__isnull=True) & Q(activity__isnull=False)),
                name="assessment_goal_xor_activity",
            ),
            models.UniqueConstraint(
                fields=["period", "goal", "unit"],
                condition=Q(goal__isnull=False),
                name="assessment_unique_goal",
            ),
            models.UniqueConstraint(
                fields=["period", "activity", "unit"],
                condition=Q(activity__isnull=False),
                name="assessment_unique_activity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.get_status_display()}"


class FollowUpSettings(TimeStamped):
    """How one municipality follows up: goal rule, tolerance and period scheme, as JSON.

    The definition is validated when saved (``styr.followup.config.parse_definition``);
    an empty definition means the defaults.
    """

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="followup_settings",
        verbose_name=_("kommun"),
    )
    definition = models.JSONField(_("definition"), default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uppföljningsinställningar")
        verbose_name_plural = _("uppföljningsinställningar")

    def __str__(self) -> str:
        return str(self.municipality)

    def clean(self) -> None:
        parse_definition(self.definition)

    def save(self, *args: object, **kwargs: object) -> None:
        self.clean()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def settings(self) -> StatusSettings:
        return parse_definition(self.definition)
