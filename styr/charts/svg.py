"""Render a ``Scene`` as a self-contained SVG string (no scripts, no external resources)."""

from __future__ import annotations

import re
from dataclasses import replace

from django.utils.safestring import SafeString, mark_safe

from styr.charts.scene import (
    FONT_FAMILY,
    PAPER,
    Circle,
    Line,
    Marker,
    Rect,
    Scene,
    Shape,
    Text,
    marker_outline,
    text_width,
)

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _esc(text: str) -> str:
    text = _INVALID_XML.sub(" ", text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


_COLOUR = re.compile(r"^(#[0-9a-fA-F]{3,8}|none|[a-z]{3,20})$")


def _c(colour: str) -> str:
    """A colour attribute: hex or a keyword; anything else (from data) becomes grey."""
    return colour if _COLOUR.match(colour) else "#808080"


def _n(value: float) -> str:
    """A coordinate with at most two decimals, without trailing zeros (stable output)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _attrs(css_class: str, data: tuple[tuple[str, str], ...]) -> str:
    out = f' class="{_esc(css_class)}"' if css_class else ""
    for key, value in data:
        out += f' data-{key}="{_esc(value)}"'
    return out


def _dash(dash: tuple[float, ...]) -> str:
    return f' stroke-dasharray="{" ".join(_n(d) for d in dash)}"' if dash else ""


def _shape(shape: Shape, hatch_id: str, image: bool = False) -> str:
    if isinstance(shape, Line):
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in shape.points)
        return (
            f'<polyline points="{points}" fill="none" stroke="{_c(shape.stroke)}" '
            f'stroke-width="{_n(shape.width)}"{_dash(shape.dash)} stroke-linejoin="round"'
            f"{_attrs(shape.css_class, shape.data)}/>"
        )
    if isinstance(shape, Rect):
        geometry = (
            f'x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.width)}" '
            f'height="{_n(shape.height)}"'
        )
        out = (
            f'<rect {geometry} fill="{_c(shape.fill)}" stroke="{_c(shape.stroke)}" '
            f'stroke-width="{_n(shape.stroke_width)}"{_attrs(shape.css_class, shape.data)}/>'
        )
        if shape.hatch:
            out += f'<rect {geometry} fill="url(#{hatch_id})" stroke="none"/>'
        return out
    if isinstance(shape, Circle):
        return (
            f'<circle cx="{_n(shape.x)}" cy="{_n(shape.y)}" r="{_n(shape.radius)}" '
            f'fill="{_c(shape.fill)}" stroke="{_c(shape.stroke)}" '
            f'stroke-width="{_n(shape.stroke_width)}"'
            f"{_attrs(shape.css_class, shape.data)}/>"
        )
    if isinstance(shape, Marker):
        return _marker(shape, image)
    return _text(_anchored_at_start(shape) if image else shape)


def _marker(m: Marker, image: bool = False) -> str:
    paint = f'fill="{_c(m.fill)}" stroke="{_c(m.stroke)}" stroke-width="{_n(m.stroke_width)}"'
    if m.shape == "circle":
        body = f'<circle cx="{_n(m.x)}" cy="{_n(m.y)}" r="{_n(m.size)}" {paint}/>'
    elif m.shape in ("cross", "plus"):
        a, b, c, d = marker_outline(m.shape, m.x, m.y, m.size)
        path = (
            f"M{_n(a[0])},{_n(a[1])}L{_n(b[0])},{_n(b[1])}"
            f"M{_n(c[0])},{_n(c[1])}L{_n(d[0])},{_n(d[1])}"
        )
        width = _n(m.stroke_width + 1)
        body = f'<path d="{path}" fill="none" stroke="{_c(m.stroke)}" stroke-width="{width}"/>'
    else:
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in marker_outline(m.shape, m.x, m.y, m.size))
        body = f'<polygon points="{points}" {paint}/>'
    if image:  # no tooltip: nobody hovers over a picture
        return body
    tooltip = f"<title>{_esc(m.label)}</title>" if m.label else ""
    data = (("shape", m.shape), *m.data)
    return f"<g{_attrs(m.css_class, data)}>{tooltip}{body}</g>"


def _text(t: Text) -> str:
    weight = ' font-weight="bold"' if t.bold else ""
    rotate = f' transform="rotate({t.rotate} {_n(t.x)} {_n(t.y)})"' if t.rotate else ""
    return (
        f'<text x="{_n(t.x)}" y="{_n(t.y)}" font-size="{_n(t.size)}" '
        f'text-anchor="{t.anchor}" fill="{_c(t.fill)}"{weight}{rotate}'
        f"{_attrs(t.css_class, t.data)}>{_esc(t.text)}</text>"
    )


def _anchored_at_start(t: Text) -> Text:
    """``t`` moved so that it starts where it would have ended or been centred, by its
    width in the same DejaVu Sans metrics the chart was laid out with."""
    if t.anchor == "start" or t.rotate:
        return t
    width = text_width(t.text, t.size, t.bold)
    x = t.x - (width / 2 if t.anchor == "middle" else width)
    return replace(t, x=x, anchor="start")


def _invisible(shape: Shape) -> bool:
    """A rectangle that only marks an area for tests and scripts (the plot area)."""
    return isinstance(shape, Rect) and shape.fill == shape.stroke == "none" and not shape.hatch


_POLYGONS = ("square", "triangle", "diamond")


def _picture_shapes(shapes: list[Shape], hatch_id: str) -> list[str]:
    """The shapes of a picture SVG, in fewer elements: the texts after everything else
    (a label is drawn over its bar or cell anyway), and runs of lines, or of square,
    triangle and diamond markers, that are painted alike as one path each. Each SVG
    element costs WeasyPrint a style, a state and a colour parse of its own."""
    drawn = [replace(s, css_class="", data=()) for s in shapes if not _invisible(s)]
    ordered = [s for s in drawn if not isinstance(s, Text)] + [
        s for s in drawn if isinstance(s, Text)
    ]
    out: list[str] = []
    run: list[Shape] = []  # lines, or polygon markers, painted alike

    def flush() -> None:
        if len(run) == 1:
            out.append(_shape(run[0], hatch_id, image=True))
        elif run and isinstance(run[0], Line):
            first = run[0]
            d = "".join(
                "M" + "L".join(f"{_n(x)} {_n(y)}" for x, y in line.points)
                for line in run
                if isinstance(line, Line)
            )
            out.append(
                f'<path d="{d}" fill="none" stroke="{_c(first.stroke)}" '
                f'stroke-width="{_n(first.width)}"{_dash(first.dash)} stroke-linejoin="round"/>'
            )
        elif run and isinstance(run[0], Marker):
            m = run[0]
            d = "".join(
                "M"
                + "L".join(
                    f"{_n(x)} {_n(y)}"
                    for x, y in marker_outline(marker.shape, marker.x, marker.y, marker.size)
                )
                + "Z"
                for marker in run
                if isinstance(marker, Marker)
            )
            out.append(
                f'<path d="{d}" fill="{_c(m.fill)}" stroke="{_c(m.stroke)}" '
                f'stroke-width="{_n(m.stroke_width)}"/>'
            )
        run.clear()

    for shape in ordered:
        if run and _same_paint(run[0], shape):
            run.append(shape)
            continue
        flush()
        if isinstance(shape, Line) or (isinstance(shape, Marker) and shape.shape in _POLYGONS):
            run.append(shape)
        else:
            out.append(_shape(shape, hatch_id, image=True))
    flush()
    return out


def _same_paint(a: Shape, b: Shape) -> bool:
    if isinstance(a, Line) and isinstance(b, Line):
        return (a.stroke, a.width, a.dash) == (b.stroke, b.width, b.dash)
    if isinstance(a, Marker) and isinstance(b, Marker):
        return b.shape in _POLYGONS and (a.fill, a.stroke, a.stroke_width) == (
            b.fill,
            b.stroke,
            b.stroke_width,
        )
    return False


def render_svg(scene: Scene, *, image: bool = False) -> SafeString:
    """The scene as an inline SVG element; safe to put into a template unescaped.

    ``image=True`` writes the SVG to embed as a picture in a PDF (WeasyPrint): the same
    drawing without what only a web page uses (the markers' tooltips, classes and data
    attributes), and every text anchored at its start. WeasyPrint draws each centred or
    end-anchored text into a PDF form object of its own (about 500 in a 55-goal
    follow-up report, a third of the file) and lays out every letter of an SVG text on
    its own, so the less there is, the faster the PDF.
    """
    ident = _esc(scene.ident)
    hatch_id = f"{ident}-hatch"
    needs_hatch = any(isinstance(s, Rect) and s.hatch for s in scene.shapes)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{_esc(scene.css_class)}" '
        f'width="{_n(scene.width)}" height="{_n(scene.height)}" '
        f'viewBox="0 0 {_n(scene.width)} {_n(scene.height)}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="{FONT_FAMILY}">',
        f'<title id="{ident}-title">{_esc(scene.title)}</title>',
        f'<desc id="{ident}-desc">{_esc(scene.description)}</desc>',
    ]
    if needs_hatch:
        parts.append(
            f'<defs><pattern id="{hatch_id}" width="6" height="6" '
            'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            '<line x1="0" y1="0" x2="0" y2="6" stroke="#1b1b1b" stroke-width="1.2"/>'
            "</pattern></defs>"
        )
    parts.append(
        f'<rect x="0" y="0" width="{_n(scene.width)}" height="{_n(scene.height)}" fill="{PAPER}"/>'
    )
    if image:
        parts.extend(_picture_shapes(scene.shapes, hatch_id))
    else:
        parts.extend(_shape(shape, hatch_id) for shape in scene.shapes)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text and attribute is escaped above
