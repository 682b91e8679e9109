"""Forms of the reporting pages: one form per goal, activity or indicator, each with its own
prefix so one page can post them all (without JavaScript) or htmx can post one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from styr.charts.status import status_label
from styr.followup.importing import parse_number
from styr.followup.models import Measurement, Status
from styr.followup.reporting import NO_VALUE, genders_of
from styr.plans.models import ActivityStatus, Gender, Indicator

MAX_ANALYSIS = 20_000


class AssessmentForm(forms.Form):
    """Status and analysis of one goal or activity, with the version the form showed."""

    status = forms.ChoiceField(label=_("Bedömning"), choices=Status.choices)
    analysis = forms.CharField(
        label=_("Analys"),
        required=False,
        max_length=MAX_ANALYSIS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Skäl till ändringen"),
        required=False,
        max_length=500,
        help_text=_("Krävs när en inlämnad eller godkänd bedömning ändras."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The same words as the status badges everywhere else (styr.charts.status).
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (code, status_label(code)) for code in Status.values
        ]


class ActivityReportForm(AssessmentForm):
    """An activity's row: the unit's assessment and the activity's own progress status,
    with the status the form showed. The status is checked by the service
    (``reporting.record_activity_status``), whose message names the activity."""

    activity_status = forms.CharField(
        label=_("Aktivitetens status"),
        required=False,
        help_text=_("Gäller aktiviteten i planen, inte bara den här perioden."),
    )
    activity_status_shown = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, current_status: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = list(ActivityStatus.choices)
        if current_status not in ActivityStatus.values:
            # Not set in the plan: shown as such, and choosing it changes nothing.
            choices.insert(0, (current_status, current_status or _("ej angiven")))
        self.fields["activity_status"].widget = forms.Select(choices=choices)
        self.initial.setdefault("activity_status", current_status)
        self.initial.setdefault("activity_status_shown", current_status)


_VALUE_LABELS = {
    Gender.TOTAL: _("Utfall totalt"),
    Gender.WOMEN: _("Utfall kvinnor"),
    Gender.MEN: _("Utfall män"),
}

# How the hidden "shown" field writes what the form showed.
_NO_RECORD = ""
_EMPTY = "tomt"


def shown_token(measurement: Measurement | None) -> str:
    if measurement is None:
        return _NO_RECORD
    return _EMPTY if measurement.value is None else repr(measurement.value)


def _shown_value(token: str) -> float | object | None:
    if token == _NO_RECORD:
        return NO_VALUE
    if token == _EMPTY:
        return None
    return float(token)


def display_number(value: float | None) -> str:
    """A stored value as the Swedish input shows it: "5,9"."""
    if value is None:
        return ""
    return f"{value:g}".replace(".", ",") if abs(value) < 1e15 else repr(value)


class MeasurementForm(forms.Form):
    """The indicator's value(s) for the period: totalt, and kvinnor and män when split."""

    reason = forms.CharField(
        label=_("Skäl till ändringen"),
        required=False,
        max_length=500,
        help_text=_("Krävs för att ändra ett värde i en stängd period."),
    )

    def __init__(
        self,
        *args: Any,
        indicator: Indicator,
        current: dict[str, Measurement] | None = None,
        **kwargs: Any,
    ) -> None:
        current = current or {}
        super().__init__(*args, **kwargs)
        initial = self.initial
        self.indicator = indicator
        self.genders = genders_of(indicator)
        for gender in self.genders:
            measurement = current.get(gender)
            self.fields[f"value_{gender}"] = forms.CharField(
                label=_VALUE_LABELS[Gender(gender)],
                required=False,
                max_length=40,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 10}),
            )
            self.fields[f"shown_{gender}"] = forms.CharField(
                required=False, widget=forms.HiddenInput
            )
            initial.setdefault(
                f"value_{gender}", display_number(measurement.value if measurement else None)
            )
            initial.setdefault(f"shown_{gender}", shown_token(measurement))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for gender in self.genders:
            raw = (cleaned.get(f"value_{gender}") or "").strip()
            if raw:
                try:
                    cleaned[f"number_{gender}"] = parse_number(raw)
                except ValueError:
                    self.add_error(
                        f"value_{gender}",
                        _("”%(raw)s” är inget tal; skriv t.ex. 5,9 eller 1 234.") % {"raw": raw},
                    )
            else:
                cleaned[f"number_{gender}"] = None
            try:
                cleaned[f"was_{gender}"] = _shown_value(cleaned.get(f"shown_{gender}") or "")
            except ValueError:
                cleaned[f"was_{gender}"] = NO_VALUE
        return cleaned

    def value_fields(self) -> list[forms.BoundField]:
        return [self[f"value_{gender}"] for gender in self.genders]

    def shown_fields(self) -> list[forms.BoundField]:
        return [self[f"shown_{gender}"] for gender in self.genders]


class DecisionForm(forms.Form):
    """A planner's approval or return of one submitted assessment."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Kommentar vid återlämning"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
