"""Kolada in Styr: find and link KPIs, sync their values into measurements, compare peers.

Rules kept here:
- A value written by a sync carries origin ``kolada`` and what Kolada said about it
  (``extra["kolada"]``). A value that Styr's users or documents gave is never overwritten,
  and a Kolada value that was edited in Styr is no longer credited to Kolada.
- A sync fetches everything first and writes in one transaction: either the whole run is
  stored or nothing is.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from styr.followup import bulk
from styr.followup.models import Measurement, MeasurementOrigin
from styr.organisation.models import Municipality
from styr.plans.models import Indicator

from .cache import MetadataCache
from .client import DEFAULT_BASE_URL, JsonDict, KoladaClient, KoladaError
from .comparison import PeerComparison, compare_values
from .models import (
    KoladaKpi,
    KoladaMunicipality,
    KoladaMunicipalityGroup,
    KoladaSyncState,
    SyncTarget,
)

NATIONAL_CODE = "0000"  # Riket
KPI_ID = re.compile(r"^[A-Z]{1,2}\d{4,6}$")
METADATA_MAX_AGE = timedelta(days=7)
GENDERS = ("T", "K", "M")
# Plain strings: compared once per value a sync meets.
_KOLADA = MeasurementOrigin.KOLADA.value
_MANUAL = MeasurementOrigin.MANUAL.value

__all__ = [
    "KoladaError",
    "KoladaServiceError",
    "SyncReport",
    "default_cache",
    "default_client",
    "get_kpi",
    "link_indicator",
    "municipality_groups",
    "peer_comparison",
    "search_kpis",
    "sync_values",
]


class KoladaServiceError(ValueError):
    """Bad input to a Kolada service: an unknown KPI, municipality or group."""


def default_client() -> KoladaClient:
    return KoladaClient(getattr(settings, "KOLADA_BASE_URL", DEFAULT_BASE_URL))


def default_cache() -> MetadataCache:
    return MetadataCache(settings.KOLADA_CACHE_DIR, max_age=METADATA_MAX_AGE)


# -- KPI metadata ---------------------------------------------------------------------


def search_kpis(
    text: str, client: KoladaClient, cache: MetadataCache | None = None
) -> list[KoladaKpi]:
    """KPIs whose title contains ``text``, as Kolada searches; stored for later lookups."""
    text = text.strip()
    if not text:
        raise KoladaServiceError(_("Ange en söktext."))
    items = _cached(cache, f"kpi?title={text}", lambda: client.kpis(title=text))
    return [_store_kpi(item) for item in items]


def get_kpi(
    kpi_id: str,
    client: KoladaClient,
    *,
    max_age: timedelta = METADATA_MAX_AGE,
    refresh: bool = False,
) -> KoladaKpi:
    """The KPI's metadata, from the local table while it is younger than ``max_age``."""
    kpi_id = normalise_kpi_id(kpi_id)
    stored = KoladaKpi.objects.filter(pk=kpi_id).first()
    if stored and not refresh and timezone.now() - stored.fetched_at <= max_age:
        return stored
    items = [i for i in client.kpis_by_id([kpi_id]) if str(i.get("id")) == kpi_id]
    if not items:
        raise KoladaServiceError(_("Nyckeltalet %(kpi)s finns inte i Kolada.") % {"kpi": kpi_id})
    return _store_kpi(items[0])


def normalise_kpi_id(raw: str) -> str:
    kpi_id = raw.strip().upper()
    if not KPI_ID.match(kpi_id):
        raise KoladaServiceError(
            _("%(kpi)r är inget Kolada-id (väntade t.ex. N33001).") % {"kpi": raw}
        )
    return kpi_id


