from __future__ import annotations

from typing import Any

from styr.review.findings import Severity
from styr.review.rules.arithmetic import rounding_step
from styr.review.tests.builders import plan_doc, with_code


def line(
    id: str,
    label: str,
    amounts: dict[int, float],
    *,
    total: bool = False,
    section: str = "drift",
    unit: str = "tkr",
    kind: str = "budget",
) -> dict[str, Any]:
    return {
        "id": id,
        "section": section,
        "label": label,
        "unit": unit,
        "is_total": total,
        "values": [{"year": y, "kind": kind, "amount": a} for y, a in amounts.items()],
    }


def test_a_total_that_differs_from_its_parts_is_an_error_with_both_figures() -> None:
    doc = plan_doc(
        budget=[
            line("b1", "Vuxenvård", {2024: 120_513}),
            line("b2", "IFO", {2024: 80_207}),
            line("b3", "Summa", {2024: 210_720}, total=True),
        ]
    )
    found = with_code(doc, "arithmetic.budget_total")
    assert [(f.item_id, f.details["stated"], f.details["computed"]) for f in found] == [
        ("b3", 210_720, 200_720)
    ]
    assert found[0].severity is Severity.ERROR and "200 720" in found[0].message


def test_a_difference_within_rounding_is_no_fault() -> None:
    doc = plan_doc(
        budget=[
            line("b1", "A", {2024: -747}),
            line("b2", "B", {2024: -23_447}),
            line("b3", "C", {2024: -259_807}),
            line("b4", "Summa för nämnden", {2024: -284_000}, total=True),
        ]
    )
    assert with_code(doc, "arithmetic.budget_total") == []
    assert with_code(doc, "arithmetic.rounding_difference") == []


def test_a_table_rounded_to_hundreds_reports_its_difference_as_rounding() -> None:
    doc = plan_doc(
        budget=[
            line("b1", "A", {2024: 365_000}),
            line("b2", "B", {2024: 142_200}),
            line("b3", "C", {2024: 2_100}),
            line("b4", "SUMMA", {2024: 509_400}, total=True),
        ]
    )
    assert with_code(doc, "arithmetic.budget_total") == []
    found = with_code(doc, "arithmetic.rounding_difference")
    assert [(f.item_id, f.details["difference"]) for f in found] == [("b4", 100)]


def test_subtotals_and_a_result_row_are_understood() -> None:
    doc = plan_doc(
        budget=[
            line("b1", "Intäkter A", {2024: 621.8}, section="resultat", unit="mnkr"),
            line("b2", "Övriga intäkter", {2024: 42.5}, section="resultat", unit="mnkr"),
            line(
                "b3", "Summa intäkter", {2024: 664.3}, total=True, section="resultat", unit="mnkr"
            ),
            line("b4", "Personal", {2024: -351.7}, section="resultat", unit="mnkr"),
            line("b5", "Övrigt", {2024: -312.6}, section="resultat", unit="mnkr"),
            line(
                "b6", "Summa kostnader", {2024: -664.3}, total=True, section="resultat", unit="mnkr"
            ),
            line(
                "b7",
                "Summa årets resultat",
                {2024: 0.0},
                total=True,
                section="resultat",
                unit="mnkr",
            ),
            line("b8", "Summa RR", {2024: 0.0}, total=True, section="resultat", unit="mnkr"),
        ]
    )
    assert with_code(doc, "arithmetic.budget_total") == []


def test_a_wrong_result_row_is_reported() -> None:
    doc = plan_doc(
        budget=[
            line("b1", "Intäkter", {2024: 100.0}, section="resultat", unit="mnkr"),
            line("b2", "Bidrag", {2024: 20.0}, section="resultat", unit="mnkr"),
            line(
                "b3", "Summa intäkter", {2024: 120.0}, total=True, section="resultat", unit="mnkr"
            ),
            line("b4", "Kostnader", {2024: -90.0}, section="resultat", unit="mnkr"),
            line("b5", "Övrigt", {2024: -10.0}, section="resultat", unit="mnkr"),
            line(
                "b6", "Summa kostnader", {2024: -100.0}, total=True, section="resultat", unit="mnkr"
            ),
            line("b7", "Summa resultat", {2024: 25.0}, total=True, section="resultat", unit="mnkr"),
        ]
    )
    found = with_code(doc, "arithmetic.budget_total")
    assert [(f.item_id, f.details["computed"]) for f in found] == [("b7", 20.0)]


def test_a_net_row_of_positive_costs_is_income_minus_costs() -> None:
    doc = plan_doc(
        budget=[
            line("b1", "Intäkter", {2024: 50}),
            line("b2", "Kostnader", {2024: 350}),
            line("b3", "Netto", {2024: 300}, total=True),
        ]
    )
    assert with_code(doc, "arithmetic.budget_total") == []


