"""``styr measurements import FILE [--plan ID]``: outcomes from a CSV or XLSX file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styr.followup.importing import import_measurements
from styr.plans.models import Plan


class Command(BaseCommand):
    help = "Importera utfall från en CSV- eller XLSX-fil (indicator,period,value,gender)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="Importera en fil, allt eller inget.")
        importing.add_argument("file", type=Path)
        importing.add_argument("--plan", type=int, help="Plan-id: indikatorerna söks i planen.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"Filen {path} finns inte.")
        plan = None
        if options["plan"] is not None:
            plan = Plan.objects.filter(pk=options["plan"]).first()
            if plan is None:
                raise CommandError(f"Det finns ingen plan med id {options['plan']}.")
        report = import_measurements(path, plan)
        for warning in report.warnings:
            self.stderr.write(warning)
        for problem in report.problems:
            self.stderr.write(str(problem))
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
