"""Findings as a page shows them: grouped by severity, each with its rule and a link."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from styr.interchange.exporter import document_ids
from styr.plans.models import Plan
from styr.review.findings import Finding, ItemKind, Severity
from styr.review.rules.base import RULES

SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)
SEVERITY_LABELS = {
    Severity.ERROR: _("Fel"),
    Severity.WARNING: _("Varningar"),
    Severity.INFO: _("Information"),
}


@dataclass(frozen=True)
class ShownFinding:
    finding: Finding
    title: str
    hint: str
    url: str


@dataclass(frozen=True)
class SeverityGroup:
    severity: str
    label: str
    findings: list[ShownFinding]


def group_findings(
    plan: Plan, findings: list[Finding], ids: dict[str, dict[int, str]] | None = None
) -> list[SeverityGroup]:
    """``ids`` are the plan's ``document_ids`` when the caller already has them."""
    links = _links(ids or document_ids(plan))
    groups = []
    for severity in SEVERITY_ORDER:
        shown = [_show(finding, links) for finding in findings if finding.severity is severity]
        if shown:
            groups.append(SeverityGroup(severity.value, str(SEVERITY_LABELS[severity]), shown))
    return groups


def _show(finding: Finding, links: dict[tuple[str, str], str]) -> ShownFinding:
    rule = RULES.get(finding.code)
    item = (finding.item_id or "").split("/")[0]  # a control's id is "<risk id>/<n>"
    kind = ItemKind.RISK.value if finding.item_kind is ItemKind.CONTROL else finding.item_kind.value
    return ShownFinding(
        finding=finding,
        title=str(rule.title) if rule else finding.code,
        hint=str(rule.hint) if rule else "",
        url=links.get((kind, item), ""),
    )


def _links(ids: dict[str, dict[int, str]]) -> dict[tuple[str, str], str]:
    """Document id → page, for the items that have a page of their own."""
    links: dict[tuple[str, str], str] = {}
    for pk, doc_id in ids["goals"].items():
        links[(ItemKind.GOAL.value, doc_id)] = reverse("plans:goal-detail", args=[pk])
    for pk, doc_id in ids["risks"].items():
        links[(ItemKind.RISK.value, doc_id)] = reverse("internal_control:risk-detail", args=[pk])
    return links
