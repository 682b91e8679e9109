"""Batched inserts that count what they write.

The generator writes with ``bulk_create``: it is what makes a Stockholm-size load take
minutes instead of hours. The millions of measurements go one step further (``RowStream``):
rows as tuples through one prepared INSERT per batch, or COPY on PostgreSQL, because for
such narrow rows Django's per-value SQL compilation in ``bulk_create`` costs ten times the
database's own work. Neither calls ``save()`` nor sends signals, so django-simple-history
records no history rows for generated data; synthetic data has no history to keep, and the
first real edit starts one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, Generic, TypeVar

from django.db import connections, models, router

from styr.core.datacache import data_changed

M = TypeVar("M", bound=models.Model)

BATCH_SIZE = 1000
STREAM_SIZE = 10_000


class BulkWriter:
    def __init__(self, batch_size: int = BATCH_SIZE) -> None:
        self.batch_size = batch_size
        self.counts: Counter[str] = Counter()

    def create(self, model: type[M], objects: Sequence[M]) -> list[M]:
        created = model._default_manager.bulk_create(objects, batch_size=self.batch_size)
        self.counts[model._meta.label] += len(created)
        return created

    def link(self, field: Any, pairs: Iterable[tuple[int, int]]) -> None:
        """Rows of a many-to-many table: ``field`` is e.g. ``Goal.contributes_to``."""
        through = field.through
        source, target = _through_columns(field)
        rows = [through(**{source: a, target: b}) for a, b in pairs]
        through._default_manager.bulk_create(rows, batch_size=self.batch_size)
        self.counts[f"{field.field.model._meta.label}.{field.field.name}"] += len(rows)

    def stream(self, model: type[M]) -> Stream[M]:
        return Stream(self, model)

    def rows(
        self, model: type[models.Model], fields: Sequence[str], constants: dict[str, Any]
    ) -> RowStream:
        return RowStream(self, model, fields, constants)


class Stream(Generic[M]):
    """Buffers objects and writes them every ``STREAM_SIZE``, so millions never sit in memory."""

    def __init__(self, writer: BulkWriter, model: type[M]) -> None:
        self.writer = writer
        self.model = model
        self.buffer: list[M] = []

    def add(self, obj: M) -> None:
        self.buffer.append(obj)
        if len(self.buffer) >= STREAM_SIZE:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.writer.create(self.model, self.buffer)
            self.buffer = []


class RowStream:
    """Rows of ``model`` as tuples of ``fields``; every row also gets ``constants``.

    Values go through each field's ``get_db_prep_save`` only for the constants, so the
    caller hands in values the database takes as they are (ints, floats, plain strings).
    """

    def __init__(
        self,
        writer: BulkWriter,
        model: type[models.Model],
        fields: Sequence[str],
        constants: dict[str, Any],
    ) -> None:
        self.writer = writer
        self.label = model._meta.label
        self.connection = connections[router.db_for_write(model)]
        ops = self.connection.ops
        meta = model._meta
        names = [*fields, *constants]
        concrete = {f.name: f for f in meta.concrete_fields}
        columns = ", ".join(ops.quote_name(concrete[name].column) for name in names)
        placeholders = ", ".join(["%s"] * len(names))
        # Table and column names come from the model, never from input.
        self.copy_sql = f"COPY {ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        self.sql = (
            f"INSERT INTO {ops.quote_name(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
        )
        self.constants = tuple(
            concrete[name].get_db_prep_save(value, self.connection)
            for name, value in constants.items()
        )
        self.buffer: list[tuple[Any, ...]] = []

    def add(self, row: tuple[Any, ...]) -> None:
        self.buffer.append(row + self.constants)
        if len(self.buffer) >= STREAM_SIZE:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            with self.connection.cursor() as cursor:
                if self.connection.vendor == "postgresql":  # COPY: several times faster
                    with cursor.cursor.copy(self.copy_sql) as copy:
                        for row in self.buffer:
                            copy.write_row(row)
                    data_changed(self.connection.alias)  # COPY passes no execute wrapper
                else:
                    cursor.executemany(self.sql, self.buffer)
            self.writer.counts[self.label] += len(self.buffer)
            self.buffer = []


def _through_columns(field: Any) -> tuple[str, str]:
    """The attnames of the two foreign keys of a many-to-many table, source first."""
    rel = field.rel
    through = rel.through
    source_model = field.field.model
    target_model = rel.model
    fks = [f for f in through._meta.fields if isinstance(f, models.ForeignKey)]
    if source_model is target_model:  # self-referential: from_<model> / to_<model>
        name = source_model._meta.model_name
        return f"from_{name}_id", f"to_{name}_id"
    source = next(f for f in fks if f.related_model is source_model)
    target = next(f for f in fks if f.related_model is target_model)
    return source.attname, target.attname
