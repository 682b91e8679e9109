"""The economy page in a real browser: deviations marked beyond colour, filters work."""

from __future__ import annotations

from types import SimpleNamespace

from django.urls import reverse
from playwright.sync_api import Page, expect

from styr.economy.tests.builders import build_economy
from tests.browser.helpers import check_accessibility, login_as, screenshot


def test_a_reader_sees_budget_deviations_marked_and_filters_by_unit(
    page: Page, personas: SimpleNamespace
) -> None:
    eco = build_economy(personas.org)
    login_as(page, personas.reader)
    page.goto(reverse("economy:index"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ekonomi och volymer")
    housing_row = page.locator(f'tr[data-line="{eco.housing.pk}"]')
    deviation = housing_row.locator("td.deviation-negative")
    expect(deviation).to_contain_text("▼")
    expect(deviation).to_contain_text("sämre än budget")  # the hidden text a reader hears
    expect(page.locator("tr.subtotal").first).to_contain_text("Summa")
    expect(page.locator("table.volume-table")).to_contain_text("Antal platser, Boendeenheten")
    check_accessibility(page, "economy")
    screenshot(page, "economy-index")

    page.get_by_label("Enhet").select_option(label="Mottagningen")
    page.get_by_role("button", name="Visa").click()
    expect(page.locator("table.budget-table tbody")).to_have_count(1)
    expect(page.locator("table.budget-table")).to_contain_text("Statsbidrag")
    expect(page.locator("table.budget-table")).not_to_contain_text("Boendeenheten")
    page.get_by_label("Enhet").select_option(label="Alla enheter")
    page.get_by_label("År").select_option("2024")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text("2024")
    expect(page.locator(f'tr[data-line="{eco.housing.pk}"] td.deviation-positive')).to_contain_text(
        "+300"
    )
    check_accessibility(page, "economy filtered")
    screenshot(page, "economy-filtered")
