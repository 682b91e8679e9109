"""Secure defaults: a fresh install without any STYR_* variable is safe to expose."""

from __future__ import annotations

import os
import runpy
from pathlib import Path
from typing import Any

import pytest
from django.conf import global_settings, settings

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "settings.py"


def fresh_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> dict[str, Any]:
    """styr/settings.py evaluated anew with no STYR_* variable but those given."""
    for name in list(os.environ):
        if name.startswith("STYR_") or name == "DATABASE_URL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("STYR_VAR_DIR", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_debug_is_off_unless_asked_for(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert fresh_settings(monkeypatch, tmp_path)["DEBUG"] is False
    assert fresh_settings(monkeypatch, tmp_path, STYR_DEBUG="1")["DEBUG"] is True


def test_a_fresh_install_makes_its_own_secret_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    key = fresh_settings(monkeypatch, tmp_path)["SECRET_KEY"]
    assert len(key) >= 32
    assert not key.startswith("django-insecure")
    assert fresh_settings(monkeypatch, tmp_path)["SECRET_KEY"] == key  # kept, not rerolled


def test_csrf_clickjacking_and_session_protections_are_on() -> None:
    middleware = settings.MIDDLEWARE
    assert "django.middleware.csrf.CsrfViewMiddleware" in middleware
    assert "django.middleware.clickjacking.XFrameOptionsMiddleware" in middleware
    assert settings.X_FRAME_OPTIONS == "DENY"
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SECURE_CONTENT_TYPE_NOSNIFF is True


def test_history_records_the_logged_in_user_of_a_request() -> None:
    middleware = settings.MIDDLEWARE
    history = middleware.index("simple_history.middleware.HistoryRequestMiddleware")
    assert history > middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")


def test_password_hashers_are_djangos_defaults(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert "PASSWORD_HASHERS" not in fresh_settings(monkeypatch, tmp_path)
    assert settings.PASSWORD_HASHERS == global_settings.PASSWORD_HASHERS
    assert settings.AUTH_PASSWORD_VALIDATORS  # weak passwords are refused
