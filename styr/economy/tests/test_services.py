"""The deviation, the rows and sums per unit, years and volume columns."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from styr.economy import services
from styr.economy.models import BudgetLine, BudgetValue
from styr.economy.templatetags.economy_format import amount, deviation_cell

pytestmark = pytest.mark.django_db


def test_a_deviation_is_compared_minus_budget_so_a_larger_cost_is_negative() -> None:
    assert services.deviation(-10_000, -10_600) == -600  # cost over budget: worse
    assert services.deviation(-4_000, -3_700) == 300  # cost under budget: better
    assert services.deviation(500, 450) == -50  # less income: worse
    assert services.deviation(None, 450) is None
    assert services.deviation(500, None) is None


def test_utfall_is_preferred_to_prognos_and_bokslut_counts_as_utfall() -> None:
    line = BudgetLine(label="x")
    values = [
        BudgetValue(kind="budget", amount=-100),
        BudgetValue(kind="prognos", amount=-120),
        BudgetValue(kind="bokslut", amount=-90),
    ]
    row = services.budget_row(line, values)
    assert (row.outcome, row.deviation, row.basis) == (-90, 10, "utfall")
    row = services.budget_row(line, values[:2])
    assert (row.deviation, row.basis) == (-20, "prognos")


def test_a_stated_deviation_is_shown_when_there_is_no_budget() -> None:
    row = services.budget_row(BudgetLine(label="x"), [BudgetValue(kind="avvikelse", amount=-7)])
    assert (row.deviation, row.basis) == (-7, "dokument")


def test_the_table_groups_lines_per_unit_with_sums_and_leaves_out_summa_rows(
    eco: SimpleNamespace, org: SimpleNamespace, superuser: Any
) -> None:
    groups = services.budget_table(services.visible_budget_lines(superuser), 2025)
    by_unit = {group.unit: group for group in groups}
    assert set(by_unit) == {org.housing, org.reception}  # SUMMA (Vuxenverksamheten) left out
    reception = by_unit[org.reception]
    assert [row.line for row in reception.rows] == [eco.reception, eco.income]
    assert reception.budget == -3_500 and reception.forecast == -3_250
    assert reception.deviation == 250  # 300 better on costs, 50 worse on income
    assert by_unit[org.housing].deviation == -600
    assert reception.money_unit == "tkr"


def test_the_default_year_has_a_budget_and_something_to_compare_it_with(
    eco: SimpleNamespace, superuser: Any
) -> None:
    lines = services.visible_budget_lines(superuser)
    years = services.budget_years(lines)
    assert years == [2025, 2024]
    assert services.default_year(lines, years) == 2025
    BudgetValue.objects.filter(kind="prognos").delete()
    assert services.default_year(lines, years) == 2024  # 2024 has budget and utfall


def test_the_unit_filter_takes_the_unit_and_the_units_under_it(
    eco: SimpleNamespace, org: SimpleNamespace, superuser: Any
) -> None:
    lines = services.visible_budget_lines(superuser, org.housing)
    assert set(lines) == {eco.housing}
    assert set(services.visible_budget_lines(superuser, org.adults)) == {
        eco.housing,
        eco.reception,
        eco.income,
        eco.total,
    }


def test_volumes_have_a_column_per_year_and_kind_in_time_order(
    eco: SimpleNamespace, superuser: Any
) -> None:
    table = services.volume_table(services.visible_volume_lines(superuser))
    assert table.columns == [(2023, "bokslut"), (2024, "prognos"), (2025, "budget")]
    assert table.groups[0].name == "Boende"
    assert table.groups[0].rows == [(eco.volume, [40, 42, 45])]


def test_a_negative_deviation_is_marked_by_class_sign_and_text_not_colour_alone() -> None:
    html = deviation_cell(-1234.0)
    assert 'class="num deviation-negative"' in html
    assert "▼" in html and "sämre än budget" in html and "\u22121\xa0234" in html
    assert "bättre än budget" in deviation_cell(300.0) and "+300" in deviation_cell(300.0)
    assert amount(None) == "–"


def test_lines_in_different_money_units_are_not_summed(
    eco: SimpleNamespace, org: SimpleNamespace, superuser: Any
) -> None:
    from styr.economy.tests.builders import add_budget_line

    line = add_budget_line(eco.plan, org.housing, "Investering", budget_2025=-2, prognos_2025=-3)
    line.unit = "mnkr"
    line.save()
    groups = services.budget_table(services.visible_budget_lines(superuser, org.housing), 2025)
    assert groups[0].mixed_units and groups[0].money_unit == ""
    assert groups[0].budget is None and groups[0].deviation is None
