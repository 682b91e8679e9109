"""Fixtures of the plan page tests."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from styr.plans.tests.builders import build_view_plan


@pytest.fixture
def vp(org: SimpleNamespace) -> SimpleNamespace:
    return build_view_plan(org)
