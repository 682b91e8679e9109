"""Writing many measurements at once, with their simple-history rows, in a few queries.

Django's per-object ``save`` (and ``bulk_create_with_history``) compiles SQL value by
value; a file import or a Kolada sync of tens of thousands of values spent nearly all its
time there. These functions write plain rows (COPY on PostgreSQL) and then the history
rows in one ``INSERT ... SELECT`` per batch: ``+`` for new, ``~`` for changed, ``-`` for
deleted values, each with the caller's reason and the default history user, as a save
would have written them. The caller holds the transaction.

On SQLite new rows go in as multi-row ``INSERT``s, as many rows per statement as the
library's parameter limit allows (at most ``INSERT_ROWS``): Python's ``executemany`` binds
and steps one row at a time and took twice as long for the same rows. Like ``COPY``, they
are sent through the driver's own connection: Django's SQLite cursor rewrites every ``%s``
of a statement with a regular expression, a quarter of the cost of a statement of 3,000
parameters. Django's execute wrappers do not see these writes, so they tell the page cache
themselves (``styr.core.datacache.data_changed``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from functools import cache
from itertools import chain
from typing import Any, cast

from django.conf import settings
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import JSONField

from styr.core.datacache import data_changed
from styr.followup.models import Measurement

# indicator id, period, year, gender, value
NewRow = tuple[int, str, int, str, float | None]

# Rows per multi-row INSERT on SQLite (fewer if the parameter limit is lower): larger
# statements were no faster.
INSERT_ROWS = 500
# Rows per UPDATE ... FROM (VALUES ...): three parameters each, within SQLite's 32,766.
UPDATE_BATCH = 5_000
# Ids per IN (...) list.
ID_BATCH = 10_000


def _connection() -> BaseDatabaseWrapper:
    return connections[router.db_for_write(Measurement)]


def _table() -> str:
    return _connection().ops.quote_name(Measurement._meta.db_table)


def max_query_params(connection: BaseDatabaseWrapper) -> int:
    """Parameters one statement may carry: SQLite's compiled limit (32,766 since 3.32,
    999 before; Django's ``max_query_params`` assumes the old one), else PostgreSQL's."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        limit: int = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return limit
    return 65_535


def insert_measurements(
    rows: Sequence[NewRow],
    *,
    origin: str,
    now: datetime,
    reason: str,
    user_id: int | None = None,
    extras: Sequence[dict[str, Any] | str] | None = None,
) -> None:
    """New measurements as plain rows, and their history rows (``+``) in one
    ``INSERT ... SELECT``. The new rows are told apart by id (above the largest before),
    origin and ``now``, which is their ``entered_at``; ``extras`` (one per row, a dict or
    its JSON text already encoded) defaults to ``{}``."""
    connection = _connection()
    quote = connection.ops.quote_name
    meta = Measurement._meta
    field = {f.name: f for f in meta.concrete_fields}.__getitem__
    entered_at = field("entered_at").get_db_prep_save(now, connection)
    row_names = ("indicator", "period", "year", "gender", "value", "extra")
    constant_names = ("origin", "entered_by", "entered_at", "position")
    constants = (origin, user_id, entered_at, 0)
    columns = ", ".join(quote(field(name).column) for name in row_names + constant_names)
    table = _table()
    # What JSONField.get_db_prep_save ends in for a dict, without its layers per row.
    adapt_json = connection.ops.adapt_json_value
    encoder = cast(JSONField, field("extra")).encoder
    if extras is None:
        empty = adapt_json({}, encoder)
        full = [(*row, empty) for row in rows]
    else:
        full = [
            (*row, extra if isinstance(extra, str) else adapt_json(extra, encoder))
            for row, extra in zip(rows, extras, strict=True)
        ]

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX({quote('id')}), 0) FROM {table}")  # noqa: S608
        before = cursor.fetchone()[0]
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in full:
                    copy.write_row((*row, *constants))
        else:
            # One statement per batch, the constants bound once per statement, in the
            # driver's placeholders (?) on the driver's connection (see the module's text).
            width = len(row_names)
            per_statement = (max_query_params(connection) - len(constants)) // width
            size = max(1, min(INSERT_ROWS, per_statement))
            selected = ", ".join(f"column{n}" for n in range(1, width + 1))
            group = "(" + ", ".join(["?"] * width) + ")"
            driver = connection.connection
            with connection.wrap_database_errors:
                for start in range(0, len(full), size):
                    batch = full[start : start + size]
                    driver.execute(
                        f"INSERT INTO {table} ({columns}) "  # noqa: S608
                        f"SELECT {selected}, ?, ?, ?, ? "
                        f"FROM (VALUES {', '.join([group] * len(batch))})",
                        [*constants, *chain.from_iterable(batch)],
                    )
    data_changed(connection.alias)  # COPY and the driver's INSERTs pass no execute wrapper
    _record_history(
        "+",
        f"{quote('id')} > %s AND origin = %s AND entered_at = %s",
        [before, origin, entered_at],
        now=now,
        reason=reason,
    )


