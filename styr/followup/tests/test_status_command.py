"""``styr followup status`` and ``styr followup periods``."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from styr.followup.models import Assessment, FollowUpPeriod, Status

from .conftest import Org, make_goal, make_indicator, make_period, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(org: Org):
    plan = make_plan(org.committee, "Nämndplan 2020")
    plan.period_from = plan.period_to = 2020
    plan.save()
    period = make_period(plan, "2020")
    goal = make_goal(plan, "En ekonomi i balans", code="1.1")
    make_indicator(
        goal,
        "Budgetavvikelse",
        direction="decrease",
        targets=[{"year": 2020, "op": "<=", "value": 1}],
        values={"2020": 5.9, "2019": 5.6},
    )
    Assessment.objects.create(
        period=period,
        goal=goal,
        unit=org.department,
        status=Status.MET,
        analysis="Underskottet beror på engångskostnader.",
    )
    return plan


def run(*args: str) -> str:
    out = StringIO()
    call_command("followup", *args, stdout=out)
    return out.getvalue()


def test_status_prints_every_goal_and_indicator_with_its_explanation(plan) -> None:
    text = run("status", "--plan", str(plan.pk), "--period", "2020")
    assert "Nämndplan 2020 – uppföljning Helår 2020" in text
    assert "Mål 1.1 En ekonomi i balans: ej uppfyllt" in text
    assert "Indikator Budgetavvikelse: ej uppfyllt" in text
    assert "Utfall 5,9 % mot målet högst 1 % (2020); föregående år 5,6 %." in text
    assert (
        "Bedömning av Vuxenverksamheten (utkast): uppfyllt – AVVIKER från beräknad status" in text
    )
    assert "Underskottet beror på engångskostnader." in text


def test_status_as_json_shows_the_inputs(plan) -> None:
    data = json.loads(run("status", "--plan", str(plan.pk), "--period", "2020", "--json"))
    assert data["rules"]["goal_rule"] == "all"
    (goal,) = data["goals"]
    assert goal["status"] == "not_met"
    assert goal["mismatch"] is True
    assert goal["inputs"][0]["kind"] == "indicator"
    (indicator,) = data["indicators"]
    assert indicator["inputs"][0]["actual"] == 5.9
    assert indicator["inputs"][0]["threshold"] == 1


def test_status_refuses_a_bad_period_or_plan(plan) -> None:
    with pytest.raises(CommandError, match="Ogiltig period"):
        run("status", "--plan", str(plan.pk), "--period", "2020-T9")
    with pytest.raises(CommandError, match="ingen plan"):
        run("status", "--plan", "999999", "--period", "2020")


def test_periods_creates_the_scheme(plan) -> None:
    output = run("periods", "--plan", str(plan.pk))
    assert "2020-T1\tTertial 1 2020" in output
    assert set(FollowUpPeriod.objects.filter(plan=plan).values_list("code", flat=True)) == {
        "2020-T1",
        "2020-T2",
        "2020",
    }
