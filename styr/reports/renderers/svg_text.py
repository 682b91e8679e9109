"""WeasyPrint draws an SVG text as one run when no glyph of it is placed on its own.

WeasyPrint (up to at least 70) lays out and draws every character of an SVG ``<text>``
separately, because SVG lets each glyph have its own ``x``, ``y``, ``dx``, ``dy`` and
``rotate`` (Kozea/WeasyPrint#2249). A chart's texts never do: each is one label at one
point. Laying out a label's characters one by one was about a tenth of a follow-up
report's PDF time (some 4,800 characters in 57 charts of a 55-goal plan). ``install``
wraps WeasyPrint's text drawing so that such a text is shaped and drawn as one run, which
is also what the maintainers propose in the issue (it keeps combining marks and kerning
together). A text with per-glyph positions, rotations, spacing or a ``textLength`` is
drawn by WeasyPrint's own code as before.

The wrapper hands WeasyPrint's function the text as a string that iterates as one
"character" (the whole text), so WeasyPrint's own code still does the placement, the
bounding box, the fill and the drawing. It replaces the function in ``weasyprint.svg``'s
``TAGS`` table and the module name the table is compared with.
"""

from __future__ import annotations

from typing import Any

# Attributes that place or space the glyphs of a text one by one.
_PER_GLYPH = ("dx", "dy", "rotate", "textLength", "letter-spacing")

_installed = False


class _OneRun(str):
    """A text that iterates as a single item: WeasyPrint's loop over the "letters" of a
    text then lays out and draws the whole text once."""

    __slots__ = ()

    def __iter__(self) -> Any:
        yield str(self)


def _one_run(node: Any) -> bool:
    """Whether ``node``'s own text can be drawn as one run."""
    text = node.text
    if not text or type(text) is not str or "\n" in text:
        return False
    if any(node.get(name) is not None for name in _PER_GLYPH):
        return False
    if node.get("direction") not in (None, "ltr"):
        return False
    # One x and one y at most: several values place the glyphs one by one.
    return all(len(str(node.get(axis, "")).replace(",", " ").split()) <= 1 for axis in "xy")


def install() -> None:
    """Wrap WeasyPrint's SVG text drawing (once per process)."""
    global _installed
    if _installed:
        return
    import weasyprint.svg as svg_module

    original = svg_module.text

    def text(svg: Any, node: Any, font_size: float) -> Any:
        if not _one_run(node):
            return original(svg, node, font_size)
        element = node._etree_node
        plain = element.text
        element.text = _OneRun(plain)
        try:
            return original(svg, node, font_size)
        finally:
            element.text = plain

    text.__wrapped__ = original  # type: ignore[attr-defined]
    for tag, function in list(svg_module.TAGS.items()):
        if function is original:
            svg_module.TAGS[tag] = text
    # draw_node tells a text element by ``TAGS.get(tag) == text`` (the module's name).
    svg_module.text = text
    _installed = True
