"""Line and marker styles: every series differs in dash pattern AND marker shape, so the
chart reads in greyscale print and without colour vision. Colours are dark (≥ 4.5:1 on
white) so thin lines stay visible."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SeriesStyle:
    colour: str
    dash: tuple[float, ...]
    marker: str
    filled: bool = True
    width: float = 2.25


MEASURED_STYLES = (
    SeriesStyle("#0b4f8a", (), "circle"),
    SeriesStyle("#9a3412", (8, 4), "square"),
    SeriesStyle("#5b2a86", (2, 3), "triangle"),
    SeriesStyle("#00695c", (10, 3, 2, 3), "diamond"),
    SeriesStyle("#7a4b00", (1, 3), "plus"),
)
PEER_STYLES = (
    SeriesStyle("#595959", (5, 3), "diamond", filled=False, width=2),
    SeriesStyle("#6b4e16", (14, 4), "triangle", filled=False, width=2),
)
TARGET_STYLES = (
    SeriesStyle("#1b1b1b", (12, 4, 2, 4), "", width=2),
    SeriesStyle("#1b1b1b", (12, 3, 2, 3, 2, 3), "", width=2),
    SeriesStyle("#1b1b1b", (18, 5), "", width=2),
)
BASELINE_STYLE = SeriesStyle("#4a4a4a", (4, 2, 1, 2), "", width=1.5)


def chart_ident(kind: str, *parts: object) -> str:
    """A stable id for ``<title id>`` / ``<desc id>``: the same data gives the same id, two
    different charts on one page get different ids."""
    digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:10]
    return f"{kind}-{digest}"
