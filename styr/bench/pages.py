"""Benchmark 2: page latency under 10 concurrent clients, against a static file.

Styr runs under gunicorn (the production server ``styr serve`` uses) on loopback, against
the benchmark database; a logged-in client (a real session cookie from the log-in form)
asks for each page with ``clients`` threads until ``requests`` answers or ``seconds`` have
passed, whichever comes first. The reference is a static file (the stylesheet, served by
whitenoise from the same server) under the same load, so the figure shows what the page
itself costs over the server, the network stack and the load generator.

The figure is the production set-up, with the shared page cache (``styr.core.datacache``):
each worker computes a page's costly part once per data version. Each worker's first request
for a page is therefore a miss; the rest are hits until the data changes. The details also
give a second pass with the cache off (``uncached``, at most 50 requests a page), which is
what readers wait for right after a change.
"""

from __future__ import annotations

import math
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from django.db.models import Count
from django.urls import reverse

from styr.bench.core import FAIL, SKIPPED, BenchResult, Figure, Target, process_peak_mib

TARGET_P95_MS = 150.0
STATIC_PATH = "/static/styr/styr.css"
BENCH_USER = "styr-bench"


@dataclass
class Page:
    key: str
    url_name: str
    pk: int | None = None
    url: str = ""


@dataclass
class Latency:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    seconds: float = 0.0
    warmups: int = 0
    warmup_ms: list[float] = field(default_factory=list)

    def percentile(self, p: float) -> float | None:
        # A page so slow that no request started after the warm-ups is judged by those.
        measured = self.latencies_ms or self.warmup_ms
        if not measured:
            return None
        ordered = sorted(measured)
        # Nearest rank: the smallest value with at least p % of the values at or below it.
        index = min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))
        return ordered[index]

    def as_dict(self) -> dict[str, Any]:
        p50, p95 = self.percentile(50), self.percentile(95)
        measured = self.latencies_ms or self.warmup_ms
        return {
            "requests": len(self.latencies_ms),
            "judged_by_warmups": not self.latencies_ms and bool(self.warmup_ms),
            "p50_ms": None if p50 is None else round(p50, 1),
            "p95_ms": None if p95 is None else round(p95, 1),
            "max_ms": round(max(measured), 1) if measured else None,
            "mean_ms": round(statistics.fmean(measured), 1) if measured else None,
            "requests_per_second": round(len(self.latencies_ms) / self.seconds, 1)
            if self.seconds
            else None,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "errors": self.errors,
        }


def pages_for(municipality_id: int) -> list[Page]:
    """The four pages, each on the biggest object of its kind in the municipality."""
    from styr.internal_control.models import Risk
    from styr.plans.models import Goal, Plan

    plans = Plan.objects.filter(owner__municipality_id=municipality_id)
    plan = plans.annotate(n=Count("goals")).order_by("-n", "pk").first()
    goal = (
        Goal.objects.filter(plan__in=plans)
        .annotate(n=Count("indicators"))
        .order_by("-n", "pk")
        .first()
    )
    risk_plan = (
        Risk.objects.filter(plan__in=plans)
        .values("plan_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "plan_id")
        .first()
    )
    return [
        Page("start", "web:home"),
        Page("plan", "plans:plan-detail", plan.pk if plan else None),
        Page("goal", "plans:goal-detail", goal.pk if goal else None),
        Page(
            "risk_matrix", "internal_control:register", risk_plan["plan_id"] if risk_plan else None
        ),
    ]


def resolve(page: Page) -> Page:
    """The page's URL: its URL name, with the object's id for every page but the start page
    (NoReverseMatch when the data set has no such object)."""
    page.url = reverse(page.url_name, args=[] if page.pk is None else [page.pk])
    return page


# --- the server --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(
    port: int, workers: int, log: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "styr.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--error-logfile",
        str(log),
        "--timeout",
        "120",
    ]
    return subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
        command,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until_up(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + reverse("login"), timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server at {base} did not answer within {seconds:.0f} s")


def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(entry.name))
    return pids


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds the processes have used (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def bench_user() -> tuple[str, str]:
    """A superuser for the benchmark, with a fresh random password each run."""
    from django.contrib.auth import get_user_model

    password = secrets.token_urlsafe(16)
    user, _created = get_user_model().objects.get_or_create(username=BENCH_USER)
    user.is_staff = user.is_superuser = user.is_active = True
    user.set_password(password)
    user.save()
    return BENCH_USER, password


def log_in(base: str, username: str, password: str) -> dict[str, str]:
    """Log in through the log-in form; returns the cookies (session and CSRF)."""
    with httpx.Client(base_url=base, timeout=30) as client:
        form = client.get(reverse("login"))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        if token is None:
            raise RuntimeError("the log-in page has no CSRF token")
        answer = client.post(
            reverse("login"),
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": token.group(1),
            },
        )
        if answer.status_code != 302 or "sessionid" not in client.cookies:
            raise RuntimeError(f"logging in failed (HTTP {answer.status_code})")
        return dict(client.cookies.items())


