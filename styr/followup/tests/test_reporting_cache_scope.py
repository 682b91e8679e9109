"""A report's writes are attributed to its plan's municipality: other municipalities' cached
pages stay, the plan's own pages and pages that name no municipality are rebuilt
(``styr.core.datacache``)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse

from styr.core.datacache import ANY_SCOPE, GLOBAL, current_version, municipality_scope
from styr.core.tests.clients import logged_in
from styr.followup.models import Measurement
from styr.followup.tests.conftest import Org, make_goal, make_indicator, make_period, make_plan
from styr.organisation.models import Municipality

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reported_value_changes_only_its_municipalitys_version(
    org: Org, reporter: AbstractBaseUser
) -> None:
    other = Municipality.objects.create(name="Grannkommun", kolada_code="9998")
    plan = make_plan(org.department, "Verksamhetsplan 2024")
    goal = make_goal(plan, "Fler i jobbspår", code="1", responsible_unit=org.unit)
    indicator = make_indicator(goal, "Andel i arbete", responsible_unit=org.unit)
    period = make_period(plan, "2024-T1")
    scopes = [GLOBAL, ANY_SCOPE, municipality_scope(org.municipality.pk)]
    scopes.append(municipality_scope(other.pk))
    before = {scope: current_version(scope) for scope in scopes}
    url = reverse(
        "followup:report-indicator", args=[plan.pk, period.code, org.unit.pk, indicator.pk]
    )
    pk = indicator.pk
    response = logged_in(reporter).post(
        url, {f"i-{pk}-value_T": "30", f"i-{pk}-shown_T": ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert Measurement.objects.get(indicator=indicator).value == 30
    changed = {scope for scope in scopes if current_version(scope) != before[scope]}
    assert changed == {ANY_SCOPE, municipality_scope(org.municipality.pk)}
