"""``styr load FILE.json --org "Kommun/Nämnd[/Kontor]"``: store a styr.plan/1 document."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styr.interchange.errors import InterchangeError
from styr.interchange.services import load_file

from ._output import plan_id_line, report


class Command(BaseCommand):
    help = (
        "Lagrar ett styr.plan/1-dokument (JSON) som en ny plan. Saknade delar av --org "
        "skapas om inte --no-create-org anges. Sista raden är planens id."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_org_arguments(parser)
        parser.add_argument("file", help="styr.plan/1-dokument (JSON)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = load_file(options["file"], options["org"], create_org=options["create_org"])
        except InterchangeError as error:
            raise CommandError(str(error)) from error
        report(self.stdout, result)
        plan_id_line(self.stdout, result)


def add_org_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--org",
        required=True,
        help='Ägande organisation: "Kommun/Enhet[/Enhet ...]", t.ex. "Norrköping/Socialnämnden"',
    )
    parser.add_argument(
        "--no-create-org",
        dest="create_org",
        action="store_false",
        help="Skapa inte saknade delar av --org; avbryt i stället.",
    )
