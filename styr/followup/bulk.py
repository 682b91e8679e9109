"""Writing many measurements at once, with their simple-history rows, in a few queries.

Django's per-object ``save`` (and ``bulk_create_with_history``) compiles SQL value by
value; a file import or a Kolada sync of tens of thousands of values spent nearly all its
time there. These functions write plain rows (COPY on PostgreSQL) and then the history
rows in one ``INSERT ... SELECT`` per batch: ``+`` for new, ``~`` for changed, ``-`` for
deleted values, each with the caller's reason and the default history user, as a save
would have written them. The caller holds the transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper

from styr.followup.models import Measurement

# indicator id, period, year, gender, value
NewRow = tuple[int, str, int, str, float | None]

INSERT_BATCH = 10_000
# Rows per UPDATE ... FROM (VALUES ...): three parameters each, within SQLite's 32,766.
UPDATE_BATCH = 5_000
# Ids per IN (...) list.
ID_BATCH = 10_000


def _connection() -> BaseDatabaseWrapper:
    return connections[router.db_for_write(Measurement)]


def _table() -> str:
    return _connection().ops.quote_name(Measurement._meta.db_table)


def insert_measurements(
    rows: Sequence[NewRow],
    *,
    origin: str,
    now: datetime,
    reason: str,
    user_id: int | None = None,
    extras: Sequence[dict[str, Any]] | None = None,
) -> None:
    """New measurements as plain rows, and their history rows (``+``) in one
    ``INSERT ... SELECT``. The new rows are told apart by id (above the largest before),
    origin and ``now``, which is their ``entered_at``; ``extras`` (one per row) defaults
    to ``{}``."""
    connection = _connection()
    quote = connection.ops.quote_name
    meta = Measurement._meta
    field = {f.name: f for f in meta.concrete_fields}.__getitem__
    entered_at = field("entered_at").get_db_prep_save(now, connection)
    constants = (origin, user_id, entered_at, 0)
    names: tuple[str, ...] = ("indicator", "period", "year", "gender", "value", "origin")
    names += ("entered_by", "entered_at", "position", "extra")
    columns = ", ".join(quote(field(name).column) for name in names)
    table = _table()
    extra_field = field("extra")
    empty = extra_field.get_db_prep_save({}, connection)

    def full(index: int, row: NewRow) -> tuple[Any, ...]:
        extra = empty if extras is None else extra_field.get_db_prep_save(extras[index], connection)
        return (*row, *constants, extra)

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX({quote('id')}), 0) FROM {table}")  # noqa: S608
        before = cursor.fetchone()[0]
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for index, row in enumerate(rows):
                    copy.write_row(full(index, row))
        else:
            placeholders = ", ".join(["%s"] * len(names))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
            for start in range(0, len(rows), INSERT_BATCH):
                batch = rows[start : start + INSERT_BATCH]
                cursor.executemany(sql, [full(start + i, row) for i, row in enumerate(batch)])
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
        kind, f"{quote('id')} IN ({', '.join(['%s'] * len(ids))})", list(ids),
        now=now, reason=reason,
    )


def _record_history(
    kind: str, where: str, params: list[Any], *, now: datetime, reason: str
) -> None:
    """History rows (``kind`` is ``+``, ``~`` or ``-``) holding the current state of the
    measurements ``where`` selects, in one ``INSERT ... SELECT``."""
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    connection = _connection()
    quote = connection.ops.quote_name
    history = Measurement.history.model
    tracked = ", ".join(quote(f.column) for f in history.tracked_fields)
    history_user = history.get_default_history_user(Measurement())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608
            f"({tracked}, history_date, history_change_reason, history_type, history_user_id) "
            f"SELECT {tracked}, %s, %s, %s, %s FROM {_table()} WHERE {where}",
            [
                connection.ops.adapt_datetimefield_value(now),
                reason,
                kind,
                history_user.pk if history_user is not None else None,
                *params,
            ],
        )
