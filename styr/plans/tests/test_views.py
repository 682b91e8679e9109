"""Plan pages per role: who sees what, filters, periods and bounded query counts."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styr.followup.models import FollowUpPeriod
from styr.followup.services import compute_plan_status
from styr.plans.models import Goal, Plan
from styr.plans.tests.builders import add_goals

pytestmark = pytest.mark.django_db


def get(client: Client, user: User, url: str, **params: Any) -> Any:
    client.force_login(user)
    return client.get(url, params)


MATCHING_GOAL = (
    r'<li class="goal">\s*<div class="goal-head">.*?class="goal-title"[^>]*>[\d. ]*([^<]+)</a>'
)


def goal_titles(html: str) -> list[str]:
    return re.findall(r'class="goal-title"[^>]*>([^<]+)</a>', html)


# --- the plan list ---


def test_the_plan_list_groups_visible_plans_by_owner(
    client: Client, reader: User, vp: SimpleNamespace
) -> None:
    response = get(client, reader, reverse("plans:plan-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vuxenverksamheten" in html and "Socialnämnden" in html
    assert html.index("Socialnämnden") < html.index("Vuxenverksamheten")  # tree order
    assert vp.plan.title in html and vp.parent_plan.title in html
    assert "SN 2024/123" in html


def test_the_plan_list_hides_plans_the_user_may_not_read(
    client: Client, outsider: User, vp: SimpleNamespace
) -> None:
    html = get(client, outsider, reverse("plans:plan-list")).content.decode()
    # The outsider (Familjeenheten) reads the nämnd's plan above it, not Vuxen's.
    assert vp.parent_plan.title in html
    assert vp.plan.title not in html


def test_the_plan_list_filters_by_kind_status_and_year(
    client: Client, reader: User, vp: SimpleNamespace, org: SimpleNamespace
) -> None:
    Plan.objects.create(
        title="Gammal plan 2020",
        kind="verksamhetsplan",
        owner=org.adults,
        period_from=2020,
        period_to=2020,
        status="closed",
    )
    url = reverse("plans:plan-list")
    by_kind = get(client, reader, url, kind="uppdragsplan").content.decode()
    assert vp.parent_plan.title in by_kind and vp.plan.title not in by_kind
    by_status = get(client, reader, url, status="closed").content.decode()
    assert "Gammal plan 2020" in by_status and vp.plan.title not in by_status
    by_year = get(client, reader, url, year="2026").content.decode()
    assert vp.plan.title in by_year and "Gammal plan 2020" not in by_year
    nothing = get(client, reader, url, year="1999").content.decode()
    assert "Inga planer matchar filtret." in nothing


def test_the_plan_list_asks_an_anonymous_visitor_to_log_in(client: Client, vp: Any) -> None:
    response = client.get(reverse("plans:plan-list"))
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


# --- the plan page ---


def test_a_reader_sees_the_plan_header_and_goal_tree_with_statuses(
    client: Client, reader: User, vp: SimpleNamespace
) -> None:
    response = get(client, reader, reverse("plans:plan-detail", args=[vp.plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Verksamhetsplan",
        "Vuxenverksamheten",
        "2025–2026",
        "SN 2024/123",
        "Socialnämnden, 12 december 2024",
        "Antagen",
        vp.parent_plan.title,
    ):
        assert text in html, text
    assert goal_titles(html) == ["1 Trygg och säker vård", "1.0 Delmål 0", "1.1 Delmål 1"]
    # The latest ended period is chosen: helår 2025, where 60 % misses the ≥ 80 % target.
    assert "Uppföljning Helår 2025" in html
    assert 'class="status status-not_met"' in html and "Ej uppfyllt" in html
    assert "60 %" in html and "≥ 80 %" in html and "högre är bättre" in html
    # Activities with responsible and follow-up; the plan-level activity is listed apart.
    assert "Aktivitet 0" in html and "Enhetschef Boendeenheten" in html and "Tertialvis" in html
    assert "Ta fram rutin för avvikelser" in html
    assert reverse("plans:transformation-map", args=[vp.plan.pk]) in html


def test_the_status_is_never_colour_alone(client: Client, reader: User, vp: Any) -> None:
    html = get(client, reader, reverse("plans:plan-detail", args=[vp.plan.pk])).content.decode()
    badges = re.findall(r'<span class="status status-(\w+)">(.*?)</span>\s*</', html, re.S)
    badges += re.findall(r'<span class="status status-(\w+)">(.*?)</span>', html, re.S)
    assert badges
    for _status, inner in badges:
        assert re.sub(r"<[^>]+>", "", inner).strip(), "a badge without text"


def test_the_period_can_be_chosen(client: Client, reader: User, vp: SimpleNamespace) -> None:
    url = reverse("plans:plan-detail", args=[vp.plan.pk])
    html = get(client, reader, url, period="2025-T1").content.decode()
    assert "Uppföljning Tertial 1 2025" in html
    assert '<option value="2025-T1" selected>' in html
    unknown = get(client, reader, url, period="1999").content.decode()
    assert "Uppföljning Helår 2025" in unknown


def test_an_outsider_is_refused_the_plan_with_403(
    client: Client, outsider: User, vp: SimpleNamespace
) -> None:
    for url in (
        reverse("plans:plan-detail", args=[vp.plan.pk]),
        reverse("plans:transformation-map", args=[vp.plan.pk]),
        reverse("plans:goal-detail", args=[vp.top.pk]),
    ):
        response = get(client, outsider, url)
        assert response.status_code == 403, url


def test_a_missing_plan_is_404(client: Client, reader: User, vp: Any) -> None:
    assert get(client, reader, reverse("plans:plan-detail", args=[99999])).status_code == 404


def test_filter_by_level_keeps_the_tree_shape(client: Client, reader: User, vp: Any) -> None:
    url = reverse("plans:plan-detail", args=[vp.plan.pk])
    html = get(client, reader, url, level="nämndmål").content.decode()
    assert goal_titles(html) == ["1 Trygg och säker vård"]
    html = get(client, reader, url, level="verksamhetsmål").content.decode()
    # The nämndmål stays as context above its matching goals.
    assert goal_titles(html) == ["1 Trygg och säker vård", "1.0 Delmål 0", "1.1 Delmål 1"]
    assert "sammanhang, matchar inte filtret" in html
    assert "2 mål matchar filtret" in html


def test_filter_by_responsible_unit(
    client: Client, reader: User, vp: Any, org: SimpleNamespace
) -> None:
    url = reverse("plans:plan-detail", args=[vp.plan.pk])
    html = get(client, reader, url, unit=str(org.housing.pk)).content.decode()
    assert goal_titles(html) == ["1 Trygg och säker vård", "1.0 Delmål 0"]
    # A department covers the units under it.
    html = get(client, reader, url, unit=str(org.adults.pk)).content.decode()
    assert "Delmål 0" in html and "Delmål 1" in html


def test_filter_by_status_shows_the_goals_with_that_computed_status(
    client: Client, reader: User, vp: Any, org: SimpleNamespace
) -> None:
    add_goals(vp.plan, vp.top, [org.housing], 1, start=2)  # Delmål 2 meets its target
    statuses = {g.title: g.status for g in compute_plan_status(vp.plan, "2025").goals}
    assert len(set(statuses.values())) >= 2
    url = reverse("plans:plan-detail", args=[vp.plan.pk])
    for status in ("met", "partly_met", "not_met", "not_assessed"):
        html = get(client, reader, url, status=status).content.decode()
        matching = re.findall(MATCHING_GOAL, html, re.S)
        assert sorted(matching) == sorted(t for t, s in statuses.items() if s == status), status
        if not matching:
            assert "Inga mål matchar filtret." in html


def test_htmx_gets_only_the_goal_tree(client: Client, reader: User, vp: Any) -> None:
    client.force_login(reader)
    response = client.get(
        reverse("plans:plan-detail", args=[vp.plan.pk]),
        {"level": "verksamhetsmål"},
        headers={"HX-Request": "true", "HX-Target": "goal-tree"},
    )
    html = response.content.decode()
    assert '<div id="goal-tree">' in html
    assert "<html" not in html and "Delmål 0" in html
    # The live region outside the tree is updated out of band, so screen readers hear it.
    assert 'id="goal-tree-status"' in html and 'hx-swap-oob="innerHTML"' in html
    assert "Målträdet visar 2 av 3 mål, uppföljning Helår 2025." in html
    assert "HX-Request" in response["Vary"]


def test_the_plan_page_leaves_room_for_report_links(client: Client, reader: User, vp: Any) -> None:
    html = get(client, reader, reverse("plans:plan-detail", args=[vp.plan.pk])).content.decode()
    assert 'class="plan-actions"' in html


# --- transformationskarta ---


def test_the_transformation_map_is_a_table_of_goals_by_year(
    client: Client, planner: User, vp: SimpleNamespace
) -> None:
    response = get(client, planner, reverse("plans:transformation-map", args=[vp.plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    years = re.findall(r'<th scope="col">(\d{4})', html)
    assert years == ["2025", "2026", "2030"]  # the plan's years and every target year
    assert "status vid Helår 2025" in html
    assert html.count('<th scope="row"') == 3
    assert "≥ 80 %" in html and "≥ 85 %" in html and "≥ 95 %" in html
    assert "<caption" in html
    # 2030 has not been followed up: no status is invented for it.
    last_cells = re.findall(r"<td>((?:(?!<td>).)*?)</td>\s*</tr>", html, re.S)
    assert len(last_cells) == 3
    assert all("Ännu inte uppföljt" in cell and "status-" not in cell for cell in last_cells)


# --- the goal page ---


def test_a_reader_sees_the_goal_page(client: Client, reader: User, vp: SimpleNamespace) -> None:
    goal = Goal.objects.get(plan=vp.plan, code="1.0")
    response = get(client, reader, reverse("plans:goal-detail", args=[goal.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Andel nöjda 0" in html and "Aktivitet 0" in html
    assert "Analys 0" in html and "Tertial 1 2025" in html and "Helår 2025" in html
    assert "Utfall per period" in html  # the data table behind the chart
    assert vp.top.title in html  # its parent goal


def test_the_goal_page_shows_provenance_and_contributions(
    client: Client, reader: User, vp: SimpleNamespace
) -> None:
    html = get(client, reader, reverse("plans:goal-detail", args=[vp.top.pk])).content.decode()
    assert "vp-vuxen.docx" in html and "rad 42" in html
    assert vp.committee_goal.title in html  # the goal it contributes to
    child = Goal.objects.filter(parent=vp.top).order_by("position", "pk").first()
    assert child is not None
    child_url = reverse("plans:goal-detail", args=[child.pk])
    assert f'<a href="{child_url}">{child}</a>' in html  # its sub-goals, as links
    html = get(
        client, reader, reverse("plans:goal-detail", args=[vp.committee_goal.pk])
    ).content.decode()
    assert vp.top.title in html  # the goal contributing to it


def test_a_reporter_reads_the_goal_of_their_plan_but_not_a_stranger(
    client: Client, reporter: User, outsider: User, vp: SimpleNamespace
) -> None:
    goal = Goal.objects.get(plan=vp.plan, code="1.0")
    assert get(client, reporter, reverse("plans:goal-detail", args=[goal.pk])).status_code == 200
    client.logout()
    response = get(client, outsider, reverse("plans:goal-detail", args=[goal.pk]))
    assert response.status_code == 403


# --- query counts ---


def count_queries(client: Client, url: str, **params: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["plans:plan-detail", "plans:transformation-map"])
def test_plan_pages_make_the_same_number_of_queries_for_n_and_3n_goals(
    client: Client, reader: User, org: SimpleNamespace, vp: SimpleNamespace, name: str
) -> None:
    client.force_login(reader)
    url = reverse(name, args=[vp.plan.pk])
    client.get(url)  # warm the session and content types
    few = count_queries(client, url)
    add_goals(vp.plan, vp.top, [org.housing, org.reception, org.adults], 4, start=2)
    many = count_queries(client, url)
    assert Goal.objects.filter(plan=vp.plan).count() == 7
    assert many == few


def test_the_goal_page_query_count_does_not_grow_with_indicators_and_values(
    client: Client, reader: User, org: SimpleNamespace, vp: SimpleNamespace
) -> None:
    from styr.followup.models import Measurement
    from styr.plans.models import Indicator, Target

    client.force_login(reader)
    goal = Goal.objects.get(plan=vp.plan, code="1.0")
    url = reverse("plans:goal-detail", args=[goal.pk])
    client.get(url)
    few = count_queries(client, url)
    for n in range(3):
        indicator = Indicator.objects.create(plan=vp.plan, goal=goal, name=f"Extra {n}", unit="st")
        Target.objects.create(indicator=indicator, year=2025, op="<=", value=3)
        for year in (2023, 2024, 2025):
            Measurement.objects.create(indicator=indicator, period=str(year), value=n)
    assert count_queries(client, url) == few


def test_the_plan_list_query_count_does_not_grow_with_plans(
    client: Client, reader: User, org: SimpleNamespace, vp: SimpleNamespace
) -> None:
    client.force_login(reader)
    url = reverse("plans:plan-list")
    client.get(url)
    few = count_queries(client, url)
    for n in range(5):
        Plan.objects.create(
            title=f"Plan {n}",
            kind="verksamhetsplan",
            owner=[org.housing, org.family][n % 2],
            period_from=2025,
        )
    assert count_queries(client, url) == few


def test_the_goal_page_draws_each_indicator_as_a_chart_with_its_table(
    client: Client, reader: User, vp: SimpleNamespace
) -> None:
    goal = Goal.objects.get(plan=vp.plan, code="1.0")
    html = get(client, reader, reverse("plans:goal-detail", args=[goal.pk])).content.decode()
    figure = html[html.index('<figure class="chart">') : html.index("</figure>")]
    assert "<svg" in figure and "<title" in figure  # an accessible name for the image
    start = html.index("Utfall per period")
    table = html[start : html.index("</table>", start)]
    for text in ("2022", "65 %", "2025", "60 %", "≥ 80 %"):
        assert text in table, text


def test_the_goal_page_compares_with_other_municipalities_kolada_values(
    client: Client, reader: User, vp: SimpleNamespace
) -> None:
    from styr.followup.models import Measurement
    from styr.organisation.models import Municipality, OrgUnit
    from styr.plans.models import Indicator

    goal = Goal.objects.get(plan=vp.plan, code="1.0")
    Indicator.objects.filter(goal=goal).update(kolada_kpi="U33400")
    for name, values in (("Annanstad", (50.0, 54.0)), ("Tredjeby", (70.0, 74.0))):
        municipality = Municipality.objects.create(name=name, kolada_code=name[:4])
        owner = OrgUnit.objects.create(municipality=municipality, kind="committee", name="SN")
        plan = Plan.objects.create(title=f"Plan {name}", kind="nämndplan", owner=owner)
        other = Indicator.objects.create(plan=plan, name="Nöjdhet", kolada_kpi="U33400")
        for period, value in zip(("2024", "2025"), values, strict=True):
            Measurement.objects.create(indicator=other, period=period, value=value, origin="kolada")
        # A value typed in by hand is not Kolada's and is no comparison.
        Measurement.objects.create(indicator=other, period="2023", value=1.0, origin="manual")
    html = get(client, reader, reverse("plans:goal-detail", args=[goal.pk])).content.decode()
    assert "Medel för 2 andra kommuner (Kolada)" in html
    start = html.index("Utfall per period")
    rows = re.findall(r"<tr>(.*?)</tr>", html[start : html.index("</table>", start)], re.S)
    peer = {
        cells[0]: cells[-1]
        for cells in (re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row) for row in rows[1:])
    }
    # The means of the two municipalities' Kolada values; target years without values too.
    assert peer == {
        "2022": "–",
        "2023": "–",
        "2024": "60 %",
        "2025": "64 %",
        "2026": "–",
        "2030": "–",
    }
    assert "Annanstad" not in html  # no other municipality is named or linked


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("administrator", 200),
        ("planner", 200),
        ("reporter", 200),
        ("reader", 200),
        ("superuser", 200),
        ("outsider", 403),
    ],
)
def test_every_plan_page_per_role(
    client: Client,
    request: pytest.FixtureRequest,
    vp: SimpleNamespace,
    persona: str,
    expected: int,
) -> None:
    user = request.getfixturevalue(persona)
    goal = Goal.objects.get(plan=vp.plan, code="1.1")
    for url in (
        reverse("plans:plan-detail", args=[vp.plan.pk]),
        reverse("plans:transformation-map", args=[vp.plan.pk]),
        reverse("plans:goal-detail", args=[goal.pk]),
    ):
        response = get(client, user, url)
        assert response.status_code == expected, (persona, url)
        if expected == 403:
            assert "Du får inte läsa" in response.content.decode()


def test_the_goal_page_offers_reporting_to_those_who_may_report(
    client: Client, reporter: User, reader: User, vp: SimpleNamespace, org: SimpleNamespace
) -> None:
    goal = Goal.objects.get(plan=vp.plan, code="1.0")  # Boendeenheten's goal
    url = reverse("plans:goal-detail", args=[goal.pk])
    form = reverse("followup:report", args=[vp.plan.pk, "2025", org.housing.pk])
    html = get(client, reporter, url).content.decode()
    assert f'href="{form}#goal-{goal.pk}"' in html
    assert "Rapportera för Boendeenheten, Helår 2025" in html
    assert "Rapportera för" not in get(client, reader, url).content.decode()
    other = Goal.objects.get(plan=vp.plan, code="1.1")  # Mottagningen's: not the reporter's
    assert (
        "Rapportera för"
        not in get(client, reporter, reverse("plans:goal-detail", args=[other.pk])).content.decode()
    )
    FollowUpPeriod.objects.filter(plan=vp.plan, code="2025").update(is_closed=True)
    assert "Rapportera för" not in get(client, reporter, url).content.decode()


def test_a_bare_plan_without_years_periods_or_goals_still_shows(
    client: Client, reader: User, org: SimpleNamespace
) -> None:
    bare = Plan.objects.create(title="Tom plan", kind="annat", owner=org.committee)
    goal_only = Plan.objects.create(title="Bara mål", kind="annat", owner=org.committee)
    lone = Goal.objects.create(plan=goal_only, title="Ensamt mål", level="nämndmål")
    html = get(client, reader, reverse("plans:plan-detail", args=[bare.pk])).content.decode()
    assert "Planen har inga mål." in html
    html = get(client, reader, reverse("plans:transformation-map", args=[bare.pk])).content.decode()
    assert "Planen har inga mål eller inga år att visa." in html
    html = get(client, reader, reverse("plans:goal-detail", args=[lone.pk])).content.decode()
    assert "Målet har inga indikatorer." in html and "Inga bedömningar ännu." in html
    assert "Målet skrevs in direkt i Styr" in html
