"""Review services: load a plan document, review it, show the findings, store a review run.

``styr check`` and the web page call these; the engine itself (``engine.py``) knows
nothing of files or the database.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styr.review.config import ReviewSettings
from styr.review.context import ReviewContext
from styr.review.document import DocumentError
from styr.review.engine import has_errors, review_document
from styr.review.findings import Finding, Severity
from styr.review.rules import RULES

if TYPE_CHECKING:
    from styr.plans.models import Plan
    from styr.review.models import Review

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_UNREADABLE = 2

IMPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")


class ReviewInputError(Exception):
    """The input cannot be read as a plan: ``styr check`` exits with status 2."""


# -- loading --------------------------------------------------------------------------------
def load_document(path: str | Path) -> dict[str, Any]:
    """A ``styr.plan/1`` document from a .json file, or from a .txt/.docx/.pdf through the
    document importer."""
    path = Path(path)
    if not path.is_file():
        raise ReviewInputError(_("Filen %(path)s finns inte.") % {"path": path})
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ReviewInputError(
                _("%(path)s är inte läsbar JSON: %(error)s") % {"path": path, "error": error}
            ) from error
        if not isinstance(data, dict):
            raise ReviewInputError(_("%(path)s är inte ett styr.plan/1-dokument.") % {"path": path})
        return data
    if suffix in IMPORTED_SUFFIXES:
        return _parse_with_importer(path)
    raise ReviewInputError(
        _("%(path)s: filtypen %(suffix)s stöds inte (använd .json, .txt, .docx eller .pdf).")
        % {"path": path, "suffix": suffix or "(ingen)"}
    )


def _parse_with_importer(path: Path) -> dict[str, Any]:
    from styr.importer.errors import ImportProblem
    from styr.importer.services import parse_file

    try:
        return parse_file(path)
    except ImportProblem as error:  # the importer's own errors name file and place
        raise ReviewInputError(
            _("%(path)s kunde inte läsas: %(error)s") % {"path": path, "error": error}
        ) from error


def load_plan_document(plan_id: int) -> dict[str, Any]:
    """The stored plan, exported as a ``styr.plan/1`` document."""
    from styr.interchange.services import export_plan
    from styr.plans.models import Plan

    try:
        plan = Plan.objects.get(pk=plan_id)
    except Plan.DoesNotExist as error:
        raise ReviewInputError(
            _("Det finns ingen plan med id %(id)s.") % {"id": plan_id}
        ) from error
    return export_plan(plan)


# -- reviewing ------------------------------------------------------------------------------
def review(
    document: dict[str, Any],
    settings: ReviewSettings | None = None,
    context: ReviewContext | None = None,
) -> list[Finding]:
    try:
        return review_document(document, settings, context)
    except DocumentError as error:
        raise ReviewInputError(str(error)) from error


def exit_status(findings: Sequence[Finding]) -> int:
    """0 without error-severity findings, 1 with at least one."""
    return EXIT_ERRORS if has_errors(list(findings)) else EXIT_OK


# -- showing --------------------------------------------------------------------------------
def summary(findings: Sequence[Finding]) -> str:
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return ", ".join(
        [
            ngettext("%(n)d fel", "%(n)d fel", counts[Severity.ERROR])
            % {"n": counts[Severity.ERROR]},
            ngettext("%(n)d varning", "%(n)d varningar", counts[Severity.WARNING])
            % {"n": counts[Severity.WARNING]},
            ngettext("%(n)d information", "%(n)d information", counts[Severity.INFO])
            % {"n": counts[Severity.INFO]},
        ]
    )


def render_text(findings: Sequence[Finding], title: str = "") -> str:
    """Findings grouped by severity, each with its place, rule, item, message and hint."""
    heading = _("Granskning av %(title)s") % {"title": title} if title else _("Granskning")
    lines = [f"{heading}: {summary(findings)}"]
    if not findings:
        lines.append(_("Inga anmärkningar."))
    for severity in Severity:
        group = [finding for finding in findings if finding.severity is severity]
        if not group:
            continue
        lines.extend(["", f"{severity.label.upper()} ({len(group)})"])
        for finding in group:
            place = finding.source_label or "–"
            item = (
                f"{finding.item_kind.value} {finding.item_id}"
                if finding.item_id
                else finding.item_kind.value
            )
            lines.append(f"  {place:<10} {finding.code:<36} {item}")
            lines.append(f"      {finding.message}")
            rule = RULES.get(finding.code)
            if rule:
                lines.append("      " + _("Åtgärd: %(hint)s") % {"hint": rule.hint})
    return "\n".join(lines) + "\n"


def render_json(findings: Iterable[Finding]) -> str:
    return (
        json.dumps([finding.as_dict() for finding in findings], ensure_ascii=False, indent=2) + "\n"
    )


# -- storing --------------------------------------------------------------------------------
def settings_as_data(settings: ReviewSettings) -> dict[str, Any]:
    return {
        "high_risk_threshold": settings.high_risk_threshold,
        "risk_scale_min": settings.risk_scale_min,
        "risk_scale_max": settings.risk_scale_max,
        "duplicate_similarity": settings.duplicate_similarity,
        "measurable_goal_levels": list(settings.measurable_goal_levels),
        "disabled_rules": sorted(settings.disabled_rules),
    }


@transaction.atomic
def store_review(
    plan: Plan, findings: Sequence[Finding], settings: ReviewSettings | None = None
) -> Review:
    """Save one review run of a stored plan with all its findings, or nothing."""
    from styr.review import models

    settings = settings or ReviewSettings()
    run = models.Review.objects.create(
        plan=plan,
        settings=settings_as_data(settings),
        error_count=sum(f.severity is Severity.ERROR for f in findings),
        warning_count=sum(f.severity is Severity.WARNING for f in findings),
        info_count=sum(f.severity is Severity.INFO for f in findings),
    )
    models.Finding.objects.bulk_create(
        models.Finding(
            review=run,
            position=position,
            code=finding.code,
            severity=finding.severity.value,
            message=finding.message,
            item_kind=finding.item_kind.value,
            item_ref=finding.item_id or "",
            source_file=str(finding.source.get("file") or "")[:255],
            source_line=_positive(finding.source.get("line")),
            source_page=_positive(finding.source.get("page")),
            details=finding.details,
        )
        for position, finding in enumerate(findings)
    )
    return run


def review_stored_plan(
    plan: Plan, settings: ReviewSettings | None = None, context: ReviewContext | None = None
) -> list[Finding]:
    """The findings for a stored plan; follow-up facts come from the database unless given."""
    from styr.review.stored import context_for_plan

    with transaction.atomic():  # one consistent view of the plan and its follow-up
        document = load_plan_document(plan.pk)
        if context is None:
            context = context_for_plan(plan)
        return review(document, settings, context)


def review_plan(
    plan: Plan, settings: ReviewSettings | None = None, context: ReviewContext | None = None
) -> Review:
    """Export a stored plan, review it with its follow-up facts and store the run."""
    findings = review_stored_plan(plan, settings, context)
    return store_review(plan, findings, settings)


def _positive(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


# -- the command ----------------------------------------------------------------------------
def _followup_context(plan_id: int) -> ReviewContext:
    from styr.plans.models import Plan
    from styr.review.stored import context_for_plan

    return context_for_plan(Plan.objects.get(pk=plan_id))


def run_check(
    path: str | None = None,
    plan_id: int | None = None,
    *,
    as_json: bool = False,
    settings: ReviewSettings | None = None,
    save: bool = False,
) -> tuple[str, int]:
    """What ``styr check`` prints and its exit status (0 clean, 1 errors, 2 unreadable)."""
    try:
        if plan_id is not None:
            document = load_plan_document(plan_id)
            findings = review(document, settings, _followup_context(plan_id))
        elif path:
            document = load_document(path)
            findings = review(document, settings)
        else:
            raise ReviewInputError(_("Ange en fil eller --plan ID."))
    except ReviewInputError as error:
        return str(error) + "\n", EXIT_UNREADABLE
    if save and plan_id is not None:
        from styr.plans.models import Plan

        store_review(Plan.objects.get(pk=plan_id), findings, settings)
    title = str((document.get("plan") or {}).get("title") or path or "")
    output = render_json(findings) if as_json else render_text(findings, title)
    return output, exit_status(findings)
