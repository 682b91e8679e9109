"""Internal control pages: plans with risks, the register and matrix, controls, results, actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styr.accounts.access import Action, can, require, units_where, visible_plans
from styr.core.datacache import cached, municipality_scope
from styr.internal_control import services
from styr.internal_control.forms import ControlResultForm, RiskActionForm
from styr.internal_control.models import Control, ControlResult, Risk, RiskAction
from styr.organisation.models import OrgUnit
from styr.plans.models import Plan, PlanKind

NAV = "internal_control"


def _plan(request: HttpRequest, pk: int) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("owner"), pk=pk)
    require(request.user, Action.VIEW, plan)
    return plan


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The internkontrollplaner (and other plans holding risks) the user may read."""
    has_risks = Exists(Risk.objects.filter(plan=OuterRef("pk")))
    overdue = (
        RiskAction.objects.filter(
            risk__plan=OuterRef("pk"), is_done=False, deadline__lt=timezone.localdate()
        )
        .values("risk__plan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    deviations = (
        ControlResult.objects.filter(control__risk__plan=OuterRef("pk"), has_deviation=True)
        .values("control__risk__plan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    plans = (
        visible_plans(request.user)
        .filter(Q(kind=PlanKind.INTERNAL_CONTROL) | has_risks)
        .select_related("owner")
        .annotate(
            risk_count=Count("risks", distinct=True),
            overdue_count=Coalesce(Subquery(overdue), 0),
            deviation_count=Coalesce(Subquery(deviations), 0),
        )
        .order_by("-period_from", "owner__name", "title")
    )
    return render(request, "internal_control/index.html", {"nav": NAV, "plans": plans})


@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """A plan's risk register and its matrix before and after actions."""
    plan = _plan(request, pk)
    sort = request.GET.get("sortera", "position")
    if sort not in services.SORTS:
        sort = "position"

    def render_register() -> str:
        """The matrix and the register: the same for every reader, shared per data version."""
        rows, definition = services.risk_register(plan, sort)
        legend = sorted(rows, key=lambda row: row.number)
        return render_to_string(
            "internal_control/_register_body.html",
            {
                "plan": plan,
                "rows": rows,
                "legend": legend,
                "matrix_svg": services.matrix_svg(plan, definition, legend) if rows else "",
                "sort": sort,
                "before": services.place_risks(definition, rows),
                "after": services.place_risks(definition, rows, residual=True),
            },
        )

    register_html = cached(
        ("risk-register", plan.pk, sort),
        render_register,
        scopes=[municipality_scope(plan.owner.municipality_id)],
    )
    return render(
        request,
        "internal_control/register.html",
        {
            "nav": NAV,
            "plan": plan,
            "register_html": mark_safe(register_html),  # noqa: S308 - our own rendered template
        },
    )


def _control_queryset() -> QuerySet[Control]:
    return Control.objects.select_related("responsible_unit", "risk__plan__owner").prefetch_related(
        Prefetch(
            "results",
            queryset=ControlResult.objects.select_related("recorded_by").order_by(
                "-performed_on", "-pk"
            ),
        )
    )


@login_required
def control_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The kontrollplan: every control of the plan's risks, with its latest result."""
    plan = _plan(request, pk)
    controls = list(
        _control_queryset()
        .filter(risk__plan=plan)
        .order_by("risk__position", "risk__pk", "position", "pk")
    )
    numbers = {
        pk: number
        for number, pk in enumerate(
            Risk.objects.filter(plan=plan).order_by("position", "pk").values_list("pk", flat=True),
            start=1,
        )
    }
    rows = [
        {
            "control": control,
            "number": numbers.get(control.risk_id),
            "latest": next(iter(control.results.all()), None),
            "may_report": can(request.user, Action.REPORT, control),
        }
        for control in controls
    ]
    may_report_any = any(row["may_report"] for row in rows)
    only_mine = may_report_any and request.GET.get("mina") == "1"
    if only_mine:
        rows = [row for row in rows if row["may_report"]]
    return render(
        request,
        "internal_control/control_plan.html",
        {
            "nav": NAV,
            "plan": plan,
            "rows": rows,
            "may_report_any": may_report_any,
            "only_mine": only_mine,
        },
    )


def _risk(request: HttpRequest, pk: int) -> Risk:
    risk = get_object_or_404(Risk.objects.select_related("plan__owner", "matrix"), pk=pk)
    require(request.user, Action.VIEW, risk.plan)
    return risk


@login_required
def risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    risk = _risk(request, pk)
    return _render_risk(request, risk, RiskActionForm(units=_action_units(request)))


def _action_units(request: HttpRequest) -> QuerySet[OrgUnit]:
    return units_where(request.user, Action.EDIT_PLAN).order_by("path")


def _render_risk(
    request: HttpRequest, risk: Risk, action_form: RiskActionForm, status: int = 200
) -> HttpResponse:
    definition = services.matrix_definition_for(risk.plan, [risk])
    controls = list(_control_queryset().filter(risk=risk).order_by("position", "pk"))
    actions = list(risk.actions.select_related("responsible_unit", "risk__plan__owner"))
    goals = list(risk.goals.select_related("plan").order_by("plan_id", "position", "pk"))
    score = risk.effective_score
    residual = services.residual_score(risk)
    return render(
        request,
        "internal_control/risk_detail.html",
        {
            "nav": NAV,
            "plan": risk.plan,
            "risk": risk,
            "score": score,
            "level": services.level_for(definition, score),
            "residual": residual,
            "residual_level": services.level_for(definition, residual),
            "probability_label": _axis_label(definition, "probability", risk.probability),
            "consequence_label": _axis_label(definition, "consequence", risk.consequence),
            "controls": [
                {"control": c, "may_report": can(request.user, Action.REPORT, c)} for c in controls
            ],
            "actions": [
                {
                    "action": a,
                    "state": services.action_state(a),
                    "may_report": can(request.user, Action.REPORT, a),
                }
                for a in actions
            ],
            "goals": goals,
            "may_edit": can(request.user, Action.EDIT_PLAN, risk),
            "action_form": action_form,
        },
        status=status,
    )


def _axis_label(definition: dict[str, object], axis: str, value: int | None) -> str:
    labels = definition.get(axis)
    if value and isinstance(labels, list) and 1 <= value <= len(labels):
        return str(labels[value - 1])
    return ""


@login_required
def record_result(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the result of one control (a report: reporters of the control's unit may)."""
    control = get_object_or_404(
        Control.objects.select_related("risk__plan__owner", "responsible_unit"), pk=pk
    )
    require(request.user, Action.VIEW, control.risk.plan)
    require(request.user, Action.REPORT, control)
    form = ControlResultForm(request.POST or None, initial={"performed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            _result, created = services.record_control_result(
                request.user,
                control,
                performed_on=form.cleaned_data["performed_on"],
                result=form.cleaned_data["result"],
                has_deviation=form.has_deviation,
                deviations=form.cleaned_data["deviations"],
            )
        except services.RecordingError as error:
            form.add_error(None, str(error))
        else:
            if created:
                messages.success(request, _("Kontrollresultatet har sparats."))
            else:
                messages.info(
                    request, _("Kontrollresultatet var redan sparat; det sparades inte igen.")
                )
            return redirect("internal_control:risk-detail", pk=control.risk_id)
    return render(
        request,
        "internal_control/record_result.html",
        {"nav": NAV, "plan": control.risk.plan, "control": control, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def add_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an action against a risk: a change of the plan (planners)."""
    risk = _risk(request, pk)
    require(request.user, Action.EDIT_PLAN, risk)
    form = RiskActionForm(request.POST, units=_action_units(request))
    if form.is_valid():
        try:
            _action, created = services.add_risk_action(request.user, risk, **form.cleaned_data)
        except services.RecordingError as error:
            form.add_error(None, str(error))
        else:
            if created:
                messages.success(request, _("Åtgärden har lagts till."))
            else:
                messages.info(request, _("Åtgärden fanns redan; den lades inte till igen."))
            return redirect("internal_control:risk-detail", pk=risk.pk)
    return _render_risk(request, risk, form, status=400)


@login_required
@require_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark an action done or not done (a report by the action's unit)."""
    action = get_object_or_404(
        RiskAction.objects.select_related("risk__plan__owner", "responsible_unit"), pk=pk
    )
    require(request.user, Action.VIEW, action.risk.plan)
    is_done = request.POST.get("is_done") == "1"
    try:
        services.set_action_status(
            request.user, action, is_done=is_done, version=request.POST.get("version", "")
        )
    except services.RecordingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Åtgärden är markerad som genomförd.")
            if is_done
            else _("Åtgärden är markerad som ej genomförd."),
        )
    return redirect("internal_control:risk-detail", pk=action.risk_id)
