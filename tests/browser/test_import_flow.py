"""Import in a real browser: a planner uploads a seed plan, corrects a goal, stores it."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from styr.importer.models import ImportSession
from styr.plans.models import Goal, Plan
from tests.browser.helpers import ROOT, check_accessibility, login_as, screenshot

SEEDS = ROOT / ".." / "shared" / "seeds"


def seed(kind: str, last: bool = False) -> Path:
    found = sorted((SEEDS / kind).glob(f"*.{kind}")) if (SEEDS / kind).is_dir() else []
    if not found:
        pytest.skip(f"no seed documents in {SEEDS / kind}")
    return found[-1] if last else found[0]


def test_a_planner_imports_a_seed_document(page: Page, personas: SimpleNamespace) -> None:
    document = seed("docx")
    login_as(page, personas.planner)
    page.goto(reverse("importer:upload"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Importera en plan")
    check_accessibility(page, "import upload")
    screenshot(page, "import-upload")

    page.get_by_label("Dokument").set_input_files(str(document))
    page.get_by_role("button", name="Läs in dokumentet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Granska {document.name}")
    session = ImportSession.objects.get()
    goals = session.document["goals"]
    assert goals, "the seed has goals"

    # The structure beside the source text; an item's source link leads to its line.
    expect(page.get_by_role("heading", name="Vision och mål")).to_be_visible()
    expect(page.get_by_role("heading", name="Källtext")).to_be_visible()
    expect(page.locator(".unrecognised-share")).to_contain_text("% av texten")
    first = page.locator("#goals-0")
    line = goals[0]["source"]["line"]
    first.locator("a.source-ref").click()
    expect(page.locator(f"#rad-{line}")).to_be_in_viewport()
    check_accessibility(page, "import review")
    screenshot(page, "import-review")

    # Correct the first goal's title inline (htmx) and see it saved.
    first.get_by_role("link", name="Ändra").click()
    form = page.locator("form#goals-0")
    expect(form.locator("[name=code]")).to_be_focused()  # the keyboard lands in the form
    check_accessibility(page, "import review, editing a goal")
    screenshot(page, "import-review-edit")
    new_title = "Rättad måltitel från webbläsaren"
    form.get_by_role("textbox", name="Mål (måste fyllas i)").fill(new_title)
    form.get_by_role("button", name="Spara ändringen").click()
    expect(page.locator("#goals-0")).to_contain_text(new_title)
    expect(page.locator("#goals-0")).to_contain_text("Sparad i granskningen")
    expect(page.locator("#goals-0 .saved")).to_be_focused()  # and back on the saved item

    # The same form as a page of its own (what a browser without JavaScript gets).
    kind = "indicators" if session.document["indicators"] else "activities"
    page.goto(reverse("importer:item-edit", args=[session.pk, kind, 0]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ändra")
    check_accessibility(page, "import edit page")
    screenshot(page, "import-edit-page")
    page.get_by_role("link", name="Avbryt").click()
    expect(page.locator("#goals-0")).to_contain_text(new_title)

    # Store it under the planner's unit and land on the stored plan.
    page.get_by_label("Planen ägs av").select_option(label="Socialkontoret")
    page.get_by_role("button", name="Spara planen").click()
    page.wait_for_load_state()
    plan = Plan.objects.get()
    expect(page.locator("main")).to_contain_text(plan.title)
    assert plan.owner == personas.org.administration
    assert Goal.objects.filter(plan=plan, title=new_title).count() == 1
    assert Goal.objects.filter(plan=plan).count() == len(goals)
    check_accessibility(page, "import stored plan")
    screenshot(page, "import-stored")


def test_a_broken_upload_is_explained(
    page: Page, personas: SimpleNamespace, tmp_path: Path
) -> None:
    login_as(page, personas.planner)
    page.goto(reverse("importer:upload"))
    broken = tmp_path / "trasig.docx"
    broken.write_bytes(b"this is not a Word file")
    page.get_by_label("Dokument").set_input_files(str(broken))
    page.get_by_role("button", name="Läs in dokumentet").click()
    expect(page.get_by_role("alert")).to_contain_text("trasig.docx: filen heter .docx men")
    check_accessibility(page, "import upload error")
    screenshot(page, "import-upload-error")
    assert not ImportSession.objects.exists()


def test_a_pdf_review_shows_pages(page: Page, personas: SimpleNamespace) -> None:
    document = seed("pdf", last=True)
    login_as(page, personas.planner)
    page.goto(reverse("importer:upload"))
    page.get_by_label("Dokument").set_input_files(str(document))
    page.get_by_role("button", name="Läs in dokumentet").click()
    expect(page.locator("#sida-1")).to_have_text("Sida 1")
    check_accessibility(page, "import review pdf")
    screenshot(page, "import-review-pdf")


def test_the_import_works_without_javascript(
    browser: Browser, live_server: Any, personas: SimpleNamespace
) -> None:
    document = seed("docx")
    context = browser.new_context(
        base_url=live_server.url, locale="sv-SE", java_script_enabled=False
    )
    page = context.new_page()
    try:
        login_as(page, personas.planner)
        page.goto(reverse("importer:upload"))
        page.get_by_label("Dokument").set_input_files(str(document))
        page.get_by_role("button", name="Läs in dokumentet").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Granska")

        # Without htmx, Ändra is a page of its own that returns to the item.
        page.locator("#goals-0").get_by_role("link", name="Ändra").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Ändra målet")
        screenshot(page, "import-edit-page-nojs")
        page.get_by_role("textbox", name="Mål (måste fyllas i)").fill("")
        page.get_by_role("button", name="Spara ändringen").click()
        expect(page.locator(".errorlist")).to_contain_text("Detta fält måste fyllas i")
        page.get_by_role("textbox", name="Mål (måste fyllas i)").fill("Utan skript")
        page.get_by_role("button", name="Spara ändringen").click()
        expect(page.locator("#goals-0")).to_contain_text("Utan skript")

        # Removing an item is a plain form too.
        title = ImportSession.objects.get().document["activities"][0]["title"]
        page.locator("#activities-0").get_by_role("button", name="Ta bort").click()
        expect(page.get_by_role("status")).to_contain_text("Tog bort aktiviteten")
        assert ImportSession.objects.get().document["activities"][0]["title"] != title

        page.get_by_label("Planen ägs av").select_option(label="Socialkontoret")
        page.get_by_role("button", name="Spara planen").click()
        page.wait_for_load_state()
        plan = Plan.objects.get()
        assert Goal.objects.filter(plan=plan, title="Utan skript").count() == 1
        expect(page.locator("main")).to_contain_text(plan.title)
    finally:
        context.close()