def _store_kpi(item: JsonDict) -> KoladaKpi:
    kpi_id = str(item.get("id") or "").strip()
    if not kpi_id:
        raise KoladaError("kpi", f"ett nyckeltal saknar id: {item!r}")
    kpi, _created = KoladaKpi.objects.update_or_create(
        pk=kpi_id,
        defaults={
            "title": _text(item.get("title"))[:500],
            "description": _text(item.get("description")),
            "is_divided_by_gender": _as_bool(item.get("is_divided_by_gender")),
            "operating_area": _text(item.get("operating_area"))[:300],
            "perspective": _text(item.get("perspective"))[:100],
            "publication_date": _as_date(item.get("publication_date")),
            "publ_period": _text(item.get("publ_period"))[:100],
            "has_ou_data": _as_bool(item.get("has_ou_data")),
            "municipality_type": _text(item.get("municipality_type"))[:10],
            "fetched_at": timezone.now(),
        },
    )
    return kpi


# -- linking --------------------------------------------------------------------------


def link_indicator(indicator: Indicator, kpi_id: str, client: KoladaClient) -> KoladaKpi:
    """Link an indicator to a KPI that Kolada knows; the data source becomes "Kolada"."""
    kpi = get_kpi(kpi_id, client)
    indicator.kolada_kpi = kpi.id
    fields = ["kolada_kpi", "updated_at"]
    if not indicator.data_source:
        indicator.data_source = "Kolada"
        fields.append("data_source")
    indicator.save(update_fields=fields)
    return kpi


# -- municipalities and groups --------------------------------------------------------


def municipality_groups(
    client: KoladaClient, cache: MetadataCache | None = None
) -> list[KoladaMunicipalityGroup]:
    items = _cached(cache, "municipality_groups", client.municipality_groups)
    now = timezone.now()
    groups = []
    for item in items:
        group, _created = KoladaMunicipalityGroup.objects.update_or_create(
            pk=str(item.get("id")),
            defaults={
                "title": _text(item.get("title"))[:300],
                "members": _member_codes(item.get("members")),
                "fetched_at": now,
            },
        )
        groups.append(group)
    return groups


def refresh_municipalities(client: KoladaClient, cache: MetadataCache | None = None) -> int:
    items = _cached(cache, "municipality", client.municipalities)
    now = timezone.now()
    for item in items:
        KoladaMunicipality.objects.update_or_create(
            pk=str(item.get("id")),
            defaults={
                "title": _text(item.get("title"))[:200],
                "type": _text(item.get("type"))[:10],
                "fetched_at": now,
            },
        )
    return len(items)


def find_group(
    group: str, client: KoladaClient, cache: MetadataCache | None = None
) -> KoladaMunicipalityGroup:
    """A group by id, or by a title that matches exactly one group."""
    groups = municipality_groups(client, cache)
    by_id = [g for g in groups if g.id == group]
    if by_id:
        return by_id[0]
    by_title = [g for g in groups if group.casefold() in g.title.casefold()]
    if len(by_title) == 1:
        return by_title[0]
    if not by_title:
        raise KoladaServiceError(_("Kommungruppen %(g)r finns inte i Kolada.") % {"g": group})
    raise KoladaServiceError(
        _("%(g)r passar flera kommungrupper: %(titles)s")
        % {"g": group, "titles": "; ".join(f"{g.id} {g.title}" for g in by_title[:10])}
    )


def _member_codes(raw: Any) -> list[str]:
    """Members are documented as a list; accept ids as strings or as {"id": ...} objects."""
    codes = []
    for member in raw or []:
        code = member.get("id") if isinstance(member, dict) else member
        if code is not None and str(code).strip():
            codes.append(str(code).strip())
    return codes


# -- syncing values -------------------------------------------------------------------


@dataclass
class SyncReport:
    requests: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    # A value our users or documents gave, which a sync leaves alone.
    kept_local: int = 0
    indicators: int = 0
    targets: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _(
            "%(ind)s indikatorer, %(req)s anrop: %(c)s nya, %(u)s ändrade, %(n)s oförändrade, "
            "%(d)s borttagna, %(k)s egna värden orörda."
        ) % {
            "ind": self.indicators,
            "req": self.requests,
            "c": self.created,
            "u": self.updated,
            "n": self.unchanged,
            "d": self.deleted,
            "k": self.kept_local,
        }


