"""Internal control in a real browser: the risk matrix puts each risk in its cell."""

from __future__ import annotations

from types import SimpleNamespace

from django.urls import reverse
from playwright.sync_api import Page, expect

from styr.internal_control.models import ControlResult, Risk
from styr.internal_control.tests.builders import add_risks, build_internal_control
from tests.browser.helpers import check_accessibility, login_as, screenshot


def _cells_of_markers(page: Page, matrix: str) -> dict[int, tuple[int, int]]:
    """Each marker's risk id → the (probability, consequence) of the table cell it sits in."""
    found = page.eval_on_selector_all(
        f'table[data-matrix="{matrix}"] .risk-marker',
        """markers => markers.map(m => {
            const cell = m.closest('td');
            return [Number(m.dataset.risk), Number(cell.dataset.probability),
                    Number(cell.dataset.consequence),
                    cell.closest('tr').querySelector('th[scope=row]').innerText,
                    cell.closest('table').querySelectorAll('thead th')[cell.cellIndex - 1]
                        .innerText];
        })""",
    )
    cells = {}
    for risk_id, probability, consequence, row_header, col_header in found:
        # The headers the user reads name the same values as the cell's data.
        assert row_header.startswith(str(probability)), (row_header, probability)
        assert col_header.startswith(str(consequence)), (col_header, consequence)
        cells[risk_id] = (probability, consequence)
    return cells


def test_the_risk_matrix_shows_each_risk_in_the_right_cell(
    page: Page, personas: SimpleNamespace
) -> None:
    ic = build_internal_control(personas.org)
    add_risks(ic.plan, personas.org.housing, 12, start=3)
    login_as(page, personas.reader)
    page.goto(reverse("internal_control:index"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Internkontroll")
    check_accessibility(page, "internal control index")
    screenshot(page, "internal-control-index")

    page.get_by_role("link", name=ic.plan.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Riskregister")
    expect(page.locator("figure.risk-matrix-picture svg")).to_be_visible()
    page.get_by_text("Visa riskmatrisen som tabeller").click()
    expect(page.locator('table[data-matrix="before"]')).to_be_visible()
    risks = Risk.objects.filter(plan=ic.plan)
    expected_before = {
        r.pk: (r.probability, r.consequence) for r in risks if r.probability and r.consequence
    }
    expected_after = {
        r.pk: (r.residual_probability, r.residual_consequence)
        for r in risks
        if r.residual_probability and r.residual_consequence
    }
    assert _cells_of_markers(page, "before") == expected_before
    assert _cells_of_markers(page, "after") == expected_after
    assert len(expected_before) == 14  # every scored risk is on the matrix, once
    # The unscored risk is named, not silently dropped.
    expect(page.get_by_text("Kan inte placeras").first).to_be_visible()
    check_accessibility(page, "risk register")
    screenshot(page, "internal-control-register")

    page.get_by_role("link", name="Riskvärde", exact=True).click()
    first_row = page.locator("table.risk-register tbody tr").first
    expect(first_row).to_contain_text("Brister i dokumentation")

    page.goto(reverse("internal_control:control-plan", args=[ic.plan.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kontrollplan")
    check_accessibility(page, "control plan")
    screenshot(page, "internal-control-control-plan")


def test_a_reporter_records_a_deviation_and_sees_it_on_the_risk(
    page: Page, personas: SimpleNamespace
) -> None:
    ic = build_internal_control(personas.org)
    login_as(page, personas.reporter)
    page.goto(reverse("internal_control:risk-detail", args=[ic.high.pk]))
    check_accessibility(page, "risk detail")
    screenshot(page, "internal-control-risk")
    page.get_by_role("link", name="Registrera resultat").first.click()
    page.get_by_label("Datum då kontrollen gjordes").fill("2025-04-15")
    page.get_by_label("Avvikelse upptäcktes").check()
    page.get_by_label("Resultat", exact=True).fill("Tio akter granskade")
    page.get_by_role("button", name="Spara resultat").click()
    expect(page.get_by_role("alert")).to_contain_text("Beskriv avvikelsen")
    check_accessibility(page, "control result form with an error")
    screenshot(page, "internal-control-record-result-error")
    page.get_by_label("Beskrivning av avvikelsen").fill("Två akter saknade genomförandeplan")
    page.get_by_role("button", name="Spara resultat").click()
    expect(page.get_by_role("status")).to_contain_text("Kontrollresultatet har sparats")
    expect(page.get_by_text("Två akter saknade genomförandeplan")).to_be_visible()
    assert ControlResult.objects.filter(control=ic.housing_control, has_deviation=True).count() == 1


def test_a_planner_adds_an_action(page: Page, personas: SimpleNamespace) -> None:
    ic = build_internal_control(personas.org)
    login_as(page, personas.planner)
    page.goto(reverse("internal_control:risk-detail", args=[ic.low.pk]))
    page.get_by_label("Åtgärd", exact=True).fill("Ny attestrutin")
    page.get_by_label("Klart senast").fill("2025-09-30")
    page.get_by_role("button", name="Lägg till åtgärd").click()
    expect(page.get_by_role("status")).to_contain_text("Åtgärden har lagts till")
    expect(page.locator("table.risk-actions")).to_contain_text("30 september 2025")
    check_accessibility(page, "risk with a new action")
    screenshot(page, "internal-control-risk-with-action")


def test_an_outsider_is_refused_the_register(page: Page, personas: SimpleNamespace) -> None:
    ic = build_internal_control(personas.org)
    login_as(page, personas.outsider)
    response = page.goto(reverse("internal_control:register", args=[ic.plan.pk]))
    assert response is not None and response.status == 403
    expect(page.locator("main")).to_contain_text("Du får inte läsa")
    screenshot(page, "internal-control-refused")
    check_accessibility(page, "refused register")