def test_breakdown_rows_are_not_parts() -> None:
    doc = plan_doc(
        budget=[
            line("b1", "Kostnader", {2024: 500}),
            line("b2", "varav personal", {2024: 300}),
            line("b3", "Lokaler", {2024: 100}),
            line("b4", "Summa", {2024: 600}, total=True),
        ]
    )
    assert with_code(doc, "arithmetic.budget_total") == []


def test_a_total_column_must_be_the_sum_of_the_years() -> None:
    def row(id: str, amounts: list[float], total: float) -> dict[str, Any]:
        values = [
            {"year": 2020 + i, "kind": "budget", "amount": a, "column": f"Budget {2020 + i}"}
            for i, a in enumerate(amounts)
        ]
        values.append({"year": None, "kind": "budget", "amount": total, "column": "Total budget"})
        return {
            "id": id,
            "section": "investering",
            "label": id,
            "unit": "tkr",
            "is_total": False,
            "values": values,
        }

    doc = plan_doc(
        budget=[row("ok", [-800, -800, -500], -2100), row("bad", [-1000, -1000, -1000], -4000)]
    )
    found = with_code(doc, "arithmetic.budget_total")
    assert [(f.item_id, f.details["computed"]) for f in found] == [("bad", -3000)]


def test_a_deviation_must_be_forecast_minus_budget() -> None:
    def row(id: str, forecast: float, budget: float, deviation: float) -> dict[str, Any]:
        return {
            "id": id,
            "section": "drift",
            "label": id,
            "unit": "mnkr",
            "is_total": False,
            "values": [
                {"year": 2023, "kind": "prognos", "amount": forecast},
                {"year": 2023, "kind": "budget", "amount": budget},
                {"year": 2023, "kind": "avvikelse", "amount": deviation},
            ],
        }

    doc = plan_doc(budget=[row("ok", -23.3, -24.0, 0.7), row("bad", -181.8, -187.9, 16.1)])
    assert [f.item_id for f in with_code(doc, "arithmetic.deviation")] == ["bad"]


def volume(
    id: str, label: str, values: dict[int, float], group: str = "Hemtjänst"
) -> dict[str, Any]:
    return {
        "id": id,
        "group": group,
        "label": label,
        "unit": None,
        "values": [{"year": y, "kind": "budget", "value": v} for y, v in values.items()],
    }


def test_a_volume_total_line_must_add_up_exactly() -> None:
    doc = plan_doc(
        volumes=[
            volume("v1", "Antal brukare, totalt", {2022: 281, 2023: 290}),
            volume("v2", "Antal brukare, kommun", {2022: 164, 2023: 169}),
            volume("v3", "Antal brukare, LOV", {2022: 117, 2023: 120}),
            volume("v4", "Brukartid", {2022: 60, 2023: 65}),
        ]
    )
    found = with_code(doc, "arithmetic.volume_total")
    assert [
        (f.item_id, f.details["column"], f.details["stated"], f.details["computed"]) for f in found
    ] == [("v1", "budget 2023", 290, 289)]


def test_a_summa_line_sums_the_lines_above_it() -> None:
    doc = plan_doc(
        volumes=[
            volume("v1", "Boende", {2024: 10}),
            volume("v2", "Öppenvård", {2024: 5}),
            volume("v3", "Summa", {2024: 15}),
        ]
    )
    assert with_code(doc, "arithmetic.volume_total") == []


def test_a_budget_in_the_text_must_match_the_table() -> None:
    table = [
        line("b1", "A", {2024: 300_000}),
        line("b2", "B", {2024: 200_000}),
        line("b3", "Summa", {2024: 500_000}, total=True),
    ]
    bad = plan_doc(
        budget=table,
        unrecognised=[
            {"text": "Nämndens budget för 2024 är 510 000 tkr fördelat på:", "source": {"line": 3}}
        ],
    )
    found = with_code(bad, "arithmetic.text_total")
    assert [(f.details["text_amount"], f.details["stated"]) for f in found] == [(510_000, 500_000)]
    assert found[0].source == {"line": 3}
    good = plan_doc(
        budget=table,
        unrecognised=[{"text": "Nämndens budget för 2024 är 500 mnkr.", "source": {"line": 3}}],
    )
    assert with_code(good, "arithmetic.text_total") == []


def test_the_rounding_step_follows_the_figures_shown() -> None:
    assert rounding_step([621.8, 84.6]) == 0.1
    assert rounding_step([-742, -23_258, -282_000]) == 1
    assert rounding_step([365_000, 142_200, 2_100, 509_400]) == 100
