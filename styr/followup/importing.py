"""Importing outcomes (utfall) from a CSV or XLSX file with the header
``indicator,period,value,gender``.

The whole file is checked first and every problem is reported with its row number
("rad 7: okänd indikator 'X'"); only a file without problems is written, in one
transaction, so a file is imported entirely or not at all.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from styr.followup.bulk import insert_measurements
from styr.followup.models import FollowUpPeriod, Measurement, MeasurementOrigin
from styr.followup.rules import is_valid_period, parse_period
from styr.importer.errors import ImportProblem
from styr.importer.readers.encoding import decode_text
from styr.plans.models import Indicator, Plan

COLUMNS = ("indicator", "period", "value", "gender")
_ALIASES = {
    "indicator": "indicator",
    "indikator": "indicator",
    "period": "period",
    "value": "value",
    "värde": "value",
    "utfall": "value",
    "gender": "gender",
    "kön": "gender",
}
_GENDERS = {
    "": "T",
    "t": "T",
    "totalt": "T",
    "total": "T",
    "k": "K",
    "kvinnor": "K",
    "kvinna": "K",
    "m": "M",
    "män": "M",
    "man": "M",
}
_NULL_VALUES = {"-", "–", "—"}


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    message: str

    def __str__(self) -> str:
        return _("rad %(row)d: %(message)s") % {"row": self.row, "message": self.message}


@dataclass(slots=True)
class ImportReport:
    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if not self.ok:
            return _("%(file)s: %(n)d fel – inget importerades.") % {
                "file": self.file,
                "n": len(self.problems),
            }
        return _(
            "%(file)s: %(rows)d rader – %(created)d nya, %(updated)d ändrade, "
            "%(unchanged)d oförändrade utfall."
        ) % {
            "file": self.file,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


@dataclass(frozen=True, slots=True)
class _Row:
    number: int
    cells: dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Valid:
    number: int
    indicator_id: int
    plan_id: int
    period: str
    value: float | None
    gender: str


# --- reading -----------------------------------------------------------------------------


def parse_number(raw: Any) -> float:
    """A number as a Swedish spreadsheet or report writes it: "1 234,5", "5,6 %", "-2"."""
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        text = str(raw).strip()
        for space in ("\u00a0", "\u202f", "\u2009", " "):
            text = text.replace(space, "")
        text = text.replace("−", "-").removesuffix("%")
        if "," in text and "." in text:
            text = text.replace(".", "").replace(",", ".")
        elif text.count(",") == 1:
            text = text.replace(",", ".")
        number = float(text)
    if not math.isfinite(number):
        raise ValueError(raw)
    return number


def read_rows(path: Path) -> tuple[list[str], list[_Row], list[str]]:
    """The header, the data rows (numbered as in the file) and any reading warnings."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if path.suffix.lower() in (".csv", ".txt"):
        return _read_csv(path)
    raise ImportProblem(
        str(path),
        _("Okänd filtyp '%(suffix)s'; använd .csv eller .xlsx.") % {"suffix": path.suffix},
    )


