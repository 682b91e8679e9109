"""``styr demo``: Exempelkommun once, one working log-in per role, the gold plans if present."""

from __future__ import annotations

import io
import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from styr.accounts.models import Role, RoleAssignment
from styr.demo.services import DEMO_USERS, build_demo, gold_seeds_dir, org_path_of
from styr.organisation.models import Municipality, OrgUnit, OrgUnitKind
from styr.plans.models import Plan, PlanKind

pytestmark = pytest.mark.django_db

SHARED_GOLD = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds" / "gold"


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def no_gold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    empty = tmp_path / "no-gold"
    monkeypatch.setenv("STYR_DEMO_SEEDS_DIR", str(empty))
    return empty


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_builds_exempelkommun_as_the_issue_describes(no_gold: Path) -> None:
    output = run_demo()
    municipality = Municipality.objects.get(name="Exempelkommun")
    assert output.strip().splitlines()[-1] == str(municipality.pk)
    units = OrgUnit.objects.filter(municipality=municipality)
    assert units.filter(kind=OrgUnitKind.COMMITTEE).get().name == "Socialnämnden"
    assert units.filter(kind=OrgUnitKind.DEPARTMENT).count() == 2
    assert units.filter(kind=OrgUnitKind.UNIT).count() == 5
    plans = Plan.objects.filter(owner__municipality=municipality)
    assert plans.filter(kind=PlanKind.ASSIGNMENT_PLAN).count() == 1
    assert plans.filter(kind=PlanKind.OPERATIONAL_PLAN).count() == 2
    assert plans.filter(kind=PlanKind.INTERNAL_CONTROL).count() == 1
    uppdragsplan = plans.get(kind=PlanKind.ASSIGNMENT_PLAN)
    assert uppdragsplan.budget_lines.filter(is_total=True).exists()
    indicator = uppdragsplan.indicators.exclude(baseline_value=None).first()
    assert indicator is not None
    assert indicator.measurements.values("year").distinct().count() >= 3
    assert Plan.objects.filter(volume_lines__isnull=False).exists()


def test_demo_users_can_log_in_with_the_printed_passwords(no_gold: Path) -> None:
    output = run_demo()
    assert "demo" in output.lower()
    for demo in DEMO_USERS:
        assert demo.username in output and demo.password in output
        assert Client().login(username=demo.username, password=demo.password)
        assignment = RoleAssignment.objects.get(user__username=demo.username)
        assert assignment.role == demo.role
        expected_kind = demo.scope_kind
        assert (assignment.unit.kind if assignment.unit else None) == expected_kind
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == {Role.ADMINISTRATOR, Role.PLANNER, Role.REPORTER, Role.READER}


def test_running_demo_twice_duplicates_nothing(no_gold: Path) -> None:
    run_demo()
    counts = (Municipality.objects.count(), Plan.objects.count(), RoleAssignment.objects.count())
    users = get_user_model().objects.count()
    output = run_demo()
    assert "finns redan" in output
    assert (
        Municipality.objects.count(),
        Plan.objects.count(),
        RoleAssignment.objects.count(),
    ) == counts
    assert get_user_model().objects.count() == users


def test_the_seeds_directory_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STYR_DEMO_SEEDS_DIR", str(tmp_path))
    assert gold_seeds_dir() == tmp_path
    monkeypatch.delenv("STYR_DEMO_SEEDS_DIR")
    assert gold_seeds_dir().parts[-3:] == ("shared", "seeds", "gold")


def test_the_org_path_is_the_municipality_then_the_organisation() -> None:
    doc = {"plan": {"municipality": "Norrköping", "organisation": ["Socialnämnden", "SOK"]}}
    assert org_path_of(doc) == "Norrköping/Socialnämnden/SOK"
    with pytest.raises(ValueError, match="municipality"):
        org_path_of({"plan": {"organisation": ["Socialnämnden"]}})


