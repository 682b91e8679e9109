"""How a municipality follows up: status rules and the period scheme, as data.

A municipality keeps one JSON definition (``FollowUpSettings.definition``); this module
turns it into typed settings and refuses a definition that does not make sense, naming
the key that is wrong. Every key is optional: a missing key takes the default below, so
an empty definition ``{}`` is the standard way of working.

Example definition::

    {
      "goal_rule": "weighted",
      "tolerance_percent": 5,
      "partly_when_improving": true,
      "weights": {"indicator": 2, "activity": 1, "goal": 1},
      "weighted_met_at": 0.8,
      "weighted_partly_at": 0.4,
      "use_assessment_when_not_computable": true,
      "periods": [
        {"kind": "tertial", "due_days": 15},
        {"kind": "interim", "ends": "T2", "due_days": 20},
        {"kind": "full_year", "due_days": 30}
      ]
    }
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

GOAL_RULES = ("all", "majority", "weighted")
INPUT_KINDS = ("indicator", "activity", "goal")
PERIOD_KINDS = ("month", "tertial", "interim", "half_year", "full_year")
INTERIM_ENDS = ("T2", "H1")

DEFAULT_WEIGHTS: Mapping[str, float] = {"indicator": 1.0, "activity": 1.0, "goal": 1.0}


@dataclass(frozen=True, slots=True)
class PeriodSchemeEntry:
    """One kind of follow-up period and how many days after its end the report is due."""

    kind: str
    due_days: int = 15
    # Only for "interim" (delår): the period it coincides with, T2 (Jan–Aug) or H1 (Jan–Jun).
    ends: str = "T2"


@dataclass(frozen=True, slots=True)
class PeriodScheme:
    entries: tuple[PeriodSchemeEntry, ...] = (
        PeriodSchemeEntry("tertial", 15),
        PeriodSchemeEntry("interim", 15, "T2"),
        PeriodSchemeEntry("full_year", 30),
    )


@dataclass(frozen=True, slots=True)
class StatusSettings:
    """The rules that turn outcomes into statuses; defaults are what most municipalities use."""

    goal_rule: str = "all"
    tolerance_percent: float = 5.0
    partly_when_improving: bool = True
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    weighted_met_at: float = 0.8
    weighted_partly_at: float = 0.4
    use_assessment_when_not_computable: bool = True
    scheme: PeriodScheme = field(default_factory=PeriodScheme)

    def weight(self, kind: str) -> float:
        return float(self.weights.get(kind, 1.0))


def parse_definition(definition: Mapping[str, Any] | None) -> StatusSettings:
    """Validate a municipality's JSON definition and return the settings it describes.

    Raises ``ValidationError`` with one message per wrong key.
    """
    data = dict(definition or {})
    errors: list[str] = []
    known = {
        "goal_rule",
        "tolerance_percent",
        "partly_when_improving",
        "weights",
        "weighted_met_at",
        "weighted_partly_at",
        "use_assessment_when_not_computable",
        "periods",
    }
    for key in sorted(set(data) - known):
        errors.append(_("Okänd inställning '%(key)s'.") % {"key": key})
    defaults = StatusSettings()
    goal_rule = data.get("goal_rule", defaults.goal_rule)
    if goal_rule not in GOAL_RULES:
        errors.append(
            _("goal_rule måste vara en av %(choices)s, inte '%(value)s'.")
            % {"choices": ", ".join(GOAL_RULES), "value": goal_rule}
        )
    tolerance = _number(data, "tolerance_percent", defaults.tolerance_percent, errors, 0, 100)
    met_at = _number(data, "weighted_met_at", defaults.weighted_met_at, errors, 0, 1)
    partly_at = _number(data, "weighted_partly_at", defaults.weighted_partly_at, errors, 0, 1)
    if partly_at > met_at:
        errors.append(_("weighted_partly_at får inte vara större än weighted_met_at."))
    weights = _weights(data.get("weights", {}), errors)
    improving = _boolean(data, "partly_when_improving", defaults.partly_when_improving, errors)
    fill_gaps = _boolean(
        data,
        "use_assessment_when_not_computable",
        defaults.use_assessment_when_not_computable,
        errors,
    )
    scheme = _scheme(data.get("periods"), errors) if "periods" in data else PeriodScheme()
    if errors:
        raise ValidationError(errors)
    return StatusSettings(
        goal_rule=goal_rule,
        tolerance_percent=tolerance,
        partly_when_improving=improving,
        weights=weights,
        weighted_met_at=met_at,
        weighted_partly_at=partly_at,
        use_assessment_when_not_computable=fill_gaps,
        scheme=scheme,
    )


def _number(
    data: Mapping[str, Any], key: str, default: float, errors: list[str], low: float, high: float
) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        errors.append(
            _("%(key)s måste vara ett tal mellan %(low)s och %(high)s, inte '%(value)s'.")
            % {"key": key, "low": low, "high": high, "value": value}
        )
        return default
    return float(value)


def _boolean(data: Mapping[str, Any], key: str, default: bool, errors: list[str]) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        errors.append(_("%(key)s måste vara true eller false.") % {"key": key})
        return default
    return value


def _weights(raw: Any, errors: list[str]) -> dict[str, float]:
    weights = dict(DEFAULT_WEIGHTS)
    if not isinstance(raw, Mapping):
        errors.append(_('weights måste vara ett objekt, t.ex. {"indicator": 2}.'))
        return weights
    for kind, value in raw.items():
        if kind not in INPUT_KINDS:
            errors.append(
                _("weights: okänd underlagstyp '%(kind)s' (tillåtna: %(choices)s).")
                % {"kind": kind, "choices": ", ".join(INPUT_KINDS)}
            )
        elif isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            errors.append(_("weights.%(kind)s måste vara ett tal ≥ 0.") % {"kind": kind})
        else:
            weights[kind] = float(value)
    return weights


def _scheme(raw: Any, errors: list[str]) -> PeriodScheme:
    if not isinstance(raw, list) or not raw:
        errors.append(_("periods måste vara en icke-tom lista av perioder."))
        return PeriodScheme()
    entries: list[PeriodSchemeEntry] = []
    for index, item in enumerate(raw, start=1):
        where = _("periods[%(n)d]") % {"n": index}
        if not isinstance(item, Mapping) or item.get("kind") not in PERIOD_KINDS:
            errors.append(
                _("%(where)s: kind måste vara en av %(choices)s.")
                % {"where": where, "choices": ", ".join(PERIOD_KINDS)}
            )
            continue
        due_days = item.get("due_days", 15)
        if isinstance(due_days, bool) or not isinstance(due_days, int) or not 0 <= due_days <= 365:
            errors.append(_("%(where)s: due_days måste vara ett heltal 0–365.") % {"where": where})
            continue
        ends = item.get("ends", "T2")
        if item["kind"] == "interim" and ends not in INTERIM_ENDS:
            errors.append(_("%(where)s: ends måste vara T2 eller H1 för delår.") % {"where": where})
            continue
        entries.append(PeriodSchemeEntry(item["kind"], due_days, ends))
    return PeriodScheme(tuple(entries))
