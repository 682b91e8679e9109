"""``styr followup status --plan ID --period P [--json]``, ``styr followup periods`` and
``styr followup due``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from styr.followup.rules import is_valid_period
from styr.followup.services import (
    DueItem,
    compute_plan_status,
    due_items,
    generate_periods,
    plan_status_text,
)
from styr.organisation.models import OrgUnit
from styr.plans.models import Plan

DUE_KINDS = {
    "goal_assessment": "bedömning av mål",
    "activity_assessment": "bedömning av aktivitet",
    "measurement": "utfall",
}


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
        due = actions.add_parser(
            "due", help="Vad som ska rapporteras: bedömningar och utfall som inte är inlämnade."
        )
        who = due.add_mutually_exclusive_group(required=True)
        who.add_argument("--user", help="Användarnamn: enheterna användaren rapporterar för.")
        who.add_argument(
            "--unit",
            type=int,
            action="append",
            help="Enhetens id (med enheterna under); kan upprepas.",
        )
        due.add_argument("--date", help="Dagens datum, ÅÅÅÅ-MM-DD (standard: i dag).")
        due.add_argument("--json", action="store_true", help="Skriv ut som JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "due":
            self.due(options)
            return
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

    def due(self, options: dict[str, Any]) -> None:
        """Print what is due from whom, one item a line, oldest due date first."""
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else dt.date.today()
        except ValueError as error:
            raise CommandError(f"Ogiltigt datum '{options['date']}' (skriv ÅÅÅÅ-MM-DD).") from error
        who: Any
        if options["user"]:
            who = get_user_model().objects.filter(username=options["user"]).first()
            if who is None:
                raise CommandError(f"Det finns ingen användare '{options['user']}'.")
        else:
            who = list(OrgUnit.objects.filter(pk__in=options["unit"]))
            missing = set(options["unit"]) - {unit.pk for unit in who}
            if missing:
                raise CommandError(f"Det finns ingen enhet med id {sorted(missing)[0]}.")
        items = due_items(who, today)
        if options["json"]:
            self.stdout.write(
                json.dumps([_due_dict(item) for item in items], ensure_ascii=False, indent=2)
            )
            return
        if not items:
            self.stdout.write("Inget att rapportera.")
            return
        for item in items:
            due = item.due_date.isoformat() if item.due_date else "-"
            late = "FÖRSENAD" if item.overdue else ""
            self.stdout.write(
                "\t".join(
                    [due, late, item.unit_name, item.period_label, DUE_KINDS[item.kind], item.label]
                )
            )
        late_count = sum(item.overdue for item in items)
        self.stdout.write(f"{len(items)} att rapportera, varav {late_count} försenade.")


def _due_dict(item: DueItem) -> dict[str, Any]:
    return {
        "due_date": item.due_date.isoformat() if item.due_date else None,
        "overdue": item.overdue,
        "unit": item.unit_name,
        "unit_id": item.unit_id,
        "plan_id": item.plan_id,
        "period": item.period_code,
        "period_label": item.period_label,
        "kind": item.kind,
        "object_id": item.object_id,
        "label": item.label,
    }
