"""Activity rules: someone responsible, a follow-up, a goal it serves."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styr.review.config import ReviewSettings
from styr.review.context import ReviewContext
from styr.review.document import PlanDocument
from styr.review.findings import Finding, ItemKind, Severity
from styr.review.rules.base import activity_label, check, rule, sentence

NO_RESPONSIBLE = rule(
    "activity.no_responsible",
    Severity.WARNING,
    gettext_lazy("Aktiviteten saknar ansvarig"),
    gettext_lazy("Ange vem som ansvarar för aktiviteten, med roll och enhet."),
)
NO_FOLLOW_UP = rule(
    "activity.no_follow_up",
    Severity.WARNING,
    gettext_lazy("Aktiviteten saknar uppföljning"),
    gettext_lazy(
        "Ange när och till vem aktiviteten följs upp, t.ex. ”Halvår och helår till nämnden”."
    ),
)
UNLINKED = rule(
    "activity.unlinked",
    Severity.WARNING,
    gettext_lazy("Aktiviteten är inte kopplad till något mål"),
    gettext_lazy("Ange vilket mål aktiviteten ska bidra till."),
)


def has_text(value: Any) -> bool:
    if isinstance(value, list | tuple):
        return any(has_text(item) for item in value)
    return bool(str(value or "").strip())


@check
def check_activities(
    doc: PlanDocument, settings: ReviewSettings, context: ReviewContext
) -> Iterator[Finding]:
    for activity in doc.activities:
        label = sentence(activity_label(activity))
        if not has_text(activity.get("responsible")):
            yield NO_RESPONSIBLE.finding(
                _("%(item)s saknar ansvarig.") % {"item": label}, ItemKind.ACTIVITY, activity
            )
        if not has_text(activity.get("follow_up")):
            yield NO_FOLLOW_UP.finding(
                _("%(item)s saknar uppgift om uppföljning.") % {"item": label},
                ItemKind.ACTIVITY,
                activity,
            )
        if not [goal for goal in activity.get("goals") or [] if goal]:
            yield UNLINKED.finding(
                _("%(item)s är inte kopplad till något mål.") % {"item": label},
                ItemKind.ACTIVITY,
                activity,
            )
