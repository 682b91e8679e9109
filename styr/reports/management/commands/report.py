"""``styr report KIND --plan ID [--period P] --format docx|pdf|xlsx|ics -o FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styr.plans.models import Plan
from styr.reports.services import FORMATS, KINDS, ReportError, make_document


class Command(BaseCommand):
    help = (
        "Skriv ett dokument ur Styr: planen, uppföljningen för en period, "
        "internkontrollplanen, transformationskartan eller årshjulet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help=f"dokumenttyp: {', '.join(KINDS)}")
        parser.add_argument("--plan", type=int, required=True, help="planens id")
        parser.add_argument("--period", default=None,
                            help="uppföljningsperiod, t.ex. 2024-T1 eller 2024")
        parser.add_argument("--format", dest="fmt", default="docx",
                            help=f"filformat: {', '.join(FORMATS)}")
        parser.add_argument("-o", "--output", required=True, help="filen att skriva")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.filter(pk=options["plan"]).first()
        if plan is None:
            raise CommandError(f"Det finns ingen plan med id {options['plan']}.")
        try:
            data = make_document(options["kind"], plan, options["fmt"], options["period"])
        except ReportError as error:
            raise CommandError(str(error)) from error
        path = Path(options["output"])
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(f"{path}: kan inte skrivas ({error.strerror}).") from error
        self.stdout.write(f"{path}: {len(data)} byte")
