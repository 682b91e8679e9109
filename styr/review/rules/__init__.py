"""The review rules, one module per family. Importing this package registers them all."""

from __future__ import annotations

from styr.review.rules import (  # noqa: F401  (imported to register their rules)
    activities,
    arithmetic,
    followup,
    goals,
    indicators,
    risks,
)
from styr.review.rules.base import CHECKS, RULES, Rule

__all__ = ["CHECKS", "RULES", "Rule"]
