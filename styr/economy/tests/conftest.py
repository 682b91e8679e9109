"""Economy test data (see builders.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from styr.economy.tests.builders import build_economy


@pytest.fixture
def eco(org: SimpleNamespace) -> SimpleNamespace:
    return build_economy(org)
