"""``styr kolada``: search and show Kolada KPIs, link indicators, sync values, compare peers."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from styr.kolada import services
from styr.kolada.client import KoladaClient, KoladaError
from styr.kolada.comparison import PeerComparison
from styr.kolada.models import KoladaKpi
from styr.organisation.models import Municipality
from styr.plans.models import Indicator


def _iso_date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{raw!r} är inget datum (ÅÅÅÅ-MM-DD)") from exc


def _years(raw: str) -> list[int]:
    years: list[int] = []
    for part in raw.replace(" ", "").split(","):
        first, _sep, last = part.partition("-")
        if not (first.isdigit() and (not last or last.isdigit())):
            raise argparse.ArgumentTypeError(f"{raw!r}: ange år som 2022,2023 eller 2019-2023")
        years.extend(range(int(first), int(last or first) + 1))
    return years


class Command(BaseCommand):
    help = "Kolada: sök och visa nyckeltal, koppla indikatorer, hämta utfall, jämför kommuner."

    # Tests hand in an offline client; the real command builds one from settings.
    client: KoladaClient | None = None

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ÅTGÄRD")

        search = actions.add_parser("search", help="sök nyckeltal på titel")
        search.add_argument("text")

        show = actions.add_parser("show", help="visa ett nyckeltal")
        show.add_argument("kpi")
        show.add_argument("--refresh", action="store_true", help="hämta på nytt från Kolada")

        link = actions.add_parser("link", help="koppla en indikator till ett nyckeltal")
        link.add_argument("indicator", type=int, metavar="INDICATOR_ID")
        link.add_argument("kpi")

        sync = actions.add_parser("sync", help="hämta utfall för kommunens kopplade indikatorer")
        sync.add_argument("--municipality", required=True, metavar="KOD")
        sync.add_argument("--from-date", type=_iso_date, default=None)
        sync.add_argument("--years", type=_years, default=[], metavar="ÅR")

        compare = actions.add_parser("compare", help="jämför med en kommungrupp och riket")
        compare.add_argument("--indicator", type=int, required=True, metavar="ID")
        compare.add_argument("--year", type=int, required=True)
        peers = compare.add_mutually_exclusive_group(required=True)
        peers.add_argument("--group", help="Kolada-kommungruppens id eller namn")
        peers.add_argument("--municipalities", help="kommunkoder, t.ex. 0581,0582")
        compare.add_argument("--gender", choices=["T", "K", "M"], default="T")

    def handle(self, *args: Any, **options: Any) -> None:
        client = self.client or services.default_client()
        try:
            handler = getattr(self, f"_{options['action']}")
            handler(client, options)
        except (KoladaError, services.KoladaServiceError) as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if self.client is None:
                client.close()

    def _search(self, client: KoladaClient, options: dict[str, Any]) -> None:
        kpis = services.search_kpis(options["text"], client, services.default_cache())
        for kpi in kpis:
            self.stdout.write(f"{kpi.id}  {kpi.title}")
        self.stdout.write(_("%(n)s träffar. Källa: Kolada") % {"n": len(kpis)})

    def _show(self, client: KoladaClient, options: dict[str, Any]) -> None:
        kpi = services.get_kpi(options["kpi"], client, refresh=options["refresh"])
        self.stdout.write(self._describe(kpi))

    def _link(self, client: KoladaClient, options: dict[str, Any]) -> None:
        indicator = self._indicator(options["indicator"])
        kpi = services.link_indicator(indicator, options["kpi"], client)
        self.stdout.write(
            _("Indikatorn %(i)s är kopplad till %(k)s %(t)s.")
            % {"i": indicator.pk, "k": kpi.id, "t": kpi.title}
        )

    def _sync(self, client: KoladaClient, options: dict[str, Any]) -> None:
        code = options["municipality"].strip()
        municipality = Municipality.objects.filter(kolada_code=code).first()
        if municipality is None:
            raise CommandError(_("Ingen kommun i Styr har Kolada-koden %(c)s.") % {"c": code})
        report = services.sync_values(
            municipality, client, from_date=options["from_date"], years=options["years"]
        )
        self.stdout.write(report.summary() + " " + _("Källa: Kolada"))

    def _compare(self, client: KoladaClient, options: dict[str, Any]) -> None:
        indicator = self._indicator(options["indicator"])
        codes = (options["municipalities"] or "").split(",") if options["municipalities"] else []
        result = services.peer_comparison(
            indicator,
            options["year"],
            client,
            group=options["group"],
            municipalities=codes,
            gender=options["gender"],
            cache=services.default_cache(),
        )
        self.stdout.write(self._comparison_lines(result))

    @staticmethod
    def _indicator(pk: int) -> Indicator:
        indicator = (
            Indicator.objects.select_related("plan__owner__municipality").filter(pk=pk).first()
        )
        if indicator is None:
            raise CommandError(_("Indikatorn med id %(pk)s finns inte.") % {"pk": pk})
        return indicator

    @staticmethod
    def _describe(kpi: KoladaKpi) -> str:
        rows = [
            (_("Id"), kpi.id),
            (_("Titel"), kpi.title),
            (_("Beskrivning"), kpi.description),
            (_("Verksamhetsområde"), kpi.operating_area),
            (_("Perspektiv"), kpi.perspective),
            (_("Könsuppdelad"), _("ja") if kpi.is_divided_by_gender else _("nej")),
            (_("Data per enhet"), _("ja") if kpi.has_ou_data else _("nej")),
            (_("Kommuntyp"), kpi.municipality_type),
            (_("Publicerad"), str(kpi.publication_date or "")),
            (_("Publiceringsperiod"), kpi.publ_period),
            (_("Hämtad"), kpi.fetched_at.isoformat(timespec="minutes")),
        ]
        return "\n".join(f"{label}: {value}" for label, value in rows) + "\n" + _("Källa: Kolada")

    @staticmethod
    def _comparison_lines(result: PeerComparison) -> str:
        lines = [result.summary()]
        lines.append(
            _("n = %(n)s, min %(lo)s, max %(hi)s")
            % {"n": result.n, "lo": result.minimum, "hi": result.maximum}
        )
        if result.missing:
            lines.append(_("Saknar värde: %(m)s") % {"m": ", ".join(result.missing)})
        return "\n".join(lines)
