"""Plans and what they hold: goals, indicators with targets, activities and the text an
import could not place.

Field values that are part of the ``styr.plan/1`` format keep the format's own Swedish
vocabulary (plan kinds, goal levels, activity statuses) so that import and export need no
translation table; the constants that name them are English.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styr.core.models import InterchangeItem, Sourced, TimeStamped
from styr.organisation.models import OrgUnit


class PlanKind(models.TextChoices):
    OPERATIONAL_PLAN = "verksamhetsplan", _("Verksamhetsplan")
    ASSIGNMENT_PLAN = "uppdragsplan", _("Uppdragsplan")
    COMMITTEE_PLAN = "nämndplan", _("Nämndplan")
    INTERNAL_CONTROL = "internkontrollplan", _("Internkontrollplan")
    GOALS_AND_BUDGET = "mål och budget", _("Mål och budget")
    ANNUAL_REPORT = "verksamhetsberättelse", _("Verksamhetsberättelse")
    FOLLOW_UP = "uppföljning", _("Uppföljning")
    OTHER = "annat", _("Annat")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("utkast")
    ADOPTED = "adopted", _("antagen")
    CLOSED = "closed", _("avslutad")


class Plan(TimeStamped):
    title = models.CharField(_("titel"), max_length=500)
    kind = models.CharField(_("typ"), max_length=30, choices=PlanKind.choices)
    owner = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="plans", verbose_name=_("ägare")
    )
    period_from = models.PositiveSmallIntegerField(_("period från"), null=True, blank=True)
    period_to = models.PositiveSmallIntegerField(_("period till"), null=True, blank=True)
    reference = models.CharField(_("diarienummer"), max_length=100, blank=True)
    adopted_by = models.CharField(_("antagen av"), max_length=200, blank=True)
    adopted_date = models.DateField(_("antagen datum"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    parent_plan = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="child_plans",
        verbose_name=_("överordnad plan"),
        help_text=_("Planen på nivån ovanför som den här planen svarar mot."),
    )
    # As the document names them; the owner unit is the structured form.
    municipality_name = models.CharField(_("kommun enligt dokumentet"), max_length=120, blank=True)
    organisation_names = models.JSONField(
        _("organisation enligt dokumentet"), default=list, blank=True
    )
    source_file = models.CharField(_("källfil"), max_length=255, blank=True)
    # Keys of the document (top level and under "plan") that Styr does not model.
    extra = models.JSONField(_("övriga nycklar"), default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("planer")
        ordering = ["-period_from", "title"]

    def __str__(self) -> str:
        return self.title


class GoalLevel(models.TextChoices):
    VISION = "vision", _("Vision")
    LONG_TERM = "långsiktigt mål", _("Långsiktigt mål")
    STRATEGIC = "strategiskt mål", _("Strategiskt mål")
    COMMITTEE_GOAL = "nämndmål", _("Nämndmål")
    OPERATIONAL_GOAL = "verksamhetsmål", _("Verksamhetsmål")
    DIRECTION = "inriktning", _("Inriktning")
    DEVELOPMENT_AREA = "utvecklingsområde", _("Utvecklingsområde")
    ASSIGNMENT = "uppdrag", _("Uppdrag")
    SUB_GOAL = "delmål", _("Delmål")


class Goal(InterchangeItem, TimeStamped):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    code = models.CharField(_("nummer"), max_length=50, blank=True)
    title = models.TextField(_("mål"))
    description = models.TextField(_("beskrivning"), blank=True)
    level = models.CharField(_("nivå"), max_length=30, choices=GoalLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("överordnat mål"),
    )
    contributes_to = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="contributions",
        verbose_name=_("bidrar till"),
        help_text=_("Mål i överordnade planer som målet bidrar till."),
    )
    period_from = models.PositiveSmallIntegerField(_("period från"), null=True, blank=True)
    period_to = models.PositiveSmallIntegerField(_("period till"), null=True, blank=True)
    criteria = models.JSONField(_("måluppfyllelse"), default=list, blank=True)
    responsible_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("ansvarig enhet"),
    )

    history = HistoricalRecords()

    class Meta(InterchangeItem.Meta):
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        indexes = [models.Index(fields=["plan", "position"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class Direction(models.TextChoices):
    INCREASE = "increase", _("högre är bättre")
    DECREASE = "decrease", _("lägre är bättre")


class Frequency(models.TextChoices):
    MONTH = "månad", _("månad")
    QUARTER = "kvartal", _("kvartal")
    TERTIAL = "tertial", _("tertial")
    HALF_YEAR = "halvår", _("halvår")
    YEAR = "år", _("år")


class Indicator(InterchangeItem, TimeStamped):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("mål"),
    )
    name = models.TextField(_("namn"))
    unit = models.CharField(_("enhet"), max_length=50, blank=True)
    direction = models.CharField(
        _("riktning"), max_length=10, choices=Direction.choices, blank=True
    )
    frequency = models.CharField(
        _("frekvens"), max_length=10, choices=Frequency.choices, blank=True
    )
    data_source = models.CharField(_("datakälla"), max_length=200, blank=True)
    kolada_kpi = models.CharField(_("Kolada-nyckeltal"), max_length=20, blank=True, db_index=True)
    # The baseline (nuläge / ingångsvärde). ``has_baseline`` tells an empty baseline the
    # document wrote ("Nytt mått") from none at all.
    has_baseline = models.BooleanField(_("har nuläge"), default=False)
    baseline_value = models.FloatField(_("nuläge"), null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("nuläge år"), null=True, blank=True)
    baseline_text = models.CharField(_("nuläge text"), max_length=300, blank=True)
    is_gender_split = models.BooleanField(_("könsuppdelad"), default=False)
    responsible_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("ansvarig enhet"),
    )

    history = HistoricalRecords()

    class Meta(InterchangeItem.Meta):
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        indexes = [models.Index(fields=["plan", "position"])]

    def __str__(self) -> str:
        return self.name


class TargetOp(models.TextChoices):
    GTE = ">=", "≥"
    LTE = "<=", "≤"
    GT = ">", ">"
    LT = "<", "<"
    EQ = "=", "="


class RelativeTo(models.TextChoices):
    ABSOLUTE = "absolute", _("absolut värde")
    PREVIOUS_YEAR = "previous_year", _("föregående år")
    BASELINE = "baseline", _("nuläget")


class Gender(models.TextChoices):
    TOTAL = "T", _("totalt")
    WOMEN = "K", _("kvinnor")
    MEN = "M", _("män")


class Target(Sourced):
    """A required value for a year, stored as a rule: ``op`` ``value`` relative to something.

    A target the document states only in words keeps ``op`` and ``value`` empty and its
    ``text``; follow-up then reports it as not assessable rather than guessing.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    op = models.CharField(_("villkor"), max_length=2, choices=TargetOp.choices, blank=True)
    value = models.FloatField(_("värde"), null=True, blank=True)
    relative_to = models.CharField(
        _("jämfört med"), max_length=15, choices=RelativeTo.choices, blank=True
    )
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices, blank=True)
    text = models.CharField(_("dokumentets text"), max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)
    extra = models.JSONField(default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("målvärde")
        verbose_name_plural = _("målvärden")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text or f"{self.op} {self.value}"


class ActivityStatus(models.TextChoices):
    NOT_STARTED = "ej påbörjad", _("ej påbörjad")
    IN_PROGRESS = "pågår", _("pågår")
    DONE = "genomförd", _("genomförd")
    CANCELLED = "avbruten", _("avbruten")


class Activity(InterchangeItem, TimeStamped):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="activities", verbose_name=_("mål")
    )
    title = models.TextField(_("aktivitet"))
    # Roles as the document writes them ("Enhetschef Frideborg"); the units below are the
    # structured form that rights and "what is due from whom" use.
    responsible = models.JSONField(_("ansvarig"), default=list, blank=True)
    responsible_units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="activities", verbose_name=_("ansvariga enheter")
    )
    follow_up = models.TextField(_("uppföljning"), blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=ActivityStatus.choices, blank=True
    )
    period_from = models.PositiveSmallIntegerField(_("period från"), null=True, blank=True)
    period_to = models.PositiveSmallIntegerField(_("period till"), null=True, blank=True)
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("slutdatum"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[responsible_units])

    class Meta(InterchangeItem.Meta):
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        indexes = [models.Index(fields=["plan", "position"])]

    def __str__(self) -> str:
        return self.title[:80]


class UnrecognisedText(Sourced):
    """Source text an import could not place; kept so that nothing vanishes."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="unrecognised")
    text = models.TextField(_("text"))
    position = models.PositiveIntegerField(default=0)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("ej placerad text")
        verbose_name_plural = _("ej placerad text")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
