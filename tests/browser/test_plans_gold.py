"""The plan pages over real plans: gold seeds from ../shared/seeds/gold loaded as the demo
loads them, read by a reader of that municipality; axe-core and screenshots on each page.
Skipped when the seeds are not beside the checkout."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from styr.accounts.models import RoleAssignment
from styr.demo.services import gold_seeds_dir, org_path_of
from styr.importer.models import ImportSession
from styr.interchange.services import load_document, resolve_org_path
from styr.plans.models import Goal, Plan
from tests.browser.helpers import check_accessibility, login_as, screenshot, with_password

SEEDS = ["003_b5d3e403aa2bc2de", "002_e20d9dcbb56b01ea"]


def load_seed(name: str) -> tuple[Plan, User]:
    path = gold_seeds_dir() / f"{name}.json"
    if not path.exists():
        pytest.skip(f"{path} is missing")
    doc = json.loads(path.read_text(encoding="utf-8"))
    owner = resolve_org_path(org_path_of(doc), create=True)
    plan = load_document(doc, owner, source_file=path.name)
    reader = with_password(User.objects.create_user(f"lasare-{name[:3]}"))
    RoleAssignment.objects.create(user=reader, role="reader", municipality=owner.municipality)
    text = Path(gold_seeds_dir()).parent / f"{name}.txt"
    if text.exists():
        lines = text.read_text(encoding="utf-8").splitlines()
        ImportSession.objects.create(
            user=reader,
            file_name=text.name,
            file_size=text.stat().st_size,
            file_data=text.read_bytes(),
            document=doc,
            plan=plan,
            stored_at=timezone.now(),
            source_lines=[[None, n, line] for n, line in enumerate(lines, start=1)],
        )
    return plan, reader


@pytest.mark.parametrize("name", SEEDS)
def test_a_gold_plan_reads_well(page: Page, db: Any, name: str) -> None:
    plan, reader = load_seed(name)
    login_as(page, reader)
    page.goto(reverse("plans:plan-detail", args=[plan.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text(plan.title)
    goals = Goal.objects.filter(plan=plan).count()
    expect(page.locator("#goal-tree .goal-title")).to_have_count(goals)
    check_accessibility(page, f"gold plan {name}")
    screenshot(page, f"plans-gold-{name[:3]}-plan")

    page.goto(reverse("plans:transformation-map", args=[plan.pk]))
    expect(page.get_by_role("table")).to_be_visible()
    check_accessibility(page, f"gold transformation map {name}")
    screenshot(page, f"plans-gold-{name[:3]}-map")

    goal = (
        Goal.objects.filter(plan=plan)
        .annotate(n=Count("indicators"))
        .order_by("-n", "position")
        .first()
    )
    assert goal is not None
    page.goto(reverse("plans:goal-detail", args=[goal.pk]))
    check_accessibility(page, f"gold goal {name}")
    screenshot(page, f"plans-gold-{name[:3]}-goal")
    link = page.get_by_role("link", name="Visa stället i källtexten")
    if goal.source_line and link.count():
        link.click()
        expect(page.locator(f"#rad-{goal.source_line}")).to_be_visible()
        check_accessibility(page, f"gold source {name}")
        screenshot(page, f"plans-gold-{name[:3]}-source")
