"""Several plans' documents at once, one process per core.

WeasyPrint and python-docx are pure Python: one process renders on one core, and a nämnd's
follow-up package of nine plans took half a minute of CPU as PDF. The plans' documents are
independent files, so they are rendered in a pool of processes, each with its own database
connection. The pool is started with ``spawn`` (a fresh interpreter that sets Django up),
not ``fork``, because a forked child would share the parent's connections and the font
and layout libraries' state.

The workers read only committed data, so ``can_share`` refuses while the caller's
connection is inside a transaction (a test, or a request that just wrote), and for an
SQLite database in memory, which no other process can open. This module imports no models
at the top: a spawned worker imports it before Django is set up.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any


def can_share() -> bool:
    from django.db import connection

    if connection.in_atomic_block:
        return False
    if connection.vendor != "sqlite":
        return True
    from django.db.backends.sqlite3.creation import DatabaseCreation

    return not DatabaseCreation.is_in_memory_db(connection.settings_dict["NAME"])


def processes_for(documents: int, workers: int | None = None) -> int:
    """How many processes render ``documents`` documents: one per core (or ``workers``),
    no more than there are documents, and 1 when the database cannot be shared."""
    if not can_share():
        return 1
    return max(1, min(workers or os.cpu_count() or 1, documents))


def render_many(
    kind: str, plan_ids: Sequence[int], fmt_name: str, period: str | None, workers: int
) -> list[bytes]:
    """The documents in ``plan_ids``' order, rendered by ``workers`` processes."""
    from django.db import connection, connections

    database = dict(connection.settings_dict)
    connections.close_all()  # the children open their own; nothing is carried over
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(database,)
    ) as pool:
        jobs = [(kind, pk, fmt_name, period) for pk in plan_ids]
        return list(pool.map(_render_one, jobs))


def _start_worker(database: dict[str, Any]) -> None:
    """Django in the child, on the parent's database (also a test database the parent
    switched to, which the environment does not name)."""
    import django
    from django.conf import settings

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styr.settings")
    settings.DATABASES["default"] = database  # type: ignore[assignment]
    django.setup()


def _render_one(job: tuple[str, int, str, str | None]) -> bytes:
    from styr.plans.models import Plan
    from styr.reports.services import make_document

    kind, plan_id, fmt_name, period = job
    return make_document(kind, Plan.objects.get(pk=plan_id), fmt_name, period)
