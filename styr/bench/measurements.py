"""Benchmark 3: bulk import of outcomes, in values per second, against a raw executemany.

CSV: ``styr.followup.importing.import_measurements`` reads, checks and writes a file of
new outcomes (Swedish decimal commas, ``;`` between fields, indicators by id), history
rows included. Kolada JSON: ``styr.kolada.services.sync_values`` fetches the same kind of
values through an offline Kolada (httpx.MockTransport answering in Kolada's v3 format, no
rate limit) and stores them. The reference for each is one ``executemany`` INSERT of the
same rows, already parsed, into the measurement table. Every write happens in a
transaction that is rolled back afterwards, so the benchmark database stays as generated;
both sides are timed inside that transaction alike.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from styr.bench.core import BenchResult, Figure, Target
from styr.demo.sizes import DEFAULT_BASE_YEAR

ROWS_BY_SIZE = {"S": 5_000, "M": 20_000, "L": 50_000, "XL": 50_000}
# The Kolada sync writes value by value: fewer rows keep a size-S run within minutes.
KOLADA_ROWS_BY_SIZE = {"S": 600, "M": 3_000, "L": 6_000, "XL": 6_000}
FIRST_YEAR = DEFAULT_BASE_YEAR + 1  # years no generated value or closed period touches
GENDERS = ("T", "K", "M")


class _Rollback(Exception):
    pass


def _rows_wanted(context: Any, by_size: dict[str, int] = ROWS_BY_SIZE) -> int:
    return int(context.options.get("import_rows") or 0) or by_size.get(context.size, 5_000)


def _indicator_ids(context: Any, limit: int | None = None) -> list[int]:
    from styr.plans.models import Indicator

    ids = Indicator.objects.filter(plan__owner__municipality_id=context.municipality_id).order_by(
        "pk"
    )
    values = list(ids.values_list("pk", flat=True))
    return values[:limit] if limit else values


def csv_rows(indicator_ids: Sequence[int], wanted: int) -> list[tuple[int, str, int, str, float]]:
    """``wanted`` new monthly values (indicator, period, year, gender, value)."""
    rows: list[tuple[int, str, int, str, float]] = []
    year = FIRST_YEAR
    while len(rows) < wanted:
        for month in range(1, 13):
            for iid in indicator_ids:
                rows.append(
                    (iid, f"{year}-{month:02d}", year, "T", round(10 + iid % 97 + month / 10, 1))
                )
                if len(rows) == wanted:
                    return rows
        year += 1
    return rows


def write_csv(rows: Sequence[tuple[int, str, int, str, float]], path: Path) -> None:
    lines = ["indikator;period;värde;kön"]
    for iid, period, _year, gender, value in rows:
        lines.append(f"{iid};{period};{str(value).replace('.', ',')};{gender}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def raw_insert(rows: Sequence[tuple[int, str, int, str, float | None]], origin: str) -> float:
    """Seconds for one executemany of the rows into the measurement table."""
    from styr.followup.models import Measurement

    table = connection.ops.quote_name(Measurement._meta.db_table)
    sql = (
        f"INSERT INTO {table} (indicator_id, period, year, gender, value, origin, entered_at, "  # noqa: S608
        "position, extra) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    now = dt.datetime.now(dt.UTC)
    params = [(*row, origin, now, 0, "{}") for row in rows]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return time.perf_counter() - started


def _timed_and_rolled_back(action: Any) -> tuple[float, Any]:
    box: dict[str, Any] = {}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            box["value"] = action()
            box["seconds"] = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    return box["seconds"], box["value"]


def _best(repeat: int, action: Any) -> tuple[float, Any]:
    runs = [_timed_and_rolled_back(action) for _ in range(repeat)]
    return min(runs, key=lambda r: r[0])


def _result(
    name: str, title: str, what: str, rows: int, seconds: float, reference: float
) -> BenchResult:
    """Values per second for Styr and for the raw executemany of the same rows."""
    return BenchResult(
        name,
        title,
        Figure(rows / seconds, "values/s", what),
        Figure(
            rows / reference, "values/s", "one executemany INSERT of the same rows, already parsed"
        ),
        Target("ratio", ">=", 0.5, "≥ 50 % of executemany"),
        details={
            "rows": rows,
            "seconds": round(seconds, 3),
            "reference_seconds": round(reference, 4),
        },
    )


def run_csv(context: Any) -> BenchResult:
    from styr.followup.importing import import_measurements

    wanted = _rows_wanted(context)
    rows = csv_rows(_indicator_ids(context), wanted)
    context.work.mkdir(parents=True, exist_ok=True)
    path = context.work / "import-bench.csv"
    write_csv(rows, path)
    repeat = min(context.repeat, 2)
    seconds, report = _best(repeat, lambda: import_measurements(path))
    if not report.ok:
        raise RuntimeError(report.summary() + " " + "; ".join(map(str, report.problems[:3])))
    reference, _none = _best(repeat, lambda: raw_insert(rows, "filimport"))
    result = _result(
        "import_csv",
        "Import av utfall från CSV",
        "styr.followup.importing.import_measurements: read, check, write with history",
        len(rows),
        seconds,
        reference,
    )
    result.details.update(
        {
            "created": report.created,
            "file_bytes": path.stat().st_size,
        }
    )
    path.unlink()
    return result.finish()


# --- Kolada ----------------------------------------------------------------------------------


def kolada_items(
    kpis: dict[str, int], code: str, years: Sequence[int]
) -> dict[str, list[dict[str, Any]]]:
    """Kolada v3 data items per KPI: one per year, with T, K and M values."""
    items: dict[str, list[dict[str, Any]]] = {}
    for kpi, iid in kpis.items():
        items[kpi] = [
            {
                "kpi": kpi,
                "municipality": code,
                "period": year,
                "values": [
                    {
                        "gender": g,
                        "value": round(10 + iid % 89 + k, 1),
                        "count": 1,
                        "status": "",
                        "isdeleted": False,
                    }
                    for k, g in enumerate(GENDERS)
                ],
            }
            for year in years
        ]
    return items


def offline_kolada(items: dict[str, list[dict[str, Any]]]) -> Any:
    """A client of an offline Kolada that answers from ``items``. Each item is encoded to
    JSON once, here, and an answer only joins the encoded items: encoding the answer is
    Kolada's work, not the sync's, and would otherwise be timed with the sync (a tenth of
    it). The answer's text is what ``json.dumps`` of the whole page gives."""
    import httpx

    from styr.kolada.client import KoladaClient

    encoded = {kpi: [json.dumps(item) for item in found] for kpi, found in items.items()}

    def handle(request: httpx.Request) -> httpx.Response:
        parts = request.url.path.split("/")
        if "data" in parts and "kpi" in parts:
            kpis = parts[parts.index("kpi") + 1].split(",")
            values = [text for kpi in kpis for text in encoded.get(kpi, [])]
            body = f'{{"count": {len(values)}, "values": [{", ".join(values)}], "next_url": null}}'
            return httpx.Response(
                200, content=body.encode(), headers={"content-type": "application/json"}
            )
        return httpx.Response(404, json={"error": "not in the benchmark's offline Kolada"})

    return KoladaClient(
        "https://kolada.invalid/v3",
        transport=httpx.MockTransport(handle),
        max_requests_per_second=0,
        sleep=lambda _s: None,
    )


