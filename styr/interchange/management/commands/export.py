"""``styr export PLAN_ID [-o FILE]``: a stored plan as a styr.plan/1 document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from styr.interchange.services import export_plan, write_document
from styr.plans.models import Plan


class Command(BaseCommand):
    help = "Skriver en plan som styr.plan/1-dokument (JSON) till stdout eller en fil."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan_id", type=int, help="planens id")
        parser.add_argument("-o", "--output", help="fil att skriva till (annars stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.filter(pk=options["plan_id"]).first()
        if plan is None:
            raise CommandError(
                _("Det finns ingen plan med id %(id)s.") % {"id": options["plan_id"]}
            )
        text = write_document(export_plan(plan))
        if options["output"]:
            try:
                Path(options["output"]).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"{options['output']}: {exc.strerror}") from exc
        else:
            self.stdout.write(text, ending="")
