"""Internal control test data (see builders.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from styr.internal_control.tests.builders import build_internal_control


@pytest.fixture
def ic(org: SimpleNamespace) -> SimpleNamespace:
    return build_internal_control(org)