def fake_interchange(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Stand in for ``styr.interchange.services`` so the demo's part is tested on its own."""
    calls: list[tuple[str, str]] = []
    module = types.ModuleType("styr.interchange.services")

    def resolve_org_path(path: str, create: bool = False) -> OrgUnit:
        assert create
        name, *units = path.split("/")
        municipality, _ = Municipality.objects.get_or_create(name=name)
        parent = None
        for unit_name in units:
            parent, _ = OrgUnit.objects.get_or_create(
                municipality=municipality, parent=parent, name=unit_name,
                defaults={"kind": OrgUnitKind.COMMITTEE},
            )  # fmt: skip
        assert parent is not None
        return parent

    def load_document(doc: dict[str, Any], owner: OrgUnit, *, source_file: str = "") -> Plan:
        assert source_file.endswith(".json")
        calls.append((doc["plan"]["title"], owner.name))
        return Plan.objects.create(
            title=doc["plan"]["title"], kind=doc["plan"]["kind"], owner=owner
        )

    module.resolve_org_path = resolve_org_path  # type: ignore[attr-defined]
    module.load_document = load_document  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "styr.interchange.services", module)
    return calls


def write_plan(directory: Path, name: str, municipality: str, organisation: list[str]) -> None:
    plan = {"title": f"Plan {name}", "kind": "verksamhetsplan", "municipality": municipality,
            "organisation": organisation}  # fmt: skip
    doc = {"format": "styr.plan/1", "plan": plan}
    (directory / f"{name}.json").write_text(json.dumps(doc), encoding="utf-8")


def test_gold_plans_are_loaded_under_their_own_municipality_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = fake_interchange(monkeypatch)
    write_plan(tmp_path, "a", "Norrköping", ["Socialnämnden", "Socialkontoret"])
    write_plan(tmp_path, "b", "Degerfors", ["Socialnämnden"])
    first = build_demo(seeds_dir=tmp_path)
    assert first.gold_loaded == ["a.json", "b.json"]
    assert calls == [("Plan a", "Socialkontoret"), ("Plan b", "Socialnämnden")]
    second = build_demo(seeds_dir=tmp_path)
    assert second.gold_loaded == [] and second.gold_skipped == ["a.json", "b.json"]
    assert len(calls) == 2


def test_a_broken_gold_file_is_named_and_the_others_still_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_interchange(monkeypatch)
    write_plan(tmp_path, "good", "Norrköping", ["Socialnämnden"])
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    messages: list[str] = []
    result = build_demo(messages.append, seeds_dir=tmp_path)
    assert result.gold_loaded == ["good.json"] and result.gold_failed == ["bad.json"]
    assert any("bad.json" in message for message in messages)


def test_without_the_plan_loader_the_gold_plans_are_skipped_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "styr.interchange.services", None)  # import fails
    write_plan(tmp_path, "a", "Norrköping", ["Socialnämnden"])
    messages: list[str] = []
    result = build_demo(messages.append, seeds_dir=tmp_path)
    assert result.gold_loaded == [] and any("hoppas över" in m for m in messages)


def test_the_real_gold_plans_load_with_the_real_plan_loader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not SHARED_GOLD.is_dir():
        pytest.skip(f"no gold plans at {SHARED_GOLD}")
    services = pytest.importorskip("styr.interchange.services")
    if not hasattr(services, "load_document") or not hasattr(services, "resolve_org_path"):
        pytest.skip("styr.interchange.services has no load_document/resolve_org_path yet")
    monkeypatch.setenv("STYR_DEMO_SEEDS_DIR", str(SHARED_GOLD))
    messages: list[str] = []
    result = build_demo(messages.append)
    files = sorted(path.name for path in SHARED_GOLD.glob("*.json"))
    # A file the loader refuses is named, never silently dropped.
    assert sorted(result.gold_loaded + result.gold_failed) == files
    assert result.gold_loaded, messages
    for name in result.gold_failed:
        assert any(name in message for message in messages)
    for name in result.gold_loaded:
        plan = json.loads((SHARED_GOLD / name).read_text(encoding="utf-8"))["plan"]
        assert Plan.objects.filter(
            title=plan["title"], owner__municipality__name=plan["municipality"], source_file=name
        ).exists()
