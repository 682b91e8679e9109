"""What every benchmark shares: its result, peak memory, the machine, the scratch database.

A result has the same keys at every size and for every benchmark, so two runs (two sizes,
two machines) can be compared key by key. ``status`` is ``pass`` or ``fail`` against the
target, ``missing`` when the thing measured does not exist yet in this checkout (a page
whose URL does not resolve, a report service not written), ``skipped`` when it cannot run
here, and ``error`` when the benchmark itself broke.
"""

from __future__ import annotations

import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

PASS, FAIL, MISSING, SKIPPED, ERROR = "pass", "fail", "missing", "skipped", "error"

MEMORY_METHOD = (
    "peak resident set (getrusage ru_maxrss) minus the resident set before the benchmark, "
    "in a process that runs only that benchmark"
)
MEMORY_METHOD_IN_PROCESS = (
    "peak resident set (getrusage ru_maxrss) growth during the benchmark, in a process that "
    "ran other work before (0 when an earlier peak was higher)"
)


@dataclass
class Figure:
    value: float | None
    unit: str
    what: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Target:
    """``ratio`` or ``figure`` compared with ``op`` (``<=``, ``>=``) and ``value``."""

    of: str
    op: str
    value: float
    text: str

    def met(self, figure: float | None, ratio: float | None) -> bool | None:
        number = ratio if self.of == "ratio" else figure
        if number is None:
            return None
        return number <= self.value if self.op == "<=" else number >= self.value

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class BenchResult:
    name: str
    title: str
    figure: Figure
    reference: Figure
    target: Target
    status: str = ERROR
    ratio: float | None = None
    passed: bool | None = None
    seconds: float = 0.0
    memory_mib: float | None = None
    memory_method: str = MEMORY_METHOD
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    def finish(self) -> BenchResult:
        """Work out the ratio and the verdict (unless the status is already decided)."""
        f, r = self.figure.value, self.reference.value
        if f is not None and r:
            self.ratio = f / r
        if self.status in (MISSING, SKIPPED):
            return self
        self.passed = self.target.met(f, self.ratio)
        if self.status != ERROR or f is not None:
            self.status = PASS if self.passed else FAIL
        return self

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "status": self.status,
            "figure": self.figure.as_dict(),
            "reference": self.reference.as_dict(),
            "ratio": None if self.ratio is None else round(self.ratio, 4),
            "target": self.target.as_dict(),
            "passed": self.passed,
            "seconds": round(self.seconds, 3),
            "memory": {
                "peak_mib": None if self.memory_mib is None else round(self.memory_mib, 1),
                "method": self.memory_method,
            },
            "note": self.note,
            "details": self.details,
        }


# --- memory ------------------------------------------------------------------------------


def resident_mib() -> float:
    """The process's resident set now (Linux /proc; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mib() -> float:
    """The process's peak resident set so far (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def process_peak_mib(pid: int) -> float | None:
    """Another process's peak resident set (VmHWM), e.g. a server worker's."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def run_measured(action: Callable[[], BenchResult], in_process: bool) -> BenchResult:
    before = resident_mib() if not in_process else peak_mib()
    started = time.perf_counter()
    result = action()
    result.seconds = time.perf_counter() - started
    if result.memory_mib is None:
        result.memory_mib = max(0.0, peak_mib() - before)
        result.memory_method = MEMORY_METHOD_IN_PROCESS if in_process else MEMORY_METHOD
    return result


# --- the machine -------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    except (OSError, ValueError):
        pass
    return None


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return platform.platform()


def machine() -> dict[str, Any]:
    import django

    try:
        import duckdb

        duckdb_version = duckdb.__version__
    except ImportError:
        duckdb_version = None
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "os": _os_name(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "duckdb": duckdb_version,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def database_description() -> dict[str, Any]:
    from django.db import connection

    vendor = connection.vendor
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        name = str(connection.settings_dict["NAME"])
    else:
        import sqlite3

        version = sqlite3.sqlite_version
        name = Path(str(connection.settings_dict["NAME"])).name
    return {"vendor": vendor, "version": version, "name": name}


# --- the scratch database ----------------------------------------------------------------


def bench_dir() -> Path:
    from django.conf import settings

    return Path(settings.VAR_DIR) / "bench"


def scratch_key(size: str, seed: int) -> str:
    return f"{size.lower()}_{seed}"


def scratch_url(size: str, seed: int, given: str | None, folder: Path) -> str:
    """The benchmark's own database for this size and seed.

    PostgreSQL when a PostgreSQL URL is given (its database name is replaced by
    ``styr_bench_<size>_<seed>``, so a benchmark never writes into the database the URL
    named), else an SQLite file in ``folder``.
    """
    key = scratch_key(size, seed)
    if given and urlsplit(given).scheme in ("postgres", "postgresql", "pgsql"):
        parts = urlsplit(given)
        return urlunsplit(parts._replace(path=f"/styr_bench_{key}"))
    return f"sqlite:///{folder / f'styr_bench_{key}.sqlite3'}"


def ensure_postgres_database(url: str) -> None:
    """Create the PostgreSQL database the URL names when it does not exist."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as con:
        found = con.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not found:
            con.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def child_command(arguments: list[str]) -> list[str]:
    return [sys.executable, "-m", "styr.cli", "bench", *arguments]


def run_child(
    arguments: list[str], env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and command
        child_command(arguments),
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
