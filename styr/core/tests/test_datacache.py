"""The shared cache: a value is reused until a committed write changes the data version."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import override_settings

from styr.core.datacache import (
    cached,
    current_version,
    data_changed,
    fingerprint,
    municipality_scope,
    writing_for,
    written_table,
)
from styr.organisation.models import Municipality

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


class Counter:
    """A build function that says how often it ran and returns a new value each time."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return f"value {self.calls}"


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('INSERT INTO "plans_goal" ("title") VALUES (%s)', "plans_goal"),
        ('UPDATE "plans_goal" SET "title" = %s WHERE "plans_goal"."id" = %s', "plans_goal"),
        ('DELETE FROM "followup_measurement" WHERE "id" IN (%s)', "followup_measurement"),
        ("INSERT OR IGNORE INTO plans_target (id) VALUES (1)", "plans_target"),
        ('TRUNCATE "plans_goal", "plans_plan"', "plans_goal"),
        ('  update "plans_plan" set "status" = %s', "plans_plan"),
        ('SELECT "plans_goal"."id" FROM "plans_goal"', None),
        ('SAVEPOINT "s1"', None),
        ('INSERT INTO "django_session" ("session_key") VALUES (%s)', None),
        ('UPDATE "auth_user" SET "last_login" = %s WHERE "auth_user"."id" = %s', None),
        ('UPDATE "auth_user" SET "last_login" = %s, "is_staff" = %s WHERE "id" = %s', "auth_user"),
        ('UPDATE "accounts_apitoken" SET "last_used_at" = %s WHERE "id" = %s', None),
        ('CREATE TABLE "x" ("id" integer)', None),
    ],
)
def test_which_statements_change_the_data(sql: str, table: str | None) -> None:
    assert written_table(sql) == table


def test_a_committed_write_changes_the_version_and_a_rolled_back_one_does_not() -> None:
    before = current_version()
    Municipality.objects.create(name="Exempelby", kolada_code="9999")
    after_save = current_version()
    assert after_save != before
    with pytest.raises(RuntimeError), transaction.atomic():
        Municipality.objects.create(name="Ångrad", kolada_code="9998")
        raise RuntimeError("rolled back")
    assert current_version() == after_save
    assert not Municipality.objects.filter(kolada_code="9998").exists()


def test_bulk_updates_and_raw_sql_change_the_version() -> None:
    Municipality.objects.create(name="Exempelby", kolada_code="9999")
    before = current_version()
    Municipality.objects.filter(kolada_code="9999").update(name="Exempelstad")
    after_update = current_version()
    assert after_update != before
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM organisation_municipality WHERE kolada_code = %s", ["9999"])
    assert current_version() != after_update


def test_a_value_is_reused_until_the_data_changes() -> None:
    build = Counter()
    assert cached(("k", 1), build) == "value 1"
    assert cached(("k", 1), build) == "value 1"
    assert cached(("k", 2), build) == "value 2"  # another key is another value
    assert build.calls == 2
    Municipality.objects.create(name="Exempelby", kolada_code="9999")
    assert cached(("k", 1), build) == "value 3"
    assert build.calls == 3


def test_an_uncommitted_write_is_never_answered_from_the_cache() -> None:
    build = Counter()
    cached(("k",), build)
    with transaction.atomic():
        cached(("k",), build)  # no write yet in this transaction: the cached value
        assert build.calls == 1
        Municipality.objects.create(name="Exempelby", kolada_code="9999")
        cached(("k",), build)
        cached(("k",), build)
        assert build.calls == 3  # built each time while the write is pending
    cached(("k",), build)
    cached(("k",), build)
    assert build.calls == 4  # committed: a new version, built once and kept


def test_a_write_outside_django_is_announced_with_data_changed() -> None:
    before = current_version()
    data_changed()
    assert current_version() != before


def test_the_language_is_part_of_the_key() -> None:
    from django.utils import translation

    build = Counter()
    with translation.override("sv"):
        cached(("k",), build)
    with translation.override("en"):
        cached(("k",), build)
    assert build.calls == 2


@override_settings(STYR_CACHE_SECONDS=0)
def test_zero_seconds_turns_the_cache_off() -> None:
    build = Counter()
    cached(("k",), build)
    cached(("k",), build)
    assert build.calls == 2


