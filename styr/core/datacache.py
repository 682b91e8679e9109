"""A shared cache for what pages compute, keyed by the version of the data it came from.

Plan, goal and risk pages cost tens of milliseconds of computing and rendering, and many
people read the same plan between two changes to it. So the expensive part of a page is
kept in Django's cache under a key that holds the *data version*: one random token in the
database (``DataVersion``) that every committed write replaces. A change of any kind makes
every cached entry unreachable at once, so a cached answer is never older than the last
commit, and nothing has to know which page a row appears on.

Writes are noticed where all of them pass: an execute wrapper on every database connection
sees each INSERT, UPDATE and DELETE (the ORM, bulk writes and raw SQL alike; a schema change
comes with new code, and a new process starts with an empty cache).
Inside a transaction the new version is stored when it commits; until then this connection
does not use the cache at all, so a request never reads a page cached before its own
uncommitted change. Writes that bypass Django's cursor (PostgreSQL ``COPY``) call
``data_changed``. A change made outside Styr (psql by hand) is seen only when the entries
expire: ``STYR_CACHE_SECONDS`` bounds their age, and 0 turns the cache off.

One version for everything would let one municipality's reporting week empty every other
municipality's pages, so a write can be *attributed*: inside ``writing_for(scope)`` (the
follow-up reporting views attribute their writes to the plan's municipality) a committed
write replaces that scope's token and the token of "any scope", not the global one. A page
that names the scopes it shows (``cached(..., scopes=[...])``) is keyed by the global token
and those scopes' tokens; a page that names none is keyed by the global token and "any
scope", so it sees every write, attributed or not. An attribution can therefore only make
a page that *named* its scopes miss a write, and only if the attributed block wrote data
of another scope: attribute only blocks that write one municipality's rows.

The cache is Django's file cache under ``STYR_CACHE_DIR``, so every server process on the
machine shares what one of them computed; the version's random token keeps databases that
share the directory (test runs, benchmarks) from ever reading each other's entries, and a
fingerprint of the code keeps entries from before a deploy from being served after it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone, translation

T = TypeVar("T")

VERSION_TABLE = "core_dataversion"
# The scope of writes no one attributed, and the scope every attributed write also changes.
GLOBAL = ""
ANY_SCOPE = "*"
# Tables whose rows no cached page shows: sessions, migrations, and the version itself.
_IGNORED_TABLES = frozenset({"django_session", "django_migrations", VERSION_TABLE})
# Bookkeeping updates of a single column that no cached page shows.
_IGNORED_TOUCHES = frozenset({("auth_user", "last_login"), ("accounts_apitoken", "last_used_at")})

_WRITE = re.compile(
    r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO|TRUNCATE"
    r"(?:\s+TABLE)?)\s+(?:ONLY\s+)?[\"`]?(\w+)",
    re.IGNORECASE,
)
_TOUCH = re.compile(r'\s*UPDATE\s+"?(\w+)"?\s+SET\s+"?(\w+)"?\s*=\s*%s\s+WHERE\b', re.IGNORECASE)
_MISSING = object()
_CODE_SUFFIXES = frozenset({".py", ".html", ".mo", ".css", ".js"})


def written_table(sql: str) -> str | None:
    """The table a statement changes (lower case), or None when it changes nothing shown."""
    found = _WRITE.match(sql)
    if found is None:
        return None
    table = found.group(1).lower()
    if table in _IGNORED_TABLES:
        return None
    touch = _TOUCH.match(sql)
    if touch is not None and (touch.group(1).lower(), touch.group(2).lower()) in _IGNORED_TOUCHES:
        return None
    return table


def municipality_scope(municipality_id: int) -> str:
    """The scope of one municipality's data (``writing_for``, ``cached``)."""
    return f"municipality:{municipality_id}"


class _Attribution(threading.local):
    # A scope, or a function that finds it the first time a write needs it.
    scope: str | Callable[[], str] | None = None


_attribution = _Attribution()


@contextmanager
def writing_for(scope: str | Callable[[], str]) -> Iterator[None]:
    """Attribute the writes of the block to ``scope`` (see the module docstring).

    ``scope`` may be a function, called at the block's first write only, so that a request
    that writes nothing pays no query to find its municipality."""
    was = _attribution.scope
    _attribution.scope = scope
    try:
        yield
    finally:
        _attribution.scope = was


def _write_scope() -> str:
    scope = _attribution.scope
    if scope is None:
        return GLOBAL
    if callable(scope):
        scope = _attribution.scope = scope()
    return scope


