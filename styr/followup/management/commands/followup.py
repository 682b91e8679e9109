"""``styr followup status --plan ID --period P [--json]`` and ``styr followup periods``."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from styr.followup.rules import is_valid_period
from styr.followup.services import compute_plan_status, generate_periods, plan_status_text
from styr.plans.models import Plan


class Command(BaseCommand):
    help = "Uppföljning: status för en plan och period, eller skapa planens perioder."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        status = actions.add_parser(
            "status", help="Status och förklaring för varje mål och indikator."
        )
        status.add_argument("--plan", type=int, required=True)
        status.add_argument("--period", required=True, help="T.ex. 2024, 2024-T2, 2024-H1.")
        status.add_argument("--json", action="store_true", help="Skriv ut som JSON.")
        periods = actions.add_parser("periods", help="Skapa planens uppföljningsperioder.")
        periods.add_argument("--plan", type=int, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.select_related("owner").filter(pk=options["plan"]).first()
        if plan is None:
            raise CommandError(f"Det finns ingen plan med id {options['plan']}.")
        if options["action"] == "periods":
            try:
                created = generate_periods(plan)
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from error
            for period in created:
                self.stdout.write(f"{period.code}\t{period.label}\t{period.due_date or ''}")
            return
        if not is_valid_period(options["period"]):
            raise CommandError(
                f"Ogiltig period '{options['period']}' (t.ex. 2024, 2024-03, 2024-T1, 2024-H1)."
            )
        status = compute_plan_status(plan, options["period"])
        if options["json"]:
            self.stdout.write(json.dumps(status.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(plan_status_text(status))
