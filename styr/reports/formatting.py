"""Swedish notation for documents: numbers, targets, baselines, statuses, dates."""

from __future__ import annotations

import datetime as dt

NBSP = "\u00a0"
MINUS = "\u2212"
MONTH_NAMES = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
OP_SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}
_UNITLESS = {"", "antal", "index", "st", "st."}


def number(value: float | None, decimals: int | None = None) -> str:
    """1234.5 → "1 234,5" (non-breaking space for thousands, decimal comma, real minus)."""
    if value is None:
        return ""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else min(_decimals(value), 2)
    text = f"{abs(value):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return f"{MINUS}{text}" if value < 0 and text.strip("0,") else text


def _decimals(value: float) -> int:
    text = repr(float(value))
    return len(text.split(".")[1]) if "." in text and "e" not in text else 2


def with_unit(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    unit = (unit or "").strip()
    if unit.lower() in _UNITLESS:
        return number(value)
    return f"{number(value)}{NBSP}{unit}"


def excel_format(values: list[float]) -> str:
    """An Excel number format that shows every value's decimals, with thousands grouping."""
    decimals = max(
        (0 if float(v).is_integer() else min(_decimals(v), 2) for v in values), default=0
    )
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def target_text(op: str, value: float | None, relative_to: str, unit: str, text: str) -> str:
    """A target as the plan writes it: its own words when it has them, else the rule."""
    if text:
        return text
    if value is None and relative_to not in ("previous_year", "baseline"):
        return ""
    symbol = OP_SYMBOLS.get(op, op)
    if relative_to == "previous_year":
        word = {"<": "lägre än", "<=": "högst", ">": "högre än", ">=": "minst"}.get(op, symbol)
        base = f"{word} föregående år"
        return f"{number(value)} % {base}" if value else base
    if relative_to == "baseline":
        word = {"<": "lägre än", "<=": "högst", ">": "högre än", ">=": "minst"}.get(op, symbol)
        return f"{word} nuläget"
    return f"{symbol} {with_unit(value, unit)}".strip()


def baseline_text(value: float | None, year: int | None, text: str, unit: str) -> str:
    if text:
        return text
    if value is None:
        return ""
    shown = with_unit(value, unit)
    return f"{shown} ({year})" if year else shown


def status_symbol(status: str) -> str:
    from styr.charts.status import status_symbol as symbol

    return symbol(status)


def status_label(status: str) -> str:
    from styr.charts.status import status_label as label

    return label(status)


def status_text(status: str) -> str:
    """Symbol and label together ("● Uppfyllt"): a status is never told by colour alone."""
    from styr.charts.status import status_text as text

    return text(status)


def date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


def month_name(month: int) -> str:
    return MONTH_NAMES[month - 1]
