"""``styr report KIND --plan ID [--period P] --format docx|pdf|xlsx|ics -o FILE``, or
``--unit ID -o DIR`` for every plan of a nämnd (or any unit) and the units under it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styr.organisation.models import OrgUnit
from styr.plans.models import Plan
from styr.reports.services import (
    FORMATS,
    KINDS,
    ReportError,
    file_name,
    make_document,
    make_documents,
    plans_under,
)


class Command(BaseCommand):
    help = (
        "Skriv ett dokument ur Styr: planen, uppföljningen för en period, "
        "internkontrollplanen, transformationskartan eller årshjulet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help=f"dokumenttyp: {', '.join(KINDS)}")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--plan", type=int, help="planens id")
        which.add_argument(
            "--unit",
            type=int,
            help="en nämnds (eller annan enhets) id: ett dokument per plan för den och "
            "enheterna under den, skrivna parallellt; -o är då en katalog",
        )
        parser.add_argument(
            "--period", default=None, help="uppföljningsperiod, t.ex. 2024-T1 eller 2024"
        )
        parser.add_argument(
            "--format", dest="fmt", default="docx", help=f"filformat: {', '.join(FORMATS)}"
        )
        parser.add_argument("-o", "--output", required=True, help="filen (katalogen) att skriva")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["unit"] is not None:
            self._write_package(options)
            return
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

    def _write_package(self, options: dict[str, Any]) -> None:
        unit = OrgUnit.objects.filter(pk=options["unit"]).first()
        if unit is None:
            raise CommandError(f"Det finns ingen enhet med id {options['unit']}.")
        plans = plans_under(unit)
        if not plans:
            raise CommandError(f"{unit.name} och enheterna under den har inga planer.")
        kind, fmt, period = options["kind"], options["fmt"], options["period"]
        try:
            documents = make_documents(kind, plans, fmt, period)
        except ReportError as error:
            raise CommandError(str(error)) from error
        folder = Path(options["output"])
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for plan, data in zip(plans, documents, strict=True):
                path = folder / file_name(kind, plan, fmt, period)
                path.write_bytes(data)
                self.stdout.write(f"{path}: {len(data)} byte")
        except OSError as error:
            raise CommandError(f"{folder}: kan inte skrivas ({error.strerror}).") from error