def update_measurements(
    changes: Mapping[int, tuple[float | None, dict[str, Any]]],
    *,
    now: datetime,
    reason: str,
) -> None:
    """Set the value and ``extra`` of existing measurements (by id); ``entered_at`` becomes
    ``now`` as a save would set it. One ``UPDATE ... FROM (VALUES ...)`` and one history
    ``INSERT ... SELECT`` (``~``) per batch."""
    connection = _connection()
    quote = connection.ops.quote_name
    table = _table()
    extra_field = Measurement._meta.get_field("extra")
    entered_at = Measurement._meta.get_field("entered_at").get_db_prep_save(now, connection)
    if connection.vendor == "postgresql":
        row = "(%s::bigint, %s::double precision, %s::jsonb)"
    else:
        row = "(%s, %s, %s)"
    ids = list(changes)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), UPDATE_BATCH):
            batch = ids[start : start + UPDATE_BATCH]
            params: list[Any] = []
            for pk in batch:
                value, extra = changes[pk]
                params += [pk, value, extra_field.get_db_prep_save(extra, connection)]
            cursor.execute(
                f"WITH v (id, value, extra) AS (VALUES {', '.join([row] * len(batch))}) "  # noqa: S608
                f"UPDATE {table} SET {quote('value')} = v.value, extra = v.extra, "
                f"entered_at = %s FROM v WHERE {table}.{quote('id')} = v.id",
                [*params, entered_at],
            )
            _record_ids_history("~", batch, now=now, reason=reason)


def set_origin(ids: Collection[int], origin: str, *, now: datetime, reason: str) -> None:
    """Give measurements another origin (``entered_at`` becomes ``now``), with ``~`` history."""
    connection = _connection()
    entered_at = Measurement._meta.get_field("entered_at").get_db_prep_save(now, connection)
    ordered = list(ids)
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), ID_BATCH):
            batch = ordered[start : start + ID_BATCH]
            cursor.execute(
                f"UPDATE {_table()} SET origin = %s, entered_at = %s "  # noqa: S608
                f"WHERE {connection.ops.quote_name('id')} IN ({', '.join(['%s'] * len(batch))})",
                [origin, entered_at, *batch],
            )
            _record_ids_history("~", batch, now=now, reason=reason)


def delete_measurements(ids: Collection[int], *, now: datetime, reason: str) -> None:
    """Delete measurements by id, recording each as a ``-`` history row first."""
    connection = _connection()
    ordered = list(ids)
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), ID_BATCH):
            batch = ordered[start : start + ID_BATCH]
            _record_ids_history("-", batch, now=now, reason=reason)
            cursor.execute(
                f"DELETE FROM {_table()} "  # noqa: S608
                f"WHERE {connection.ops.quote_name('id')} IN ({', '.join(['%s'] * len(batch))})",
                batch,
            )


def _record_ids_history(kind: str, ids: Sequence[int], *, now: datetime, reason: str) -> None:
    quote = _connection().ops.quote_name
    _record_history(
        kind,
        f"{quote('id')} IN ({', '.join(['%s'] * len(ids))})",
        list(ids),
        now=now,
        reason=reason,
    )


@cache
def _history_model() -> Any:
    """The historical model (``Measurement.history`` builds a new manager class each time)."""
    return Measurement.history.model


def _record_history(
    kind: str, where: str, params: list[Any], *, now: datetime, reason: str
) -> None:
    """History rows (``kind`` is ``+``, ``~`` or ``-``) holding the current state of the
    measurements ``where`` selects, in one ``INSERT ... SELECT``."""
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    connection = _connection()
    quote = connection.ops.quote_name
    history = _history_model()
    tracked = ", ".join(quote(f.column) for f in history.tracked_fields)
    history_user = history.get_default_history_user(Measurement())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608
            f"({tracked}, history_date, history_change_reason, history_type, history_user_id) "
            f"SELECT {tracked}, %s, %s, %s, %s FROM {_table()} WHERE {where} "
            # In the measurements' order: without it the history of one batch came in
            # whatever order the plan read the rows (an updated row moves on PostgreSQL).
            f"ORDER BY {quote('id')}",
            [
                connection.ops.adapt_datetimefield_value(now),
                reason,
                kind,
                history_user.pk if history_user is not None else None,
                *params,
            ],
        )
