"""``styr measurements import``: CSV and XLSX, Swedish numbers, bad rows, all or nothing."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from styr.followup.importing import import_measurements, parse_number
from styr.followup.models import Measurement, MeasurementOrigin
from styr.plans.models import Indicator, Plan

from .conftest import Org, make_goal, make_indicator, make_period, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(org: Org) -> Plan:
    plan = make_plan(org.committee)
    goal = make_goal(plan, "Minskad sjukfrånvaro")
    make_indicator(goal, "Sjukfrånvaro", ref="i1")
    make_indicator(goal, "Kostnad per brukare", unit="kr/brukare", kolada_kpi="U21468")
    make_indicator(goal, "Nöjdhet äldreomsorg", is_gender_split=True)
    return plan


def indicator(name: str) -> Indicator:
    return Indicator.objects.get(name=name)


def write(tmp_path: Path, text: str, name: str = "utfall.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("1 234,5", 1234.5),
        ("5,6 %", 5.6),
        ("5.6", 5.6),
        ("1\u00a0034\u00a0578", 1034578),
        ("1.234,5", 1234.5),
        ("−2", -2),
        (7, 7.0),
    ],
)
def test_swedish_numbers_are_read(raw: object, number: float) -> None:
    assert parse_number(raw) == number


def test_a_comma_separated_file_is_imported(plan: Plan, tmp_path: Path) -> None:
    sick = indicator("Sjukfrånvaro")
    path = write(
        tmp_path,
        "indicator,period,value,gender\n"
        f"{sick.pk},2024-T1,7.5,\n"
        "Kostnad per brukare,2024,940000,T\n"
        'U21468,2023,"1 034 578",T\n'
        'Nöjdhet äldreomsorg,2024,"86,5",K\n',
    )
    report = import_measurements(path, plan)
    assert report.ok, report.problems
    assert (report.created, report.updated, report.unchanged) == (4, 0, 0)
    cost = indicator("Kostnad per brukare")
    assert Measurement.objects.get(indicator=cost, period="2023").value == 1034578
    women = Measurement.objects.get(indicator=indicator("Nöjdhet äldreomsorg"))
    assert (women.gender, women.value, women.year) == ("K", 86.5, 2024)
    assert Measurement.objects.get(indicator=sick).origin == MeasurementOrigin.FILE
    assert Measurement.objects.get(indicator=sick).history.first().history_change_reason == (
        "Import från utfall.csv"
    )


def test_a_semicolon_file_in_cp1252_with_swedish_numbers(plan: Plan, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "indikator;period;värde;kön\r\ni1;2024-T2;5,9 %;T\r\nNöjdhet äldreomsorg;2024;81;M\r\n",
        encoding="cp1252",
    )
    report = import_measurements(path, plan)
    assert report.ok, report.problems
    assert report.warnings  # the encoding was a guess and says so
    assert Measurement.objects.get(indicator=indicator("Sjukfrånvaro")).value == 5.9
    assert Measurement.objects.get(indicator=indicator("Nöjdhet äldreomsorg")).gender == "M"


def test_reimporting_updates_and_counts_unchanged(plan: Plan, tmp_path: Path) -> None:
    first = write(tmp_path, "indicator,period,value\ni1,2024,5\nU21468,2024,900000\n")
    import_measurements(first, plan)
    second = write(tmp_path, "indicator,period,value\ni1,2024,6\nU21468,2024,900000\n", "b.csv")
    report = import_measurements(second, plan)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert Measurement.objects.get(indicator=indicator("Sjukfrånvaro")).value == 6


def test_bad_rows_are_reported_with_row_numbers_and_nothing_is_written(
    plan: Plan, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "indicator,period,value,gender\n"
        "i1,2024,5,T\n"
        "Okänd indikator,2024,5,T\n"
        "i1,2024-T4,5,T\n"
        "\n"
        "i1,2023,fem,T\n"
        "i1,2022,5,X\n"
        "i1,2024,6,T\n"
        "i1,2021,,T\n"
        "i1,2020,5,6,T\n",
    )
    report = import_measurements(path, plan)
    assert not report.ok
    assert [str(p) for p in report.problems] == [
        "rad 3: okänd indikator 'Okänd indikator'",
        "rad 4: ogiltig period '2024-T4' (t.ex. 2024, 2024-03, 2024-T1, 2024-H1)",
        "rad 6: 'fem' är inget tal",
        "rad 7: okänt kön 'X' (T, K eller M)",
        "rad 8: samma utfall som rad 2",
        "rad 9: värde saknas (skriv – för ett värde som saknas)",
        "rad 10: fler fält än rubriker – sätt tal med decimalkomma inom citattecken eller "
        "använd ; som avgränsare",
    ]
    assert not Measurement.objects.exists()


def test_a_missing_column_is_reported_on_the_header_row(plan: Plan, tmp_path: Path) -> None:
    report = import_measurements(write(tmp_path, "indicator,year,value\ni1,2024,5\n"), plan)
    messages = [str(p) for p in report.problems]
    assert "rad 1: okänd kolumn 'year'" in messages
    assert any(m.startswith("rad 1: kolumnen 'period' saknas") for m in messages)


def test_a_name_used_in_two_plans_needs_the_plan(plan: Plan, org: Org, tmp_path: Path) -> None:
    other = make_plan(org.department, "Verksamhetsplan 2024")
    make_indicator(make_goal(other, "Mål"), "Sjukfrånvaro")
    path = write(tmp_path, "indicator,period,value\nSjukfrånvaro,2024,5\n")
    report = import_measurements(path)
    assert "tvetydig" in str(report.problems[0])
    assert import_measurements(path, plan).ok


def test_a_row_in_a_closed_period_is_refused(plan: Plan, tmp_path: Path) -> None:
    make_period(plan, "2024-T1", closed=True)
    path = write(tmp_path, "indicator,period,value\ni1,2024-03,5\ni1,2024-06,5\n")
    report = import_measurements(path, plan)
    assert [p.row for p in report.problems] == [2]
    assert "stängd" in report.problems[0].message
    assert not Measurement.objects.exists()


def test_an_xlsx_file_is_imported(plan: Plan, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["indicator", "period", "value", "gender"])
    sheet.append(["i1", "2024-H1", 5.25, None])
    sheet.append(["U21468", 2024, "940 000", "T"])
    sheet.append([None, None, None, None])
    sheet.append(["Nöjdhet äldreomsorg", "2024", "fel", "K"])
    path = tmp_path / "utfall.xlsx"
    workbook.save(path)
    report = import_measurements(path, plan)
    assert [str(p) for p in report.problems] == ["rad 5: 'fel' är inget tal"]
    sheet.delete_rows(5)
    workbook.save(path)
    report = import_measurements(path, plan)
    assert report.ok and report.created == 2
    assert Measurement.objects.get(indicator__kolada_kpi="U21468").period == "2024"


def test_the_command_prints_counts_and_fails_on_errors(plan: Plan, tmp_path: Path) -> None:
    good = write(tmp_path, "indicator,period,value\ni1,2024,5\n")
    out = StringIO()
    call_command("measurements", "import", str(good), "--plan", str(plan.pk), stdout=out)
    assert "1 nya, 0 ändrade, 0 oförändrade" in out.getvalue()
    bad = write(tmp_path, "indicator,period,value\nokänd,2024,5\n", "bad.csv")
    err = StringIO()
    with pytest.raises(CommandError, match="1 fel – inget importerades"):
        call_command("measurements", "import", str(bad), stderr=err)
    assert "rad 2: okänd indikator 'okänd'" in err.getvalue()
