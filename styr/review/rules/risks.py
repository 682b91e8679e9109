"""Internal control rules: risk assessment on the plan's scale, handling of high risks and
complete controls."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styr.review.config import ReviewSettings
from styr.review.context import ReviewContext
from styr.review.document import PlanDocument
from styr.review.findings import Finding, ItemKind, Severity
from styr.review.rules.activities import has_text
from styr.review.rules.base import check, quoted, risk_label, rule, sentence

INTERNAL_CONTROL_KIND = "internkontrollplan"

UNASSESSED = rule(
    "risk.unassessed",
    Severity.WARNING,
    gettext_lazy("Risken saknar riskbedömning"),
    gettext_lazy("Bedöm risken: ange sannolikhet och konsekvens (och därmed riskvärde)."),
)
OUT_OF_SCALE = rule(
    "risk.out_of_scale",
    Severity.ERROR,
    gettext_lazy("Sannolikhet eller konsekvens ligger utanför skalan"),
    gettext_lazy("Använd riskmatrisens skala för sannolikhet och konsekvens."),
)
SCORE_MISMATCH = rule(
    "risk.score_mismatch",
    Severity.ERROR,
    gettext_lazy("Riskvärdet är inte sannolikhet × konsekvens"),
    gettext_lazy("Räkna om riskvärdet som sannolikhet gånger konsekvens."),
)
SCORE_OFF_SCALE = rule(
    "risk.score_off_scale",
    Severity.ERROR,
    gettext_lazy("Riskvärdet finns inte på planens skala"),
    gettext_lazy("Ett riskvärde ska vara en produkt av två värden på skalan; kontrollera det."),
)
HIGH_UNHANDLED = rule(
    "risk.high_unhandled",
    Severity.ERROR,
    gettext_lazy("Hög risk utan kontroll och utan åtgärd"),
    gettext_lazy(
        "Ange kontrollmoment och åtgärder för risken, eller motivera varför den accepteras."
    ),
)
HIGH_WITHOUT_CONTROL = rule(
    "risk.high_without_control",
    Severity.WARNING,
    gettext_lazy("Hög risk utan kontrollmoment"),
    gettext_lazy("Ange hur risken kontrolleras: kontrollmoment, ansvarig, frekvens och metod."),
)
HIGH_WITHOUT_ACTION = rule(
    "risk.high_without_action",
    Severity.WARNING,
    gettext_lazy("Hög risk utan åtgärd"),
    gettext_lazy("Ange en åtgärd som minskar risken, med ansvarig."),
)
CONTROL_NO_RESPONSIBLE = rule(
    "control.no_responsible",
    Severity.WARNING,
    gettext_lazy("Kontrollmomentet saknar kontrollansvarig"),
    gettext_lazy("Ange vem som utför kontrollen."),
)
CONTROL_NO_FREQUENCY = rule(
    "control.no_frequency",
    Severity.WARNING,
    gettext_lazy("Kontrollmomentet saknar frekvens"),
    gettext_lazy("Ange hur ofta eller när kontrollen görs."),
)
CONTROL_NO_METHOD = rule(
    "control.no_method",
    Severity.WARNING,
    gettext_lazy("Kontrollmomentet saknar metod"),
    gettext_lazy("Ange hur kontrollen görs, t.ex. stickprov eller genomgång av statistik."),
)


def _scale_value(value: Any) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


@check
def check_risks(
    doc: PlanDocument, settings: ReviewSettings, context: ReviewContext
) -> Iterator[Finding]:
    risks = doc.risks
    uses_factors = any(
        _scale_value(r.get("probability")) is not None
        or _scale_value(r.get("consequence")) is not None
        for r in risks
    )
    uses_scores = any(_scale_value(r.get("score")) is not None for r in risks)
    # A plan that only lists the nämnd's risks with the work against them (no assessment
    # anywhere, and not an internal control plan) is not asked for an assessment.
    assessed_plan = doc.kind == INTERNAL_CONTROL_KIND or uses_factors or uses_scores
    for risk in risks:
        if assessed_plan:
            yield from _assessment(risk, settings, uses_factors)
        yield from _high_risk(risk, settings)
        yield from _controls(risk)


def _assessment(
    risk: dict[str, Any], settings: ReviewSettings, uses_factors: bool
) -> Iterator[Finding]:
    label = sentence(risk_label(risk))
    probability = _scale_value(risk.get("probability"))
    consequence = _scale_value(risk.get("consequence"))
    score = _scale_value(risk.get("score"))
    scale = range(settings.risk_scale_min, settings.risk_scale_max + 1)
    missing = [
        name
        for name, value in ((_("sannolikhet"), probability), (_("konsekvens"), consequence))
        if value is None
    ]
    if missing and (uses_factors or score is None):
        yield UNASSESSED.finding(
            _("%(item)s saknar %(missing)s.")
            % {"item": label, "missing": _(" och ").join(missing)},
            ItemKind.RISK,
            risk,
            missing=missing,
        )
    bad = [
        (name, value)
        for name, value in ((_("sannolikhet"), probability), (_("konsekvens"), consequence))
        if value is not None and value not in scale
    ]
    for name, value in bad:
        yield OUT_OF_SCALE.finding(
            _("%(item)s har %(name)s %(value)s, utanför skalan %(low)s–%(high)s.")
            % {
                "item": label,
                "name": name,
                "value": value,
                "low": settings.risk_scale_min,
                "high": settings.risk_scale_max,
            },
            ItemKind.RISK,
            risk,
            value=value,
        )
    if score is None:
        return
    if probability is not None and consequence is not None and not bad:
        if score != probability * consequence:
            yield SCORE_MISMATCH.finding(
                _(
                    "%(item)s har riskvärde %(score)s, men sannolikhet %(p)s × konsekvens "
                    "%(c)s = %(product)s."
                )
                % {
                    "item": label,
                    "score": score,
                    "p": probability,
                    "c": consequence,
                    "product": probability * consequence,
                },
                ItemKind.RISK,
                risk,
                stated=score,
                computed=probability * consequence,
            )
        return
    if score not in settings.possible_scores:
        yield SCORE_OFF_SCALE.finding(
            _(
                "%(item)s har riskvärde %(score)s, som inte kan uppstå på skalan "
                "%(low)s–%(high)s × %(low)s–%(high)s."
            )
            % {
                "item": label,
                "score": score,
                "low": settings.risk_scale_min,
                "high": settings.risk_scale_max,
            },
            ItemKind.RISK,
            risk,
            stated=score,
        )


def risk_score(risk: dict[str, Any]) -> int | float | None:
    score = _scale_value(risk.get("score"))
    if score is not None:
        return score
    probability = _scale_value(risk.get("probability"))
    consequence = _scale_value(risk.get("consequence"))
    if probability is None or consequence is None:
        return None
    return probability * consequence


def _high_risk(risk: dict[str, Any], settings: ReviewSettings) -> Iterator[Finding]:
    score = risk_score(risk)
    if score is None or score < settings.high_risk_threshold:
        return
    controls = [c for c in risk.get("controls") or [] if isinstance(c, dict) and has_text(c)]
    actions = [a for a in risk.get("actions") or [] if has_text(a)]
    values = {
        "item": sentence(risk_label(risk)),
        "score": score,
        "threshold": settings.high_risk_threshold,
    }
    if not controls and not actions:
        yield HIGH_UNHANDLED.finding(
            _(
                "%(item)s har riskvärde %(score)s (hög risk från %(threshold)s) men varken "
                "kontrollmoment eller åtgärd."
            )
            % values,
            ItemKind.RISK,
            risk,
            score=score,
        )
    elif not controls:
        yield HIGH_WITHOUT_CONTROL.finding(
            _(
                "%(item)s har riskvärde %(score)s (hög risk från %(threshold)s) och åtgärder "
                "men inget kontrollmoment."
            )
            % values,
            ItemKind.RISK,
            risk,
            score=score,
        )
    elif not actions:
        yield HIGH_WITHOUT_ACTION.finding(
            _(
                "%(item)s har riskvärde %(score)s (hög risk från %(threshold)s) och "
                "kontrollmoment men ingen åtgärd som minskar risken."
            )
            % values,
            ItemKind.RISK,
            risk,
            score=score,
        )


def _controls(risk: dict[str, Any]) -> Iterator[Finding]:
    for position, control in enumerate(risk.get("controls") or [], start=1):
        if not isinstance(control, dict):
            continue
        label = _("Kontrollmomentet %(control)s (%(risk)s)") % {
            "control": quoted(control.get("description") or "", 50),
            "risk": risk_label(risk),
        }
        item_id = f"{risk['id']}/{position}"
        checks = (
            (CONTROL_NO_RESPONSIBLE, "responsible", _("%(item)s saknar kontrollansvarig.")),
            (CONTROL_NO_FREQUENCY, "frequency", _("%(item)s saknar frekvens.")),
            (CONTROL_NO_METHOD, "method", _("%(item)s saknar metod.")),
        )
        for rule_, key, message in checks:
            if not has_text(control.get(key)):
                yield rule_.finding(
                    message % {"item": label}, ItemKind.CONTROL, risk, item_id=item_id
                )
