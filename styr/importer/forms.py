"""Forms of the import pages: the upload, the correction of one item, the confirmation.

``ItemForm`` is built from ``FIELDS``: which keys of each kind of item a user may correct,
with a Swedish label and a type. Numbers are written Swedish style ("12,5", "- 23 271").
A field the user left as it was shown keeps the document's value exactly, so correcting
one key never rewrites another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from styr.importer.staging import MAX_UPLOAD_BYTES, SUFFIXES
from styr.interchange.schema import load_schema
from styr.organisation.models import OrgUnit


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Dokument"),
        help_text=_("Word (.docx), PDF (.pdf) eller text (.txt, .md), högst %(mb)d MB.")
        % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
        allow_empty_file=True,  # staging.check_upload says "empty" and names the file
        widget=forms.FileInput(attrs={"accept": ",".join(SUFFIXES)}),
        error_messages={
            "required": _("Välj en fil att ladda upp."),
            "empty": _("Filen är tom."),
            "invalid": _("Ingen fil skickades; försök igen."),
        },
    )


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        depth = obj.path.strip("/").count("/")
        return "\u2003" * depth + obj.name


class ConfirmForm(forms.Form):
    owner = OwnerChoiceField(
        label=_("Planen ägs av"),
        queryset=OrgUnit.objects.none(),
        empty_label=_("– välj enhet –"),
        help_text=_("Enheter där du får ändra planer."),
        error_messages={
            "required": _("Välj den enhet som äger planen."),
            "invalid_choice": _("Du får inte lägga planer i den valda enheten."),
        },
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = units  # type: ignore[attr-defined]


# --- correcting one item -------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    key: str  # dotted for nested objects: "baseline.value"
    label: StrOrPromise
    type: str = "text"  # text, textarea, lines, int, number, choice, goal (a goal's id)
    required: bool = False
    nullable: bool = True  # an emptied field becomes null (else "")
    enum: str = ""  # schema path of a choice's values
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class SubList:
    key: str
    label: StrOrPromise
    fields: tuple[Field, ...]


FIELDS: dict[str, tuple[Field, ...]] = {
    "plan": (
        Field("title", _("Titel"), required=True, nullable=False),
        Field("kind", _("Typ av plan"), "choice", required=True, enum="plan.kind"),
        Field("reference", _("Diarienummer")),
        Field("period.from", _("Gäller från år"), "int", minimum=1900, maximum=2200),
        Field("period.to", _("Gäller till år"), "int", minimum=1900, maximum=2200),
    ),
    "goals": (
        Field("code", _("Nummer")),
        Field("title", _("Mål"), "textarea", required=True, nullable=False),
        Field("level", _("Nivå"), "choice", required=True, enum="goals.level"),
        Field("parent", _("Under målet"), "goal"),
        Field("description", _("Beskrivning"), "textarea"),
        Field("criteria", _("Måluppfyllelse (ett villkor per rad)"), "lines"),
    ),
    "indicators": (
        Field("name", _("Indikator"), "textarea", required=True, nullable=False),
        Field("goal", _("Hör till målet"), "goal"),
        Field("unit", _("Enhet")),
        Field("baseline.value", _("Nuläge, värde"), "number"),
        Field("baseline.year", _("Nuläge, år"), "int", minimum=1900, maximum=2200),
        Field("baseline.text", _("Nuläge, som det står")),
    ),
    "activities": (
        Field("title", _("Aktivitet"), "textarea", required=True, nullable=False),
        Field("responsible", _("Ansvarig (en per rad)"), "lines"),
        Field("follow_up", _("Uppföljning")),
        Field("status", _("Status"), "choice", enum="activities.status"),
    ),
    "risks": (
        Field("code", _("Nummer")),
        Field("title", _("Risk"), "textarea", required=True, nullable=False),
        Field("area", _("Område")),
        Field("probability", _("Sannolikhet (1–5)"), "int", minimum=1, maximum=5),
        Field("consequence", _("Konsekvens (1–5)"), "int", minimum=1, maximum=5),
        Field("score", _("Riskvärde"), "number"),
    ),
    "budget": (
        Field("label", _("Rad"), required=True, nullable=False),
        Field("section", _("Del"), "choice", enum="budget.section"),
        Field("unit", _("Enhet"), "choice", enum="budget.unit"),
    ),
    "volumes": (
        Field("label", _("Rad"), required=True, nullable=False),
        Field("group", _("Grupp")),
        Field("unit", _("Enhet")),
    ),
    "political_points": (
        Field("number", _("Nummer"), required=True, nullable=False),
        Field("text", _("Text"), "textarea", required=True, nullable=False),
        Field("status", _("Status")),
        Field("responsible_board", _("Ansvarig nämnd")),
        Field("responsible_office", _("Ansvarigt kontor")),
    ),
    "calendar": (
        Field("month", _("Månad (1–12)"), "int", minimum=1, maximum=12),
        Field("label", _("Rubrik")),
        Field("items", _("Punkter (en per rad)"), "lines"),
    ),
    "unrecognised": (),
}

SUBLISTS: dict[str, SubList] = {
    "indicators": SubList(
        "targets",
        _("Målvärde"),
        (
            Field("year", _("År"), "int", minimum=1900, maximum=2200),
            Field("op", _("Villkor"), "choice", enum="indicators.targets.op"),
            Field("value", _("Värde"), "number"),
            Field("text", _("Som det står"), nullable=False),
        ),
    ),
    "risks": SubList(
        "controls",
        _("Kontrollmoment"),
        (
            Field("description", _("Kontroll"), "textarea"),
            Field("responsible", _("Ansvarig")),
            Field("frequency", _("Frekvens")),
        ),
    ),
}

OP_LABELS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}


@cache
def enum_values(path: str) -> tuple[Any, ...]:
    """The allowed values at a dotted path of the schema ("goals.level")."""
    node: Any = load_schema()
    for part in path.split("."):
        node = node["properties"][part]
        if node.get("type") == "array":
            node = node["items"]
    return tuple(node["enum"])


def get_path(item: dict[str, Any], key: str) -> Any:
    node: Any = item
    for part in key.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def set_path(item: dict[str, Any], key: str, value: Any) -> None:
    *parents, last = key.split(".")
    node = item
    for part in parents:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[last] = value


def show(value: Any, kind: str = "text") -> str:
    """A value as a form shows it (Swedish decimal comma, one list entry per line)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        text = repr(int(value)) if value.is_integer() else repr(value)
        return text.replace(".", ",")
    return str(value)


