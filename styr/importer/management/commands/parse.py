"""``styr parse FILE``: print a document's styr.plan/1 interpretation as JSON (no database)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from styr.importer.errors import ImportProblem
from styr.importer.services import parse_file


class Command(BaseCommand):
    help = "Tolkar en plan (.txt, .md, .docx, .pdf) och skriver den som styr.plan/1-JSON."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="planen som ska tolkas")
        parser.add_argument("--compact", action="store_true", help="JSON på en rad")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            document = parse_file(options["file"])
        except ImportProblem as problem:
            raise CommandError(
                _("Kunde inte importera %(problem)s") % {"problem": problem}
            ) from problem
        indent = None if options["compact"] else 2
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=indent))
