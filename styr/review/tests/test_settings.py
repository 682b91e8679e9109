from __future__ import annotations

import pytest

from styr.review.config import SETTINGS, ReviewSettings, ReviewSettingsError
from styr.review.rules import RULES


def test_defaults_are_the_documented_ones() -> None:
    settings = ReviewSettings()
    assert settings.high_risk_threshold == 12
    assert settings.max_score == 25
    assert 13 not in settings.possible_scores and 12 in settings.possible_scores
    assert {s.name for s in SETTINGS} == set(ReviewSettings.__dataclass_fields__)


@pytest.mark.parametrize(
    "data",
    [
        {"high_risk_threshold": 30},
        {"high_risk_threshold": "12"},
        {"risk_scale_min": 5, "risk_scale_max": 5},
        {"duplicate_similarity": 0.2},
        {"disabled_rules": ["goal.no_such_rule"]},
        {"unknown": 1},
    ],
)
def test_bad_settings_are_refused_with_the_name(data: dict) -> None:
    with pytest.raises(ReviewSettingsError) as error:
        ReviewSettings.from_mapping(data)
    assert next(iter(data)) in str(error.value) or "goal.no_such_rule" in str(error.value)


def test_a_rule_can_be_switched_off() -> None:
    settings = ReviewSettings.from_mapping({"disabled_rules": ["indicator.no_frequency"]})
    assert settings.disabled_rules == frozenset({"indicator.no_frequency"})


def test_every_rule_has_a_swedish_title_and_hint_and_a_dotted_code() -> None:
    for code, rule in RULES.items():
        assert code.count(".") == 1 and code == rule.code
        assert str(rule.title) and str(rule.hint)
