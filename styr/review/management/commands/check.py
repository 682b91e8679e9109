"""``styr check FILE | --plan ID [--json]``: review a plan and print its findings.

Without a file or ``--plan`` it is Django's own system check, so ``styr check`` and
``styr check --deploy`` keep working. Exit status: 0 when there is no error-severity
finding, 1 when there is, 2 when the input cannot be read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.core.management.commands.check import Command as SystemCheckCommand

from styr.review.config import ReviewSettings, ReviewSettingsError
from styr.review.services import IMPORTED_SUFFIXES, run_check


def _looks_like_plan_file(labels: tuple[str, ...]) -> bool:
    if len(labels) != 1:
        return False
    path = Path(labels[0])
    return path.suffix.lower() in (".json", *IMPORTED_SUFFIXES) or path.is_file()


class Command(SystemCheckCommand):
    help = (
        "Review a plan (granskning): styr check FILE or styr check --plan ID [--json]. "
        "Exit status 0 without errors, 1 with error findings, 2 on unreadable input. "
        "Without FILE or --plan: Django's system checks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--plan", type=int, help="id of a stored plan to review")
        parser.add_argument("--json", action="store_true", help="print the findings as JSON")
        parser.add_argument("--save", action="store_true", help="with --plan: store the review run")
        parser.add_argument(
            "--high-risk-threshold", type=int, help="risk score from which a risk is high"
        )
        parser.add_argument(
            "--review-settings", help="JSON file with review settings (see docs/review.md)"
        )

    def handle(self, *app_labels: Any, **options: Any) -> None:
        labels = tuple(str(label) for label in app_labels)
        if options["plan"] is None and not _looks_like_plan_file(labels):
            super().handle(*app_labels, **options)
            return
        settings = self._settings(options)
        output, status = run_check(
            labels[0] if labels else None,
            options["plan"],
            as_json=options["json"],
            settings=settings,
            save=options["save"],
        )
        (self.stdout if status != 2 else self.stderr).write(output, ending="")
        if status:
            sys.exit(status)

    def _settings(self, options: dict[str, Any]) -> ReviewSettings:
        data: dict[str, Any] = {}
        if options.get("review_settings"):
            try:
                data = json.loads(Path(options["review_settings"]).read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CommandError(f"--review-settings: {error}", returncode=2) from error
            if not isinstance(data, dict):
                raise CommandError("--review-settings must hold a JSON object", returncode=2)
        if options.get("high_risk_threshold") is not None:
            data["high_risk_threshold"] = options["high_risk_threshold"]
        try:
            return ReviewSettings.from_mapping(data)
        except ReviewSettingsError as error:
            raise CommandError(str(error), returncode=2) from error
