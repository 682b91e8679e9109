"""What the review engine reports: a finding, its severity and where it points.

Plain data with no database behind it, so that the command line, the web page, the
document appendix and the stored review run all read the same objects.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for the most serious; used to sort and group findings."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]

    @property
    def label(self) -> str:
        labels = {"error": _("fel"), "warning": _("varning"), "info": _("information")}
        return labels[self.value]


class ItemKind(enum.StrEnum):
    """Which list of the ``styr.plan/1`` document a finding points into."""

    PLAN = "plan"
    GOAL = "goal"
    INDICATOR = "indicator"
    ACTIVITY = "activity"
    RISK = "risk"
    CONTROL = "control"
    BUDGET = "budget"
    VOLUME = "volume"
    TEXT = "text"


@dataclass(frozen=True)
class Finding:
    """One fault found in a plan.

    ``item_id`` is the item's id in the document (for a control, ``"<risk id>/<n>"`` with a
    1-based n); ``source`` is the item's ``source`` dict from the document (file, line, page);
    ``details`` holds the figures behind the finding (computed and stated totals, years)
    so a reader can check the claim.
    """

    code: str
    severity: Severity
    message: str
    item_kind: ItemKind
    item_id: str | None = None
    source: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def source_label(self) -> str:
        """``"s. 3, rad 120"`` style pointer into the source document, or ``""``."""
        parts = []
        page = self.source.get("page")
        line = self.source.get("line")
        if page:
            parts.append(_("s. %(page)s") % {"page": page})
        if line:
            parts.append(_("rad %(line)s") % {"line": line})
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        from styr.review.rules import RULES

        rule = RULES.get(self.code)
        return {
            "code": self.code,
            "severity": self.severity.value,
            "title": str(rule.title) if rule else "",
            "message": self.message,
            "hint": str(rule.hint) if rule else "",
            "item_kind": self.item_kind.value,
            "item_id": self.item_id,
            "source": dict(self.source),
            "details": dict(self.details),
        }
