"""A nämndplan with programme points linked to goals and activities, and an årshjul."""

from __future__ import annotations

from types import SimpleNamespace

from styr.plans.models import Activity, Goal, Plan
from styr.politics.models import CalendarItem, PoliticalPoint


def add_points(plan: Plan, count: int, start: int = 0) -> list[PoliticalPoint]:
    """``count`` points, each linked to a new goal and a new activity."""
    points = []
    for i in range(start, start + count):
        goal = Goal.objects.create(plan=plan, code=f"G{i}", title=f"Mål {i}", level="nämndmål")
        activity = Activity.objects.create(plan=plan, title=f"Aktivitet {i}", status="pågår")
        point = PoliticalPoint.objects.create(
            plan=plan, number=str(100 + i), text=f"Punkt {i}", status="Pågår", position=i
        )
        point.goals.add(goal)
        point.activities.add(activity)
        points.append(point)
    return points


def build_politics(org: SimpleNamespace) -> SimpleNamespace:
    """Socialnämndens nämndplan 2025 (reader's committee) with two points and an årshjul."""
    plan = Plan.objects.create(
        title="Nämndplan 2025 Socialnämnden",
        kind="nämndplan",
        owner=org.committee,
        period_from=2025,
        period_to=2025,
    )
    goal = Goal.objects.create(
        plan=plan, code="1", title="Fler ska komma i egen försörjning", level="nämndmål"
    )
    activity = Activity.objects.create(plan=plan, title="Jobbspår för unga", status="pågår")
    done = PoliticalPoint.objects.create(
        plan=plan,
        number="64",
        text="Fler unga i arbete",
        status="Genomförd",
        responsible_board="SN",
        responsible_office="SOK",
        position=0,
        activity_notes=[{"title": "Feriearbete", "responsible": "AMA"}],
    )
    done.goals.add(goal)
    done.activities.add(activity)
    open_point = PoliticalPoint.objects.create(
        plan=plan, number="65", text="Trygg äldreomsorg", status="Ej påbörjad", position=1
    )
    items = [
        CalendarItem.objects.create(
            plan=plan,
            month=1,
            label="JANUARI / FEBRUARI",
            position=0,
            items=["Ekonomi- och verksamhetsuppföljning", "Bokslut 2024"],
        ),
        CalendarItem.objects.create(
            plan=plan, month=5, label="MAJ", position=1, items=["Tertialrapport 1"]
        ),
        CalendarItem.objects.create(
            plan=plan, month=None, label="Löpande", position=2, items=["Delegationsbeslut"]
        ),
    ]
    return SimpleNamespace(
        plan=plan,
        goal=goal,
        activity=activity,
        done=done,
        open_point=open_point,
        january=items[0],
        may=items[1],
        undated=items[2],
    )