def run_kolada(context: Any) -> BenchResult:
    from styr.kolada.services import sync_values
    from styr.organisation.models import Municipality
    from styr.plans.models import Indicator

    wanted = _rows_wanted(context, KOLADA_ROWS_BY_SIZE)
    years = list(range(FIRST_YEAR, FIRST_YEAR + 10))
    per_indicator = len(years) * len(GENDERS)
    ids = _indicator_ids(context, limit=max(1, -(-wanted // per_indicator)))
    kpis = {f"N{10000 + n}": iid for n, iid in enumerate(ids)}
    code = "9999"
    items = kolada_items(kpis, code, years)
    rows: list[tuple[int, str, int, str, float | None]] = [
        (kpis[item["kpi"]], str(item["period"]), item["period"], v["gender"], v["value"])
        for kpi in kpis
        for item in items[kpi]
        for v in item["values"]
    ]

    def sync() -> tuple[float, float, Any]:
        Municipality.objects.filter(pk=context.municipality_id).update(kolada_code=code)
        for kpi, iid in kpis.items():
            Indicator.objects.filter(pk=iid).update(kolada_kpi=kpi)
        municipality = Municipality.objects.get(pk=context.municipality_id)
        with offline_kolada(items) as client:
            started, cpu = time.perf_counter(), time.process_time()
            report = sync_values(municipality, client, years=years)
            return time.perf_counter() - started, time.process_time() - cpu, report

    def insert() -> float:
        cpu = time.process_time()
        raw_insert(rows, "kolada")
        return time.process_time() - cpu

    # A run takes milliseconds, so the best of a few (``--repeat``, 3 by default), the sync
    # and the reference taken in turn so that both meet the same load; the best sync is the
    # sync's own time, not that of the set-up around it.
    syncs, references = [], []
    for _run in range(max(1, context.repeat)):
        syncs.append(_timed_and_rolled_back(sync)[1])
        references.append(_timed_and_rolled_back(insert))
    seconds = min(wall for wall, _cpu, _report in syncs)
    cpu_seconds = min(cpu for _wall, cpu, _report in syncs)
    report = syncs[0][2]
    reference = min(wall for wall, _cpu in references)
    reference_cpu = min(cpu for _wall, cpu in references)
    result = _result(
        "import_kolada",
        "Import av utfall i Koladas JSON-format",
        "styr.kolada.services.sync_values from an offline Kolada (JSON pages), stored",
        len(rows),
        seconds,
        reference,
    )
    result.details.update(
        {
            "created": report.created,
            "indicators": len(kpis),
            "requests": report.requests,
            "best_of": len(syncs),
            # CPU time of the same runs: steadier than wall-clock time on a busy machine.
            "cpu_seconds": round(cpu_seconds, 4),
            "reference_cpu_seconds": round(reference_cpu, 4),
            "cpu_ratio": round(reference_cpu / cpu_seconds, 3) if cpu_seconds else None,
        }
    )
    if report.created != len(rows):
        result.note = f"the sync created {report.created} of {len(rows)} values"
    return result.finish()
