"""A small on-disk cache for Kolada metadata (KPI lists, municipalities, groups).

Metadata changes a few times a year, so a search or a comparison need not ask Kolada
every time. Each entry is one JSON file holding the fetch time and the payload; an entry
older than ``max_age`` is a miss. Values (data) are never cached here: a sync must see
what Kolada holds now.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

DEFAULT_MAX_AGE = timedelta(days=7)


@dataclass(frozen=True)
class CacheHit:
    payload: Any
    age_seconds: float


class MetadataCache:
    def __init__(
        self,
        directory: Path,
        max_age: timedelta = DEFAULT_MAX_AGE,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.directory = Path(directory)
        self.max_age = max_age
        self._clock = clock

    def _file(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        return self.directory / f"{digest}.json"

    def get(self, key: str) -> CacheHit | None:
        path = self._file(key)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            fetched_at = float(entry["fetched_at"])
            if entry.get("key") != key:
                return None
        except (OSError, ValueError, KeyError, TypeError):
            # Missing or damaged entry: treat as a miss, the next put replaces it.
            return None
        age = self._clock() - fetched_at
        if age < 0 or age > self.max_age.total_seconds():
            return None
        return CacheHit(entry["payload"], age)

    def put(self, key: str, payload: Any) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        entry = {"key": key, "fetched_at": self._clock(), "payload": payload}
        # Write to a temporary file first so a crash never leaves half an entry.
        handle, tmp_name = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as tmp:
                json.dump(entry, tmp, ensure_ascii=False)
            os.replace(tmp_name, self._file(key))
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    def get_or_fetch(self, key: str, fetch: Callable[[], Any]) -> Any:
        hit = self.get(key)
        if hit is not None:
            return hit.payload
        payload = fetch()
        self.put(key, payload)
        return payload

    def clear(self) -> int:
        removed = 0
        if self.directory.is_dir():
            for path in self.directory.glob("*.json"):
                path.unlink(missing_ok=True)
                removed += 1
        return removed
