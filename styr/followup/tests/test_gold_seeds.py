"""On the imported gold seeds, every indicator with a numeric target gets a status once
values exist."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from styr.followup.models import Measurement, Status
from styr.followup.rules import TargetRule
from styr.followup.services import compute_plan_status
from styr.interchange.services import load_document
from styr.organisation.models import Municipality, OrgUnit, OrgUnitKind
from styr.plans.models import Indicator

GOLD = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds" / "gold"


def gold_with_numeric_targets() -> list[Path]:
    if not GOLD.is_dir():
        return []
    found = []
    for path in sorted(GOLD.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if any(_numeric(t) for i in doc.get("indicators", []) for t in i.get("targets", [])):
            found.append(path)
    return found


def _numeric(target: dict[str, Any]) -> bool:
    return target.get("value") is not None or target.get("relative_to") in (
        "previous_year",
        "baseline",
    )


SEEDS = gold_with_numeric_targets()


@pytest.mark.skipif(not SEEDS, reason="the shared gold seeds are not available")
@pytest.mark.django_db
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_every_numeric_target_gets_a_status(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    municipality = Municipality.objects.create(name="Testkommun")
    owner = OrgUnit.objects.create(
        municipality=municipality, kind=OrgUnitKind.COMMITTEE, name="Nämnden"
    )
    plan = load_document(doc, owner)
    indicators = list(Indicator.objects.filter(plan=plan).prefetch_related("targets"))
    due: dict[int, list[Indicator]] = {}  # year -> indicators with a numeric target then
    for indicator in indicators:
        rules = [
            TargetRule(t.year, t.op, t.value, t.relative_to, t.gender, t.text)
            for t in indicator.targets.all()
        ]
        for rule in rules:
            if not rule.is_numeric or not (rule.op or indicator.direction):
                continue
            year = rule.year or plan.period_from or 2024
            due.setdefault(year, []).append(indicator)
            for when, value in ((year - 1, 40.0), (year, 50.0)):
                for gender in ("T", "K", "M") if indicator.is_gender_split else ("T",):
                    Measurement.objects.get_or_create(
                        indicator=indicator,
                        period=str(when),
                        gender=gender,
                        defaults={"value": value},
                    )
    assert due, "the seed was chosen for its numeric targets"
    for year, expected in sorted(due.items()):
        status = compute_plan_status(plan, str(year))
        for indicator in expected:
            result = status.indicator(indicator.pk)
            assert result.status != Status.NOT_ASSESSED, (indicator.name, result.result.explanation)
