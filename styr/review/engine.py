"""The review engine: run every rule over a ``styr.plan/1`` document.

It needs no database: give it the document (a dict), optional settings and optional
follow-up facts, and it returns the findings, most serious first, in document order within
a severity.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from styr.review.config import ReviewSettings
from styr.review.context import ReviewContext, context_from_document
from styr.review.document import PlanDocument
from styr.review.findings import Finding
from styr.review.rules import CHECKS


def review_document(
    doc: Mapping[str, Any],
    settings: ReviewSettings | None = None,
    context: ReviewContext | None = None,
) -> list[Finding]:
    """Every finding for the document. Raises ``DocumentError`` if it is not a plan document."""
    document = PlanDocument(doc)
    settings = settings or ReviewSettings()
    context = context if context is not None else context_from_document(doc)
    findings: list[Finding] = []
    for run_check in CHECKS:
        findings.extend(
            finding
            for finding in run_check(document, settings, context)
            if finding.code not in settings.disabled_rules
        )
    return sorted(findings, key=lambda finding: finding.severity.rank)


def has_errors(findings: list[Finding]) -> bool:
    return any(finding.is_error for finding in findings)
