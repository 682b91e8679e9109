"""An internkontrollplan owned by Vuxenverksamheten, with risks, controls, results, actions.

Used by the app's tests and by the browser tests (tests/browser/test_internal_control_*.py).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from styr.internal_control.models import Control, ControlResult, Risk, RiskAction
from styr.plans.models import Plan


def add_risks(plan: Plan, unit: Any, count: int, start: int = 0) -> list[Risk]:
    """``count`` risks spread over the matrix, each with a control, a result and an action."""
    risks = []
    for i in range(start, start + count):
        risk = Risk.objects.create(
            plan=plan,
            position=i,
            code=f"R{i + 1}",
            title=f"Risk nummer {i + 1}",
            area="Myndighetsutövning",
            probability=i % 5 + 1,
            consequence=(i * 2) % 5 + 1,
            residual_probability=max(1, i % 5),
            residual_consequence=(i * 2) % 5 + 1,
        )
        control = Control.objects.create(
            risk=risk,
            description=f"Stickprov {i + 1}",
            responsible="Enhetschef",
            responsible_unit=unit,
            frequency="Tertial",
            method="Granskning av 10 akter",
            report_to="Socialnämnden",
        )
        ControlResult.objects.create(
            control=control, performed_on=dt.date(2025, 4, 1), result="Inga brister"
        )
        RiskAction.objects.create(
            risk=risk,
            title=f"Utbildning {i + 1}",
            responsible_unit=unit,
            deadline=dt.date(2025, 12, 31),
        )
        risks.append(risk)
    return risks


def build_internal_control(org: SimpleNamespace) -> SimpleNamespace:
    """An internkontrollplan owned by Vuxenverksamheten: a high, a low and an unscored risk."""
    plan = Plan.objects.create(
        title="Internkontrollplan 2025 Vuxenverksamheten",
        kind="internkontrollplan",
        owner=org.adults,
        period_from=2025,
        period_to=2025,
    )
    high = Risk.objects.create(
        plan=plan,
        position=0,
        code="1",
        title="Brister i dokumentation",
        area="Dokumentation",
        probability=4,
        consequence=5,
        score=20,
        residual_probability=2,
        residual_consequence=5,
    )
    low = Risk.objects.create(
        plan=plan,
        position=1,
        code="2",
        title="Fel i fakturering",
        area="Ekonomi",
        probability=1,
        consequence=2,
        residual_probability=1,
        residual_consequence=2,
    )
    unknown = Risk.objects.create(plan=plan, position=2, code="3", title="Okänd risk")
    housing_control = Control.objects.create(
        risk=high,
        description="Granska tio akter",
        responsible="Enhetschef Boendeenheten",
        responsible_unit=org.housing,
        frequency="Tertial",
        method="Stickprov",
        report_to="Socialnämnden",
    )
    reception_control = Control.objects.create(
        risk=high,
        description="Granska beslut",
        responsible_unit=org.reception,
    )
    housing_action = RiskAction.objects.create(
        risk=high,
        title="Utbilda i dokumentation",
        responsible_unit=org.housing,
        deadline=dt.date(2025, 6, 30),
    )
    return SimpleNamespace(
        plan=plan,
        high=high,
        low=low,
        unknown=unknown,
        housing_control=housing_control,
        reception_control=reception_control,
        housing_action=housing_action,
    )
