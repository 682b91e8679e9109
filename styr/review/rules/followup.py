"""Follow-up rules: assessments due but missing, and "met" verdicts the indicators contradict.

They read a ``ReviewContext`` (see ``styr.review.context``); without one they fall back to
what a follow-up document says about itself, and with neither they are silent.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styr.review.config import ReviewSettings
from styr.review.context import ReviewContext
from styr.review.document import PlanDocument
from styr.review.findings import Finding, ItemKind, Severity
from styr.review.rules.base import check, goal_label, indicator_label, rule, sentence

ASSESSMENT_MISSING = rule(
    "followup.assessment_missing",
    Severity.WARNING,
    gettext_lazy("Bedömning saknas för ett mål som ska följas upp"),
    gettext_lazy("Gör en bedömning av målet för perioden, med status och analys."),
)
MET_CONTRADICTED = rule(
    "followup.met_contradicted",
    Severity.WARNING,
    gettext_lazy("Målet bedöms uppfyllt men indikatorerna visar annat"),
    gettext_lazy(
        "Kontrollera bedömningen mot indikatorernas utfall, eller förklara i analysen varför "
        "målet ändå bedöms uppfyllt."
    ),
)


@check
def check_followup(
    doc: PlanDocument, settings: ReviewSettings, context: ReviewContext
) -> Iterator[Finding]:
    yield from _missing(doc, context)
    yield from _contradicted(doc, context)


def _goal_name(doc: PlanDocument, goal_id: str) -> str:
    goal = doc.goals_by_id.get(goal_id)
    return goal_label(goal) if goal else _("mål %(id)s") % {"id": goal_id}


def _missing(doc: PlanDocument, context: ReviewContext) -> Iterator[Finding]:
    for period, goal_ids in sorted(context.due_goals.items()):
        for goal_id in sorted(goal_ids):
            assessment = context.assessment_for(goal_id, period)
            if assessment is not None and assessment.status != "not_assessed":
                continue
            message = (
                _("%(goal)s ska följas upp för %(period)s men saknar bedömning.")
                if assessment is None
                else _("%(goal)s ska följas upp för %(period)s men är markerat ”ej bedömt”.")
            )
            goal = doc.goals_by_id.get(goal_id)
            yield ASSESSMENT_MISSING.finding(
                message % {"goal": sentence(_goal_name(doc, goal_id)), "period": period},
                ItemKind.GOAL,
                goal,
                item_id=goal_id,
                period=period,
            )


def _contradicted(doc: PlanDocument, context: ReviewContext) -> Iterator[Finding]:
    statuses: dict[tuple[str, str], str] = {
        (status.indicator_id, status.period): status.status for status in context.indicator_statuses
    }
    for assessment in context.assessments:
        if assessment.status != "met":
            continue
        indicators = doc.indicators_by_goal.get(assessment.goal_id, [])
        against = [
            indicator
            for indicator in indicators
            if statuses.get((indicator["id"], assessment.period)) in ("not_met", "partly_met")
        ]
        if not against:
            continue
        names = ", ".join(indicator_label(indicator) for indicator in against)
        yield MET_CONTRADICTED.finding(
            _(
                "%(goal)s bedöms uppfyllt för %(period)s, men %(names)s visar att målvärdet "
                "inte nåtts. Bedömningen står kvar; kontrollera den."
            )
            % {
                "goal": sentence(_goal_name(doc, assessment.goal_id)),
                "period": assessment.period,
                "names": names,
            },
            ItemKind.GOAL,
            doc.goals_by_id.get(assessment.goal_id),
            item_id=assessment.goal_id,
            period=assessment.period,
            indicators=[indicator["id"] for indicator in against],
        )
