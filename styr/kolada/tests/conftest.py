"""An offline Kolada: fixture pages served through httpx.MockTransport, with a fake clock."""

from __future__ import annotations

import json
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from styr.kolada.client import KoladaClient, RetryPolicy

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE_URL = "https://api.kolada.se/v3"


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class FakeClock:
    """Time that moves only when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


Reply = dict[str, Any] | str | int | tuple[int, dict[str, str]]


class FakeKolada:
    """Routes "path?query" (relative to /v3/, unquoted) to queued replies.

    A reply is a fixture file name, a JSON body, an HTTP status or (status, headers).
    The last reply of a route repeats, so a status alone means "fails forever".
    """

    def __init__(self) -> None:
        self.routes: dict[str, deque[Reply]] = {}
        self.requested: list[str] = []
        self.clock = FakeClock()

    def add(self, target: str, *replies: Reply) -> None:
        self.routes[target] = deque(replies)

    def handle(self, request: httpx.Request) -> httpx.Response:
        target = unquote(request.url.raw_path.decode("ascii"))
        target = target.removeprefix("/v3/")
        self.requested.append(target)
        queue = self.routes.get(target)
        if not queue:
            return httpx.Response(404, json={"error": f"no fixture for {target}"})
        reply = queue.popleft() if len(queue) > 1 else queue[0]
        if isinstance(reply, int):
            return httpx.Response(reply, text="server error")
        if isinstance(reply, tuple):
            return httpx.Response(reply[0], headers=reply[1], text="slow down")
        body = fixture(reply) if isinstance(reply, str) else reply
        return httpx.Response(200, json=body)

    def client(self, **kwargs: Any) -> KoladaClient:
        kwargs.setdefault("retry", RetryPolicy(attempts=3, backoff_seconds=0.5))
        return KoladaClient(
            BASE_URL,
            transport=httpx.MockTransport(self.handle),
            sleep=self.clock.sleep,
            clock=self.clock,
            **kwargs,
        )


@pytest.fixture
def kolada() -> FakeKolada:
    return FakeKolada()
