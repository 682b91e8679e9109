from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from styr.kolada.cache import MetadataCache

from .conftest import FakeClock


def test_a_fresh_entry_is_served_with_its_age(tmp_path: Path) -> None:
    clock = FakeClock()
    cache = MetadataCache(tmp_path, max_age=timedelta(hours=1), clock=clock)
    cache.put("kpi?title=barn", [{"id": "N33001"}])
    clock.now += 120

    hit = cache.get("kpi?title=barn")

    assert hit is not None
    assert hit.payload == [{"id": "N33001"}]
    assert hit.age_seconds == 120


def test_an_entry_older_than_max_age_is_a_miss(tmp_path: Path) -> None:
    clock = FakeClock()
    cache = MetadataCache(tmp_path, max_age=timedelta(hours=1), clock=clock)
    cache.put("municipality", [1])
    clock.now += 3601
    assert cache.get("municipality") is None


def test_get_or_fetch_calls_the_network_only_on_a_miss(tmp_path: Path) -> None:
    cache = MetadataCache(tmp_path, clock=FakeClock())
    calls: list[int] = []

    def fetch() -> list[str]:
        calls.append(1)
        return ["x"]

    assert cache.get_or_fetch("k", fetch) == ["x"]
    assert cache.get_or_fetch("k", fetch) == ["x"]
    assert len(calls) == 1


def test_a_damaged_file_is_a_miss_not_a_crash(tmp_path: Path) -> None:
    cache = MetadataCache(tmp_path, clock=FakeClock())
    cache.put("k", {"a": 1})
    for path in tmp_path.glob("*.json"):
        path.write_text("{not json", encoding="utf-8")
    assert cache.get("k") is None
    assert cache.clear() == 1
