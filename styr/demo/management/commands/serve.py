"""``styr serve``: collect static files and run Styr under gunicorn."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styr.demo.server import ServeOptions, serve


class Command(BaseCommand):
    help = "Samlar statiska filer och startar Styr med gunicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="antal gunicorn-arbetare")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            server = ServeOptions(options["host"], options["port"], options["workers"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        serve(server, self.stdout.write)
