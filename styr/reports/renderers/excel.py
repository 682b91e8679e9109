"""Excel (.xlsx) from a report's sheets: a bold, shaded header row that stays in view
(frozen panes with the first columns), real numbers with number formats, a filter on the
header, sensible column widths, and the workbook's title and language set."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from styr.reports.document import Report, Sheet

HEADER_FILL = PatternFill("solid", fgColor="DCE3EE")
INVALID_TITLE = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def render_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    sheets = report.all_sheets() or [Sheet("Tom", ["Innehåll"], [])]
    used: set[str] = set()
    for sheet in sheets:
        _write(workbook, sheet, used)
    workbook.properties.title = report.title
    workbook.properties.creator = report.organisation or "Styr"
    workbook.properties.language = "sv-SE"
    workbook.properties.subject = report.subtitle or report.kind
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _title(name: str, used: set[str]) -> str:
    base = name.translate(INVALID_TITLE)[:31] or "Blad"
    title, counter = base, 2
    while title in used:
        suffix = f" {counter}"
        title, counter = base[: 31 - len(suffix)] + suffix, counter + 1
    used.add(title)
    return title


def _write(workbook: Workbook, sheet: Sheet, used: set[str]) -> None:
    ws = workbook.create_sheet(_title(sheet.name, used))
    ws.append(sheet.header)
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(h) for h in sheet.header]
    for row in sheet.rows:
        ws.append([c.value if c.value is not None else (c.text or None) for c in row])
        target = ws[ws.max_row]
        for index, (cell, source) in enumerate(zip(target, row, strict=False)):
            if source.value is not None and source.number_format:
                cell.number_format = source.number_format.replace("# ##0", "#,##0")
            if source.bold:
                cell.font = bold
            widths[index] = max(widths[index], min(len(source.text), 60))
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(8, width + 2)
    ws.freeze_panes = ws.cell(row=2, column=sheet.freeze_columns + 1)
    if sheet.rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.header))}{ws.max_row}"
    ws.print_title_rows = "1:1"
