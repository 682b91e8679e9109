"""Benchmark 1: the follow-up of one period for a whole municipality, against DuckDB.

Styr's side is ``compute_status_for_plans`` over every plan of the municipality, database
reads included. The reference is one DuckDB SQL query over the same rows exported to
Parquet files (the export is set-up, not timed): it implements the same rules as
``styr.followup.rules`` (target choice per year and gender, the latest value up to the
period's end, previous year, tolerance, "improving", the worst gender; the goal rules
all/majority/weighted, activities, contributing goals and assessments standing in for a
goal that cannot be computed). The two results must be equal, indicator by indicator and
goal by goal (status and the counts of its inputs); ``compare`` says where they differ and
the benchmark fails loudly when they do.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from styr.followup.models import Assessment, Measurement
from styr.followup.rules import ASSESSABLE, MET, NOT_MET, PARTLY_MET, parse_period
from styr.followup.services import _settings_by_municipality, compute_status_for_plans
from styr.plans.models import Activity, Goal, Indicator, Plan, Target

# Goals are rolled up level by level (a goal's level is its longest chain of goals below);
# deeper chains than this are left out of the SQL result, which the comparison reports.
MAX_GOAL_LEVELS = 10

# --- the comparable result ---------------------------------------------------------------


@dataclass
class FollowUpResult:
    """Statuses of every indicator and goal, and each goal's input counts, for comparing."""

    indicators: dict[int, str] = field(default_factory=dict)
    # goal id -> (status, inputs, met, partly met, not met)
    goals: dict[int, tuple[str, int, int, int, int]] = field(default_factory=dict)

    def summary(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {"indicators": {}, "goals": {}}
        for status in self.indicators.values():
            out["indicators"][status] = out["indicators"].get(status, 0) + 1
        for row in self.goals.values():
            out["goals"][row[0]] = out["goals"].get(row[0], 0) + 1
        return out


def compare(styr: FollowUpResult, reference: FollowUpResult, limit: int = 5) -> list[str]:
    """Every difference between the two results (at most ``limit`` of each kind named)."""
    problems: list[str] = []
    for kind, ours, theirs in (
        ("indicator", styr.indicators, reference.indicators),
        ("goal", styr.goals, reference.goals),
    ):
        only_ours = sorted(set(ours) - set(theirs))
        only_theirs = sorted(set(theirs) - set(ours))
        differ = sorted(k for k in set(ours) & set(theirs) if ours[k] != theirs[k])
        if only_ours:
            problems.append(
                f"{len(only_ours)} {kind}s only in Styr's result, e.g. {only_ours[:limit]}"
            )
        if only_theirs:
            problems.append(
                f"{len(only_theirs)} {kind}s only in the reference, e.g. {only_theirs[:limit]}"
            )
        for key in differ[:limit]:
            problems.append(f"{kind} {key}: Styr {ours[key]!r}, reference {theirs[key]!r}")
        if len(differ) > limit:
            problems.append(f"... {len(differ) - limit} more {kind}s differ")
    return problems


def styr_result(plan_ids: Sequence[int], period: str) -> FollowUpResult:
    """Styr's own computation, reduced to what is compared."""
    statuses = compute_status_for_plans(plan_ids, period)
    result = FollowUpResult()
    for status in statuses.values():
        for indicator in status.indicators:
            result.indicators[indicator.id] = indicator.status
        for goal in status.goals:
            judged = [i.status for i in goal.result.inputs]
            result.goals[goal.id] = (
                goal.status,
                len(judged),
                judged.count(MET),
                judged.count(PARTLY_MET),
                judged.count(NOT_MET),
            )
    return result


# --- export ------------------------------------------------------------------------------

# table -> (columns with DuckDB types)
TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "plan_settings": (
        ("pid", "BIGINT"),
        ("goal_rule", "VARCHAR"),
        ("tolerance", "DOUBLE"),
        ("improving", "BOOLEAN"),
        ("w_indicator", "DOUBLE"),
        ("w_activity", "DOUBLE"),
        ("w_goal", "DOUBLE"),
        ("met_at", "DOUBLE"),
        ("partly_at", "DOUBLE"),
        ("use_assessment", "BOOLEAN"),
    ),
    "indicator": (
        ("iid", "BIGINT"),
        ("pid", "BIGINT"),
        ("gid", "BIGINT"),
        ("direction", "VARCHAR"),
        ("b_value", "DOUBLE"),
        ("b_year", "INTEGER"),
        ("split", "BOOLEAN"),
    ),
    "target": (
        ("iid", "BIGINT"),
        ("year", "INTEGER"),
        ("op", "VARCHAR"),
        ("value", "DOUBLE"),
        ("relative_to", "VARCHAR"),
        ("gender", "VARCHAR"),
    ),
    "measurement": (
        ("iid", "BIGINT"),
        ("period", "VARCHAR"),
        ("year", "INTEGER"),
        ("gender", "VARCHAR"),
        ("value", "DOUBLE"),
    ),
    "goal": (("gid", "BIGINT"), ("pid", "BIGINT"), ("parent", "BIGINT")),
    "contribution": (("source", "BIGINT"), ("target", "BIGINT")),
    "activity_goal": (("aid", "BIGINT"), ("gid", "BIGINT")),
    "activity": (("aid", "BIGINT"), ("status", "VARCHAR")),
    "assessment": (
        ("id", "BIGINT"),
        ("period", "VARCHAR"),
        ("gid", "BIGINT"),
        ("aid", "BIGINT"),
        ("status", "VARCHAR"),
        ("state", "VARCHAR"),
    ),
}


