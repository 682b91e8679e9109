"""Swedish number notation: decimal comma, space thousands, `- 723` for −723."""

from __future__ import annotations

import re

from styr.importer.interpret.markup import clean

_SPACES = "[ \u00a0\u202f]"
_NUMBER = (
    rf"(?P<sign>[-−–]\s?)?(?P<digits>\d{{1,3}}(?:{_SPACES}\d{{3}})+(?!\d)(?:,\d+)?|\d+(?:[.,]\d+)?)"
)
NUMBER_RE = re.compile(rf"(?<![\w.,]){_NUMBER}")
_WHOLE_NUMBER_RE = re.compile(rf"^{_NUMBER}\s*(?P<unit>%|tkr|mnkr|kr|st|procent)?$", re.I)
_EMPTY_CELL_RE = re.compile(r"^[-−–—.\s]*$")
YEAR_RE = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")


def to_float(sign: str | None, digits: str) -> float:
    value = float(re.sub(_SPACES, "", digits).replace(",", "."))
    return -value if sign else value


def as_json_number(value: float) -> float | int:
    """Keep integers integral in the JSON, as the document wrote them."""
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def is_empty_cell(text: str) -> bool:
    """A cell that states no value: empty, a dash, or dots."""
    return bool(_EMPTY_CELL_RE.match(clean(text)))


def parse_amount(text: str) -> float | None:
    """A table cell holding exactly one number (`- 23 271`, `5,6 %`, `621,8`), else None."""
    match = _WHOLE_NUMBER_RE.match(clean(text).replace("\u2212", "-"))
    if not match:
        return None
    return to_float(match.group("sign"), match.group("digits"))


def find_numbers(text: str) -> list[tuple[float, int, int]]:
    """Every number in prose with its span; a dash is a minus only when it touches the digits."""
    out = []
    for match in NUMBER_RE.finditer(text):
        sign = match.group("sign")
        if sign and match.start() > 0 and text[match.start() - 1].isalnum():
            sign = None  # "1-3" is a range, not minus three
        out.append((to_float(sign, match.group("digits")), match.start(), match.end()))
    return out


def is_year(value: float) -> bool:
    return value.is_integer() and 1950 <= value <= 2099


def value_and_year(text: str) -> tuple[float | None, int | None]:
    """`5,6 % 2018` → (5.6, 2018); `1510 (2018)` → (1510, 2018); `33 (jan 2019)` → (33, 2019)."""
    numbers = [(abs(v) if _dash_is_range(text, s) else v, s, e) for v, s, e in find_numbers(text)]
    if not numbers:
        return None, None
    year: int | None = None
    rest = numbers
    for index in range(len(numbers) - 1, 0, -1):
        value = numbers[index][0]
        if is_year(value):
            year = int(value)
            rest = numbers[:index] + numbers[index + 1 :]
            break
    if not rest:
        return None, year
    return rest[0][0], year


def _dash_is_range(text: str, start: int) -> bool:
    return start > 0 and text[start - 1].isalnum()
