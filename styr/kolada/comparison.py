"""Peer comparison: one municipality's value beside a group of municipalities and Riket.

A pure function over values, so it is tested without a database or a network. Plans
write targets such as "högre än genomsnittet för jämförbara kommuner"; this gives the
numbers behind such a statement: rank, mean, median, quartiles and how many had a value.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

HIGHER_IS_BETTER = "increase"
LOWER_IS_BETTER = "decrease"


@dataclass(frozen=True)
class PeerComparison:
    municipality: str
    value: float | None
    group_label: str
    # Peers with a value, the municipality itself included when it has one.
    n: int
    rank: int | None
    mean: float | None
    median: float | None
    q1: float | None
    q3: float | None
    minimum: float | None
    maximum: float | None
    national: float | None
    direction: str | None
    missing: list[str] = field(default_factory=list)

    @property
    def versus_mean(self) -> str | None:
        """ "higher", "lower" or "equal": the plain comparison plans ask for."""
        return _relation(self.value, self.mean)

    @property
    def versus_median(self) -> str | None:
        return _relation(self.value, self.median)

    @property
    def versus_national(self) -> str | None:
        return _relation(self.value, self.national)

    @property
    def better_than_mean(self) -> bool | None:
        """Whether the value is better than the mean, when the indicator says which way
        is better; None when the direction or a number is unknown."""
        relation = self.versus_mean
        if relation is None or self.direction not in (HIGHER_IS_BETTER, LOWER_IS_BETTER):
            return None
        if relation == "equal":
            return False
        return (relation == "higher") == (self.direction == HIGHER_IS_BETTER)

    def summary(self) -> str:
        """One Swedish sentence for reports and the command line."""
        if self.value is None:
            return _("%(m)s saknar värde i Kolada.") % {"m": self.municipality}
        words = {"higher": _("högre än"), "lower": _("lägre än"), "equal": _("lika med")}
        parts = [
            _("%(m)s: %(v)s, %(rel)s genomsnittet (%(mean)s) för %(group)s")
            % {
                "m": self.municipality,
                "v": _number(self.value),
                "rel": words[self.versus_mean or "equal"],
                "mean": _number(self.mean),
                "group": self.group_label,
            },
            _("median %(median)s, kvartiler %(q1)s–%(q3)s")
            % {"median": _number(self.median), "q1": _number(self.q1), "q3": _number(self.q3)},
        ]
        if self.rank is not None:
            best = {
                HIGHER_IS_BETTER: _("1 = högst, bäst"),
                LOWER_IS_BETTER: _("1 = lägst, bäst"),
            }.get(self.direction or "", _("1 = högst"))
            parts.append(
                _("plats %(r)s av %(n)s (%(best)s)") % {"r": self.rank, "n": self.n, "best": best}
            )
        if self.national is not None:
            parts.append(_("riket %(v)s") % {"v": _number(self.national)})
        if self.missing:
            parts.append(_("%(k)s saknar värde") % {"k": len(self.missing)})
        return "; ".join(parts) + ". " + _("Källa: Kolada")


def compare_values(
    municipality: str,
    peer_values: Mapping[str, float | None],
    *,
    own_value: float | None = None,
    national: float | None = None,
    direction: str | None = None,
    group_label: str = "",
) -> PeerComparison:
    """Compare ``municipality`` with ``peer_values`` (code → value, None if missing).

    The municipality is counted in the group once, whether or not it is listed among the
    peers. Rank is competition style (1, 2, 2, 4); rank 1 is the best value when the
    direction is known, else the highest. Quartiles use the inclusive method (as a
    spreadsheet's QUARTILE.INC), which is defined from two values on.
    """
    values = dict(peer_values)
    if own_value is not None or municipality not in values:
        values[municipality] = own_value
    own = values[municipality]
    present = {code: v for code, v in values.items() if v is not None}
    missing = sorted(code for code, v in values.items() if v is None)
    numbers = sorted(present.values())
    q1, median, q3 = _quartiles(numbers)
    return PeerComparison(
        municipality=municipality,
        value=own,
        group_label=group_label,
        n=len(numbers),
        rank=_rank(own, numbers, direction),
        mean=statistics.fmean(numbers) if numbers else None,
        median=median,
        q1=q1,
        q3=q3,
        minimum=numbers[0] if numbers else None,
        maximum=numbers[-1] if numbers else None,
        national=national,
        direction=direction,
        missing=missing,
    )


def _quartiles(numbers: list[float]) -> tuple[float | None, float | None, float | None]:
    if not numbers:
        return None, None, None
    if len(numbers) == 1:
        return numbers[0], numbers[0], numbers[0]
    q1, median, q3 = statistics.quantiles(numbers, n=4, method="inclusive")
    return q1, median, q3


def _rank(own: float | None, numbers: list[float], direction: str | None) -> int | None:
    if own is None:
        return None
    if direction == LOWER_IS_BETTER:
        return 1 + sum(1 for v in numbers if v < own)
    return 1 + sum(1 for v in numbers if v > own)


def _relation(value: float | None, other: float | None) -> str | None:
    if value is None or other is None:
        return None
    if abs(value - other) <= 1e-9 * max(1.0, abs(other)):
        return "equal"
    return "higher" if value > other else "lower"


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    text = f"{value:,.1f}".replace(",", " ").replace(".", ",")
    return text[:-2] if text.endswith(",0") else text
