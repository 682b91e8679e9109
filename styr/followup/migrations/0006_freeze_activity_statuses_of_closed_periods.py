"""Give the periods closed before 0005 the activity statuses they would have frozen.

Closing a period now records each activity's own status on the period
(``FollowUpPeriod.activity_statuses``), so that a status set later cannot change the closed
period's goal statuses. For the periods closed before that, the best information available
is used, which is not always what the status was at the close:

* the moment of closing is the first history record of the period's last run of closed
  records; each activity then gets its status in its own latest history record up to that
  moment (the activity's history, ``plans.HistoricalActivity``);
* an activity created after that moment is left out, as closing would have left it out (it
  counts with its live status);
* without such a history record (an activity imported without history, a period closed by
  a bulk update or created closed), the status the activity has **now** is frozen: it may
  already differ from the one at the close, and is recorded as the best guess.

Reversed, it does nothing: reversing 0005 drops the field, and what this wrote with it.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.models import Q


def closed_at(history: Any, period_id: int) -> Any:
    """When the period was last closed, from its history; None when the history cannot say."""
    moment = None
    for is_closed, when in (
        history.objects.filter(id=period_id)
        .order_by("-history_date", "-history_id")
        .values_list("is_closed", "history_date")
    ):
        if not is_closed:
            break
        moment = when
    return moment


def statuses_at_close(apps: Any, period: Any) -> dict[str, str]:
    activity_model = apps.get_model("plans", "Activity")
    activity_history = apps.get_model("plans", "HistoricalActivity")
    period_history = apps.get_model("followup", "HistoricalFollowUpPeriod")
    linked = activity_model.goals.through.objects.filter(goal__plan_id=period.plan_id).values(
        "activity_id"
    )
    activities = activity_model.objects.filter(Q(plan_id=period.plan_id) | Q(pk__in=linked))
    now = {
        pk: (status, created)
        for pk, status, created in activities.values_list("pk", "status", "created_at")
    }
    moment = closed_at(period_history, period.pk)
    if moment is None:
        return {str(pk): status for pk, (status, _created) in sorted(now.items())}
    then: dict[int, str] = {}
    for pk, status in (
        activity_history.objects.filter(id__in=list(now), history_date__lte=moment)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "status")
    ):
        then[pk] = status  # the last one up to the moment wins
    frozen = {}
    for pk, (status, created) in sorted(now.items()):
        if pk in then:
            frozen[str(pk)] = then[pk]
        elif created is None or created <= moment:
            frozen[str(pk)] = status
    return frozen


def freeze(apps: Any, schema_editor: Any) -> None:
    period_model = apps.get_model("followup", "FollowUpPeriod")
    # .update(), not .save(): the freezing is not a change of the period to record in its
    # history or its updated_at.
    for period in period_model.objects.filter(is_closed=True, activity_statuses__isnull=True):
        period_model.objects.filter(pk=period.pk).update(
            activity_statuses=statuses_at_close(apps, period)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0005_followupperiod_activity_statuses"),
        ("plans", "0002_alter_historicalactivity_history_change_reason_and_more"),
    ]

    operations = [migrations.RunPython(freeze, migrations.RunPython.noop)]
