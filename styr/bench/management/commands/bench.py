"""``styr bench --size S|M|L [--json] [--seed N] [--only NAME]``: the benchmark suite."""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styr.bench import core, runner


class Command(BaseCommand):
    help = (
        "Mäter Styrs prestanda mot referenser i samma körning på en genererad kommun "
        "(egen databas per storlek och frö; PostgreSQL om --database-url eller DATABASE_URL "
        "anger en) och skriver siffror, kvoter och mål."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=["S", "M", "L", "XL"], default="S", type=str.upper)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            help="kör bara dessa mätningar (kommaseparerade eller upprepade): "
            + ", ".join(runner.names()),
        )
        parser.add_argument("--json", action="store_true", help="skriv ett JSON-objekt")
        parser.add_argument(
            "--markdown", action="store_true", help="skriv en tabell i Markdown (BENCHMARKS.md)"
        )
        parser.add_argument(
            "--database-url",
            default=None,
            help="PostgreSQL-server att mäta på "
            "(databasnamnet byts mot styr_bench_<storlek>_<frö>)",
        )
        parser.add_argument("--period", default=runner.DEFAULT_PERIOD)
        parser.add_argument("--repeat", type=int, default=3, help="bästa av N körningar")
        parser.add_argument("--clients", type=int, default=10)
        parser.add_argument("--requests", type=int, default=150, help="anrop per sida, högst")
        parser.add_argument("--page-seconds", type=float, default=6.0, help="tid per sida, högst")
        parser.add_argument("--import-rows", type=int, default=0, help="0 = efter storlek")
        parser.add_argument(
            "--use-current-database",
            action="store_true",
            help="kör i denna process mot den inställda databasen och generera en kommun i den "
            "(för tester)",
        )
        parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
        parser.add_argument("--municipality", type=int, default=0, help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        selected = [n.strip() for item in options["only"] for n in item.split(",") if n.strip()]
        unknown = sorted(set(selected) - set(runner.names()))
        if unknown:
            raise CommandError(
                f"Okänd mätning: {', '.join(unknown)} (finns: {', '.join(runner.names())})"
            )
        selected = [n for n in runner.names() if not selected or n in selected]
        context = runner.Context(
            size=options["size"],
            seed=options["seed"],
            period=options["period"],
            repeat=max(1, options["repeat"]),
            options={
                "clients": options["clients"],
                "requests": options["requests"],
                "page_seconds": options["page_seconds"],
                "import_rows": options["import_rows"],
            },
        )
        context.work = core.bench_dir() / core.scratch_key(context.size, context.seed)
        if options["child"]:
            self._child(options["child"], context, options["municipality"])
            return
        if options["use_current_database"]:
            report = runner.run_in_process(context, selected)
        else:
            given = options["database_url"] or os.environ.get("DATABASE_URL")
            url = core.scratch_url(context.size, context.seed, given, core.bench_dir())
            core.bench_dir().mkdir(parents=True, exist_ok=True)
            if url.startswith("postgres"):
                try:
                    core.ensure_postgres_database(url)
                except Exception as error:
                    raise CommandError(f"PostgreSQL går inte att nå: {error}") from error
            quiet = options["json"] or options["markdown"]
            say = (lambda _m: None) if quiet else self.stderr.write
            try:
                report = runner.run_in_children(context, selected, url, say, timeout=1800)
            except RuntimeError as error:
                raise CommandError(str(error)) from error
            saved = core.bench_dir() / (
                f"result-{context.size}-{context.seed}-{report['database']['vendor']}.json"
            )
            saved.write_text(json.dumps(runner.merged(saved, report), indent=2, ensure_ascii=False))
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        elif options["markdown"]:
            self.stdout.write(runner.markdown(report))
        else:
            self._table(report)

    def _child(self, name: str, context: runner.Context, municipality: int) -> None:
        if name == "prepare":
            dataset = runner.prepare(context, migrate=True, reuse=True)
            out = {"dataset": dataset, "database": core.database_description()}
            self.stdout.write(json.dumps(out))
            return
        context.municipality_id = municipality
        result = runner.run_one(name, context).finish()
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))

    def _table(self, report: dict[str, Any]) -> None:
        db = report["database"]
        self.stdout.write(
            f"Storlek {report['size']}, frö {report['seed']}, period {report['period']}, "
            f"{db['vendor']} {db['version']}, {report['machine']['cpu']} "
            f"({report['machine']['cores']} kärnor)"
        )
        for name, b in report["benchmarks"].items():
            figure, reference = b["figure"], b["reference"]
            value = "-" if figure["value"] is None else f"{figure['value']:.4g} {figure['unit']}"
            ref = "-" if reference["value"] is None else f"{reference['value']:.4g}"
            ratio = "-" if b["ratio"] is None else f"{b['ratio']:.2f}"
            memory = b["memory"]["peak_mib"]
            self.stdout.write(
                f"{name:16} {b['status']:8} {value:>16} ref {ref:>10} kvot {ratio:>6} "
                f"mål {b['target']['text']:<24} minne {memory} MiB"
            )
            if b["note"]:
                self.stdout.write(f"{'':16} {b['note'].splitlines()[0][:200]}")
        self.stdout.write(f"Totalt {report['total_seconds']} s")
