"""Review settings as data: one declaration feeds validation, the command line and the docs.

A municipality whose risk matrix is 4×4, or whose high-risk line is 15, changes a setting;
no rule hard-codes these numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

MEASURABLE_GOAL_LEVELS = ("nämndmål", "verksamhetsmål", "delmål")


@dataclass(frozen=True)
class SettingInfo:
    name: str
    default: Any
    help: str


SETTINGS: tuple[SettingInfo, ...] = (
    SettingInfo("high_risk_threshold", 12, "risk score at or above which a risk counts as high"),
    SettingInfo("risk_scale_min", 1, "lowest probability/consequence value on the risk scale"),
    SettingInfo("risk_scale_max", 5, "highest probability/consequence value on the risk scale"),
    SettingInfo(
        "duplicate_similarity",
        0.9,
        "similarity (0-1, difflib ratio of normalised titles) from which two goals of the "
        "same level count as near-duplicates",
    ),
    SettingInfo(
        "measurable_goal_levels",
        MEASURABLE_GOAL_LEVELS,
        "goal levels that must have an indicator, a criterion or a figure in the statement",
    ),
    SettingInfo("disabled_rules", frozenset(), "rule codes not to run"),
)


class ReviewSettingsError(ValueError):
    """A review setting has a value the engine cannot work with."""


@dataclass(frozen=True)
class ReviewSettings:
    high_risk_threshold: int = 12
    risk_scale_min: int = 1
    risk_scale_max: int = 5
    duplicate_similarity: float = 0.9
    measurable_goal_levels: tuple[str, ...] = MEASURABLE_GOAL_LEVELS
    disabled_rules: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not 1 <= self.risk_scale_min < self.risk_scale_max <= 10:
            raise ReviewSettingsError(
                f"risk scale {self.risk_scale_min}-{self.risk_scale_max}: "
                "need 1 <= risk_scale_min < risk_scale_max <= 10"
            )
        if not 1 <= self.high_risk_threshold <= self.max_score:
            raise ReviewSettingsError(
                f"high_risk_threshold {self.high_risk_threshold} must lie between 1 and "
                f"{self.max_score} (the highest score on the risk scale)"
            )
        if not 0.5 <= self.duplicate_similarity <= 1.0:
            raise ReviewSettingsError(
                f"duplicate_similarity {self.duplicate_similarity} must lie between 0.5 and 1.0"
            )
        from styr.review.rules import RULES

        unknown = sorted(set(self.disabled_rules) - set(RULES))
        if unknown:
            raise ReviewSettingsError(f"disabled_rules names unknown rules: {', '.join(unknown)}")

    @property
    def max_score(self) -> int:
        return self.risk_scale_max * self.risk_scale_max

    @property
    def possible_scores(self) -> frozenset[int]:
        """Every score that is a product of two values on the scale."""
        scale = range(self.risk_scale_min, self.risk_scale_max + 1)
        return frozenset(p * c for p in scale for c in scale)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ReviewSettings:
        """Build settings from plain data (JSON, a form), refusing unknown keys and bad types."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ReviewSettingsError(f"unknown review settings: {', '.join(unknown)}")
        values: dict[str, Any] = {}
        for name, value in data.items():
            values[name] = _coerce(name, value)
        return cls(**values)


def _coerce(name: str, value: Any) -> Any:
    if name in ("high_risk_threshold", "risk_scale_min", "risk_scale_max"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ReviewSettingsError(f"{name} must be a whole number, not {value!r}")
        return value
    if name == "duplicate_similarity":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ReviewSettingsError(f"{name} must be a number, not {value!r}")
        return float(value)
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        raise ReviewSettingsError(f"{name} must be a list of strings, not {value!r}")
    if not all(isinstance(item, str) for item in value):
        raise ReviewSettingsError(f"{name} must be a list of strings")
    return frozenset(value) if name == "disabled_rules" else tuple(value)
