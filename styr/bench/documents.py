"""Benchmarks 4 and 5: documents out (a nämnd's follow-up report) and documents in.

Report: the follow-up report of every plan of the nämnd with the most goals (its
uppdragsplan and the verksamhetsplaner that answer to it), through
``styr.reports.services.make_documents`` (one process per core, see
``styr.reports.parallel``), as .docx and as .pdf; the details give the CPU seconds of all
processes, which is the work whatever the number of cores. The reference is the
follow-up computation of the same plans (``compute_status_for_plans``), so the ratio says
what writing the document costs over knowing its content. Targets: ≤ 10 s for .docx,
≤ 30 s for .pdf.

Document import: ``styr.bench.import_speed`` (pages per second for text, .docx and .pdf);
the figure is the .docx reader's, against the bare python-docx pass; the import issue's
target is a 100-page .docx in under 5 s, i.e. at least 20 pages per second.
"""

from __future__ import annotations

import resource
import time
from typing import Any

from django.db.models import Count

from styr.bench.core import BenchResult, Figure, Target
from styr.demo.sizes import DEFAULT_BASE_YEAR

REPORT_PERIOD = f"{DEFAULT_BASE_YEAR}-T2"  # the delår the generator creates for every plan
IMPORT_PAGES = {"S": 20, "M": 60, "L": 100, "XL": 100}


def committee_plans(municipality_id: int) -> tuple[str, list[int], int]:
    """The nämnd with the most goals: its name, its plans with goals, their goal count."""
    from styr.organisation.models import OrgUnit, OrgUnitKind
    from styr.plans.models import Plan

    best: tuple[str, list[int], int] = ("", [], 0)
    committees = OrgUnit.objects.filter(
        municipality_id=municipality_id, kind=OrgUnitKind.COMMITTEE
    ).order_by("pk")
    for committee in committees:
        plans = (
            Plan.objects.filter(owner__path__startswith=committee.path)
            .annotate(n=Count("goals"))
            .filter(n__gt=0)
            .order_by("pk")
            .values_list("pk", "n")
        )
        goals = sum(n for _pk, n in plans)
        if goals > best[2]:
            best = (committee.name, [pk for pk, _n in plans], goals)
    return best


def _run_report(context: Any, fmt: str, limit_s: float) -> BenchResult:
    from styr.followup.services import compute_status_for_plans
    from styr.plans.models import Plan

    result = BenchResult(
        f"report_{fmt}",
        f"Uppföljningsrapport för en nämnd som .{fmt}",
        Figure(None, "s", f"make_documents('followup', plans, '{fmt}'): every plan of the nämnd"),
        Figure(None, "s", "compute_status_for_plans for the same plans (the report's data)"),
        Target("figure", "<=", limit_s, f"≤ {limit_s:.0f} s"),
    )
    name, plan_ids, goals = committee_plans(context.municipality_id)
    plans = list(Plan.objects.filter(pk__in=plan_ids).order_by("pk"))
    started = time.perf_counter()
    compute_status_for_plans(plan_ids, REPORT_PERIOD)
    reference = time.perf_counter() - started
    from styr.reports import services
    from styr.reports.parallel import processes_for

    workers = processes_for(len(plans))
    cpu_before = _cpu_with_children()
    started = time.perf_counter()
    documents = services.make_documents("followup", plans, fmt, REPORT_PERIOD)
    seconds = time.perf_counter() - started
    result.figure.value = seconds
    result.reference.value = reference
    result.details = {
        "committee": name,
        "plans": len(plans),
        "goals": goals,
        "period": REPORT_PERIOD,
        "bytes": sum(len(d) for d in documents),
        "runs": 1,
        "processes": workers,
        # the work itself, whatever the number of processes that shared it
        "cpu_seconds": round(_cpu_with_children() - cpu_before, 2),
        # the benchmark's memory figure is this process's; the render workers' is here
        "worker_peak_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }
    if fmt == "pdf":
        from styr.reports.renderers.pdf import font_subsetter

        result.details["font_subsetter"] = font_subsetter()
    return result.finish()


def _cpu_with_children() -> float:
    """CPU seconds of this process and of its children that have ended (the render pool)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_docx(context: Any) -> BenchResult:
    return _run_report(context, "docx", 10.0)


def run_pdf(context: Any) -> BenchResult:
    return _run_report(context, "pdf", 30.0)


def run_document_import(context: Any) -> BenchResult:
    from styr.bench.import_speed import measure

    pages = IMPORT_PAGES.get(context.size, 30)
    figures = measure(pages, min(context.repeat, 2))
    docx = figures[".docx"]
    result = BenchResult(
        "document_import",
        "Dokumentimport (sidor per sekund)",
        Figure(docx["pages_per_second"], "pages/s", "styr.importer's .docx reader"),
        Figure(
            docx["reference_pages_per_second"], "pages/s", "python-docx paragraphs and cells alone"
        ),
        Target("figure", ">=", 20.0, "≥ 20 pages/s (100-page .docx < 5 s)"),
        details={
            name: {k: (None if v is None else round(v, 3)) for k, v in row.items()}
            for name, row in figures.items()
        },
    )
    return result.finish()
