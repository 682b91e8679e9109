"""The import pages: upload, review beside the source, corrections, confirm, rights."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from styr.importer import staging
from styr.importer.models import ImportSession
from styr.importer.services import parse_file
from styr.interchange.schema import validate_document
from styr.interchange.services import export_plan
from styr.plans.models import Goal, Indicator, Plan

PLAN_TEXT = (
    "# Verksamhetsplan 2025 för socialkontoret\n\n"
    "Kommunfullmäktige har fastställt följande långsiktiga mål.\n\n"
    "1. Trygga invånare.\n\n"
    "Långsiktigt mål\tMål för nämndens verksamhet\tIndikator\tNuläge År\tMål 2025\tMål 2026\n"
    "1. Trygga invånare.\tFler är nöjda.\tAndel nöjda brukare\t82 % (2023)\t85% >\t> 90 %\n"
    "\t\tSjukfrånvaro\t9,9% (2023)\t< föregående år\tBättre än föregående år\n\n"
    "## Mål i uppdragsplan\n\n2. Fler barn ska nås.\n\n"
    "Aktivitet\tAnsvarig\tUppföljning\n"
    "Sprida information.\tEnhetschef Norr Enhetschef Syd\tHelår till nämnden.\n"
    "Utbilda personal.\tVerksamhetschef, enhetschefer\t\n\n"
    "En mening som inte hör till något.\n"
)
SEED_DOCX = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds" / "docx"


def upload(client: Client, name: str, data: bytes) -> Any:
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("importer:upload"), {"file": file})


@pytest.fixture
def planner_client(client: Client, planner: Any) -> Client:
    client.force_login(planner)
    return client


@pytest.fixture
def staged(planner_client: Client) -> ImportSession:
    response = upload(planner_client, "plan.txt", PLAN_TEXT.encode())
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportSession.objects.get()


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- rights --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["reporter", "reader", "outsider"])
def test_only_users_who_may_edit_a_plan_may_import(
    client: Client, persona: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("importer:upload")).status_code == 403
    response = upload(client, "plan.txt", PLAN_TEXT.encode())
    assert response.status_code == 403
    assert not ImportSession.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client, org: SimpleNamespace) -> None:
    response = client.get(reverse("importer:upload"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_staged_import_is_seen_only_by_its_owner(
    client: Client, staged: ImportSession, administrator: Any
) -> None:
    client.force_login(administrator)
    assert client.get(reverse("importer:review", args=[staged.pk])).status_code == 404
    response = client.post(reverse("importer:confirm", args=[staged.pk]), {"owner": staged.user.pk})
    assert response.status_code == 404
    assert not Plan.objects.exists()


def test_the_upload_page_is_shown_to_a_planner(planner_client: Client) -> None:
    response = planner_client.get(reverse("importer:upload"))
    assert response.status_code == 200
    assert "Importera en plan" in response.content.decode()


# --- bad uploads ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.txt", b"", "plan.txt: filen är tom"),
        ("plan.xlsx", b"PK\x03\x04whatever", "plan.xlsx: filtypen .xlsx stöds inte"),
        ("plan", b"text", "plan: filtypen (ingen filändelse) stöds inte"),
        ("plan.docx", b"%PDF-1.7 not really", "plan.docx: filen heter .docx men är ingen Word-fil"),
        ("plan.pdf", b"Bara text.\n", "plan.pdf: filen heter .pdf men är ingen PDF"),
        ("plan.txt", b"%PDF-1.4\n%\xe2\xe3", "plan.txt: filen heter .txt men är ingen textfil"),
        ("plan.docx", b"PK\x03\x04trasig", "plan.docx: filen heter .docx men är ingen Word-fil"),
        ("plan.md", b"\x00\x01\x02binary", "plan.md: filen heter .md men är ingen textfil"),
        ("plan.txt", "Bara en mening utan mål.\n".encode(), "inget mål, ingen indikator"),
    ],
)
def test_a_bad_upload_is_refused_with_the_file_and_the_problem_named(
    planner_client: Client, name: str, data: bytes, message: str
) -> None:
    response = upload(planner_client, name, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert "Filen kunde inte läsas in." in text
    assert not ImportSession.objects.exists()


def test_a_corrupt_word_file_is_refused_plainly(planner_client: Client) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("word/document.xml", "<not-xml")
    response = upload(planner_client, "trasig.docx", archive.getvalue())
    assert response.status_code == 200
    assert "trasig.docx: " in response.content.decode()
    assert not ImportSession.objects.exists()


def test_a_pdf_without_text_is_refused_plainly(planner_client: Client) -> None:
    pdf = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    response = upload(planner_client, "skannad.pdf", pdf)
    assert response.status_code == 200
    assert "skannad.pdf" in response.content.decode()
    assert not ImportSession.objects.exists()


def test_a_too_large_file_is_refused_before_it_is_read(
    planner_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(staging, "MAX_UPLOAD_BYTES", 100)
    response = upload(planner_client, "stor.txt", PLAN_TEXT.encode())
    assert "stor.txt: filen är för stor" in response.content.decode()
    assert not ImportSession.objects.exists()


def test_no_file_at_all_is_a_form_error(planner_client: Client) -> None:
    response = planner_client.post(reverse("importer:upload"), {})
    assert response.status_code == 200
    assert "Välj en fil att ladda upp." in response.content.decode()


def test_an_unexpected_reader_failure_is_a_message_not_a_500(
    planner_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr("styr.importer.services.parse_blocks", explode)
    response = upload(planner_client, "plan.docx", docx_bytes(["Mål 1: Fler ska få stöd."]))
    assert response.status_code == 200
    assert "plan.docx: filen kunde inte läsas (RuntimeError)" in response.content.decode()


# --- staging and the review page -----------------------------------------------------


def test_an_upload_is_staged_and_nothing_is_stored(staged: ImportSession) -> None:
    assert staged.file_name == "plan.txt"
    assert bytes(staged.file_data) == PLAN_TEXT.encode()
    assert [g["title"] for g in staged.document["goals"]][:1] == ["Trygga invånare."]
    assert staged.source_lines[0] == [None, 1, "# Verksamhetsplan 2025 för socialkontoret"]
    assert not Plan.objects.exists()


def test_an_upload_deletes_staged_imports_abandoned_for_weeks(
    staged: ImportSession, planner_client: Client, reporter: Any, settings: Any
) -> None:
    import datetime as dt

    from django.utils import timezone

    settings.STYR_STAGED_IMPORT_DAYS = 30
    long_ago = timezone.now() - dt.timedelta(days=31)
    ImportSession.objects.filter(pk=staged.pk).update(updated_at=long_ago)
    kept_stored = ImportSession.objects.create(
        user=reporter,
        file_name="lagrad.txt",
        file_size=1,
        file_data=b"x",
        document={},
        stored_at=long_ago,
    )
    ImportSession.objects.filter(pk=kept_stored.pk).update(updated_at=long_ago)
    upload(planner_client, "ny.txt", PLAN_TEXT.encode())
    names = set(ImportSession.objects.values_list("file_name", flat=True))
    assert names == {"lagrad.txt", "ny.txt"}  # the abandoned plan.txt is gone


def test_recently_staged_imports_are_kept(staged: ImportSession, planner_client: Client) -> None:
    upload(planner_client, "ny.txt", PLAN_TEXT.encode())
    assert ImportSession.objects.count() == 2


def test_the_review_shows_items_beside_numbered_source_lines(
    planner_client: Client, staged: ImportSession
) -> None:
    response = planner_client.get(reverse("importer:review", args=[staged.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trygga invånare." in html and "Andel nöjda brukare" in html
    assert "Sprida information." in html and "Enhetschef Norr, Enhetschef Syd" in html
    # the item links to its line, and the line is there with its number
    line = staged.document["activities"][0]["source"]["line"]
    assert f'href="#rad-{line}"' in html
    assert f'id="rad-{line}"' in html
    # the unrecognised share is shown
    assert "Ej placerad text" in html and "% av texten" in html
    # the confirm form offers the planner's units only
    assert "Socialkontoret" in html and "Socialnämnden</option>" not in html


def test_a_pdf_source_is_shown_page_by_page(planner_client: Client) -> None:
    pdf = sorted((SEED_DOCX.parent / "pdf").glob("*.pdf")) if SEED_DOCX.exists() else []
    if not pdf:
        pytest.skip("../shared/seeds/pdf is not available")
    response = upload(planner_client, pdf[0].name, pdf[0].read_bytes())
    assert response.status_code == 302
    session = ImportSession.objects.get()
    html = planner_client.get(reverse("importer:review", args=[session.pk])).content.decode()
    assert 'id="sida-1"' in html and 'id="sida-1-rad-1"' in html
    page = next(g["source"]["page"] for g in session.document["goals"])
    assert f'href="#sida-{page}"' in html


def test_the_review_page_makes_a_bounded_number_of_queries(
    planner_client: Client, staged: ImportSession, django_assert_num_queries: Any
) -> None:
    # session, user, rights, "may import at all", the import, the owner units
    url = reverse("importer:review", args=[staged.pk])
    with django_assert_num_queries(6):
        planner_client.get(url)
    document = staged.document
    for n in range(200):
        document["goals"].append({**document["goals"][0], "id": f"extra{n}"})
        document["unrecognised"].append({"text": f"Rad {n}", "source": {"line": 1}})
    staged.document = document
    staged.source_lines = staged.source_lines * 50
    staged.save()
    with django_assert_num_queries(6):
        response = planner_client.get(url)
    assert response.content.decode().count('class="import-item import-goals') > 200


# --- corrections ---------------------------------------------------------------------


def edit_url(session: ImportSession, kind: str, index: int) -> str:
    return reverse("importer:item-edit", args=[session.pk, kind, index])


def test_a_goal_title_is_corrected_without_javascript(
    planner_client: Client, staged: ImportSession
) -> None:
    response = planner_client.get(edit_url(staged, "goals", 0))
    assert response.status_code == 200
    assert "hx-post" not in response.content.decode()  # a plain form posts the page
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["title"] = "Trygga och nöjda invånare."
    response = planner_client.post(edit_url(staged, "goals", 0), data)
    assert response.status_code == 302
    assert response["Location"].endswith("#goals-0")
    staged.refresh_from_db()
    goal = staged.document["goals"][0]
    assert goal["title"] == "Trygga och nöjda invånare."
    # the keys the user did not touch keep the document's values exactly
    original = parse_file_of(staged)["goals"][0]
    assert {k: v for k, v in goal.items() if k != "title"} == {
        k: v for k, v in original.items() if k != "title"
    }
    assert staged.corrections == 1


def parse_file_of(session: ImportSession) -> dict[str, Any]:
    document, _lines, _warnings = staging.read_upload(session.file_name, bytes(session.file_data))
    return document


def test_htmx_edit_returns_the_item_fragment(planner_client: Client, staged: ImportSession) -> None:
    response = planner_client.get(edit_url(staged, "indicators", 0), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'hx-post="' in html
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["targets-0-value"] = "87,5"
    data["unit"] = "procent"
    response = planner_client.post(edit_url(staged, "indicators", 0), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "Sparad i granskningen" in response.content.decode()
    staged.refresh_from_db()
    indicator = staged.document["indicators"][0]
    assert indicator["targets"][0]["value"] == 87.5 and indicator["unit"] == "procent"
    assert indicator["targets"][1] == parse_file_of(staged)["indicators"][0]["targets"][1]


def test_an_activity_gets_its_responsible_one_per_line(
    planner_client: Client, staged: ImportSession
) -> None:
    response = planner_client.get(edit_url(staged, "activities", 0))
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["responsible"] = "Enhetschef Norr\n\nVerksamhetschef\n"
    planner_client.post(edit_url(staged, "activities", 0), data)
    staged.refresh_from_db()
    assert staged.document["activities"][0]["responsible"] == ["Enhetschef Norr", "Verksamhetschef"]


@pytest.mark.parametrize(
    ("kind", "field", "value", "message"),
    [
        ("goals", "title", "", "Detta fält måste fyllas i"),
        ("indicators", "targets-0-value", "åttiofem", "Skriv ett tal"),
        ("indicators", "baseline__year", "2023,5", "Skriv ett heltal"),
        ("plan", "period__from", "99999", "Skriv ett tal från 1900 till 2200"),
    ],
)
def test_a_bad_correction_is_refused_with_a_clear_message(
    planner_client: Client,
    staged: ImportSession,
    kind: str,
    field: str,
    value: str,
    message: str,
) -> None:
    response = planner_client.get(edit_url(staged, kind, 0))
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data[field] = value
    response = planner_client.post(edit_url(staged, kind, 0), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    before = staged.document
    staged.refresh_from_db()
    assert staged.document == before and staged.corrections == 0


def test_a_correction_the_schema_refuses_is_not_kept(staged: ImportSession) -> None:
    item = staged.document["goals"][0]

    def break_it(goal: dict[str, Any]) -> None:
        goal["level"] = "önskemål"

    with pytest.raises(staging.Refused) as refused:
        staging.edit_item(staged, "goals", 0, staging.fingerprint(item), break_it)
    assert (
        'goals[0] (id "g1").level: värdet "önskemål" är inte tillåtet' in refused.value.problems[0]
    )
    staged.refresh_from_db()
    assert staged.document["goals"][0] == item


def test_a_stale_form_changes_nothing(planner_client: Client, staged: ImportSession) -> None:
    response = planner_client.get(edit_url(staged, "goals", 0))
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["seen"] = "0" * 16
    data["title"] = "Något annat"
    response = planner_client.post(edit_url(staged, "goals", 0), data, follow=True)
    assert "Posten har ändrats eller tagits bort" in response.content.decode()
    staged.refresh_from_db()
    assert staged.document["goals"][0]["title"] == "Trygga invånare."


def test_an_unknown_item_is_not_a_500(planner_client: Client, staged: ImportSession) -> None:
    response = planner_client.get(edit_url(staged, "goals", 99), follow=True)
    assert response.status_code == 200
    assert "Posten har ändrats eller tagits bort" in response.content.decode()
    response = planner_client.get(edit_url(staged, "nonsense", 0), follow=True)
    assert response.status_code == 200


def test_deleting_a_goal_drops_every_reference_to_it(
    planner_client: Client, staged: ImportSession
) -> None:
    goals = staged.document["goals"]
    parent = goals[0]
    children = [g for g in goals if g.get("parent") == parent["id"]]
    assert children, "the test plan has a goal under the first goal"
    response = planner_client.post(
        reverse("importer:item-delete", args=[staged.pk, "goals", 0]),
        {"seen": staging.fingerprint(parent)},
        follow=True,
    )
    assert "Tog bort målet ”Trygga invånare.”" in response.content.decode()
    staged.refresh_from_db()
    document = staged.document
    assert parent["id"] not in {g["id"] for g in document["goals"]}
    assert all(g.get("parent") != parent["id"] for g in document["goals"])
    assert all(i.get("goal") != parent["id"] for i in document["indicators"])
    assert validate_document(document) == []


def test_an_unrecognised_text_can_be_deleted(planner_client: Client, staged: ImportSession) -> None:
    before = len(staged.document["unrecognised"])
    item = staged.document["unrecognised"][0]
    planner_client.post(
        reverse("importer:item-delete", args=[staged.pk, "unrecognised", 0]),
        {"seen": staging.fingerprint(item)},
    )
    staged.refresh_from_db()
    assert len(staged.document["unrecognised"]) == before - 1


# --- confirming ----------------------------------------------------------------------


def confirm(client: Client, session: ImportSession, owner: Any) -> Any:
    return client.post(reverse("importer:confirm", args=[session.pk]), {"owner": owner.pk})


def test_confirm_stores_what_the_importer_read(
    planner_client: Client, staged: ImportSession, org: SimpleNamespace, tmp_path: Path
) -> None:
    response = confirm(planner_client, staged, org.adults)
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.owner == org.adults
    staged.refresh_from_db()
    assert staged.plan == plan and staged.is_stored
    path = tmp_path / "plan.txt"
    path.write_text(PLAN_TEXT, encoding="utf-8")
    parsed = parse_file(path)
    exported = export_plan(plan)
    for kind in ("goals", "indicators", "activities", "unrecognised"):
        assert exported[kind] == parsed[kind], kind


def test_confirm_stores_the_corrections(
    planner_client: Client, staged: ImportSession, org: SimpleNamespace
) -> None:
    item = staged.document["goals"][0]

    def retitle(goal: dict[str, Any]) -> None:
        goal["title"] = "Rättad titel"

    staging.edit_item(staged, "goals", 0, staging.fingerprint(item), retitle)
    confirm(planner_client, staged, org.administration)
    assert Goal.objects.filter(title="Rättad titel").count() == 1


def test_a_double_confirm_stores_one_plan(
    planner_client: Client, staged: ImportSession, org: SimpleNamespace
) -> None:
    first = confirm(planner_client, staged, org.administration)
    second = confirm(planner_client, staged, org.administration)
    assert Plan.objects.count() == 1
    assert first["Location"] == second["Location"]
    third = confirm(planner_client, staged, org.adults)
    assert Plan.objects.count() == 1 and third.status_code == 302


def test_confirm_lands_on_the_plan_or_the_receipt(
    planner_client: Client, staged: ImportSession, org: SimpleNamespace
) -> None:
    response = confirm(planner_client, staged, org.administration)
    plan = Plan.objects.get()
    page = planner_client.get(response["Location"])
    assert page.status_code == 200
    assert plan.title in page.content.decode()


def test_a_unit_without_rights_cannot_own_the_plan(
    planner_client: Client, staged: ImportSession, org: SimpleNamespace
) -> None:
    response = confirm(planner_client, staged, org.committee)
    assert response.status_code == 200
    assert "Du får inte lägga planer i den valda enheten." in response.content.decode()
    assert not Plan.objects.exists()


def test_a_refused_store_leaves_nothing_and_keeps_the_staging(
    planner_client: Client, staged: ImportSession, org: SimpleNamespace
) -> None:
    document = staged.document
    document["indicators"][0]["goal"] = "no-such-goal"  # the loader refuses the reference
    staged.document = document
    staged.save()
    response = confirm(planner_client, staged, org.administration)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Planen sparades inte." in html and "no-such-goal" in html
    assert not Plan.objects.exists() and not Goal.objects.exists()
    assert not Indicator.objects.exists()
    staged.refresh_from_db()
    assert not staged.is_stored and staged.document == document


def test_a_database_failure_midway_rolls_everything_back(
    planner_client: Client,
    staged: ImportSession,
    org: SimpleNamespace,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from styr.interchange import loader

    real_store = loader.store

    def store_then_fail(prepared: Any, user: Any = None) -> Any:
        real_store(prepared, user=user)
        from django.db import DatabaseError

        raise DatabaseError("disk full")

    monkeypatch.setattr(loader, "store", store_then_fail)
    response = confirm(planner_client, staged, org.administration)
    assert "Databasen vägrade spara planen" in response.content.decode()
    assert not Plan.objects.exists() and not Goal.objects.exists()
    staged.refresh_from_db()
    assert not staged.is_stored


def test_a_seed_word_document_goes_all_the_way(
    planner_client: Client, org: SimpleNamespace
) -> None:
    seeds = sorted(SEED_DOCX.glob("*.docx")) if SEED_DOCX.exists() else []
    if not seeds:
        pytest.skip("../shared/seeds/docx is not available")
    seed = seeds[0]
    assert upload(planner_client, seed.name, seed.read_bytes()).status_code == 302
    session = ImportSession.objects.get()
    html = planner_client.get(reverse("importer:review", args=[session.pk])).content.decode()
    assert 'id="rad-1"' in html
    confirm(planner_client, session, org.administration)
    exported = export_plan(Plan.objects.get())
    parsed = parse_file(seed)
    for kind in ("goals", "indicators", "activities", "risks"):
        assert exported[kind] == parsed[kind], kind


def test_discarding_a_staged_import(planner_client: Client, staged: ImportSession) -> None:
    response = planner_client.post(reverse("importer:discard", args=[staged.pk]))
    assert response.status_code == 302
    assert not ImportSession.objects.exists()


def test_pending_imports_are_listed_on_the_upload_page(
    planner_client: Client, staged: ImportSession
) -> None:
    html = planner_client.get(reverse("importer:upload")).content.decode()
    assert "Påbörjade importer" in html
    assert reverse("importer:review", args=[staged.pk]) in html


def test_a_word_upload_keeps_its_paragraph_numbers(planner_client: Client) -> None:
    data = docx_bytes(
        ["Verksamhetsplan 2025", "Mål 1: Fler ska få stöd tidigt.", "Ett stycke till."]
    )
    response = upload(planner_client, "liten.docx", data)
    if response.status_code != 302:
        assert "liten.docx" in response.content.decode()
        return
    session = ImportSession.objects.get()
    assert [row[1] for row in session.source_lines] == sorted(
        row[1] for row in session.source_lines
    )


def test_cancelling_an_htmx_edit_puts_the_item_back(
    planner_client: Client, staged: ImportSession
) -> None:
    url = reverse("importer:item", args=[staged.pk, "goals", 0])
    response = planner_client.get(url, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="goals-0"' in html and "Trygga invånare." in html
    response = planner_client.get(url)
    assert response.status_code == 302 and response["Location"].endswith("#goals-0")


def test_a_stale_htmx_edit_reloads_the_review(
    planner_client: Client, staged: ImportSession
) -> None:
    response = planner_client.post(
        edit_url(staged, "goals", 0),
        {"seen": "0" * 16, "title": "X", "level": "nämndmål"},
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Redirect"] == reverse("importer:review", args=[staged.pk])


def test_a_stored_import_can_no_longer_be_corrected(
    planner_client: Client, staged: ImportSession, org: SimpleNamespace
) -> None:
    confirm(planner_client, staged, org.administration)
    item = staged.document["goals"][0]
    response = planner_client.post(
        edit_url(staged, "goals", 0),
        {"seen": staging.fingerprint(item), "title": "Sent", "level": item["level"]},
    )
    assert response.status_code == 302
    response = planner_client.post(
        reverse("importer:item-delete", args=[staged.pk, "goals", 0]),
        {"seen": staging.fingerprint(item)},
    )
    assert response.status_code == 302
    assert Goal.objects.filter(title="Sent").count() == 0
    staged.refresh_from_db()
    assert staged.document["goals"][0] == item
    html = planner_client.get(reverse("importer:review", args=[staged.pk])).content.decode()
    assert "Dokumentet är sparat som planen" in html and "Spara planen</button>" not in html


def test_the_receipt_page_names_the_stored_plan(
    planner_client: Client, staged: ImportSession, org: SimpleNamespace
) -> None:
    assert planner_client.get(reverse("importer:done", args=[staged.pk])).status_code == 302
    confirm(planner_client, staged, org.administration)
    response = planner_client.get(reverse("importer:done", args=[staged.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Planen är sparad" in html and Plan.objects.get().title in html
    assert "Socialkontoret" in html


def test_the_receipt_is_the_landing_page_without_plan_pages(
    staged: ImportSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.urls import NoReverseMatch

    from styr.importer import views

    def no_plan_pages(name: str, *args: Any, **kwargs: Any) -> str:
        if name == "plans:plan-detail":
            raise NoReverseMatch(name)
        return reverse(name, *args, **kwargs)

    monkeypatch.setattr(views, "reverse", no_plan_pages)
    plan = Plan(pk=7)
    assert views.plan_url(plan, staged) == reverse("importer:done", args=[staged.pk])


@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_the_same_moment_store_one_plan(org: SimpleNamespace, planner: Any) -> None:
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs row locks across connections (PostgreSQL)")
    session = staging.stage(planner, "plan.txt", PLAN_TEXT.encode())
    barrier = threading.Barrier(2)
    created: list[bool] = []

    def press_confirm() -> None:
        try:
            barrier.wait()
            fresh = ImportSession.objects.get(pk=session.pk)
            created.append(staging.confirm(fresh, org.administration, planner).created)
        finally:
            connection.close()

    threads = [threading.Thread(target=press_confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(created) == [False, True]
    assert Plan.objects.count() == 1


def test_a_problem_the_document_already_had_does_not_block_a_correction(
    staged: ImportSession,
) -> None:
    document = staged.document
    document["plan"]["kind"] = "okänd sorts plan"  # invalid since the upload
    staged.document = document
    staged.save()
    item = document["goals"][0]

    def retitle(goal: dict[str, Any]) -> None:
        goal["title"] = "Ny titel"

    staging.edit_item(staged, "goals", 0, staging.fingerprint(item), retitle)
    staged.refresh_from_db()
    assert staged.document["goals"][0]["title"] == "Ny titel"


def test_item_links_are_the_item_pages(staged: ImportSession) -> None:
    from styr.importer import review

    base = reverse("importer:review", args=[staged.pk])
    for section in review.sections(staged.document, base):
        for view in section.items:
            args = [staged.pk, view.kind, view.index]
            assert view.url == reverse("importer:item", args=args)
            assert view.edit_url == reverse("importer:item-edit", args=args)
            assert view.delete_url == reverse("importer:item-delete", args=args)


def test_the_source_text_is_escaped(planner_client: Client, staged: ImportSession) -> None:
    staged.source_lines = [[None, 1, "<script>alert(1)</script> & <b>fet</b>"]]
    staged.save()
    html = planner_client.get(reverse("importer:review", args=[staged.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;fet&lt;/b&gt;" in html
    assert "<script>alert(1)" not in html


def test_the_upload_page_makes_a_bounded_number_of_queries(
    planner_client: Client, planner: Any, django_assert_num_queries: Any
) -> None:
    url = reverse("importer:upload")
    with django_assert_num_queries(5):  # session, user, rights, "may import", pending list
        planner_client.get(url)
    ImportSession.objects.bulk_create(
        ImportSession(
            user=planner,
            file_name=f"plan{n}.txt",
            file_size=1,
            file_data=b"x",
            document={"goals": []},
        )
        for n in range(30)
    )
    with django_assert_num_queries(5):
        html = planner_client.get(url).content.decode()
    assert html.count("Kasta</") + html.count("Kasta<span") == 20  # the 20 newest


def test_every_correction_can_be_undone(planner_client: Client, staged: ImportSession) -> None:
    original = staged.document
    planner_client.post(
        reverse("importer:item-delete", args=[staged.pk, "goals", 0]),
        {"seen": staging.fingerprint(original["goals"][0])},
    )
    staged.refresh_from_db()
    assert staged.corrections == 1 and staged.document != original
    html = planner_client.get(reverse("importer:review", args=[staged.pk])).content.decode()
    assert "Ångra 1 rättelse" in html
    response = planner_client.post(reverse("importer:reset", args=[staged.pk]), follow=True)
    assert "Alla rättelser är borttagna" in response.content.decode()
    staged.refresh_from_db()
    assert staged.document == original and staged.corrections == 0


def test_an_indicator_is_moved_to_another_goal(
    planner_client: Client, staged: ImportSession
) -> None:
    goals = staged.document["goals"]
    indicator = staged.document["indicators"][0]
    other = next(g["id"] for g in goals if g["id"] != indicator["goal"])
    form = planner_client.get(edit_url(staged, "indicators", 0)).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    assert data["goal"] == indicator["goal"]
    data["goal"] = other
    planner_client.post(edit_url(staged, "indicators", 0), data)
    staged.refresh_from_db()
    assert staged.document["indicators"][0]["goal"] == other


def test_a_goal_cannot_be_put_under_itself_or_its_sub_goals(
    planner_client: Client, staged: ImportSession
) -> None:
    goals = staged.document["goals"]
    top = goals[0]
    below = {g["id"] for g in goals if g.get("parent") == top["id"]}
    assert below
    form = planner_client.get(edit_url(staged, "goals", 0)).context["form"]
    offered = {value for value, _label in form.fields["parent"].choices}
    assert top["id"] not in offered and not below & offered
    data = {name: form[name].value() or "" for name in form.fields}
    data["parent"] = sorted(below)[0]
    response = planner_client.post(edit_url(staged, "goals", 0), data)
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    staged.refresh_from_db()
    assert staged.document["goals"][0] == top
