"""Batched inserts that count what they write.

The generator writes with ``bulk_create`` only: it is what makes a Stockholm-size load take
minutes instead of hours. ``bulk_create`` calls neither ``save()`` nor signals, so
django-simple-history records no history rows for generated data; synthetic data has no
history to keep, and the first real edit starts one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, Generic, TypeVar

from django.db import models

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