def _rows(name: str, plan_ids: Sequence[int]) -> Iterable[Sequence[Any]]:
    if name == "plan_settings":
        plans = dict(
            Plan.objects.filter(pk__in=plan_ids).values_list("pk", "owner__municipality_id")
        )
        by_municipality = _settings_by_municipality(plans.values())
        for pid, municipality_id in plans.items():
            s = by_municipality[municipality_id]
            yield (
                pid,
                s.goal_rule,
                s.tolerance_percent,
                s.partly_when_improving,
                s.weight("indicator"),
                s.weight("activity"),
                s.weight("goal"),
                s.weighted_met_at,
                s.weighted_partly_at,
                s.use_assessment_when_not_computable,
            )
    elif name == "indicator":
        yield from Indicator.objects.filter(plan_id__in=plan_ids).values_list(
            "pk",
            "plan_id",
            "goal_id",
            "direction",
            "baseline_value",
            "baseline_year",
            "is_gender_split",
        )
    elif name == "target":
        yield from Target.objects.filter(indicator__plan_id__in=plan_ids).values_list(
            "indicator_id", "year", "op", "value", "relative_to", "gender"
        )
    elif name == "measurement":
        yield from (
            Measurement.objects.filter(indicator__plan_id__in=plan_ids)
            .values_list("indicator_id", "period", "year", "gender", "value")
            .iterator(chunk_size=50_000)
        )
    elif name == "goal":
        yield from Goal.objects.filter(plan_id__in=plan_ids).values_list(
            "pk", "plan_id", "parent_id"
        )
    elif name == "contribution":
        yield from Goal.contributes_to.through.objects.filter(
            from_goal__plan_id__in=plan_ids, to_goal__plan_id__in=plan_ids
        ).values_list("from_goal_id", "to_goal_id")
    elif name == "activity_goal":
        yield from Activity.goals.through.objects.filter(goal__plan_id__in=plan_ids).values_list(
            "activity_id", "goal_id"
        )
    elif name == "activity":
        yield from (
            Activity.objects.filter(goals__plan_id__in=plan_ids)
            .distinct()
            .values_list("pk", "status")
        )
    elif name == "assessment":
        yield from Assessment.objects.filter(period__plan_id__in=plan_ids).values_list(
            "pk", "period__code", "goal_id", "activity_id", "status", "state"
        )


