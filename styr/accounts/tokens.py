"""API keys: create, check and revoke. Keys are random; the database holds only hashes."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from styr.accounts.models import ApiToken

PREFIX = "styr_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_token(user: Any, name: str) -> tuple[ApiToken, str]:
    """A new key for ``user``; the plaintext is returned here and never again."""
    key = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[: len(PREFIX) + 6], key_hash=_hash(key)
    )
    return token, key


def user_for_key(key: str) -> Any | None:
    """The active user a key belongs to, or None for an unknown, revoked or inactive one."""
    if not key.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    # Written at most once a minute, so a busy script does not write on every call.
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke_token(username: str, name: str) -> int:
    """Revoke the user's keys called ``name``; the number revoked."""
    user = get_user_model().objects.get(username=username)
    return ApiToken.objects.filter(user=user, name=name, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
