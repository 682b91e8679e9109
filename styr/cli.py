"""The ``styr`` command: Styr's own commands and every Django management command.

``styr demo``, ``styr load FILE --org PATH``, ``styr migrate`` ... all go through Django's
command machinery, so each command is a management command in the app that owns it and
the ``handle()`` methods stay thin wrappers around services.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styr.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "styr"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
