"""``python -m styr.core.dbcheck URL``: exit 0 when the PostgreSQL server at URL answers."""

from __future__ import annotations

import sys


def reachable(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


if __name__ == "__main__":
    sys.exit(0 if reachable(sys.argv[1]) else 1)
