"""The organisation tree and a unit's page."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styr.accounts.tests.builders import build_plan
from styr.organisation.models import Municipality, OrgUnit, OrgUnitKind
from styr.plans.models import Activity, Goal, Indicator, Plan
from styr.web import services


def test_the_tree_shows_the_readers_units_nested(
    client: Any, org: SimpleNamespace, reader: Any
) -> None:
    client.force_login(reader)
    response = client.get(reverse("web:org-tree"))
    assert response.status_code == 200
    text = response.content.decode()
    for unit in ("Socialnämnden", "Socialkontoret", "Boendeenheten", "Utredningsenheten"):
        assert unit in text
    # nested: the unit list of the administration comes after its own name
    assert (
        text.index("Socialkontoret") < text.index("Vuxenverksamheten") < text.index("Boendeenheten")
    )
    assert reverse("web:unit-detail", args=[org.housing.pk]) in text


def test_the_tree_is_grouped_by_municipality_and_sorted_as_a_swede_reads(
    client: Any, org: SimpleNamespace, administrator: Any, superuser: Any
) -> None:
    other = Municipality.objects.create(name="Åby kommun", kolada_code="9998")
    for name in ("Östra nämnden", "Ärendenämnden", "Åldersnämnden", "Zetanämnden"):
        OrgUnit.objects.create(municipality=other, kind=OrgUnitKind.COMMITTEE, name=name)
    OrgUnit.objects.create(municipality=other, kind=OrgUnitKind.COUNCIL, name="Fullmäktige")
    trees = services.org_tree(superuser)
    assert [tree.municipality.name for tree in trees] == ["Testkommun", "Åby kommun"]
    assert [node.unit.name for node in trees[1].roots] == [
        "Fullmäktige",  # the council before the committees
        "Zetanämnden",
        "Åldersnämnden",
        "Ärendenämnden",
        "Östra nämnden",
    ]
    # A municipality's administrator sees only their own municipality.
    assert [tree.municipality.name for tree in services.org_tree(administrator)] == ["Testkommun"]
    client.force_login(superuser)
    text = client.get(reverse("web:org-tree")).content.decode()
    assert "<h2" in text and "Åby kommun" in text


def test_a_reporter_sees_their_unit_and_those_above_but_not_the_neighbours(
    client: Any, org: SimpleNamespace, reporter: Any
) -> None:
    client.force_login(reporter)
    text = client.get(reverse("web:org-tree")).content.decode()
    assert "Boendeenheten" in text
    assert "Socialkontoret" in text  # above: the reporter reads the plans they report into
    assert "Familjeenheten" not in text
    assert "Mottagningen" not in text


def test_a_unit_page_lists_its_plans_goals_indicators_activities_and_child_units(
    client: Any, org: SimpleNamespace, planner: Any
) -> None:
    built = build_plan(org)
    unit_plan = Plan.objects.create(
        title="Boendeenhetens plan", kind="verksamhetsplan", owner=org.housing
    )
    Indicator.objects.filter(pk=built.indicator.pk).update(responsible_unit=org.housing)
    client.force_login(planner)
    text = client.get(reverse("web:unit-detail", args=[org.housing.pk])).content.decode()
    assert unit_plan.title in text
    assert "Fler i eget boende" in text  # a goal it owns in the administration's plan
    assert "Andel i eget boende" in text
    assert "Kartlägga behov" in text  # an activity it shares with the family unit
    assert "Snabbare utredningar" not in text  # the family unit's goal
    assert "Du kan rapportera för den här enheten" in text

    text = client.get(reverse("web:unit-detail", args=[org.adults.pk])).content.decode()
    assert "Boendeenheten" in text and "Mottagningen" in text  # child units
    assert "Socialkontoret" in text  # in the breadcrumbs


def test_a_reader_may_read_but_not_report(client: Any, org: SimpleNamespace, reader: Any) -> None:
    client.force_login(reader)
    response = client.get(reverse("web:unit-detail", args=[org.housing.pk]))
    assert response.status_code == 200
    assert "Du kan rapportera" not in response.content.decode()


def grow(org: SimpleNamespace, round_: int) -> None:
    """More units, plans, goals, indicators and activities under the adults' department."""
    unit = OrgUnit.objects.create(
        municipality=org.municipality,
        parent=org.adults,
        kind=OrgUnitKind.UNIT,
        name=f"Enhet {round_}",
    )
    plan = Plan.objects.create(title=f"Plan {round_}", kind="verksamhetsplan", owner=unit)
    for target in (unit, org.housing):
        goal = Goal.objects.create(
            plan=plan, title=f"Mål {round_}", level="verksamhetsmål", responsible_unit=target
        )
        Indicator.objects.create(plan=plan, goal=goal, name="Andel", responsible_unit=target)
        activity = Activity.objects.create(plan=plan, title=f"Aktivitet {round_}")
        activity.responsible_units.add(target, org.reception)


@pytest.mark.parametrize("page", ["tree", "unit"])
def test_the_organisation_pages_make_as_many_queries_with_more_data(
    client: Any,
    org: SimpleNamespace,
    reporter: Any,
    planner: Any,
    page: str,
    django_assert_max_num_queries: Any,
) -> None:
    url = (
        reverse("web:org-tree")
        if page == "tree"
        else reverse("web:unit-detail", args=[org.housing.pk])
    )
    grow(org, 0)
    client.force_login(planner)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for round_ in range(1, 6):
        grow(org, round_)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url)
    assert "Enhet 5" in response.content.decode() or "Mål 5" in response.content.decode()
