"""Runs the benchmarks: each in its own process against the scratch database, or all in
this process against the configured database (``--use-current-database``, for tests)."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from styr.bench import core
from styr.bench.core import ERROR, BenchResult, Figure, Target
from styr.demo.sizes import DEFAULT_BASE_YEAR

DEFAULT_PERIOD = f"{DEFAULT_BASE_YEAR - 1}-T2"  # the generated values end the year before


@dataclass
class Context:
    size: str
    seed: int
    period: str = DEFAULT_PERIOD
    repeat: int = 3
    municipality_id: int = 0
    work: Path = field(default_factory=lambda: core.bench_dir())
    in_process: bool = False
    options: dict[str, Any] = field(default_factory=dict)

    def plan_ids(self) -> list[int]:
        from styr.plans.models import Plan

        return list(
            Plan.objects.filter(owner__municipality_id=self.municipality_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


BenchFunction = Callable[[Context], BenchResult]


def registry() -> dict[str, tuple[str, BenchFunction]]:
    from styr.bench import documents, followup_bench, measurements, pages

    return {
        "followup": ("Uppföljning av en period för hela kommunen", followup_bench.run),
        "pages": ("Sidornas svarstid med 10 samtidiga klienter", pages.run),
        "import_csv": ("Import av utfall från CSV", measurements.run_csv),
        "import_kolada": ("Import av utfall i Koladas JSON-format", measurements.run_kolada),
        "report_docx": ("Uppföljningsrapport för en nämnd som .docx", documents.run_docx),
        "report_pdf": ("Uppföljningsrapport för en nämnd som .pdf", documents.run_pdf),
        "document_import": ("Dokumentimport (sidor per sekund)", documents.run_document_import),
    }


def names() -> list[str]:
    return list(registry())


def error_result(name: str, title: str, message: str) -> BenchResult:
    result = BenchResult(
        name,
        title,
        Figure(None, "", ""),
        Figure(None, "", ""),
        Target("figure", "<=", 0, ""),
        status=ERROR,
        note=message,
    )
    return result


def run_one(name: str, context: Context) -> BenchResult:
    title, function = registry()[name]
    try:
        result = core.run_measured(lambda: function(context), context.in_process)
    except Exception as error:
        return error_result(
            name, title, f"{type(error).__name__}: {error}\n{traceback.format_exc()}"
        )
    return result


# --- the data set --------------------------------------------------------------------------


def prepare(context: Context, migrate: bool, reuse: bool) -> dict[str, Any]:
    """Migrate, then find (or generate) the municipality; returns what was done."""
    from django.core.management import call_command

    from styr.demo.generator import generate
    from styr.followup.models import Measurement
    from styr.organisation.models import Municipality

    info: dict[str, Any] = {}
    if migrate:
        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        info["migrate_seconds"] = round(time.perf_counter() - started, 2)
    existing = Municipality.objects.order_by("pk").first() if reuse else None
    if existing is not None:
        context.municipality_id = existing.pk
        info["generated_seconds"] = None
        info["reused"] = True
    else:
        started = time.perf_counter()
        result = generate(context.size, context.seed)
        info["generated_seconds"] = round(time.perf_counter() - started, 2)
        info["reused"] = False
        context.municipality_id = result.municipality_ids[0]
    info["municipality_id"] = context.municipality_id
    info["measurements"] = Measurement.objects.filter(
        indicator__plan__owner__municipality_id=context.municipality_id
    ).count()
    info["plans"] = len(context.plan_ids())
    return info


# --- the whole run -------------------------------------------------------------------------


def assemble(
    context: Context,
    dataset: dict[str, Any],
    results: Sequence[BenchResult],
    database: dict[str, Any],
    seconds: float,
) -> dict[str, Any]:
    return {
        "size": context.size,
        "seed": context.seed,
        "period": context.period,
        "database": database,
        "machine": core.machine(),
        "dataset": dataset,
        "benchmarks": {r.name: r.as_dict() for r in results},
        "summary": summary({r.name: r.as_dict() for r in results}),
        "total_seconds": round(seconds, 1),
    }


def summary(benchmarks: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    verdicts = {
        "passed": core.PASS,
        "failed": core.FAIL,
        "missing": core.MISSING,
        "skipped": core.SKIPPED,
        "errors": ERROR,
    }
    return {
        key: sorted(n for n, b in benchmarks.items() if b["status"] == status)
        for key, status in verdicts.items()
    }


def run_in_process(context: Context, selected: Sequence[str]) -> dict[str, Any]:
    started = time.perf_counter()
    context.in_process = True
    dataset = prepare(context, migrate=False, reuse=False)
    results = [run_one(name, context) for name in selected]
    return assemble(
        context, dataset, results, core.database_description(), time.perf_counter() - started
    )


def _last_json(text: str) -> dict[str, Any]:
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            found: dict[str, Any] = json.loads(line)
            return found
    raise ValueError("no JSON line in the child's output")


def run_in_children(
    context: Context,
    selected: Sequence[str],
    database_url: str,
    progress: Callable[[str], None],
    timeout: float,
) -> dict[str, Any]:
    """Prepare the scratch database, then run each benchmark in a fresh process."""
    started = time.perf_counter()
    env = dict(os.environ, DATABASE_URL=database_url, STYR_BENCH_CHILD="1")
    common = [
        "--size",
        context.size,
        "--seed",
        str(context.seed),
        "--period",
        context.period,
        "--repeat",
        str(context.repeat),
    ]
    for key, value in context.options.items():
        common += [f"--{key.replace('_', '-')}", str(value)]
    progress(f"database {database_url}")
    done = core.run_child(["--child", "prepare", *common], env, timeout)
    if done.returncode != 0:
        raise RuntimeError(f"preparing the benchmark database failed:\n{done.stderr[-4000:]}")
    prepared = _last_json(done.stdout)
    dataset, database = prepared["dataset"], prepared["database"]
    context.municipality_id = dataset["municipality_id"]
    progress(
        "data set ready: "
        + (f"generated in {dataset['generated_seconds']} s" if not dataset["reused"] else "reused")
        + f", {dataset['measurements']} measurements"
    )
    results: list[BenchResult] = []
    titles = registry()
    for name in selected:
        progress(f"running {name} ...")
        arguments = ["--child", name, "--municipality", str(context.municipality_id), *common]
        try:
            done = core.run_child(arguments, env, timeout)
        except subprocess.TimeoutExpired:
            result = error_result(name, titles[name][0], f"no result within {timeout:.0f} s")
        else:
            try:
                result = result_from_dict(name, _last_json(done.stdout))
            except (ValueError, KeyError) as error:
                # The child died before printing its result: say why, from its stderr.
                message = f"{error}; exit status {done.returncode}: {done.stderr[-2000:]}"
                result = error_result(name, titles[name][0], message)
        progress(f"  {name}: {result.status} ({result.seconds:.1f} s)")
        results.append(result)
    return assemble(context, dataset, results, database, time.perf_counter() - started)


def result_from_dict(name: str, data: dict[str, Any]) -> BenchResult:
    result = BenchResult(
        name,
        data["title"],
        Figure(**data["figure"]),
        Figure(**data["reference"]),
        Target(**data["target"]),
        status=data["status"],
        ratio=data["ratio"],
        passed=data["passed"],
        seconds=data["seconds"],
        memory_mib=data["memory"]["peak_mib"],
        memory_method=data["memory"]["method"],
        note=data["note"],
        details=data["details"],
    )
    return result


def growth(results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """How each benchmark's figure grows from one size to the next, against the data."""
    rows: dict[str, Any] = {}
    ordered = sorted(results, key=lambda r: r["dataset"]["measurements"])
    for small, large in itertools.pairwise(ordered):
        data_ratio = large["dataset"]["measurements"] / max(1, small["dataset"]["measurements"])
        key = f"{small['size']}->{large['size']}"
        rows[key] = {"data": round(data_ratio, 2)}
        for name, bench in large["benchmarks"].items():
            before = small["benchmarks"].get(name, {}).get("figure", {}).get("value")
            after = bench["figure"]["value"]
            if before and after:
                rows[key][name] = round(after / before, 2)
    return rows


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return f"{text} {unit}".strip()