NUMBER = re.compile(r"^[-+]?\d+(?:[.,]\d+)?$")


def parse_number(text: str) -> int | float:
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).replace("\u2212", "-")
    if not NUMBER.match(cleaned):
        raise ValidationError(_("Skriv ett tal, till exempel 12 eller 12,5."), code="number")
    value = float(cleaned.replace(",", "."))
    return int(value) if value.is_integer() and "," not in cleaned and "." not in cleaned else value


def goal_choices(
    goals: list[dict[str, Any]], itself: dict[str, Any] | None
) -> list[tuple[str, str]]:
    """The document's goals to choose from; a goal cannot be placed under itself or under
    one of its own sub-goals."""
    excluded: set[str] = set()
    if itself is not None and itself.get("id"):
        excluded.add(itself["id"])
        changed = True
        while changed:
            changed = False
            for goal in goals:
                if goal.get("parent") in excluded and goal.get("id") not in excluded:
                    excluded.add(goal["id"])
                    changed = True
    choices = []
    for goal in goals:
        ref = goal.get("id")
        if not isinstance(ref, str) or ref in excluded:
            continue
        title = goal.get("title") or ""
        short = title if len(title) <= 70 else title[:67] + "…"
        label = " ".join(filter(None, [goal.get("code"), short, f"({goal.get('level')})"]))
        choices.append((ref, label))
    return choices