def test_pages_share_the_costly_part_but_not_what_depends_on_the_reader(
    client: Any, reader: Any, outsider: Any, org: SimpleNamespace, monkeypatch: Any
) -> None:
    from django.urls import reverse

    from styr.plans import services
    from styr.plans.tests.builders import build_view_plan

    vp = build_view_plan(org)
    computed = Counter()
    plan_page = services.plan_page

    def counted_plan_page(*args: Any) -> Any:
        computed()
        return plan_page(*args)

    monkeypatch.setattr(services, "plan_page", counted_plan_page)
    url = reverse("plans:plan-detail", args=[vp.parent_plan.pk])
    client.force_login(reader)
    as_reader = client.get(url).content.decode()
    client.force_login(outsider)
    as_outsider = client.get(url).content.decode()
    assert computed.calls == 1  # the outsider got the goal section the reader's visit made
    goal = "Fler blir självförsörjande"
    assert goal in as_reader and goal in as_outsider
    # The reader may read the verksamhetsplan that answers to the nämnd's plan; the outsider
    # may not, and the shared goal section must not carry the reader's link to them.
    assert vp.plan.title in as_reader
    assert vp.plan.title not in as_outsider


def test_a_page_shows_a_change_as_soon_as_it_is_committed(
    client: Any, reader: Any, org: SimpleNamespace
) -> None:
    from django.urls import reverse

    from styr.plans.models import Goal, Indicator
    from styr.plans.tests.builders import build_view_plan

    vp = build_view_plan(org)
    client.force_login(reader)
    url = reverse("plans:plan-detail", args=[vp.plan.pk])
    assert "Kortare väntetider" not in client.get(url).content.decode()
    Goal.objects.create(plan=vp.plan, parent=vp.top, title="Kortare väntetider", level="mål")
    assert "Kortare väntetider" in client.get(url).content.decode()
    goal_url = reverse("plans:goal-detail", args=[vp.top.pk])
    before = client.get(goal_url).content.decode()
    Indicator.objects.create(plan=vp.plan, goal=vp.top, name="Andel nöjda brukare")
    assert "Andel nöjda brukare" not in before
    assert "Andel nöjda brukare" in client.get(goal_url).content.decode()


def test_the_code_fingerprint_follows_code_and_templates_only(tmp_path: Any) -> None:
    (tmp_path / "app").mkdir()
    template = tmp_path / "app" / "page.html"
    template.write_text("<p>{{ a }}</p>")
    (tmp_path / "views.py").write_text("x = 1")
    first = fingerprint(tmp_path)
    (tmp_path / "notes.txt").write_text("not code")
    assert fingerprint(tmp_path) == first
    template.write_text("<p>{{ a }} och {{ b }}</p>")
    assert fingerprint(tmp_path) != first


def _three_pages() -> tuple[Counter, Counter, Counter]:
    """Cached values of municipality 1's page, municipality 2's page and a page that names
    no scope, built once each."""
    first, second, anything = Counter(), Counter(), Counter()
    cached(("page",), first, scopes=[municipality_scope(1)])
    cached(("page",), second, scopes=[municipality_scope(2)])
    cached(("page",), anything)
    return first, second, anything


def _read_again(first: Counter, second: Counter, anything: Counter) -> tuple[int, int, int]:
    cached(("page",), first, scopes=[municipality_scope(1)])
    cached(("page",), second, scopes=[municipality_scope(2)])
    cached(("page",), anything)
    return first.calls, second.calls, anything.calls


def test_an_attributed_write_leaves_other_municipalities_pages_cached() -> None:
    Municipality.objects.create(name="Exempelby", kolada_code="9999")  # a global version
    first, second, anything = _three_pages()
    with writing_for(municipality_scope(1)):
        Municipality.objects.filter(kolada_code="9999").update(name="Exempelstad")
    # municipality 1's page and the page naming no scope are rebuilt; municipality 2's stays
    assert _read_again(first, second, anything) == (2, 1, 2)


def test_a_write_nobody_attributed_reaches_every_page() -> None:
    Municipality.objects.create(name="Exempelby", kolada_code="9999")
    first, second, anything = _three_pages()
    Municipality.objects.filter(kolada_code="9999").update(name="Exempelstad")
    assert _read_again(first, second, anything) == (2, 2, 2)


def test_a_rolled_back_attributed_write_changes_no_version() -> None:
    Municipality.objects.create(name="Exempelby", kolada_code="9999")
    first, second, anything = _three_pages()
    with pytest.raises(RuntimeError), transaction.atomic(), writing_for(municipality_scope(1)):
        Municipality.objects.filter(kolada_code="9999").update(name="Ångrad")
        raise RuntimeError("rolled back")
    assert _read_again(first, second, anything) == (1, 1, 1)


def test_the_scope_is_looked_up_only_when_something_is_written() -> None:
    Municipality.objects.create(name="Exempelby", kolada_code="9999")
    lookups = Counter()

    def scope() -> str:
        lookups()
        return municipality_scope(1)

    with writing_for(scope):
        list(Municipality.objects.all())
    assert lookups.calls == 0
    before = current_version(municipality_scope(1))
    with writing_for(scope):
        Municipality.objects.update(name="Exempelstad")
        Municipality.objects.update(name="Exempelby")
    assert lookups.calls == 1
    assert current_version(municipality_scope(1)) != before
