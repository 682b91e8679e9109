"""``styr report``: files written, and clear errors for what cannot be written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from styr.plans.models import Plan, PlanKind
from styr.reports.tests.conftest import read_docx


def test_the_command_writes_the_follow_up_report(demo: Any, tmp_path: Path) -> None:
    plan = Plan.objects.get(owner__municipality=demo, kind=PlanKind.ASSIGNMENT_PLAN)
    period = plan.periods.order_by("end").first()
    assert period is not None
    out = tmp_path / "rapport.docx"
    call_command(
        "report", "followup", plan=plan.pk, period=period.code, fmt="docx", output=str(out)
    )
    assert read_docx(out.read_bytes()).paragraphs[0].text.startswith(plan.title)


@pytest.mark.parametrize(
    ("kind", "fmt", "period", "message"),
    [
        ("budget", "docx", None, "Okänd dokumenttyp 'budget'"),
        ("plan", "odt", None, "Okänt format 'odt'"),
        ("plan", "ics", None, "Plan kan inte skrivas som ics"),
        ("calendar", "xlsx", None, "Årshjul kan inte skrivas som xlsx"),
        ("followup", "pdf", "2031-T1", "har ingen uppföljningsperiod 2031-T1"),
        ("followup", "pdf", "vår", "Ogiltig period 'vår'"),
    ],
)
def test_the_command_names_what_it_cannot_write(
    demo: Any, tmp_path: Path, kind: str, fmt: str, period: str | None, message: str
) -> None:
    plan = Plan.objects.get(owner__municipality=demo, kind=PlanKind.ASSIGNMENT_PLAN)
    with pytest.raises(CommandError, match=message):
        call_command(
            "report", kind, plan=plan.pk, period=period, fmt=fmt, output=str(tmp_path / "x")
        )
    assert not (tmp_path / "x").exists()


def test_an_unknown_plan_is_named(db: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="ingen plan med id 999"):
        call_command("report", "plan", plan=999, fmt="docx", output=str(tmp_path / "x"))


def test_the_command_writes_every_plan_of_a_namnd_into_a_folder(demo: Any, tmp_path: Path) -> None:
    from styr.organisation.models import OrgUnit, OrgUnitKind
    from styr.reports.services import plans_under

    committee = OrgUnit.objects.get(municipality=demo, kind=OrgUnitKind.COMMITTEE)
    plans = plans_under(committee)
    assert len(plans) > 1
    folder = tmp_path / "paket"
    call_command("report", "plan", unit=committee.pk, fmt="docx", output=str(folder))
    written = sorted(folder.iterdir())
    assert len(written) == len(plans)
    titles = {read_docx(p.read_bytes()).paragraphs[0].text for p in written}
    assert titles == {plan.title for plan in plans}


def test_an_unknown_unit_is_named(db: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="ingen enhet med id 999"):
        call_command("report", "plan", unit=999, fmt="docx", output=str(tmp_path / "x"))
    assert not (tmp_path / "x").exists()


@pytest.mark.django_db(transaction=True)
def test_documents_rendered_in_parallel_processes_are_the_ones_rendered_here(
    tmp_path: Path,
) -> None:
    from styr.demo.services import build_demo
    from styr.reports import parallel
    from styr.reports.services import make_document, make_documents

    if not parallel.can_share():
        pytest.skip("the test database is in this process's memory: no worker can open it")
    demo = build_demo(seeds_dir=tmp_path / "none").municipality
    plans = list(Plan.objects.filter(owner__municipality=demo).order_by("pk")[:3])
    in_parallel = make_documents("plan", plans, "docx", workers=2)
    one_by_one = [make_document("plan", plan, "docx") for plan in plans]

    def text(data: bytes) -> list[str]:
        return [p.text for p in read_docx(data).paragraphs]

    assert [text(d) for d in in_parallel] == [text(d) for d in one_by_one]
    assert len({tuple(text(d)) for d in in_parallel}) == len(plans)  # each its own plan