def _read_csv(path: Path) -> tuple[list[str], list[_Row], list[str]]:
    text, warnings = decode_text(path.read_bytes(), path.name)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line else ("\t" if "\t" in first_line else ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = list(reader)
    if not records:
        raise ImportProblem(path.name, _("Filen är tom."))
    header = [cell.strip() for cell in records[0]]
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        cells: dict[str, Any] = dict(zip(header, record, strict=False))
        if len(record) > len(header):
            cells["__extra__"] = record[len(header) :]
        rows.append(_Row(number, cells))
    return header, rows, warnings


def _read_xlsx(path: Path) -> tuple[list[str], list[_Row], list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ImportProblem(
            path.name, _("Filen går inte att läsa som Excel: %(e)s") % {"e": error}
        ) from error
    try:
        sheet = workbook.worksheets[0]
        records = list(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()
    if not records:
        raise ImportProblem(path.name, _("Filen är tom."))
    header = ["" if cell is None else str(cell).strip() for cell in records[0]]
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if all(cell is None or str(cell).strip() == "" for cell in record):
            continue
        cells = {
            name: ("" if value is None else value)
            for name, value in zip(header, record, strict=False)
            if name
        }
        rows.append(_Row(number, cells))
    return header, rows, []


# --- checking ----------------------------------------------------------------------------


class _IndicatorIndex:
    """Indicators the file may name: by id, by document id (with a plan), by exact name,
    by Kolada KPI."""

    def __init__(self, plan: Plan | None) -> None:
        scope = Indicator.objects.all() if plan is None else Indicator.objects.filter(plan=plan)
        self.plan = plan
        self.by_pk: dict[int, int] = {}
        self.by_ref: dict[str, list[int]] = {}
        self.by_name: dict[str, list[int]] = {}
        self.by_kpi: dict[str, list[int]] = {}
        self.plan_of: dict[int, int] = {}
        for pk, plan_id, ref, name, kpi in scope.values_list(
            "pk", "plan_id", "ref", "name", "kolada_kpi"
        ):
            self.by_pk[pk] = plan_id
            self.plan_of[pk] = plan_id
            if ref:
                self.by_ref.setdefault(ref, []).append(pk)
            self.by_name.setdefault(name.strip(), []).append(pk)
            if kpi:
                self.by_kpi.setdefault(kpi.strip().upper(), []).append(pk)

    def match(self, text: str) -> tuple[int | None, str]:
        """The indicator id, or None and the reason."""
        if text.isdigit() and int(text) in self.by_pk:
            return int(text), ""
        candidates: list[list[int]] = []
        if self.plan is not None:
            candidates.append(self.by_ref.get(text, []))
        candidates.append(self.by_name.get(text, []))
        candidates.append(self.by_kpi.get(text.upper(), []))
        for found in candidates:
            if len(found) == 1:
                return found[0], ""
            if len(found) > 1:
                return None, _(
                    "indikatorn '%(text)s' är tvetydig (%(n)d träffar); ange id eller --plan"
                ) % {"text": text, "n": len(found)}
        return None, _("okänd indikator '%(text)s'") % {"text": text}


def _header_problems(header: list[str]) -> tuple[dict[str, str], list[RowProblem]]:
    mapping: dict[str, str] = {}
    problems = []
    for name in header:
        key = _ALIASES.get(name.strip().lower())
        if key is None:
            if name:
                problems.append(RowProblem(1, _("okänd kolumn '%(name)s'") % {"name": name}))
            continue
        mapping[key] = name
    for required in ("indicator", "period", "value"):
        if required not in mapping:
            problems.append(
                RowProblem(
                    1,
                    _("kolumnen '%(name)s' saknas (rubrikraden ska vara %(header)s)")
                    % {"name": required, "header": ",".join(COLUMNS)},
                )
            )
    return mapping, problems


def _check_row(
    row: _Row, columns: dict[str, str], index: _IndicatorIndex
) -> tuple[_Valid | None, list[RowProblem]]:
    problems: list[RowProblem] = []

    def problem(message: str) -> None:
        problems.append(RowProblem(row.number, message))

    if "__extra__" in row.cells:
        # The other cells are shifted, so checking them would only mislead.
        problem(
            _(
                "fler fält än rubriker – sätt tal med decimalkomma inom citattecken "
                "eller använd ; som avgränsare"
            )
        )
        return None, problems
    cell = row.cells
    indicator_text = str(cell.get(columns["indicator"], "")).strip()
    indicator_id, reason = index.match(indicator_text) if indicator_text else (None, "")
    if not indicator_text:
        problem(_("indikator saknas"))
    elif indicator_id is None:
        problem(reason)
    period = str(cell.get(columns["period"], "")).strip()
    if isinstance(cell.get(columns["period"]), int | float):
        period = str(int(cell[columns["period"]]))
    if not is_valid_period(period):
        problem(_("ogiltig period '%(p)s' (t.ex. 2024, 2024-03, 2024-T1, 2024-H1)") % {"p": period})
    raw_value = cell.get(columns["value"], "")
    value: float | None = None
    if isinstance(raw_value, str) and raw_value.strip() in _NULL_VALUES:
        value = None
    elif raw_value == "" or raw_value is None:
        problem(_("värde saknas (skriv – för ett värde som saknas)"))
    else:
        try:
            value = parse_number(raw_value)
        except ValueError:
            problem(_("'%(v)s' är inget tal") % {"v": raw_value})
    gender_text = str(cell.get(columns.get("gender", ""), "")).strip()
    gender = _GENDERS.get(gender_text.lower())
    if gender is None:
        problem(_("okänt kön '%(g)s' (T, K eller M)") % {"g": gender_text})
    if problems or indicator_id is None or gender is None:
        return None, problems
    plan_id = index.plan_of[indicator_id]
    return _Valid(row.number, indicator_id, plan_id, period, value, gender), []


def _closed_problems(valid: list[_Valid]) -> list[RowProblem]:
    """Rows whose value would change the status of a closed follow-up period."""
    closed: dict[int, list[tuple[int, int, str]]] = {}
    for plan_id, code, end, label in FollowUpPeriod.objects.filter(
        plan_id__in={v.plan_id for v in valid}, is_closed=True
    ).values_list("plan_id", "code", "end", "label"):
        try:
            point = parse_period(code)
            year, end_month = point.year, point.end_month
        except ValueError:
            year, end_month = end.year, end.month
        closed.setdefault(plan_id, []).append((year, end_month, label))
    problems = []
    for item in valid:
        point = parse_period(item.period)
        for year, end_month, label in closed.get(item.plan_id, []):
            if year == point.year and end_month >= point.end_month:
                problems.append(
                    RowProblem(
                        item.number,
                        _(
                            "perioden %(label)s är stängd; ett utfall för %(p)s ändras bara av "
                            "en planerare med skäl"
                        )
                        % {"label": label, "p": item.period},
                    )
                )
                break
    return problems


def check_file(path: Path, plan: Plan | None = None) -> tuple[list[_Valid], ImportReport]:
    """Read and check every row; nothing is written."""
    report = ImportReport(file=path.name)
    try:
        header, rows, warnings = read_rows(path)
    except ImportProblem as problem:
        report.problems.append(RowProblem(problem.line or 1, problem.message))
        return [], report
    report.warnings.extend(warnings)
    report.rows = len(rows)
    columns, header_problems = _header_problems(header)
    report.problems.extend(header_problems)
    if any(required not in columns for required in ("indicator", "period", "value")):
        return [], report
    index = _IndicatorIndex(plan)
    valid: list[_Valid] = []
    seen: dict[tuple[int, str, str], int] = {}
    for row in rows:
        item, problems = _check_row(row, columns, index)
        report.problems.extend(problems)
        if item is None:
            continue
        key = (item.indicator_id, item.period, item.gender)
        if key in seen:
            report.problems.append(
                RowProblem(row.number, _("samma utfall som rad %(n)d") % {"n": seen[key]})
            )
            continue
        seen[key] = row.number
        valid.append(item)
    report.problems.extend(_closed_problems(valid))
    report.problems.sort(key=lambda p: p.row)
    return valid, report


def import_measurements(
    path: Path | str, plan: Plan | None = None, user: Any = None
) -> ImportReport:
    """Import a file of outcomes: all rows or, when any row is wrong, none."""
    path = Path(path)
    valid, report = check_file(path, plan)
    if not report.ok:
        return report
    with transaction.atomic():
        _write(valid, report, user)
    return report


def _write(valid: Iterable[_Valid], report: ImportReport, user: Any) -> None:
    items = list(valid)
    existing = {
        (iid, period, gender): (pk, value)
        for pk, iid, period, gender, value in Measurement.objects.filter(
            indicator_id__in={v.indicator_id for v in items},
            period__in={v.period for v in items},
        )
        .order_by()
        .values_list("pk", "indicator_id", "period", "gender", "value")
    }
    user_id = user.pk if user is not None and user.is_authenticated else None
    now = timezone.now()
    new: list[tuple[int, str, int, str, float | None]] = []
    changed_values: dict[int, float | None] = {}
    for item in items:
        current = existing.get((item.indicator_id, item.period, item.gender))
        if current is None:
            year = parse_period(item.period).year
            new.append((item.indicator_id, item.period, year, item.gender, item.value))
        elif current[1] == item.value:
            report.unchanged += 1
        else:
            changed_values[current[0]] = item.value
    reason = _("Import från %(file)s") % {"file": report.file}
    if new:
        _insert_new(new, user_id, now, reason)
    if changed_values:
        changed = list(Measurement.objects.filter(pk__in=changed_values))
        for measurement in changed:
            measurement.value = changed_values[measurement.pk]
            measurement.origin = MeasurementOrigin.FILE
            measurement.entered_by_id = user_id
            measurement.entered_at = now
        bulk_update_with_history(
            changed,
            Measurement,
            ["value", "origin", "entered_by", "entered_at"],
            default_change_reason=reason,
        )
    report.created, report.updated = len(new), len(changed_values)


def _insert_new(
    rows: list[tuple[int, str, int, str, float | None]],
    user_id: int | None,
    now: Any,
    reason: str,
) -> None:
    """New outcomes as plain rows, and their history rows (``+``, the import's reason) in one
    ``INSERT ... SELECT`` (``styr.followup.bulk``). ``bulk_create_with_history`` spent nine
    tenths of an import in Django's per-value SQL compilation (see ``styr/demo/writer.py``
    for the same finding)."""
    insert_measurements(
        rows, origin=MeasurementOrigin.FILE.value, now=now, reason=reason, user_id=user_id
    )