def load(
    base: str, path: str, cookies: dict[str, str], clients: int, requests: int, seconds: float
) -> Latency:
    """``clients`` threads ask for ``path`` until ``requests`` answers or ``seconds`` pass."""
    result = Latency(warmups=clients)
    lock = threading.Lock()
    remaining = [requests]
    deadline = time.monotonic() + seconds

    def worker() -> None:
        with httpx.Client(base_url=base, cookies=cookies, timeout=60) as client:
            started = time.perf_counter()
            client.get(path)  # warm-up: connection and the worker's first request
            with lock:
                result.warmup_ms.append((time.perf_counter() - started) * 1000)
            while True:
                with lock:
                    if remaining[0] <= 0 or time.monotonic() > deadline:
                        return
                    remaining[0] -= 1
                started = time.perf_counter()
                try:
                    answer = client.get(path)
                    status = answer.status_code
                except httpx.HTTPError:
                    status = 0
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    result.latencies_ms.append(elapsed)
                    result.statuses[status] = result.statuses.get(status, 0) + 1
                    if status != 200:
                        result.errors += 1

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def _with_cpu(latency: Latency, cpu: float) -> dict[str, Any]:
    """The latencies, plus the server's CPU per answer (warm-ups counted): what a page
    costs the server whatever else the machine is doing."""
    answered = len(latency.latencies_ms) + latency.warmups
    return {
        **latency.as_dict(),
        "server_cpu_ms_per_request": round(cpu * 1000 / answered, 1) if answered else None,
    }


def _server_can_share(database: dict[str, Any]) -> bool:
    name = str(database.get("NAME", ""))
    return not (database["ENGINE"].endswith("sqlite3") and ("memory" in name or not name))


UNCACHED_REQUESTS = 50


@dataclass
class Server:
    """A gunicorn serving the benchmark database, for one measuring pass."""

    process: subprocess.Popen[bytes]
    base: str
    workers: list[int]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def serve(context: Any, workers: int, env: dict[str, str]) -> Server:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_server(port, workers, context.work / f"gunicorn-{port}.log", env)
    try:
        wait_until_up(base)
    except RuntimeError:
        process.kill()
        raise
    return Server(process, base, worker_pids(process.pid))


def measure_pages(
    server: Server,
    pages: Sequence[Page],
    cookies: dict[str, str],
    clients: int,
    requests: int,
    seconds: float,
) -> dict[str, Any]:
    measured: dict[str, Any] = {}
    for page in pages:
        cpu = cpu_seconds(server.workers)
        latency = load(server.base, page.url, cookies, clients, requests, seconds)
        measured[page.key] = {
            "status": "measured",
            "url_name": page.url_name,
            "url": page.url,
            **_with_cpu(latency, cpu_seconds(server.workers) - cpu),
        }
    return measured


