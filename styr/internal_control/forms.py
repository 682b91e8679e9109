"""Forms for recording control results and risk actions (Swedish labels and messages)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styr.organisation.models import OrgUnit

OUTCOME_OK = "ok"
OUTCOME_DEVIATION = "deviation"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ControlResultForm(forms.Form):
    performed_on = forms.DateField(
        label=_("Datum då kontrollen gjordes"),
        widget=DateInput(),
        error_messages={
            "required": _("Ange datum då kontrollen gjordes."),
            "invalid": _("Datumet för kontrollen är inte ett giltigt datum (ÅÅÅÅ-MM-DD)."),
        },
    )
    outcome = forms.ChoiceField(
        label=_("Utfall"),
        choices=[
            (OUTCOME_OK, _("Utan avvikelse")),
            (OUTCOME_DEVIATION, _("Avvikelse upptäcktes")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om kontrollen visade en avvikelse eller inte.")},
    )
    result = forms.CharField(
        label=_("Resultat"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vad kontrollen visade, t.ex. hur många ärenden som granskades."),
        error_messages={"required": _("Beskriv resultatet av kontrollen.")},
    )
    deviations = forms.CharField(
        label=_("Beskrivning av avvikelsen"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Krävs när kontrollen visade en avvikelse."),
    )

    def clean_performed_on(self) -> Any:
        value = self.cleaned_data["performed_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Datumet för kontrollen kan inte ligga i framtiden."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == OUTCOME_DEVIATION and not data.get("deviations", "").strip():
            self.add_error(
                "deviations",
                _("Beskriv avvikelsen: kontrollen är markerad med avvikelse."),
            )
        return data

    @property
    def has_deviation(self) -> bool:
        return self.cleaned_data.get("outcome") == OUTCOME_DEVIATION


class RiskActionForm(forms.Form):
    title = forms.CharField(
        label=_("Åtgärd"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv vad åtgärden är.")},
    )
    responsible = forms.CharField(
        label=_("Ansvarig"),
        required=False,
        max_length=300,
        help_text=_("Roll eller namn, t.ex. ”Enhetschef Boendeenheten”."),
    )
    responsible_unit = forms.ModelChoiceField(
        label=_("Ansvarig enhet"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("(ingen vald)"),
    )
    deadline = forms.DateField(
        label=_("Klart senast"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("”Klart senast” är inte ett giltigt datum (ÅÅÅÅ-MM-DD).")},
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responsible_unit"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        field.queryset = units
