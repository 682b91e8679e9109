"""Test clients shared by every app's tests."""

from __future__ import annotations

from typing import Any

from django.test import Client


def logged_in(user: Any) -> Client:
    """A client with ``user`` logged in (no password needed)."""
    client = Client()
    client.force_login(user)
    return client
