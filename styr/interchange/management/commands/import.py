"""``styr import FILE --org PATH``: read a Word, PDF or text plan and store it as a plan."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from styr.interchange.errors import InterchangeError
from styr.interchange.services import import_file

from ._output import plan_id_line, report
from .load import add_org_arguments


class Command(BaseCommand):
    help = (
        "Läser en plan ur en Word-, PDF- eller textfil och lagrar den som en ny plan. "
        "Skriver vad som lästes in och hur mycket text som inte kunde placeras. "
        "Sista raden är planens id."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_org_arguments(parser)
        parser.add_argument("file", help="Word- (.docx), PDF- eller textfil")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = import_file(options["file"], options["org"], create_org=options["create_org"])
        except InterchangeError as error:
            raise CommandError(str(error)) from error
        report(self.stdout, result)
        share = result.unrecognised
        if share is not None:
            self.stdout.write(
                _(
                    "Ej placerad text: %(items)s av %(total)s stycken, %(chars)s tecken "
                    "(%(percent)s %% av texten)"
                )
                % {
                    "items": share.items,
                    "total": share.total_items,
                    "chars": share.characters,
                    "percent": f"{share.percent:.1f}".replace(".", ","),  # Swedish decimal comma
                }
            )
        self._review(result.plan)
        plan_id_line(self.stdout, result)

    def _review(self, plan: Any) -> None:
        """A plan is reviewed the moment it arrives, so faults show before the nämnd sees it."""
        from styr.review.services import review_stored_plan, summary

        findings = review_stored_plan(plan)
        self.stdout.write(
            _("Granskning: %(summary)s (detaljer: styr check --plan %(id)s)")
            % {"summary": summary(findings) if findings else _("inga anmärkningar"), "id": plan.pk}
        )