def _store_new_version(alias: str, scope: str = GLOBAL) -> None:
    """Replace the scope's token (and "any scope"'s for an attributed write); called outside
    any transaction (after a commit, or in autocommit)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        try:
            for name in (scope,) if scope == GLOBAL else (scope, ANY_SCOPE):
                cursor.execute(
                    f"INSERT INTO {VERSION_TABLE} (scope, token, changed_at) "  # noqa: S608
                    "VALUES (%s, %s, %s) ON CONFLICT (scope) DO UPDATE SET "
                    "token = excluded.token, changed_at = excluded.changed_at",
                    [name, secrets.token_hex(8), timezone.now()],
                )
        except DatabaseError:
            # Migrations of other apps write before this table exists; nothing is cached yet.
            if VERSION_TABLE in connection.introspection.table_names(cursor):
                raise


def _after_commit(alias: str, scope: str) -> Callable[[], None]:
    def store() -> None:
        _store_new_version(alias, scope)

    store.styr_data_scope = scope  # type: ignore[attr-defined]
    return store


def _pending(connection: BaseDatabaseWrapper, scope: str | None = None) -> bool:
    """True while the connection's open transaction has written (to ``scope``, or to any
    scope when None) and not committed."""
    if not connection.in_atomic_block:
        return False
    # Entries are (savepoint ids, function, robust); a rollback drops its own entries.
    for entry in connection.run_on_commit:
        written = getattr(entry[1], "styr_data_scope", None)
        if written is not None and (scope is None or written == scope):
            return True
    return False


def data_changed(using: str = DEFAULT_DB_ALIAS, scope: str = GLOBAL) -> None:
    """Record that the data of ``scope`` changed: at commit inside a transaction, else at
    once."""
    connection = connections[using]
    if connection.in_atomic_block:
        if not _pending(connection, scope):
            transaction.on_commit(_after_commit(using, scope), using=using)
    else:
        _store_new_version(using, scope)


def _notice_writes(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    result = execute(sql, params, many, context)
    if written_table(sql) is not None:
        data_changed(context["connection"].alias, _write_scope())
    return result


def install(connection: BaseDatabaseWrapper, **_kwargs: Any) -> None:
    """Watch a connection's writes (connected to ``connection_created``)."""
    if _notice_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_notice_writes)


def current_versions(scopes: Sequence[str], using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """The tokens of ``scopes`` that were ever written (one query)."""
    placeholders = ", ".join(["%s"] * len(scopes))
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT scope, token FROM {VERSION_TABLE} WHERE scope IN ({placeholders})",  # noqa: S608
            list(scopes),
        )
        return dict(cursor.fetchall())


def current_version(scope: str = GLOBAL, using: str = DEFAULT_DB_ALIAS) -> str:
    return current_versions([scope], using).get(scope, "")


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """A fingerprint of the code and templates this process runs (paths, sizes, times).

    Part of every key, so that a cached part rendered by older code (entries outlive a
    deploy in the shared directory) is never served by newer code, nor the other way round.
    """
    return fingerprint(Path(__file__).resolve().parents[1])


def fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in _CODE_SUFFIXES and path.is_file():
            info = path.stat()
            digest.update(f"{path.relative_to(root)}:{info.st_size}:{info.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def cache_seconds() -> int:
    return int(getattr(settings, "STYR_CACHE_SECONDS", 0))


def cached(
    key: Sequence[Hashable],
    build: Callable[[], T],
    using: str = DEFAULT_DB_ALIAS,
    scopes: Sequence[str] | None = None,
) -> T:
    """``build()``'s value for ``key`` in the current data version and language.

    ``key`` names everything besides the stored data that the value depends on (the object,
    the period, filters, today's date); the caller keeps per-user content out of the value.
    ``scopes`` names every scope whose data the value shows (``municipality_scope``); left
    out, the value is rebuilt after any write at all.
    """
    seconds = cache_seconds()
    if seconds <= 0 or _pending(connections[using]):
        return build()
    wanted = [GLOBAL, *(sorted(set(scopes)) if scopes is not None else [ANY_SCOPE])]
    tokens = current_versions(wanted, using)
    if not tokens.get(GLOBAL):  # nothing written yet, or the table was emptied: no key to trust
        return build()
    version = tuple(tokens.get(scope, "") for scope in wanted)
    parts = (code_stamp(), tuple(wanted), version, translation.get_language(), *key)
    name = "styr:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    value = cache.get(name, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(name, value, seconds)
    return value