# Tuples rather than frozen dataclasses: a sync makes one value per number Kolada sends
# and looks each up by target, so creating and hashing them is on its hot path.
class _Target(NamedTuple):
    """Where an indicator's values come from: the municipality or one of its units."""

    kind: str  # a SyncTarget value, as a plain str
    code: str


class _KoladaValue(NamedTuple):
    target: _Target
    kpi: str
    period: str
    gender: str
    value: float | None
    deleted: bool
    status: str
    count: Any


class _Linked(NamedTuple):
    """A linked indicator as the sync needs it: its KPI and the Kolada id of its unit."""

    pk: int
    kpi: str
    ou_id: str


def sync_values(
    municipality: Municipality,
    client: KoladaClient,
    *,
    from_date: date | None = None,
    years: Sequence[int] = (),
    today: date | None = None,
) -> SyncReport:
    """Fetch the values of every linked indicator of the municipality and store them.

    Indicators whose unit (responsible unit, else the plan's owner) has a Kolada unit id
    and whose KPI has unit data get that unit's values; the others get the municipality's.
    Without ``from_date`` each KPI resumes from its own last sync (or fetches everything
    the first time). A run limited to ``years`` does not move the sync state.
    """
    code = (municipality.kolada_code or "").strip()
    if not code:
        raise KoladaServiceError(
            _("Kommunen %(m)s har ingen Kolada-kod.") % {"m": municipality.name}
        )
    today = today or timezone.localdate()
    indicators = _linked_indicators(municipality)
    kpi_of = {i.pk: i.kpi for i in indicators}
    report = SyncReport(indicators=len(indicators))
    requests_before = client.requests_made
    targets = _targets_for(indicators, kpi_of, code, client)
    fetched = _fetch_values(targets, kpi_of, client, from_date=from_date, years=years)
    report.requests = client.requests_made - requests_before
    report.targets = sorted({f"{t.kind}:{t.code}" for t in targets.values()})
    with transaction.atomic():
        _write_values(indicators, targets, kpi_of, fetched, report)
        if not years:
            _advance_state(targets, kpi_of, today)
    return report


def _linked_indicators(municipality: Municipality) -> list[_Linked]:
    """The municipality's indicators linked to a KPI, read as plain rows; the unit whose
    Kolada id counts is the responsible unit, else the plan's owner."""
    rows = (
        Indicator.objects.filter(plan__owner__municipality=municipality)
        .exclude(kolada_kpi="")
        .values_list(
            "pk",
            "kolada_kpi",
            "responsible_unit_id",
            "responsible_unit__kolada_ou_id",
            "plan__owner__kolada_ou_id",
        )
    )
    linked = []
    for pk, kpi, responsible_id, responsible_ou, owner_ou in rows:
        try:
            kpi_id = normalise_kpi_id(kpi)
        except KoladaServiceError as exc:
            raise KoladaServiceError(
                _("Indikatorn %(i)s (id %(pk)s): %(problem)s")
                % {"i": Indicator.objects.get(pk=pk), "pk": pk, "problem": exc}
            ) from exc
        ou_id = responsible_ou if responsible_id is not None else owner_ou
        linked.append(_Linked(pk, kpi_id, (ou_id or "").strip()))
    return linked


def _linked_kpi(indicator: Indicator) -> str:
    try:
        return normalise_kpi_id(indicator.kolada_kpi)
    except KoladaServiceError as exc:
        raise KoladaServiceError(
            _("Indikatorn %(i)s (id %(pk)s): %(problem)s")
            % {"i": indicator, "pk": indicator.pk, "problem": exc}
        ) from exc


