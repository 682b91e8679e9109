"""How much the generator makes: the benchmark sizes and the demo municipality's amounts."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_BASE_YEAR = 2025  # the plan year; every date is derived from it, never from the clock


@dataclass(frozen=True)
class Amounts:
    """What one municipality holds, as totals the generator spreads over its organisation."""

    goals: int
    indicators: int
    activities: int
    risks: int
    measurement_years: int
    monthly: bool
    long_term_goals: int = 4
    committee_goals: int = 5
    goals_per_department: int = 3
    political_points: int = 5


@dataclass(frozen=True)
class SizeProfile:
    code: str
    municipalities: int
    committees: int  # per municipality
    departments_per_committee: int
    units: int  # per municipality
    amounts: Amounts


SIZES: dict[str, SizeProfile] = {
    "S": SizeProfile(
        "S",
        1,
        2,
        3,
        30,
        Amounts(
            goals=80, indicators=120, activities=60, risks=16, measurement_years=3, monthly=True
        ),
    ),
    "M": SizeProfile(
        "M",
        1,
        3,
        8,
        300,
        Amounts(
            goals=1_200,
            indicators=4_000,
            activities=1_000,
            risks=400,
            measurement_years=10,
            monthly=True,
        ),
    ),
    # L is a city the size of Stockholm: about 2.4 million measurements.
    "L": SizeProfile(
        "L",
        1,
        15,
        8,
        1_500,
        Amounts(
            goals=6_000,
            indicators=20_000,
            activities=5_000,
            risks=2_000,
            measurement_years=10,
            monthly=True,
        ),
    ),
    "XL": SizeProfile(
        "XL",
        10,
        15,
        8,
        1_500,
        Amounts(
            goals=6_000,
            indicators=20_000,
            activities=5_000,
            risks=2_000,
            measurement_years=10,
            monthly=True,
        ),
    ),
}

DEMO_AMOUNTS = Amounts(
    goals=19,
    indicators=30,
    activities=12,
    risks=6,
    measurement_years=5,
    monthly=False,
    long_term_goals=3,
    committee_goals=4,
    goals_per_department=3,
    political_points=4,
)


def spread(total: int, slots: int) -> list[int]:
    """``total`` split over ``slots`` as evenly as whole numbers allow (the first get more)."""
    if slots <= 0:
        return []
    base, rest = divmod(max(total, 0), slots)
    return [base + (1 if i < rest else 0) for i in range(slots)]