def export_parquet(plan_ids: Sequence[int], folder: Path) -> dict[str, int]:
    """Write each table of the plans to ``folder/<table>.parquet``; returns the row counts.

    The rows go through a CSV file that DuckDB turns into Parquet (``COPY ... TO``), so
    no other library is needed.
    """
    import duckdb

    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    con = duckdb.connect()
    try:
        for name, columns in TABLES.items():
            text = folder / f"{name}.csv"
            count = 0
            with text.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow([c for c, _t in columns])
                for row in _rows(name, plan_ids):
                    writer.writerow(["\\N" if v is None else v for v in row])
                    count += 1
            counts[name] = count
            types = ", ".join(f"'{c}': '{t}'" for c, t in columns)
            con.execute(
                f"COPY (SELECT * FROM read_csv('{text}', header = true, nullstr = '\\N', "  # noqa: S608
                f"columns = {{{types}}})) TO '{folder / name}.parquet' (FORMAT parquet)"
            )
            text.unlink()
    finally:
        con.close()
    (folder / "manifest.json").write_text(json.dumps({"plans": sorted(plan_ids), "rows": counts}))
    return counts


def exported_counts(folder: Path, plan_ids: Sequence[int]) -> dict[str, int] | None:
    """The row counts of an earlier export of exactly these plans, if it is complete."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError):
        return None
    if manifest.get("plans") != sorted(plan_ids):
        return None
    if not all((folder / f"{name}.parquet").exists() for name in TABLES):
        return None
    rows: dict[str, int] = manifest.get("rows", {})
    return rows


# --- the reference query -----------------------------------------------------------------

_PARSE = """
    CAST(substr(period, 1, 4) AS INTEGER) AS y,
    CASE WHEN length(period) = 4 THEN 12
         WHEN substr(period, 6, 1) = 'T' THEN 4 * CAST(substr(period, 7, 1) AS INTEGER)
         WHEN substr(period, 6, 1) = 'H' THEN 6 * CAST(substr(period, 7, 1) AS INTEGER)
         WHEN substr(period, 6, 1) = 'Q' THEN 3 * CAST(substr(period, 7, 1) AS INTEGER)
         ELSE CAST(substr(period, 6, 2) AS INTEGER) END AS em,
    CASE WHEN length(period) = 4 THEN 12
         WHEN substr(period, 6, 1) = 'T' THEN 4
         WHEN substr(period, 6, 1) = 'H' THEN 6
         WHEN substr(period, 6, 1) = 'Q' THEN 3
         ELSE 1 END AS span
"""

_STATUS_OF_SEVERITY = f"""CASE {{sev}} WHEN 0 THEN '{NOT_MET}' WHEN 1 THEN '{PARTLY_MET}'
    WHEN 2 THEN '{MET}' ELSE 'not_assessed' END"""


def _goal_level_sql(level: int) -> str:
    """The CTEs computing the goals of one level from the levels below it."""
    # Every piece of SQL here is built from constants and a parsed period code, never input.
    known = " UNION ALL ".join(f"SELECT gid, status FROM level{k}" for k in range(level))  # noqa: S608
    goal_inputs = (
        f"""
    UNION ALL
    SELECT e.up AS gid, 'goal' AS kind,
        CASE WHEN k.status = 'not_assessed' AND s.use_assessment AND ga.best IS NOT NULL
             THEN ga.best ELSE k.status END AS status,
        s.w_goal AS w
    FROM edge e JOIN ({known}) k ON k.gid = e.child
    JOIN goal_plan gp ON gp.gid = e.up JOIN plan_settings s ON s.pid = gp.pid
    LEFT JOIN goal_assessment ga ON ga.gid = e.child"""  # noqa: S608
        if level
        else ""
    )
    sev = "CASE status WHEN 'met' THEN 2 WHEN 'partly_met' THEN 1 WHEN 'not_met' THEN 0 END"
    return f"""