def _targets_for(
    indicators: Iterable[_Linked],
    kpi_of: dict[int, str],
    municipality_code: str,
    client: KoladaClient,
) -> dict[int, _Target]:
    targets: dict[int, _Target] = {}
    for indicator in indicators:
        if indicator.ou_id and get_kpi(kpi_of[indicator.pk], client).has_ou_data:
            targets[indicator.pk] = _Target(SyncTarget.OU.value, indicator.ou_id)
        else:
            targets[indicator.pk] = _Target(SyncTarget.MUNICIPALITY.value, municipality_code)
    return targets


def _fetch_values(
    targets: dict[int, _Target],
    kpi_of: dict[int, str],
    client: KoladaClient,
    *,
    from_date: date | None,
    years: Sequence[int],
) -> list[_KoladaValue]:
    """All values needed, fetched before anything is written."""
    wanted: dict[_Target, set[str]] = defaultdict(set)
    for indicator_id, target in targets.items():
        wanted[target].add(kpi_of[indicator_id])
    values: list[_KoladaValue] = []
    for target, kpis in sorted(wanted.items(), key=lambda kv: (kv[0].kind, kv[0].code)):
        for since, kpi_group in _group_by_start(target, sorted(kpis), from_date, years).items():
            if target.kind == SyncTarget.OU:
                items = client.ou_data(
                    kpis=kpi_group, ous=[target.code], years=years, from_date=since
                )
            else:
                items = client.data(
                    kpis=kpi_group, municipalities=[target.code], years=years, from_date=since
                )
            values.extend(_parse_items(items, target, set(kpi_group)))
    return values


def _group_by_start(
    target: _Target, kpis: list[str], from_date: date | None, years: Sequence[int]
) -> dict[date | None, list[str]]:
    """KPIs that can share one request: those that resume from the same date."""
    if from_date is not None or years:
        return {from_date: kpis}
    states = dict(
        KoladaSyncState.objects.filter(
            target=target.kind, code=target.code, kpi__in=kpis
        ).values_list("kpi", "last_from_date")
    )
    groups: dict[date | None, list[str]] = defaultdict(list)
    for kpi in kpis:
        groups[states.get(kpi)].append(kpi)
    return dict(groups)


def _parse_items(items: list[JsonDict], target: _Target, kpis: set[str]) -> list[_KoladaValue]:
    """Kolada's items as values. The types Kolada sends (a float, a bool, "T") are taken as
    they are; anything else goes through the tolerant readers below."""
    parsed: list[_KoladaValue] = []
    append = parsed.append
    place_key = "ou" if target.kind == SyncTarget.OU else "municipality"
    for item in items:
        kpi = str(item.get("kpi") or "")
        place = str(item.get(place_key) or "")
        if kpi not in kpis or place != target.code:
            raise KoladaError(
                f"{place_key}/{target.code}",
                f"oväntat element: kpi={kpi!r}, {place_key}={place!r}",
            )
        period = _period(item.get("period"))
        for raw in item.get("values") or []:
            gender = raw.get("gender")
            if gender not in GENDERS:
                gender = str(gender or "T").upper()
                if gender not in GENDERS:
                    raise KoladaError(f"data/kpi/{kpi}", f"okänt kön {gender!r} för {period}")
            value = raw.get("value")
            if type(value) is not float:
                value = _as_float(value, kpi, period)
            deleted = raw.get("isdeleted")
            if type(deleted) is not bool:
                deleted = _as_bool(deleted)
            status = raw.get("status")
            status = status.strip() if type(status) is str else _text(status)
            append(
                _KoladaValue(target, kpi, period, gender, value, deleted, status, raw.get("count"))
            )
    return parsed


@dataclass(slots=True)
class _Stored:
    """A stored measurement as the sync sees it."""

    pk: int
    value: float | None
    origin: str
    extra: dict[str, Any]


@dataclass
class _Changes:
    """What a sync writes, gathered first and then written in a few queries per kind."""

    # New measurements: the Kolada value each will hold (its value and provenance).
    created: dict[tuple[int, str, str], _KoladaValue] = field(default_factory=dict)
    changed: dict[int, _Stored] = field(default_factory=dict)
    manual: set[int] = field(default_factory=set)
    deleted: set[int] = field(default_factory=set)


