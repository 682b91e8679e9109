"""HTTP client for the Kolada API v3: paging, id chunking, retries and a polite rate.

The client knows nothing about Styr's tables; it returns the API's items as plain dicts.
Every failure is raised as :class:`KoladaError` naming the URL, so a caller never gets a
silently incomplete list. Transport, clock and sleep are injectable so tests run offline
and without real waiting.
"""

from __future__ import annotations

import email.utils
import itertools
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import httpx

DEFAULT_BASE_URL = "https://api.kolada.se/v3"
# Kolada refuses more than 25 ids in one path segment.
MAX_IDS_PER_SEGMENT = 25
# A safety stop against a server that keeps handing out next pages.
MAX_PAGES = 10_000
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

JsonDict = dict[str, Any]


class KoladaError(Exception):
    """A Kolada request failed or returned something unusable; ``url`` says which."""

    def __init__(self, url: str, problem: str, *, status: int | None = None) -> None:
        self.url = url
        self.problem = problem
        self.status = status
        super().__init__(f"Kolada: {problem} ({url})")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    backoff_seconds: float = 1.0
    max_wait_seconds: float = 60.0

    def wait_before(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before attempt number ``attempt + 1`` (``attempt`` is 1-based)."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_wait_seconds)
        return min(self.backoff_seconds * 2 ** (attempt - 1), self.max_wait_seconds)


def chunked(ids: Sequence[str], size: int = MAX_IDS_PER_SEGMENT) -> list[list[str]]:
    """Split ids into lists of at most ``size``, keeping order and dropping duplicates."""
    unique = list(dict.fromkeys(str(i).strip() for i in ids if str(i).strip()))
    return [unique[start : start + size] for start in range(0, len(unique), size)]


def parse_retry_after(header: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Retry-After is either delay seconds or an HTTP date (RFC 9110)."""
    if not header:
        return None
    header = header.strip()
    if header.isdigit():
        return float(header)
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now())


class KoladaClient:
    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        max_requests_per_second: float = 5.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        user_agent: str = "Styr (https://github.com/styr; Kolada-klient)",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.retry = retry or RetryPolicy()
        self._min_interval = 1.0 / max_requests_per_second if max_requests_per_second else 0.0
        self._sleep = sleep
        self._clock = clock
        self._last_request_at: float | None = None
        self.requests_made = 0
        self._http = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(timeout),
            headers={"Accept": "application/json", "User-Agent": user_agent},
            follow_redirects=True,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> KoladaClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- metadata ---------------------------------------------------------------------

    def kpis(self, title: str | None = None) -> list[JsonDict]:
        params = {"title": title} if title else None
        return self.fetch_all("kpi", params)

    def kpis_by_id(self, kpi_ids: Sequence[str]) -> list[JsonDict]:
        return self._fetch_chunked_ids("kpi", kpi_ids)

    def municipalities(self, title: str | None = None) -> list[JsonDict]:
        return self.fetch_all("municipality", {"title": title} if title else None)

    def municipality_groups(self, title: str | None = None) -> list[JsonDict]:
        return self.fetch_all("municipality_groups", {"title": title} if title else None)

    def municipality_group(self, group_id: str) -> JsonDict | None:
        items = self.fetch_all(f"municipality_groups/{_segment([group_id])}")
        return items[0] if items else None

    def ous(self, municipality: str | None = None, title: str | None = None) -> list[JsonDict]:
        params = {k: v for k, v in {"municipality": municipality, "title": title}.items() if v}
        return self.fetch_all("ou", params or None)

    # -- data -------------------------------------------------------------------------

    def data(
        self,
        *,
        kpis: Sequence[str] = (),
        municipalities: Sequence[str] = (),
        years: Sequence[int | str] = (),
        from_date: date | None = None,
    ) -> list[JsonDict]:
        """Values for municipalities; any two of the three dimensions must be given."""
        return self._data("data", "municipality", kpis, municipalities, years, from_date)

    def ou_data(
        self,
        *,
        kpis: Sequence[str] = (),
        ous: Sequence[str] = (),
        years: Sequence[int | str] = (),
        from_date: date | None = None,
    ) -> list[JsonDict]:
        """Values for organisational units (enheter); any two dimensions must be given."""
        return self._data("oudata", "ou", kpis, ous, years, from_date)

    def _data(
        self,
        root: str,
        place: str,
        kpis: Sequence[str],
        places: Sequence[str],
        years: Sequence[int | str],
        from_date: date | None,
    ) -> list[JsonDict]:
        dimensions = [
            ("kpi", chunked(kpis)),
            (place, chunked(places)),
            ("year", chunked([str(y) for y in years])),
        ]
        given = [(name, chunks) for name, chunks in dimensions if chunks]
        if len(given) < 2:
            raise KoladaError(
                f"{self.base_url}/{root}", "minst två av kpi, kommun/enhet och år krävs"
            )
        params = {"from_date": from_date.isoformat()} if from_date else None
        items: list[JsonDict] = []
        names = [name for name, _ in given]
        for combination in itertools.product(*(chunks for _, chunks in given)):
            path = "/".join(
                f"{name}/{_segment(ids)}" for name, ids in zip(names, combination, strict=True)
            )
            items.extend(self.fetch_all(f"{root}/{path}", params))
        return items

    def _fetch_chunked_ids(self, root: str, ids: Sequence[str]) -> list[JsonDict]:
        items: list[JsonDict] = []
        for chunk in chunked(ids):
            items.extend(self.fetch_all(f"{root}/{_segment(chunk)}"))
        return items

    # -- paging -----------------------------------------------------------------------

    def fetch_all(self, path: str, params: dict[str, str] | None = None) -> list[JsonDict]:
        """Every item of every page; a page that cannot be had fails the whole call."""
        return list(self.iter_items(path, params))

    def iter_items(self, path: str, params: dict[str, str] | None = None) -> Iterator[JsonDict]:
        url: str | None = self._absolute(path)
        seen: set[str] = set()
        page_counts: list[tuple[int, int | None]] = []
        query = params
        while url is not None:
            if url in seen or len(seen) >= MAX_PAGES:
                raise KoladaError(url, "sidnumreringen upprepar sig (next_url pekar bakåt)")
            seen.add(url)
            page = self.get_json(url, query)
            values = _page_values(page, url)
            page_counts.append((len(values), _optional_int(page.get("count"))))
            yield from values
            url = self._next_url(page, url)
            query = None  # next_url already carries the query
        _check_counts(page_counts, self._absolute(path))

    def _next_url(self, page: JsonDict, current: str) -> str | None:
        # v3 documents next_url; older clients used "next_page" / v1 "next": accept all.
        raw = page.get("next_url") or page.get("next_page") or page.get("next")
        if not raw:
            return None
        if not isinstance(raw, str):
            raise KoladaError(current, f"next_url är inte en adress: {raw!r}")
        resolved = self._resolve(raw)
        if urlsplit(resolved).netloc != urlsplit(self.base_url).netloc:
            raise KoladaError(current, f"next_url leder till en annan värd: {raw}")
        return resolved

    def _resolve(self, link: str) -> str:
        """An absolute link is kept; a relative one is read against the API root."""
        if urlsplit(link).scheme:
            return link
        base_path = urlsplit(self.base_url).path.rstrip("/")
        if link.startswith("/") and not link.startswith(base_path + "/"):
            # "/data/kpi/..." without the version prefix: put it under the API root.
            return self.base_url + link
        return urljoin(self.base_url + "/", link)

    def _absolute(self, path: str) -> str:
        return self._resolve(path) if urlsplit(path).scheme else f"{self.base_url}/{path}"

    # -- one request ------------------------------------------------------------------

    def get_json(self, url: str, params: dict[str, str] | None = None) -> JsonDict:
        response = self._get_with_retries(url, params)
        shown = str(response.request.url)
        try:
            body = response.json()
        except ValueError as exc:
            raise KoladaError(shown, "svaret är inte JSON", status=response.status_code) from exc
        if not isinstance(body, dict):
            raise KoladaError(shown, "svaret är inte ett JSON-objekt", status=response.status_code)
        return body

    def _get_with_retries(self, url: str, params: dict[str, str] | None) -> httpx.Response:
        attempt = 0
        while True:
            attempt += 1
            self._wait_for_rate_limit()
            try:
                response = self._http.get(url, params=params)
            except httpx.HTTPError as exc:
                if attempt >= self.retry.attempts:
                    raise KoladaError(url, f"nätverksfel efter {attempt} försök: {exc}") from exc
                self._sleep(self.retry.wait_before(attempt, None))
                continue
            if response.status_code < 400:
                return response
            shown = str(response.request.url)
            if response.status_code not in RETRY_STATUSES:
                raise KoladaError(
                    shown,
                    f"HTTP {response.status_code}: {_short(response.text)}",
                    status=response.status_code,
                )
            if attempt >= self.retry.attempts:
                raise KoladaError(
                    shown,
                    f"HTTP {response.status_code} även efter {attempt} försök",
                    status=response.status_code,
                )
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            self._sleep(self.retry.wait_before(attempt, retry_after))

    def _wait_for_rate_limit(self) -> None:
        now = self._clock()
        if self._last_request_at is not None:
            wait = self._min_interval - (now - self._last_request_at)
            if wait > 0:
                self._sleep(wait)
                now = self._clock()
        self._last_request_at = now
        self.requests_made += 1


def _segment(ids: Iterable[str]) -> str:
    return ",".join(quote(str(i), safe="") for i in ids)


def _page_values(page: JsonDict, url: str) -> list[JsonDict]:
    values = page.get("values")
    if not isinstance(values, list):
        raise KoladaError(url, "svaret saknar listan 'values'")
    for item in values:
        if not isinstance(item, dict):
            raise KoladaError(url, f"ett element i 'values' är inte ett objekt: {item!r}")
    return values


def _optional_int(raw: object) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.isdigit():
        return int(raw)
    return None


def _check_counts(page_counts: list[tuple[int, int | None]], url: str) -> None:
    """Each page's ``count`` must be its own length or the total over all pages.

    The v3 documentation does not say which of the two it is, so both are accepted;
    anything else means pages were lost or cut short.
    """
    total = sum(length for length, _ in page_counts)
    for length, count in page_counts:
        if count is not None and count not in (length, total):
            raise KoladaError(
                url, f"ofullständigt svar: count={count} men {total} element hämtades"
            )


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