class ItemForm(forms.Form):
    """Correct one item of a staged document; ``apply`` writes the changes into it."""

    seen = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self,
        kind: str,
        item: dict[str, Any],
        *args: Any,
        goals: list[dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.item = item
        self.goal_choices = goal_choices(goals or [], item if kind == "goals" else None)
        self.specs: list[tuple[str, Field, str | None, int | None]] = []
        for spec in FIELDS.get(kind, ()):
            self._add(spec.key.replace(".", "__"), spec, spec.label, get_path(item, spec.key))
        sub = SUBLISTS.get(kind)
        self.rows: list[tuple[str, list[str]]] = []
        if sub is not None:
            for index, entry in enumerate(item.get(sub.key) or []):
                names = []
                for spec in sub.fields:
                    name = f"{sub.key}-{index}-{spec.key}"
                    label = f"{sub.label} {index + 1}: {spec.label}"
                    self._add(name, spec, label, entry.get(spec.key), sub.key, index)
                    names.append(name)
                self.rows.append((f"{sub.label} {index + 1}", names))

    def _add(
        self,
        name: str,
        spec: Field,
        label: StrOrPromise,
        value: Any,
        sub: str | None = None,
        index: int | None = None,
    ) -> None:
        field: forms.Field
        if spec.type == "goal":
            field = forms.ChoiceField(choices=[("", "–"), *self.goal_choices], required=False)
        elif spec.type == "choice":
            values = [v for v in enum_values(spec.enum) if v is not None]
            choices = [("", "–")] if not spec.required else []
            choices += [(str(v), OP_LABELS.get(str(v), str(v))) for v in values]
            field = forms.ChoiceField(choices=choices, required=spec.required)
        elif spec.type in ("textarea", "lines"):
            length = len(show(value))
            rows = max(3, min(10, length // 60 + show(value).count("\n") + 1))
            field = forms.CharField(
                required=spec.required, widget=forms.Textarea(attrs={"rows": rows}), strip=True
            )
        else:
            field = forms.CharField(required=spec.required, strip=True)
        field.label = label
        field.initial = show(value)
        self.fields[name] = field
        self.specs.append((name, spec, sub, index))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, spec, _sub, _index in self.specs:
            raw = cleaned.get(name)
            if not isinstance(raw, str) or not raw or name in self.errors:
                continue
            try:
                if spec.type == "int":
                    number = parse_number(raw)
                    if not isinstance(number, int):
                        raise ValidationError(_("Skriv ett heltal."), code="int")
                    self._check_range(spec, number)
                elif spec.type == "number":
                    parse_number(raw)
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned

    @staticmethod
    def _check_range(spec: Field, number: int) -> None:
        if spec.minimum is not None and number < spec.minimum:
            raise ValidationError(
                _("Skriv ett tal från %(low)s till %(high)s.")
                % {"low": spec.minimum, "high": spec.maximum}
            )
        if spec.maximum is not None and number > spec.maximum:
            raise ValidationError(
                _("Skriv ett tal från %(low)s till %(high)s.")
                % {"low": spec.minimum, "high": spec.maximum}
            )

    def apply(self, item: dict[str, Any]) -> None:
        """Write every field the user changed into ``item`` (called on a copy)."""
        for name, spec, sub, index in self.specs:
            raw = self.cleaned_data.get(name) or ""
            raw = "\n".join(line.rstrip() for line in raw.splitlines()).strip()
            target = item if sub is None else item[sub][index or 0]
            if raw == show(get_path(target, spec.key)).strip():
                continue
            set_path(target, spec.key, self._value(spec, raw))

    @staticmethod
    def _value(spec: Field, raw: str) -> Any:
        if spec.type == "lines":
            return [line.strip() for line in raw.splitlines() if line.strip()]
        if not raw:
            return None if spec.nullable else ""
        if spec.type in ("int", "number"):
            return parse_number(raw)
        return raw
