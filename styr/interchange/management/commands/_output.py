"""What ``styr load`` and ``styr import`` print: counts, then the plan id as the last line."""

from __future__ import annotations

from django.core.management.base import OutputWrapper
from django.utils.translation import gettext as _

from styr.interchange.services import COUNT_LABELS, LoadResult


def report(out: OutputWrapper, result: LoadResult) -> None:
    for name in result.created_org:
        out.write(_("Skapade i organisationen: %(name)s") % {"name": name})
    plan = result.plan
    out.write(
        _('Lagrade "%(title)s" (%(kind)s) för %(owner)s:')
        % {"title": plan.title, "kind": plan.kind, "owner": plan.owner}
    )
    for key, count in result.counts.items():
        if count:
            out.write(f"  {COUNT_LABELS[key]}: {count}")
    for warning in result.warnings:
        out.write(_("Obs: %(warning)s") % {"warning": warning})


def plan_id_line(out: OutputWrapper, result: LoadResult) -> None:
    # The last line is the id alone, so that scripts can use `tail -n 1`.
    out.write(str(result.plan.pk))
