"""``styr generate --size S|M|L|XL --seed N``: synthetic municipalities for benchmarks."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from styr.demo.generator import generate
from styr.demo.sizes import DEFAULT_BASE_YEAR, SIZES


class Command(BaseCommand):
    verbose = False
    help = (
        "Skapar syntetiska kommuner i storlek S, M, L (som Stockholm) eller XL (tio L). "
        "Sista raden är de nya kommunernas id."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="S", type=str.upper)
        parser.add_argument("--seed", type=int, default=1, help="samma frö ger samma data")
        parser.add_argument(
            "--year", type=int, default=DEFAULT_BASE_YEAR, help="planåret som alla datum utgår från"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbose = options["verbosity"] >= 2
        started = time.perf_counter()
        try:
            result = generate(
                options["size"], options["seed"], options["year"], progress=self._progress
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        for label, count in sorted(result.counts.items()):
            self.stdout.write(f"{label:<45} {count:>10}")
        total = sum(result.counts.values())
        self.stdout.write(
            _("%(rows)s rader på %(seconds).1f s") % {"rows": total, "seconds": seconds}
        )
        self.stdout.write(" ".join(str(pk) for pk in result.municipality_ids))

    def _progress(self, message: str) -> None:
        if self.verbose:
            self.stderr.write(message)