class _Provenance:
    """What a sync records about a value it writes (``extra["kolada"]``): as a dict, and
    for a new value as the JSON text that ``json.dumps({"kolada": ...})`` gives. The parts
    that repeat within a run (KPI and target, status and count, the time) are encoded once,
    so a new value costs a few string joins instead of a pass through the JSON encoder,
    which took about a fifth of a first sync's time."""

    def __init__(self, synced_at: str) -> None:
        self.synced_at = synced_at
        self._heads: dict[tuple[_Target, str], str] = {}
        self._tails: dict[tuple[str, int | None], str] = {}

    def of(self, value: _KoladaValue) -> dict[str, Any]:
        return {
            "kpi": value.kpi,
            value.target.kind: value.target.code,
            "value": value.value,
            "status": value.status,
            "count": value.count,
            "synced_at": self.synced_at,
        }

    def extra_json(self, value: _KoladaValue) -> str:
        head = self._heads.get((value.target, value.kpi))
        if head is None:
            head = self._heads[(value.target, value.kpi)] = (
                f'{{"kolada": {{"kpi": {json.dumps(value.kpi)}, '
                f'{json.dumps(value.target.kind)}: {json.dumps(value.target.code)}, "value": '
            )
        number = value.value
        if type(number) is float and math.isfinite(number):
            number_json = repr(number)  # what json.dumps writes for a finite float
        else:
            number_json = json.dumps(number)
        count = value.count
        # Only None and exact ints share a tail: 1, 1.0 and True are one dict key.
        if count is None or type(count) is int:
            tail = self._tails.get((value.status, count))
            if tail is None:
                tail = self._tails[(value.status, count)] = self._tail(value.status, count)
        else:
            tail = self._tail(value.status, count)
        return head + number_json + tail

    def _tail(self, status: str, count: Any) -> str:
        return (
            f', "status": {json.dumps(status)}, "count": {json.dumps(count)}, '
            f'"synced_at": {json.dumps(self.synced_at)}}}}}'
        )


def _write_values(
    indicators: list[_Linked],
    targets: dict[int, _Target],
    kpi_of: dict[int, str],
    fetched: list[_KoladaValue],
    report: SyncReport,
) -> None:
    """Decide value by value as a save would, then write in bulk: re-marked manual values,
    changed values, deletions and new values, each a few queries however many values."""
    by_source: dict[tuple[_Target, str], list[int]] = defaultdict(list)
    for indicator in indicators:
        by_source[(targets[indicator.pk], kpi_of[indicator.pk])].append(indicator.pk)
    existing = {
        (indicator_id, period, gender): _Stored(pk, value, origin, extra or {})
        for pk, indicator_id, period, gender, value, origin, extra in Measurement.objects.filter(
            indicator__in=[indicator.pk for indicator in indicators],
            period__in={value.period for value in fetched},
        )
        .order_by()
        .values_list("pk", "indicator_id", "period", "gender", "value", "origin", "extra")
    }
    now = timezone.now()
    provenance = _Provenance(now.isoformat(timespec="seconds"))
    changes = _Changes()
    created = changes.created
    for value in fetched:
        for indicator_id in by_source[(value.target, value.kpi)]:
            key = (indicator_id, value.period, value.gender)
            if key in created:
                _apply_again(key, created[key], value, report, changes)
            else:
                _apply(key, existing.get(key), value, provenance, report, existing, changes)
    _store(changes, provenance, now)