def run(context: Any) -> BenchResult:
    """Two passes with the same clients: the production set-up, where each worker keeps the
    costly part of a page until the data changes (``styr.core.datacache``), and a pass with
    that cache off, which is what the first reader after a change waits for."""
    from django.core.management import call_command
    from django.db import connection

    clients = int(context.options.get("clients", 10))
    requests = int(context.options.get("requests", 200))
    seconds = float(context.options.get("page_seconds", 20.0))
    result = BenchResult(
        "pages",
        "Sidornas svarstid med 10 samtidiga klienter",
        Figure(None, "ms", "worst p95 of start, plan, goal and risk matrix pages"),
        Figure(None, "ms", f"p95 of the static file {STATIC_PATH} from the same server"),
        Target("figure", "<=", TARGET_P95_MS, f"p95 ≤ {TARGET_P95_MS:.0f} ms"),
    )
    if not _server_can_share(connection.settings_dict):
        result.status = SKIPPED
        result.note = "the database is in this process's memory; a server cannot open it"
        return result.finish()
    pages = [resolve(p) for p in pages_for(context.municipality_id)]
    username, password = bench_user()
    call_command("collectstatic", interactive=False, verbosity=0)
    workers = 2 * (os.cpu_count() or 1) + 1
    context.work.mkdir(parents=True, exist_ok=True)
    connection.close()  # the server's workers open their own connections
    details: dict[str, Any] = {
        "clients": clients,
        "max_requests_per_page": requests,
        "max_seconds_per_page": seconds,
        "server": f"gunicorn, {workers} sync workers, 127.0.0.1",
        "pages": {},
    }
    server = serve(context, workers, {})
    try:
        cookies = log_in(server.base, username, password)
        cpu = cpu_seconds(server.workers)
        static = load(server.base, STATIC_PATH, cookies, clients, requests, seconds)
        details["static"] = _with_cpu(static, cpu_seconds(server.workers) - cpu)
        details["pages"] = measure_pages(server, pages, cookies, clients, requests, seconds)
        peaks = [process_peak_mib(pid) for pid in worker_pids(server.process.pid)]
        known = [p for p in peaks if p is not None]
        result.memory_mib = max(known) if known else None
        result.memory_method = "peak resident set (VmHWM) of the largest gunicorn worker"
    finally:
        server.stop()
    uncached = serve(context, workers, {"STYR_CACHE_SECONDS": "0"})
    try:
        details["uncached"] = {
            "max_requests_per_page": min(requests, UNCACHED_REQUESTS),
            "pages": measure_pages(
                uncached, pages, cookies, clients, min(requests, UNCACHED_REQUESTS), seconds
            ),
        }
    finally:
        uncached.stop()
    measured = details["pages"].values()
    result.details = details
    result.reference.value = details["static"]["p95_ms"]
    result.figure.value = max(d["p95_ms"] for d in measured if d["p95_ms"] is not None)
    result.finish()
    failing = [
        k
        for k in details["pages"]
        if details["pages"][k].get("errors") or details["uncached"]["pages"][k].get("errors")
    ]
    notes = []
    if failing:
        result.status, result.passed = FAIL, False
        notes.append("pages answering other than 200: " + ", ".join(failing))
    uncached_p95 = [
        d["p95_ms"] for d in details["uncached"]["pages"].values() if d.get("p95_ms") is not None
    ]
    if uncached_p95:
        notes.append(f"worst p95 with the page cache off: {max(uncached_p95):.0f} ms")
    result.note = "; ".join(notes)
    return result


def summary(details: dict[str, Any], keys: Sequence[str] = ("p50_ms", "p95_ms")) -> str:
    parts = []
    for name, page in details.get("pages", {}).items():
        parts.append(f"{name} " + "/".join(str(page.get(k)) for k in keys))
    return ", ".join(parts)
