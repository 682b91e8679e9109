"""Swedish number notation for charts and their table fallbacks.

Decimal comma, a narrow no-break space (U+202F, the "thin space" of Swedish typography that
never breaks a number over two lines) between thousands, and a true minus sign (U+2212).
"""

from __future__ import annotations

import math

THIN_SPACE = "\u202f"
MINUS = "\u2212"
MISSING = "–"


def format_number(value: float | None, decimals: int | None = None) -> str:
    """``1234567.5`` → "1 234 567,5"; ``-0.25`` → "−0,25"; ``None`` → "–".

    ``decimals=None`` keeps up to two decimals and drops trailing zeros; an integer fixes
    the number of decimals (tick labels on one axis share theirs).
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return MISSING
    places = 2 if decimals is None else max(decimals, 0)
    text = f"{abs(value):,.{places}f}"
    if decimals is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    text = text.replace(",", THIN_SPACE).replace(".", ",")
    negative = value < 0 and any(ch not in "0,\u202f" for ch in text)
    return f"{MINUS}{text}" if negative else text


def format_value(value: float | None, unit: str = "", decimals: int | None = None) -> str:
    """A number with its unit: "12,5 %", "1 234 tkr"; a unitless number stays bare."""
    number = format_number(value, decimals)
    unit = unit.strip()
    if value is None or not unit:
        return number
    return f"{number}{THIN_SPACE}{unit}" if unit == "%" else f"{number} {unit}"


def decimals_for_step(step: float) -> int:
    """How many decimals a tick step needs: 0.25 → 2, 5 → 0."""
    if step <= 0 or not math.isfinite(step):
        return 0
    places = 0
    while places < 6 and abs(round(step, places) - step) > step * 1e-9:
        places += 1
    return places


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low``–``high`` with about ``count`` intervals."""
    if not (math.isfinite(low) and math.isfinite(high)):
        low, high = 0.0, 1.0
    if high < low:
        low, high = high, low
    if high - low < 1e-9 * max(1.0, abs(low), abs(high)):
        # one value (or values too close to tell apart on an axis): centre it
        pad = abs(high) * 0.1 if abs(high) >= 1e-6 else 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step >= raw:
            break
    start = math.floor(low / step + 1e-9) * step
    end = math.ceil(high / step - 1e-9) * step
    places = max(0, 3 - math.floor(math.log10(step)))
    ticks: list[float] = []
    n = round((end - start) / step)
    for i in range(n + 1):
        tick = start + i * step
        ticks.append(0.0 if abs(tick) < step * 1e-9 else round(tick, places))
    return ticks
