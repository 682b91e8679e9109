"""The geometry model: a chart is a list of drawing primitives in a fixed coordinate space.

Chart builders (``line``, ``risk``, ``bar``) only compute geometry; the two renderers
(``svg.render_svg`` for the web and WeasyPrint, ``png.render_png`` for Word) only draw it.
Coordinates are in CSS pixels with the origin at the top left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
INK = "#1b1b1b"
MUTED = "#4a4a4a"
GRID = "#d9d9d9"
PAPER = "#ffffff"

_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """One line of drawable text: control characters (a vertical tab from a Word file, a
    newline) become spaces."""
    return _CONTROL.sub(" ", text)


@lru_cache(maxsize=2)
def font_path(bold: bool = False) -> str | None:
    """The DejaVu Sans file both the PNG renderer and text measurement use, if installed."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in _FONT_DIRS:
        candidate = folder / name
        if candidate.is_file():
            return str(candidate)
    return None


@lru_cache(maxsize=8)
def _font(size: int, bold: bool) -> Any:
    from PIL import ImageFont

    path = font_path(bold)
    if path is None:
        return None
    # BASIC layout: no shaping library needed for Latin text, and the same metrics everywhere
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=4096)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in pixels (DejaVu Sans metrics, or an estimate without the font)."""
    text = clean_text(text)
    font = _font(round(size * 10), bold)
    if font is None:
        return len(text) * size * (0.66 if bold else 0.6)
    return float(font.getlength(text)) / 10


def fit_text(text: str, size: float, width: float, bold: bool = False) -> str:
    """``text`` cut with an ellipsis so that it fits ``width``."""
    if text_width(text, size, bold) <= width:
        return text
    while text and text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap_text(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Greedy word wrap to ``width`` pixels."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return [fit_text(line, size, width, bold) for line in lines]


@dataclass(frozen=True, slots=True)
class Line:
    points: tuple[tuple[float, float], ...]
    stroke: str = INK
    width: float = 1.0
    dash: tuple[float, ...] = ()
    css_class: str = ""
    data: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str = "none"
    stroke: str = "none"
    stroke_width: float = 1.0
    css_class: str = ""
    data: tuple[tuple[str, str], ...] = ()
    hatch: bool = False


@dataclass(frozen=True, slots=True)
class Marker:
    """A point symbol; ``shape`` is circle, square, triangle, diamond, cross or plus."""

    x: float
    y: float
    shape: str
    size: float = 5.0
    fill: str = INK
    stroke: str = INK
    stroke_width: float = 1.5
    css_class: str = "marker"
    label: str = ""  # a tooltip (SVG <title>) such as "2023: 12,5 %"
    data: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Text:
    """Text whose baseline starts (``anchor`` start), centres or ends at (x, y)."""

    x: float
    y: float
    text: str
    size: float = 12.0
    anchor: str = "start"
    fill: str = INK
    bold: bool = False
    rotate: int = 0  # 0 or -90 (reads bottom to top)
    css_class: str = ""
    data: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", clean_text(self.text))


@dataclass(frozen=True, slots=True)
class Circle:
    x: float
    y: float
    radius: float
    fill: str = PAPER
    stroke: str = INK
    stroke_width: float = 1.5
    css_class: str = ""
    data: tuple[tuple[str, str], ...] = ()


Shape = Line | Rect | Marker | Text | Circle


@dataclass(slots=True)
class Scene:
    """A whole figure: its size, its accessible name and description, and what to draw."""

    width: float
    height: float
    title: str
    description: str
    ident: str
    css_class: str = "chart"
    shapes: list[Shape] = field(default_factory=list)

    def add(self, *shapes: Shape) -> None:
        self.shapes.extend(shapes)

    def of_class(self, css_class: str) -> list[Shape]:
        return [s for s in self.shapes if css_class in s.css_class.split()]


def marker_outline(shape: str, x: float, y: float, size: float) -> list[tuple[float, float]]:
    """The polygon of a marker shape (circle is drawn as a circle; cross/plus as strokes,
    returned as two segments: points 0–1 and 2–3)."""
    s = size
    if shape == "square":
        k = s * 0.85
        return [(x - k, y - k), (x + k, y - k), (x + k, y + k), (x - k, y + k)]
    if shape == "triangle":
        return [(x, y - s * 1.15), (x + s * 1.05, y + s * 0.75), (x - s * 1.05, y + s * 0.75)]
    if shape == "diamond":
        k = s * 1.2
        return [(x, y - k), (x + k, y), (x, y + k), (x - k, y)]
    if shape == "cross":
        k = s * 0.9
        return [(x - k, y - k), (x + k, y + k), (x - k, y + k), (x + k, y - k)]
    if shape == "plus":
        k = s * 1.1
        return [(x - k, y), (x + k, y), (x, y - k), (x, y + k)]
    return []