def _apply(
    key: tuple[int, str, str],
    current: _Stored | None,
    value: _KoladaValue,
    provenance: _Provenance,
    report: SyncReport,
    existing: dict[tuple[int, str, str], _Stored],
    changes: _Changes,
) -> None:
    """A value from Kolada for a measurement this run has not created: compared with the
    stored one, if any."""
    if current is None:
        if not value.deleted and value.value is not None:  # None: nothing to show yet
            changes.created[key] = value
            report.created += 1
        return
    if not _is_kolada_value(current, changes):
        report.kept_local += 1
        return
    if value.deleted:
        del existing[key]
        # A value changed earlier in this run stays in ``changed``: it is updated and then
        # deleted, so its history holds both steps, as saving one by one did.
        changes.deleted.add(current.pk)
        report.deleted += 1
        return
    if current.value == value.value:
        report.unchanged += 1
        return
    current.value = value.value
    current.extra = {**current.extra, "kolada": provenance.of(value)}
    changes.changed[current.pk] = current
    report.updated += 1


def _apply_again(
    key: tuple[int, str, str],
    earlier: _KoladaValue,
    value: _KoladaValue,
    report: SyncReport,
    changes: _Changes,
) -> None:
    """A value for a measurement this run creates: it was Kolada's, so Kolada may change it
    or take it back before it is written."""
    if value.deleted:
        del changes.created[key]
        report.deleted += 1
    elif earlier.value == value.value:
        report.unchanged += 1
    else:
        changes.created[key] = value
        report.updated += 1


def _is_kolada_value(stored: _Stored, changes: _Changes) -> bool:
    """A Kolada value still holds what Kolada said; if a user changed it, it is theirs.

    Such an edited value is re-marked as manual so Kolada is not credited with it (the
    rule of ``Measurement.mark_manual_if_edited``, applied here to rows written in bulk).
    """
    if stored.origin != _KOLADA:
        return False
    recorded = stored.extra.get("kolada", {})
    if "value" in recorded and recorded["value"] != stored.value:
        stored.origin = _MANUAL
        changes.manual.add(stored.pk)
        return False
    return True


def _store(changes: _Changes, provenance: _Provenance, now: datetime) -> None:
    reason = _("Synkronisering från Kolada")
    if changes.manual:
        bulk.set_origin(changes.manual, _MANUAL, now=now, reason=reason)
    if changes.changed:
        bulk.update_measurements(
            {pk: (stored.value, stored.extra) for pk, stored in changes.changed.items()},
            now=now,
            reason=reason,
        )
    if changes.deleted:  # before the inserts: a value may be deleted and given again
        bulk.delete_measurements(changes.deleted, now=now, reason=reason)
    if changes.created:
        created = changes.created
        bulk.insert_measurements(
            [
                (indicator_id, period, int(period[:4]), gender, value.value)
                for (indicator_id, period, gender), value in created.items()
            ],
            origin=_KOLADA,
            now=now,
            reason=reason,
            extras=[provenance.extra_json(value) for value in created.values()],
        )


def _advance_state(targets: dict[int, _Target], kpi_of: dict[int, str], today: date) -> None:
    now = timezone.now()
    pairs = {(target, kpi_of[pk]) for pk, target in targets.items()}
    for target, kpi in pairs:
        KoladaSyncState.objects.update_or_create(
            target=target.kind,
            code=target.code,
            kpi=kpi,
            # Kolada's from_date is a day; resuming from today re-reads today's changes
            # rather than risking one lost between our fetch and midnight.
            defaults={"last_from_date": today, "synced_at": now},
        )


# -- peer comparison ------------------------------------------------------------------


