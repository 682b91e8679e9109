"""``styr demo``: build Exempelkommun with one log-in per role (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from styr.demo.services import build_demo, login_table
from styr.demo.sizes import DEFAULT_BASE_YEAR


class Command(BaseCommand):
    help = (
        "Bygger demokommunen Exempelkommun (om den inte finns), skapar en demoanvändare per "
        "roll och läser in guldplanerna om de finns."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year", type=int, default=DEFAULT_BASE_YEAR, help="planåret som alla datum utgår från"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = build_demo(self.stdout.write, base_year=options["year"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        if result.created:
            self.stdout.write(_("%(name)s är skapad.") % {"name": result.municipality.name})
        if result.gold_loaded or result.gold_skipped:
            self.stdout.write(
                _("Guldplaner: %(loaded)s inlästa, %(skipped)s fanns redan.")
                % {"loaded": len(result.gold_loaded), "skipped": len(result.gold_skipped)}
            )
        for line in login_table(result.logins):
            self.stdout.write(line)
        if result.gold_failed:  # a warning, not a failure: the demo itself is ready
            self.stderr.write(
                _("%(count)s guldplaner kunde inte läsas in: %(files)s")
                % {"count": len(result.gold_failed), "files": ", ".join(result.gold_failed)}
            )
        self.stdout.write(str(result.municipality.pk))
