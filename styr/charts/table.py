"""A chart's data as a plain table: the text alternative shown beside (or visually hidden
under) every chart, and the rows a Word or Excel writer can reuse."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


@dataclass(slots=True)
class ChartTable:
    caption: str
    columns: list[str]
    rows: list[list[str]]
    numeric: list[bool] = field(default_factory=list)  # per column: right-aligned numbers

    def as_rows(self) -> list[list[str]]:
        """Header row first, then the data rows."""
        return [list(self.columns), *(list(row) for row in self.rows)]


def table_html(table: ChartTable, visually_hidden: bool = False) -> SafeString:
    """The table as escaped HTML; the first column is the row header (``<th scope=row>``)."""

    def cls(index: int) -> str:
        return ' class="num"' if index < len(table.numeric) and table.numeric[index] else ""

    head = format_html_join(
        "",
        '<th scope="col"{}>{}</th>',
        ((SafeString(cls(i)), c) for i, c in enumerate(table.columns)),
    )
    body = SafeString("")
    for row in table.rows:
        cells = format_html('<th scope="row">{}</th>', row[0] if row else "")
        cells += format_html_join(
            "", "<td{}>{}</td>", ((SafeString(cls(i)), v) for i, v in enumerate(row) if i > 0)
        )
        body += format_html("<tr>{}</tr>", cells)
    hidden = SafeString(' class="visually-hidden"') if visually_hidden else SafeString("")
    return format_html(
        "<table{}><caption>{}</caption><thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
        hidden,
        table.caption,
        head,
        body,
    )