inputs{level} AS (
    SELECT gid, kind, status, w FROM leaf_input
    WHERE gid IN (SELECT gid FROM height WHERE h = {level}){goal_inputs}
),
counted{level} AS (
    SELECT h.gid,
        count(i.gid) AS n,
        count(i.gid) FILTER (WHERE {sev} = 2) AS met,
        count(i.gid) FILTER (WHERE {sev} = 1) AS partly,
        count(i.gid) FILTER (WHERE {sev} = 0) AS notmet,
        sum(i.w) FILTER (WHERE {sev} IS NOT NULL) AS tw,
        sum(i.w * ({sev}) / 2.0) FILTER (WHERE {sev} IS NOT NULL) AS sw
    FROM height h LEFT JOIN inputs{level} i ON i.gid = h.gid
    WHERE h.h = {level}
    GROUP BY h.gid
),
level{level} AS (
    SELECT c.gid, c.n, c.met, c.partly, c.notmet,
        CASE
            WHEN c.met + c.partly + c.notmet = 0 THEN 'not_assessed'
            WHEN s.goal_rule = 'weighted' THEN
                CASE WHEN c.tw <= 0 THEN 'not_assessed'
                     WHEN c.sw / c.tw >= s.met_at - 1e-9 THEN 'met'
                     WHEN c.sw / c.tw >= s.partly_at - 1e-9 THEN 'partly_met'
                     ELSE 'not_met' END
            WHEN s.goal_rule = 'majority' THEN
                CASE WHEN c.met * 2 > c.met + c.partly + c.notmet THEN 'met'
                     WHEN c.notmet * 2 > c.met + c.partly + c.notmet THEN 'not_met'
                     ELSE 'partly_met' END
            WHEN c.met = c.met + c.partly + c.notmet THEN 'met'
            WHEN c.notmet = c.met + c.partly + c.notmet THEN 'not_met'
            ELSE 'partly_met' END AS status
    FROM counted{level} c JOIN goal_plan gp ON gp.gid = c.gid
    JOIN plan_settings s ON s.pid = gp.pid
)"""  # noqa: S608


def reference_sql(folder: Path, period: str) -> str:
    """One query giving ``(kind, id, status, inputs, met, partly, not met)`` rows."""
    point = parse_period(period)
    year, end = point.year, point.end_month
    tables = "\n".join(
        f"{name} AS (SELECT * FROM read_parquet('{folder / name}.parquet')),"  # noqa: S608
        for name in TABLES
    )
    levels = ",".join(_goal_level_sql(k) for k in range(MAX_GOAL_LEVELS))
    all_levels = " UNION ALL ".join(
        f"SELECT gid, status, n, met, partly, notmet FROM level{k}"  # noqa: S608
        for k in range(MAX_GOAL_LEVELS)
    )
    assessable = ", ".join(f"'{s}'" for s in ASSESSABLE)
    rank = "CASE state WHEN 'approved' THEN 2 WHEN 'submitted' THEN 1 ELSE 0 END"
    return f"""