def peer_comparison(
    indicator: Indicator,
    year: int,
    client: KoladaClient,
    *,
    group: str | None = None,
    municipalities: Sequence[str] = (),
    gender: str = "T",
    cache: MetadataCache | None = None,
) -> PeerComparison:
    """The indicator's municipality beside a Kolada group or chosen municipalities, and Riket.

    All numbers come from Kolada in one consistent fetch, so the municipality's own value
    is Kolada's even if Styr holds a locally entered one.
    """
    if not indicator.kolada_kpi:
        raise KoladaServiceError(
            _("Indikatorn %(i)s är inte kopplad till något Kolada-nyckeltal.") % {"i": indicator}
        )
    kpi = _linked_kpi(indicator)
    municipality = indicator.plan.owner.municipality
    own = (municipality.kolada_code or "").strip()
    if not own:
        raise KoladaServiceError(
            _("Kommunen %(m)s har ingen Kolada-kod.") % {"m": municipality.name}
        )
    peers, label = _peer_codes(group, municipalities, client, cache)
    codes = [*dict.fromkeys([own, *peers, NATIONAL_CODE])]
    items = client.data(kpis=[kpi], municipalities=codes, years=[year])
    values = _values_by_municipality(items, str(year), gender.upper())
    peer_values = {code: values.get(code) for code in peers if code != NATIONAL_CODE}
    return compare_values(
        own,
        peer_values,
        own_value=values.get(own),
        national=values.get(NATIONAL_CODE),
        direction=indicator.direction or None,
        group_label=label,
    )


def _peer_codes(
    group: str | None,
    municipalities: Sequence[str],
    client: KoladaClient,
    cache: MetadataCache | None,
) -> tuple[list[str], str]:
    if group and municipalities:
        raise KoladaServiceError(_("Ange antingen en kommungrupp eller en lista med kommuner."))
    if group:
        found = find_group(group, client, cache)
        if not found.members:
            raise KoladaServiceError(_("Kommungruppen %(g)s har inga medlemmar.") % {"g": found})
        return list(found.members), found.title
    codes = [c.strip() for c in municipalities if c.strip()]
    if not codes:
        raise KoladaServiceError(_("Ange en kommungrupp eller minst en kommun att jämföra med."))
    bad = [c for c in codes if not re.fullmatch(r"\d{4}", c)]
    if bad:
        raise KoladaServiceError(
            _("Ogiltiga kommunkoder (fyra siffror väntas): %(c)s") % {"c": ", ".join(bad)}
        )
    return codes, _("valda kommuner")


def _values_by_municipality(items: list[JsonDict], year: str, gender: str) -> dict[str, float]:
    values: dict[str, float] = {}
    for item in items:
        if _period(item.get("period")) != year:
            continue
        for raw in item.get("values") or []:
            if str(raw.get("gender") or "T").upper() != gender or _as_bool(raw.get("isdeleted")):
                continue
            number = _as_float(raw.get("value"), str(item.get("kpi")), year)
            if number is not None:
                values[str(item.get("municipality"))] = number
    return values


# -- tolerant readers of Kolada's JSON -----------------------------------------------


def _cached(cache: MetadataCache | None, key: str, fetch: Any) -> list[JsonDict]:
    if cache is None:
        result: list[JsonDict] = fetch()
        return result
    payload: list[JsonDict] = cache.get_or_fetch(key, fetch)
    return payload


def _text(raw: Any) -> str:
    return "" if raw is None else str(raw).strip()


def _as_bool(raw: Any) -> bool:
    if isinstance(raw, str):
        return raw.strip().lower() in {"1", "true", "yes", "ja"}
    return bool(raw)


def _as_date(raw: Any) -> date | None:
    if not raw:
        return None
    text = str(raw).strip()
    try:
        return parse_date(text[:10]) or datetime.fromisoformat(text).date()
    except ValueError:
        return None


def _period(raw: Any) -> str:
    text = _text(raw)
    if not re.fullmatch(r"\d{4}([-/].+)?", text):
        raise KoladaError("data", f"okänd period {raw!r}")
    return text[:4] if len(text) == 4 else text


def _as_float(raw: Any, kpi: str, period: str) -> float | None:
    if raw is None or raw == "":
        return None
    try:
        return float(str(raw).replace(",", ".")) if isinstance(raw, str) else float(raw)
    except (TypeError, ValueError) as exc:
        raise KoladaError(f"data/kpi/{kpi}", f"värdet {raw!r} för {period} är inget tal") from exc
