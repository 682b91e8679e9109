"""Benchmark 1 as a ``BenchResult``: see ``styr.bench.followup`` for what is compared."""

from __future__ import annotations

import time
from typing import Any

from styr.bench import followup
from styr.bench.core import FAIL, BenchResult, Figure, Target


def run(context: Any) -> BenchResult:
    plan_ids = context.plan_ids()
    from django.db import connection

    # Per database: the SQLite and PostgreSQL data sets of a size and seed share ids.
    folder = context.work / f"parquet-{connection.vendor}-{context.municipality_id}"
    started = time.perf_counter()
    counts = followup.exported_counts(folder, plan_ids)
    exported = counts is None
    if counts is None:
        counts = followup.export_parquet(plan_ids, folder)
    export_seconds = time.perf_counter() - started
    timings = followup.measure(plan_ids, folder, context.period, context.repeat)
    result = BenchResult(
        "followup",
        "Uppföljning av en period för hela kommunen",
        Figure(
            timings.styr_seconds,
            "s",
            f"compute_status_for_plans over {len(plan_ids)} plans, period {context.period}, "
            "database reads included",
        ),
        Figure(
            timings.reference_seconds,
            "s",
            "one DuckDB SQL query over the same rows exported to Parquet",
        ),
        Target("ratio", "<=", 3.0, "≤ 3 × DuckDB"),
        details={
            "best_of": context.repeat,
            "cpu_seconds": round(timings.styr_cpu_seconds, 3),
            "reference_cpu_seconds": round(timings.reference_cpu_seconds, 3),
            "cpu_ratio": round(timings.styr_cpu_seconds / timings.reference_cpu_seconds, 2)
            if timings.reference_cpu_seconds
            else None,
            "indicators": len(timings.styr.indicators),
            "goals": len(timings.styr.goals),
            "rows_exported": counts,
            "export_seconds": round(export_seconds, 2) if exported else None,
            "statuses": timings.styr.summary(),
            "equal": not timings.problems,
            "differences": timings.problems,
        },
    ).finish()
    if timings.problems:
        result.status, result.passed = FAIL, False
        result.note = "RESULTS DIFFER from the reference: " + "; ".join(timings.problems[:5])
    return result