WITH
{tables}
m AS (
    SELECT iid, gender, value, {_PARSE}
    FROM measurement
    WHERE year IN ({year}, {year - 1}) AND value IS NOT NULL
),
cur AS (
    SELECT iid, gender, arg_max(value, em * 100 + span) AS actual
    FROM m WHERE y = {year} AND em <= {end} GROUP BY iid, gender
),
prv AS (
    SELECT iid, gender,
        arg_max(value, em * 100 + span) FILTER (WHERE em <= {end}) AS same_point,
        arg_max(value, em * 100 + span) AS latest
    FROM m WHERE y = {year - 1} GROUP BY iid, gender
),
tg AS (
    SELECT iid, year, coalesce(op, '') AS op, value,
        coalesce(nullif(relative_to, ''), 'absolute') AS rel, coalesce(gender, '') AS gender
    FROM target
),
gendered AS (SELECT DISTINCT iid, gender FROM tg WHERE gender IN ('K', 'M')),
ig AS (
    SELECT iid, 'T' AS g FROM indicator
    UNION SELECT iid, 'K' FROM indicator WHERE split
    UNION SELECT iid, 'M' FROM indicator WHERE split
    UNION SELECT iid, gender FROM gendered
),
pool AS (
    SELECT ig.iid, ig.g, t.year, t.op, t.value, t.rel
    FROM ig JOIN tg t ON t.iid = ig.iid
    LEFT JOIN gendered h ON h.iid = ig.iid AND h.gender = ig.g
    WHERE (ig.g = 'T' AND t.gender IN ('', 'T'))
       OR (ig.g <> 'T' AND h.iid IS NOT NULL AND t.gender = ig.g)
       OR (ig.g <> 'T' AND h.iid IS NULL AND t.gender = '')
),
pick AS (
    SELECT iid, g, bool_or(year = {year}) AS exact, bool_or(year IS NULL) AS undated,
        max(year) FILTER (WHERE year < {year}) AS earlier,
        min(year) FILTER (WHERE year > {year}) AS later
    FROM pool GROUP BY iid, g
),
chosen AS (
    SELECT p.* FROM pool p JOIN pick k ON k.iid = p.iid AND k.g = p.g
    WHERE CASE WHEN k.exact THEN p.year = {year}
               WHEN k.undated THEN p.year IS NULL
               WHEN k.earlier IS NOT NULL THEN p.year = k.earlier
               ELSE p.year = k.later END
),
facts AS (
    SELECT c.iid, c.g, c.rel, c.value AS tvalue, coalesce(i.direction, '') AS direction,
        i.b_value, s.tolerance, s.improving, cur.actual,
        coalesce(prv.same_point, prv.latest,
                 CASE WHEN i.b_year = {year - 1} THEN i.b_value END) AS previous,
        CASE WHEN c.op <> '' THEN c.op
             WHEN i.direction = 'increase' THEN
                 CASE WHEN c.rel IN ('previous_year', 'baseline') THEN '>' ELSE '>=' END
             WHEN i.direction = 'decrease' THEN
                 CASE WHEN c.rel IN ('previous_year', 'baseline') THEN '<' ELSE '<=' END
             ELSE '' END AS op
    FROM chosen c JOIN indicator i ON i.iid = c.iid
    JOIN plan_settings s ON s.pid = i.pid
    LEFT JOIN cur ON cur.iid = c.iid AND cur.gender = c.g
    LEFT JOIN prv ON prv.iid = c.iid AND prv.gender = c.g
),
thresholds AS (
    SELECT *,
        CASE WHEN rel = 'absolute' THEN tvalue
             WHEN reference IS NULL THEN NULL
             WHEN coalesce(tvalue, 0) = 0 THEN reference
             ELSE reference * (1 + (CASE WHEN op IN ('<', '<=') THEN -1 ELSE 1 END) * tvalue / 100)
        END AS thr,
        coalesce(previous, b_value) AS before,
        CASE WHEN direction = 'increase' THEN 1 WHEN direction = 'decrease' THEN -1
             WHEN op IN ('>', '>=') THEN 1 WHEN op IN ('<', '<=') THEN -1 ELSE 0 END AS better
    FROM (SELECT *, CASE WHEN rel = 'previous_year' THEN previous ELSE b_value END AS reference
          FROM facts)
),
judged AS (
    SELECT iid,
        CASE
            WHEN rel = 'absolute' AND tvalue IS NULL THEN NULL
            WHEN op = '' THEN NULL
            WHEN actual IS NULL THEN NULL
            WHEN thr IS NULL THEN NULL
            WHEN CASE op
                    WHEN '>=' THEN actual >= thr - 1e-9 * greatest(1.0, abs(thr))
                    WHEN '<=' THEN actual <= thr + 1e-9 * greatest(1.0, abs(thr))
                    WHEN '>' THEN actual > thr + 1e-9 * greatest(1.0, abs(thr))
                    WHEN '<' THEN actual < thr - 1e-9 * greatest(1.0, abs(thr))
                    ELSE abs(actual - thr) <= 1e-9 * greatest(1.0, abs(thr)) END THEN 2
            WHEN abs(thr) * tolerance / 100 > 0
                 AND abs(actual - thr) <= abs(thr) * tolerance / 100
                                          + 1e-9 * greatest(1.0, abs(thr)) THEN 1
            WHEN improving AND before IS NOT NULL AND CASE
                    WHEN better = 0 THEN abs(actual - thr) < abs(before - thr)
                    ELSE (actual - before) * better > 0 END THEN 1
            ELSE 0 END AS sev
    FROM thresholds
),
indicator_status AS (
    SELECT i.iid, i.gid, i.pid, {_STATUS_OF_SEVERITY.format(sev="min(j.sev)")} AS status
    FROM indicator i LEFT JOIN judged j ON j.iid = i.iid
    GROUP BY i.iid, i.gid, i.pid
),
period_assessment AS (
    SELECT * FROM assessment WHERE period = '{period}' AND status IN ({assessable})
),
goal_assessment AS (
    SELECT gid, arg_max(status, {rank} * 1000000000000 + id) AS best
    FROM period_assessment WHERE gid IS NOT NULL GROUP BY gid
),
activity_assessment AS (
    SELECT aid, arg_max(status, {rank} * 1000000000000 + id) AS best
    FROM period_assessment WHERE aid IS NOT NULL GROUP BY aid
),
goal_plan AS (SELECT gid, pid FROM goal),
edge AS (
    SELECT g.gid AS child, g.parent AS up FROM goal g JOIN goal p ON p.gid = g.parent
    UNION ALL
    SELECT c.source, c.target FROM contribution c
    JOIN goal a ON a.gid = c.source JOIN goal b ON b.gid = c.target
),
paths AS (
    WITH RECURSIVE walk(gid, h) AS (
        SELECT gid, 0 FROM goal
        UNION ALL
        SELECT e.up, w.h + 1 FROM walk w JOIN edge e ON e.child = w.gid
        WHERE w.h < {MAX_GOAL_LEVELS}
    )
    SELECT gid, max(h) AS h FROM walk GROUP BY gid
),
height AS (SELECT gid, h FROM paths),
leaf_input AS (
    SELECT s.gid, 'indicator' AS kind, s.status, ps.w_indicator AS w
    FROM indicator_status s JOIN goal_plan gp ON gp.gid = s.gid
    JOIN plan_settings ps ON ps.pid = gp.pid
    UNION ALL
    SELECT l.gid, 'activity',
        coalesce(aa.best, CASE a.status WHEN 'genomförd' THEN 'met'
                                        WHEN 'pågår' THEN 'partly_met'
                                        WHEN 'ej påbörjad' THEN 'not_met'
                                        ELSE 'not_assessed' END),
        ps.w_activity
    FROM activity_goal l JOIN activity a ON a.aid = l.aid
    JOIN goal_plan gp ON gp.gid = l.gid JOIN plan_settings ps ON ps.pid = gp.pid
    LEFT JOIN activity_assessment aa ON aa.aid = l.aid
),
{levels}
SELECT 'indicator' AS kind, iid AS id, status, 0 AS n, 0 AS met, 0 AS partly, 0 AS notmet
FROM indicator_status
UNION ALL
SELECT 'goal', gid, status, n, met, partly, notmet FROM ({all_levels})
"""  # noqa: S608


def reference_result(rows: Iterable[Sequence[Any]]) -> FollowUpResult:
    result = FollowUpResult()
    for kind, key, status, n, met, partly, notmet in rows:
        if kind == "indicator":
            result.indicators[int(key)] = status
        else:
            result.goals[int(key)] = (status, int(n), int(met), int(partly), int(notmet))
    return result


def run_reference(folder: Path, period: str) -> FollowUpResult:
    import duckdb

    con = duckdb.connect()
    try:
        return reference_result(con.execute(reference_sql(folder, period)).fetchall())
    finally:
        con.close()


@dataclass
class Timings:
    styr_seconds: float
    reference_seconds: float
    styr: FollowUpResult
    reference: FollowUpResult
    problems: list[str]
    # CPU seconds of this process (DuckDB's threads included): steadier than the wall
    # clock on a machine shared with other work, though blind to time spent in a server.
    styr_cpu_seconds: float = 0.0
    reference_cpu_seconds: float = 0.0


def measure(plan_ids: Sequence[int], folder: Path, period: str, repeat: int) -> Timings:
    """Best of ``repeat`` runs of each side, then the comparison of their results."""
    styr_times, reference_times, styr_cpu, reference_cpu = [], [], [], []
    ours = theirs = FollowUpResult()
    for _round in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        ours = styr_result(plan_ids, period)
        styr_times.append(time.perf_counter() - started)
        styr_cpu.append(time.process_time() - cpu)
        started, cpu = time.perf_counter(), time.process_time()
        theirs = run_reference(folder, period)
        reference_times.append(time.perf_counter() - started)
        reference_cpu.append(time.process_time() - cpu)
    return Timings(
        min(styr_times),
        min(reference_times),
        ours,
        theirs,
        compare(ours, theirs),
        min(styr_cpu),
        min(reference_cpu),
    )


def statuses_table(result: FollowUpResult) -> Mapping[str, Any]:
    return result.summary()