def markdown(report: dict[str, Any]) -> str:
    """One run as a Markdown table, the way BENCHMARKS.md shows it."""
    db = report["database"]
    lines = [
        f"Size {report['size']}, seed {report['seed']}, period {report['period']}, "
        f"{db['vendor']} {db['version']}; load average at the end "
        f"{report['machine']['load_average']}.",
        "",
        "| benchmark | figure | reference | ratio | target | result | peak memory |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, b in report["benchmarks"].items():
        figure, reference = b["figure"], b["reference"]
        ratio = "–" if b["ratio"] is None else f"{b['ratio']:.2f}"
        memory = b["memory"]["peak_mib"]
        lines.append(
            f"| {name} | {_number(figure['value'], figure['unit'])} "
            f"| {_number(reference['value'], reference['unit'])} | {ratio} "
            f"| {b['target']['text']} | {b['status']} "
            f"| {'–' if memory is None else f'{memory:.0f} MiB'} |"
        )
    return "\n".join(lines)


def merged(saved: Path, report: dict[str, Any]) -> dict[str, Any]:
    """The saved results with this run's benchmarks replacing theirs: the file keeps the
    latest figure of every benchmark run at this size, seed and database."""
    try:
        earlier: dict[str, Any] = json.loads(saved.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return report
    if earlier.get("period") != report["period"]:
        return report
    benchmarks = {**earlier.get("benchmarks", {}), **report["benchmarks"]}
    return {**report, "benchmarks": benchmarks, "summary": summary(benchmarks)}
