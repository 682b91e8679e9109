"""``styr bench --json`` prints one object with the same keys for every benchmark."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from styr.bench import core, runner

RESULT_KEYS = {
    "title",
    "status",
    "figure",
    "reference",
    "ratio",
    "target",
    "passed",
    "seconds",
    "memory",
    "note",
    "details",
}


def test_unknown_benchmark_is_refused() -> None:
    with pytest.raises(CommandError, match="Okänd mätning: nothing"):
        call_command("bench", "--only", "nothing", "--json")


def test_scratch_database_never_is_the_given_one(tmp_path: Path) -> None:
    given = "postgres://postgres@127.0.0.1:5432/styr"
    assert core.scratch_url("M", 2, given, tmp_path) == (
        "postgres://postgres@127.0.0.1:5432/styr_bench_m_2"
    )
    assert core.scratch_url("S", 1, None, tmp_path) == (
        f"sqlite:///{tmp_path / 'styr_bench_s_1.sqlite3'}"
    )


def test_target_verdicts() -> None:
    result = core.BenchResult(
        "x",
        "x",
        core.Figure(6.0, "s", ""),
        core.Figure(3.0, "s", ""),
        core.Target("ratio", "<=", 3.0, ""),
    ).finish()
    assert (result.ratio, result.status, result.passed) == (2.0, core.PASS, True)
    result.figure.value = 12.0
    assert result.finish().status == core.FAIL


@pytest.mark.django_db(transaction=True)
def test_bench_json_in_process(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command(
        "bench",
        "--size",
        "S",
        "--only",
        "followup,import_csv,import_kolada",
        "--json",
        "--repeat",
        "1",
        "--import-rows",
        "300",
        "--use-current-database",
        stdout=out,
    )
    report = json.loads(out.getvalue())
    assert {"size", "seed", "machine", "database", "dataset", "benchmarks", "summary"} <= set(
        report
    )
    assert report["machine"]["cores"] >= 1
    assert set(report["benchmarks"]) == {"followup", "import_csv", "import_kolada"}
    for name, result in report["benchmarks"].items():
        assert set(result) == RESULT_KEYS, name
        assert result["status"] in (core.PASS, core.FAIL), result["note"]
        assert result["figure"]["value"] > 0
        assert result["reference"]["value"] > 0
        assert result["ratio"] == pytest.approx(
            result["figure"]["value"] / result["reference"]["value"], rel=1e-3
        )
    followup = report["benchmarks"]["followup"]
    assert followup["details"]["equal"] is True
    assert followup["details"]["indicators"] == 120
    assert report["benchmarks"]["import_csv"]["details"]["created"] == 300
    kolada = report["benchmarks"]["import_kolada"]["details"]
    assert (kolada["created"], kolada["best_of"]) == (300, 1)
    assert kolada["cpu_seconds"] > 0
    assert kolada["reference_cpu_seconds"] > 0
    assert report["dataset"]["measurements"] > 0


@pytest.mark.django_db
def test_each_page_is_its_url_name_on_the_biggest_object(
    org: Any, client: Any, admin_user: Any
) -> None:
    from django.urls import NoReverseMatch
    from django.urls import resolve as route

    from styr.accounts.tests.builders import build_plan
    from styr.bench.pages import Page, pages_for, resolve
    from styr.internal_control.tests.builders import build_internal_control

    built = build_plan(org)  # three goals, two with an indicator each, and one risk
    control = build_internal_control(org)  # three risks
    pages = {page.key: resolve(page) for page in pages_for(org.municipality.pk)}
    assert {key: (page.url_name, page.pk) for key, page in pages.items()} == {
        "start": ("web:home", None),
        "plan": ("plans:plan-detail", built.plan.pk),
        "goal": ("plans:goal-detail", built.housing_goal.pk),
        "risk_matrix": ("internal_control:register", control.plan.pk),
    }
    client.force_login(admin_user)
    for key, page in pages.items():
        assert route(page.url).view_name == page.url_name, key
        assert client.get(page.url).status_code == 200, key
    # A page whose object the data set lacks is an error, not a page left out of the figure.
    with pytest.raises(NoReverseMatch):
        resolve(Page("plan", "plans:plan-detail"))


def test_growth_ratios() -> None:
    small = {"size": "S", "dataset": {"measurements": 100}, "benchmarks": {}}
    large = {"size": "M", "dataset": {"measurements": 1000}, "benchmarks": {}}
    small["benchmarks"] = {"followup": {"figure": {"value": 0.1}}}
    large["benchmarks"] = {"followup": {"figure": {"value": 0.8}}}
    assert runner.growth([large, small]) == {"S->M": {"data": 10.0, "followup": 8.0}}


def test_a_page_slower_than_the_time_box_is_judged_by_its_warmups() -> None:
    from styr.bench.pages import Latency

    slow = Latency(warmups=2, warmup_ms=[4000.0, 5000.0])
    summary = slow.as_dict()
    assert summary["requests"] == 0
    assert summary["judged_by_warmups"] is True
    assert summary["p95_ms"] == 5000.0
    quick = Latency(latencies_ms=[float(n) for n in range(1, 101)], warmup_ms=[900.0])
    assert (quick.percentile(50), quick.percentile(95)) == (50.0, 95.0)


def test_a_child_that_dies_is_an_error_with_its_reason(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import subprocess

    prepared = json.dumps(
        {
            "dataset": {"municipality_id": 1, "reused": True, "measurements": 10},
            "database": {"vendor": "sqlite", "version": "3", "name": "x"},
        }
    )

    def fake_child(arguments: list[str], env: dict[str, str], timeout: float) -> Any:
        if arguments[1] == "prepare":
            return subprocess.CompletedProcess(arguments, 0, prepared + "\n", "")
        return subprocess.CompletedProcess(arguments, 1, "", "MemoryError: out of memory")

    monkeypatch.setattr(core, "run_child", fake_child)
    context = runner.Context(size="S", seed=1, work=tmp_path)
    report = runner.run_in_children(context, ["followup"], "sqlite:///x", lambda _m: None, 10)
    result = report["benchmarks"]["followup"]
    assert result["status"] == core.ERROR
    assert "MemoryError: out of memory" in result["note"]
    assert report["summary"]["errors"] == ["followup"]
