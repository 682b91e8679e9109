"""The political programme points a nämnd plan answers to, and its årshjul."""

from __future__ import annotations

from styr.demo import vocabulary as words
from styr.demo.context import Build
from styr.plans.models import Goal
from styr.politics.models import CalendarItem, PoliticalPoint


def build_politics(build: Build) -> None:
    rng = build.rng
    points: list[PoliticalPoint] = []
    goal_links: list[tuple[PoliticalPoint, Goal]] = []
    calendar: list[CalendarItem] = []
    for node in build.committees:
        first_number = rng.randint(10, 60)
        for position in range(build.amounts.political_points):
            goal = (
                node.committee_goals[position % len(node.committee_goals)]
                if (node.committee_goals)
                else None
            )
            point = PoliticalPoint(
                plan=node.own_plan,
                ref=f"p{position + 1}",
                position=position,
                number=str(first_number + position),
                text=words.POLITICAL_POINTS[
                    (first_number + position) % len(words.POLITICAL_POINTS)
                ],
                handling=f"Hanteras via nämndmål {goal.code}." if goal else "",
                status=rng.choice(words.POLITICAL_STATUSES),
                responsible_board=node.spec.short_name,
                concerned_boards=[node.spec.short_name],
                responsible_office=node.spec.administration_short,
                concerned_offices=[node.spec.administration_short],
            )
            points.append(point)
            if goal:
                goal_links.append((point, goal))
        for position, (month, label, items) in enumerate(words.CALENDAR):
            calendar.append(
                CalendarItem(
                    plan=node.own_plan,
                    ref=f"c{position + 1}",
                    position=position,
                    month=month,
                    label=label,
                    items=[_year_text(build.base_year, item) for item in items],
                )
            )
    build.writer.create(PoliticalPoint, points)
    build.writer.link(PoliticalPoint.goals, [(p.pk, g.pk) for p, g in goal_links])
    build.writer.create(CalendarItem, calendar)


def _year_text(year: int, text: str) -> str:
    return text.format(prev=year - 1, next=year + 1)
