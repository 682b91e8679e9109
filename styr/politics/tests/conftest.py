"""Politics test data (see builders.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from styr.politics.tests.builders import build_politics


@pytest.fixture
def pol(org: SimpleNamespace) -> SimpleNamespace:
    return build_politics(org)
