"""Shared helpers for the chart tests: parse SVG, open PNG, save artefacts to look at."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image, ImageStat

SVG = "{http://www.w3.org/2000/svg}"
ARTEFACTS = Path(__file__).resolve().parents[3] / "test-artefacts" / "charts"


def parse_svg(text: str) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314 - our own output, parsed to check it is valid XML


def by_class(root: ET.Element, css_class: str) -> list[ET.Element]:
    return [el for el in root.iter() if css_class in (el.get("class") or "").split()]


def open_png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def is_blank(image: Image.Image) -> bool:
    """True when the image is one flat colour (nothing drawn)."""
    extrema = image.convert("L").getextrema()
    return extrema[0] == extrema[1] or ImageStat.Stat(image.convert("L")).stddev[0] < 1


def save_artefact(name: str, data: bytes | str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path
