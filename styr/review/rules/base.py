"""The rule registry: every rule has a stable code, a Swedish title, a severity and a hint."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from styr.review.context import ReviewContext
from styr.review.document import PlanDocument, shorten, source_of
from styr.review.findings import Finding, ItemKind, Severity


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str | Promise
    hint: str | Promise

    def finding(
        self,
        message: str,
        kind: ItemKind,
        item: dict[str, Any] | None = None,
        *,
        item_id: str | None = None,
        severity: Severity | None = None,
        **details: Any,
    ) -> Finding:
        return Finding(
            code=self.code,
            severity=severity or self.severity,
            message=message,
            item_kind=kind,
            item_id=item_id if item_id is not None else (item or {}).get("id"),
            source=source_of(item or {}),
            details=details,
        )


RULES: dict[str, Rule] = {}

Check = Callable[[PlanDocument, Any, ReviewContext], Iterator[Finding]]
CHECKS: list[Check] = []


def rule(code: str, severity: Severity, title: str | Promise, hint: str | Promise) -> Rule:
    if code in RULES:
        raise ValueError(f"rule {code} is declared twice")
    RULES[code] = Rule(code, severity, title, hint)
    return RULES[code]


def check(function: Check) -> Check:
    """Register a rule family's check function with the engine."""
    CHECKS.append(function)
    return function


def quoted(text: Any, limit: int = 70) -> str:
    return f"”{shorten(text, limit)}”"


def goal_label(goal: dict[str, Any]) -> str:
    code = str(goal.get("code") or "").strip()
    level = str(goal.get("level") or _("mål"))
    if code and code.lower().startswith(level.split()[0].lower()):
        return f"{code} {quoted(goal.get('title'))}"
    if code:
        return f"{level} {code} {quoted(goal.get('title'))}"
    return f"{level} {quoted(goal.get('title'))}"


def indicator_label(indicator: dict[str, Any]) -> str:
    return _("indikatorn %(name)s") % {"name": quoted(indicator.get("name"))}


def activity_label(activity: dict[str, Any]) -> str:
    return _("aktiviteten %(title)s") % {"title": quoted(activity.get("title"))}


def risk_label(risk: dict[str, Any]) -> str:
    code = str(risk.get("code") or "").strip()
    title = quoted(risk.get("title"))
    if code:
        return _("risk %(code)s %(title)s") % {"code": code, "title": title}
    return _("risken %(title)s") % {"title": title}


def number(value: float | int) -> str:
    """A figure the Swedish way: space as thousands separator, comma as decimal mark."""
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{round(value):,}"
    return text.replace(",", " ").replace(".", ",").replace("-", "−")


def sentence(text: str) -> str:
    """The text with its first letter in upper case and the rest untouched."""
    return text[:1].upper() + text[1:]
