"""Provenance: a goal links to its line in the stored source text of the plan's import."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from styr.importer.models import ImportSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(vp: SimpleNamespace, planner: User) -> ImportSession:
    lines = [[None, n, f"Rad nummer {n}"] for n in range(1, 50)]
    lines[41] = [None, 42, "1. Trygg och säker vård"]
    return ImportSession.objects.create(
        user=planner,
        file_name="vp-vuxen.txt",
        file_size=12,
        file_data=b"Trygg och s\xc3\xa4ker",
        document={"goals": []},
        source_lines=lines,
        plan=vp.plan,
        stored_at=timezone.now(),
    )


def test_the_goal_page_links_to_its_line_in_the_source_text(
    client: Client, reader: User, vp: SimpleNamespace, imported: ImportSession
) -> None:
    client.force_login(reader)
    html = client.get(reverse("plans:goal-detail", args=[vp.top.pk])).content.decode()
    assert f'href="{reverse("plans:plan-source", args=[vp.plan.pk])}#rad-42"' in html
    source = client.get(reverse("plans:plan-source", args=[vp.plan.pk]))
    assert source.status_code == 200
    text = source.content.decode()
    assert 'id="rad-42"' in text and "1. Trygg och säker vård" in text
    plan_html = client.get(reverse("plans:plan-detail", args=[vp.plan.pk])).content.decode()
    assert "Källdokument: vp-vuxen.txt" in plan_html


def test_the_original_file_downloads(
    client: Client, reader: User, vp: SimpleNamespace, imported: ImportSession
) -> None:
    client.force_login(reader)
    response = client.get(reverse("plans:plan-source-file", args=[vp.plan.pk]))
    assert response.status_code == 200
    assert response.content == "Trygg och säker".encode()
    assert 'filename="vp-vuxen.txt"' in response["Content-Disposition"]


def test_the_source_is_refused_to_an_outsider_and_missing_without_an_import(
    client: Client, outsider: User, reader: User, vp: SimpleNamespace, imported: ImportSession
) -> None:
    client.force_login(outsider)
    assert client.get(reverse("plans:plan-source", args=[vp.plan.pk])).status_code == 403
    assert client.get(reverse("plans:plan-source-file", args=[vp.plan.pk])).status_code == 403
    client.force_login(reader)
    assert client.get(reverse("plans:plan-source", args=[vp.parent_plan.pk])).status_code == 404
    html = client.get(reverse("plans:goal-detail", args=[vp.top.pk])).content.decode()
    assert "Visa stället i källtexten" in html
    # A goal of a plan without a stored import names its document but links nowhere.
    other = client.get(reverse("plans:goal-detail", args=[vp.committee_goal.pk])).content.decode()
    assert "Visa stället i källtexten" not in other
