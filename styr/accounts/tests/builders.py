"""A plan with one of every kind of item, spread over the persona organisation tree."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.contrib.auth.models import User

from styr.accounts.models import ApiToken
from styr.economy.models import BudgetLine, BudgetValue, VolumeLine, VolumeValue
from styr.followup.models import Assessment, FollowUpPeriod, FollowUpSettings, Measurement
from styr.internal_control.models import Control, ControlResult, Risk, RiskAction, RiskMatrix
from styr.plans.models import Activity, Goal, Indicator, Plan, Target, UnrecognisedText
from styr.politics.models import CalendarItem, PoliticalPoint
from styr.review.models import Finding, Review


def build_plan(org: SimpleNamespace, owner_name: str = "administration") -> SimpleNamespace:
    """A plan owned by ``org.<owner_name>``; items for the housing unit and the family unit."""
    plan = Plan.objects.create(
        title="Verksamhetsplan 2025",
        kind="verksamhetsplan",
        owner=getattr(org, owner_name),
        period_from=2025,
        period_to=2025,
    )
    goal = Goal.objects.create(plan=plan, title="Trygg vård", level="nämndmål")
    housing_goal = Goal.objects.create(
        plan=plan,
        title="Fler i eget boende",
        level="verksamhetsmål",
        parent=goal,
        responsible_unit=org.housing,
    )
    family_goal = Goal.objects.create(
        plan=plan,
        title="Snabbare utredningar",
        level="verksamhetsmål",
        parent=goal,
        responsible_unit=org.family,
    )
    indicator = Indicator.objects.create(plan=plan, goal=housing_goal, name="Andel i eget boende")
    family_indicator = Indicator.objects.create(
        plan=plan, goal=family_goal, name="Utredningstid", responsible_unit=org.family
    )
    target = Target.objects.create(indicator=indicator, year=2025, op=">=", value=70)
    activity = Activity.objects.create(plan=plan, title="Kartlägga behov")
    activity.responsible_units.add(org.housing, org.family)
    plan_activity = Activity.objects.create(plan=plan, title="Ta fram rutin")
    period = FollowUpPeriod.objects.create(
        plan=plan,
        kind="tertial",
        code="2025-T1",
        label="Tertial 1",
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 4, 30),
    )
    risk = Risk.objects.create(plan=plan, title="Brister i dokumentation", probability=3)
    control = Control.objects.create(
        risk=risk, description="Stickprov", responsible_unit=org.housing
    )
    return SimpleNamespace(
        plan=plan,
        goal=goal,
        housing_goal=housing_goal,
        family_goal=family_goal,
        indicator=indicator,
        family_indicator=family_indicator,
        target=target,
        activity=activity,
        plan_activity=plan_activity,
        period=period,
        measurement=Measurement.objects.create(indicator=indicator, period="2025", value=65),
        family_measurement=Measurement.objects.create(
            indicator=family_indicator, period="2025", value=40
        ),
        housing_assessment=Assessment.objects.create(
            period=period, goal=housing_goal, unit=org.housing, status="met"
        ),
        family_assessment=Assessment.objects.create(
            period=period, goal=family_goal, unit=org.family, status="not_met"
        ),
        risk=risk,
        control=control,
        control_result=ControlResult.objects.create(
            control=control, performed_on=dt.date(2025, 3, 1), result="Inga brister"
        ),
        risk_action=RiskAction.objects.create(risk=risk, title="Utbildning"),
        followup_settings=FollowUpSettings.objects.get_or_create(municipality=org.municipality)[0],
        risk_matrix=RiskMatrix.objects.get_or_create(municipality=org.municipality, name="5×5")[0],
        budget_line=(line := BudgetLine.objects.create(plan=plan, label="Personal", unit="tkr")),
        budget_value=BudgetValue.objects.create(line=line, year=2025, kind="budget", amount=-100),
        volume_line=(volume := VolumeLine.objects.create(plan=plan, label="Antal brukare")),
        volume_value=VolumeValue.objects.create(line=volume, year=2025, kind="plan", value=12),
        political_point=PoliticalPoint.objects.create(plan=plan, number="1", text="Trygghet"),
        calendar_item=CalendarItem.objects.create(plan=plan, month=3, label="MARS"),
        unrecognised=UnrecognisedText.objects.create(plan=plan, text="Inledning"),
        api_token=ApiToken.objects.get_or_create(
            key_hash="0" * 64,
            defaults={"user": User.objects.get_or_create(username="script")[0], "name": "cron"},
        )[0],
        review=(review := Review.objects.create(plan=plan, error_count=1)),
        finding=Finding.objects.create(
            review=review,
            code="goal-not-measurable",
            severity="error",
            message="Målet saknar indikator",
            item_kind="goal",
        ),
    )
