"""Follow-up pages: the reporter's list, the report of one unit for a plan's period, one
item at a time (htmx) or the whole form at once (without JavaScript), and the planner's
approval. The rules are in ``styr.followup.reporting``; views only translate HTTP."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from styr.accounts.access import AccessDenied, Action, can, require, units_where
from styr.charts.numbers import format_value
from styr.core.datacache import GLOBAL, municipality_scope, writing_for
from styr.followup.forms import (
    ActivityReportForm,
    AssessmentForm,
    DecisionForm,
    MeasurementForm,
    shown_token,
)
from styr.followup.models import Assessment, FollowUpPeriod, Measurement, Status
from styr.followup.reporting import (
    ActivityStatusConflict,
    ActivityStatusError,
    ReasonRequired,
    ReportConflict,
    ReportScope,
    WorkflowError,
    approvable_assessments,
    approve_assessment,
    assessments_for,
    awaiting_approval,
    check_assessment_target,
    goals_fed_by,
    indicator_unit_id,
    measurements_for,
    record_activity_report,
    record_assessment,
    record_measurement,
    report_scope,
    report_tasks,
    return_assessment,
)
from styr.followup.services import compute_plan_status
from styr.organisation.models import OrgUnit
from styr.plans.models import Activity, Goal, Indicator, Plan
from styr.plans.services import target_label

# --- rows ----------------------------------------------------------------------------------


@dataclass
class ItemRow:
    """One goal, activity or indicator on the reporting page, with its form and outcome."""

    kind: str  # "goal", "activity" or "indicator"
    item: Goal | Activity | Indicator
    form: Any
    url: str
    assessment: Assessment | None = None
    measurements: dict[str, Measurement] = field(default_factory=dict)
    conflicts: list[ReportConflict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    saved: bool = False
    read_only: bool = False
    # The status Styr computes from the numbers (goal or indicator), shown beside the
    # unit's own judgement, never merged with it.
    computed: str = ""
    explanation: str = ""

    @property
    def mismatch(self) -> bool:
        judged = ("met", "partly_met", "not_met")
        return (
            self.assessment is not None
            and self.assessment.status in judged
            and self.computed in judged
            and self.assessment.status != self.computed
        )

    @property
    def prefix(self) -> str:
        return f"{self.kind[0]}-{self.item.pk}"

    @property
    def dom_id(self) -> str:
        return f"{self.kind}-{self.item.pk}"

    @property
    def title(self) -> str:
        if isinstance(self.item, Indicator):
            return self.item.name
        if isinstance(self.item, Goal):
            return f"{self.item.code} {self.item.title}".strip()
        return self.item.title

    @property
    def hidden_errors(self) -> bool:
        """A hidden field (the version, the value shown) is missing or wrong: a stale page."""
        return self.form.is_bound and any(f.errors for f in self.form.hidden_fields())

    @property
    def has_errors(self) -> bool:
        return bool(self.conflicts or self.problems or (self.form.is_bound and self.form.errors))

    @property
    def kolada(self) -> bool:
        return any(m.origin == "kolada" for m in self.measurements.values())

    @property
    def target_labels(self) -> list[str]:
        """The indicator's targets as the plan pages write them: "≥ 60 % (2025)"."""
        if not isinstance(self.item, Indicator):
            return []
        labels = []
        for target in self.item.targets.all():
            label = target_label(target, self.item.unit)
            labels.append(f"{label} ({target.year})" if target.year else label)
        return labels

    @property
    def baseline_label(self) -> str:
        item = self.item
        if not isinstance(item, Indicator) or item.baseline_value is None:
            return ""
        label = format_value(item.baseline_value, item.unit)
        return f"{label} ({item.baseline_year})" if item.baseline_year else label

    @property
    def last_entry(self) -> Measurement | None:
        entries = [m for m in self.measurements.values() if m.entered_at]
        return max(entries, key=lambda m: m.entered_at) if entries else None


@dataclass
class Report:
    plan: Plan
    period: FollowUpPeriod
    unit: OrgUnit
    goals: list[ItemRow]
    activities: list[ItemRow]
    indicators: list[ItemRow]
    read_only: bool
    may_edit_closed: bool

    @property
    def rows(self) -> list[ItemRow]:
        return self.goals + self.activities + self.indicators


def _writes_for_plan(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The view writes rows of one plan only (``plan_id`` in its URL): its writes are
    attributed to the plan's municipality, so other municipalities' cached pages stay
    (``styr.core.datacache``). The municipality is looked up at the first write, if any."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan_id = kwargs["plan_id"]

        def scope() -> str:
            owners = Plan.objects.filter(pk=plan_id).values_list("owner__municipality_id")
            found = owners.first()
            return municipality_scope(found[0]) if found else GLOBAL  # (a plan just deleted)

        with writing_for(scope):
            return view(request, *args, **kwargs)

    return wrapped


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _load(
    request: HttpRequest, plan_id: int, period_code: str, unit_id: int
) -> tuple[Plan, FollowUpPeriod, OrgUnit]:
    plan = get_object_or_404(Plan.objects.select_related("owner"), pk=plan_id)
    unit = get_object_or_404(OrgUnit, pk=unit_id)
    require(request.user, Action.REPORT, unit)
    period = get_object_or_404(FollowUpPeriod, plan=plan, code=period_code)
    period.plan = plan
    return plan, period, unit


def _item_url(name: str, period: FollowUpPeriod, unit: OrgUnit, pk: int) -> str:
    return reverse(
        f"followup:report-{name}",
        kwargs={
            "plan_id": period.plan_id,
            "period_code": period.code,
            "unit_id": unit.pk,
            f"{name}_id": pk,
        },
    )


def _assessment_form(item: Goal | Activity | Indicator, data: Any, **kwargs: Any) -> AssessmentForm:
    """A goal's form, or an activity's with the activity's own status beside."""
    if isinstance(item, Activity):
        return ActivityReportForm(data, current_status=item.status, **kwargs)
    return AssessmentForm(data, **kwargs)


def _assessment_row(
    kind: str,
    item: Goal | Activity,
    assessment: Assessment | None,
    period: FollowUpPeriod,
    unit: OrgUnit,
    data: Any = None,
) -> ItemRow:
    prefix = f"{kind[0]}-{item.pk}"
    initial = {
        "status": assessment.status if assessment else Status.NOT_ASSESSED,
        "analysis": assessment.analysis if assessment else "",
        "version": assessment.version if assessment else 0,
    }
    form = _assessment_form(item, data, prefix=prefix, initial=initial)
    url = _item_url("goal" if kind == "goal" else "activity", period, unit, item.pk)
    return ItemRow(kind, item, form, url, assessment=assessment)


def _indicator_row(
    indicator: Indicator,
    current: dict[str, Measurement],
    period: FollowUpPeriod,
    unit: OrgUnit,
    data: Any = None,
) -> ItemRow:
    form = MeasurementForm(data, prefix=f"i-{indicator.pk}", indicator=indicator, current=current)
    url = _item_url("indicator", period, unit, indicator.pk)
    return ItemRow("indicator", indicator, form, url, measurements=current)


def _build_report(
    request: HttpRequest,
    plan: Plan,
    period: FollowUpPeriod,
    unit: OrgUnit,
    data: Any = None,
    scope: ReportScope | None = None,
    *,
    computed: bool = True,
) -> Report:
    """The unit's report rows; with ``computed``, the plan's computed statuses beside them
    (else ``_add_computed`` adds them when needed: a POST saves first, and the status it
    shows is the one after the save)."""
    scope = scope or report_scope(plan, unit)
    by_goal, by_activity = assessments_for(period, unit, scope)
    values = measurements_for(period, scope.indicators)
    may_edit_closed = can(request.user, Action.EDIT_PLAN, plan)
    read_only = period.is_closed and not may_edit_closed
    report = Report(
        plan,
        period,
        unit,
        [_assessment_row("goal", g, by_goal.get(g.pk), period, unit, data) for g in scope.goals],
        [
            _assessment_row("activity", a, by_activity.get(a.pk), period, unit, data)
            for a in scope.activities
        ],
        [_indicator_row(i, values.get(i.pk, {}), period, unit, data) for i in scope.indicators],
        read_only,
        may_edit_closed,
    )
    for row in report.rows:
        row.read_only = read_only
    if computed:
        _add_computed(report)
    return report


def _add_computed(report: Report) -> None:
    """Beside each goal and indicator, the status Styr computes and its explanation: one
    computation of the plan's status, which reads all of the plan's numbers."""
    status = compute_plan_status(report.plan, report.period.code)
    goals = {g.id: (g.status, g.result.explanation) for g in status.goals}
    indicators = {i.id: (i.status, i.result.explanation) for i in status.indicators}
    for row in report.rows:
        found = indicators if row.kind == "indicator" else goals
        if row.kind != "activity" and row.item.pk in found:
            row.computed, row.explanation = found[row.item.pk]


def _apply(
    request: HttpRequest, period: FollowUpPeriod, unit: OrgUnit, row: ItemRow, submit: bool
) -> bool:
    """Validate and save one row; errors land on the row. True when something was written."""
    form = row.form
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        if row.kind == "indicator":
            return _apply_measurement(request, period, row, data)
        assessment = {
            "status": data["status"],
            "analysis": data["analysis"],
            "version": data["version"],
            "reason": data["reason"],
            "submit": submit,
        }
        item: Any = row.item
        if row.kind == "activity":
            _saved, changed = record_activity_report(
                request.user,
                period,
                unit,
                item,
                activity_status=data["activity_status"],
                activity_status_shown=data["activity_status_shown"],
                **assessment,
            )
        else:
            _saved, changed = record_assessment(request.user, period, unit, item, **assessment)
        return changed
    except ActivityStatusConflict as conflict:
        row.conflicts.append(conflict)
        row.item.status = conflict.stored  # type: ignore[union-attr]
        _refresh_form(row, f"{row.prefix}-activity_status_shown", conflict.stored)
    except ReportConflict as conflict:
        row.conflicts.append(conflict)
        _refresh_form(row, f"{row.prefix}-version", str(conflict.stored))
    except ActivityStatusError as error:
        form.add_error("activity_status", error.messages)
    except ReasonRequired as error:
        form.add_error("reason", error.messages)
    except WorkflowError as error:
        form.add_error("analysis", error.messages)
    except AccessDenied:
        raise
    except PermissionDenied as error:  # a closed period
        row.problems.append(str(error))
    except ValidationError as error:
        row.problems.extend(error.messages)
    return False


def _apply_measurement(
    request: HttpRequest, period: FollowUpPeriod, row: ItemRow, data: dict[str, Any]
) -> bool:
    changed = False
    for gender in row.form.genders:
        try:
            _m, did = record_measurement(
                request.user,
                period,
                row.item,  # type: ignore[arg-type]
                gender,
                data[f"number_{gender}"],
                shown=data[f"was_{gender}"],
                reason=data["reason"],
            )
            changed = changed or did
        except ReportConflict as conflict:
            row.conflicts.append(conflict)
            token = shown_token(conflict.stored)
            _refresh_form(row, f"{row.prefix}-shown_{gender}", token)
    return changed


def _refresh_form(row: ItemRow, name: str, value: str) -> None:
    """After a conflict the form keeps what the user wrote but names what is stored now,
    so saving again, having read the other person's text, is a deliberate choice."""
    data = row.form.data.copy()
    data[name] = value
    errors = row.form.errors
    if row.kind == "indicator":
        assert isinstance(row.item, Indicator)  # noqa: S101 - an indicator row
        row.form = MeasurementForm(
            data, prefix=row.prefix, indicator=row.item, current=row.measurements
        )
    else:
        row.form = _assessment_form(row.item, data, prefix=row.prefix)
    row.form.is_valid()
    for field_name, field_errors in errors.items():
        for error in field_errors:
            row.form.add_error(field_name if field_name != "__all__" else None, error)


# --- pages ---------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The reporter picks a plan, period and unit; a planner also sees what awaits approval."""
    tasks = report_tasks(request.user)
    plans: dict[int, dict[str, Any]] = {}
    for task in tasks:
        plans.setdefault(task.plan.pk, {"plan": task.plan, "tasks": []})["tasks"].append(task)
    approvals = awaiting_approval(request.user).order_by("period__plan__title", "period__code")
    return render(
        request,
        "followup/index.html",
        {"nav": "followup", "plans": list(plans.values()), "approvals": list(approvals)},
    )


@login_required
@require_http_methods(["GET", "POST"])
@_writes_for_plan
def report(request: HttpRequest, plan_id: int, period_code: str, unit_id: int) -> HttpResponse:
    """The whole report of one unit for a plan's period; POST saves every row at once."""
    plan, period, unit = _load(request, plan_id, period_code, unit_id)
    scope = report_scope(plan, unit)
    if request.method == "GET":
        built = _build_report(request, plan, period, unit, scope=scope)
        return _render_report(request, built)
    # The statuses only when the page is shown again (refused); a save redirects to a GET.
    built = _build_report(
        request, plan, period, unit, data=request.POST, scope=scope, computed=False
    )
    if built.read_only:
        messages.error(request, _("Perioden %(p)s är stängd; inget sparades.") % {"p": period})
        _add_computed(built)
        return _render_report(request, built, status=409)
    submit = request.POST.get("action") == "submit"
    written = 0
    with transaction.atomic():
        for row in built.rows:
            written += _apply(request, period, unit, row, submit)
        failed = [row for row in built.rows if row.has_errors]
        if failed:
            transaction.set_rollback(True)
    if failed:
        _add_computed(built)  # after the rollback: the statuses as stored
        return _render_report(request, built, failed=failed)
    if written:
        text = ngettext("%(n)d ändring sparad.", "%(n)d ändringar sparade.", written) % {
            "n": written
        }
        if submit:
            text += " " + _("Bedömningarna är inlämnade för godkännande.")
        messages.success(request, text)
    else:
        messages.info(request, _("Inget var ändrat; inget sparades."))
    return HttpResponseRedirect(request.path)


def _render_report(
    request: HttpRequest, built: Report, *, failed: list[ItemRow] | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "followup/report.html",
        {"nav": "followup", "report": built, "failed": failed or []},
        status=status,
    )


def _item_view(
    request: HttpRequest,
    plan_id: int,
    period_code: str,
    unit_id: int,
    kind: str,
    item: Goal | Activity | Indicator,
) -> HttpResponse:
    """One item's report: GET shows it alone; POST saves it (an htmx row or a full page)."""
    require(request.user, Action.REPORT, item)
    plan, period, unit = _load(request, plan_id, period_code, unit_id)
    if item.plan_id != plan.pk:
        raise PermissionDenied(
            _("%(item)s hör inte till planen %(plan)s.") % {"item": item, "plan": plan}
        )
    scope = ReportScope()
    if isinstance(item, Indicator):
        if indicator_unit_id(item, plan) != unit.pk:
            raise PermissionDenied(
                _("%(unit)s rapporterar inte utfall för %(item)s.") % {"unit": unit, "item": item}
            )
        scope.indicators = [item]
    else:
        try:
            check_assessment_target(request.user, period, unit, item)
        except ValidationError as error:
            raise PermissionDenied(" ".join(error.messages)) from error
        if isinstance(item, Goal):
            scope.goals = [item]
        else:
            scope.activities = [item]
    posted = request.method == "POST"
    data = request.POST if posted else None
    # A POST computes the statuses once, after the save: the saved row's answer builds its
    # report afresh (_render_saved_row), a refused one adds them below.
    built = _build_report(request, plan, period, unit, data=data, scope=scope, computed=not posted)
    row = built.rows[0]
    if posted and not built.read_only:
        with transaction.atomic():
            changed = _apply(request, period, unit, row, request.POST.get("action") == "submit")
            if row.has_errors:  # e.g. totalt saved but kvinnor refused: keep neither
                transaction.set_rollback(True)
        if not row.has_errors:
            if _is_htmx(request):
                return _render_saved_row(request, built, scope, row, changed)
            messages.success(
                request,
                _("Sparat: %(item)s.") % {"item": row.title}
                if changed
                else _("Inget var ändrat: %(item)s.") % {"item": row.title},
            )
            target = reverse(
                "followup:report",
                kwargs={"plan_id": plan.pk, "period_code": period.code, "unit_id": unit.pk},
            )
            return HttpResponseRedirect(f"{target}#{row.dom_id}")
    status = 200
    if posted:
        _add_computed(built)  # refused, or rolled back: the statuses as stored
    if posted and built.read_only:
        row.problems.append(_("Perioden %(p)s är stängd; inget sparades.") % {"p": period})
        status = 409
    if _is_htmx(request):
        return _render_row(request, row, built)  # htmx swaps only 2xx answers
    return render(
        request,
        "followup/item.html",
        {"nav": "followup", "report": built, "row": row, "history": _history(row)},
        status=status,
    )


def _history(row: ItemRow) -> list[Any]:
    """Every saved version of the item's assessment, newest first, with who and why."""
    if row.assessment is None:
        return []
    records = row.assessment.history.select_related("history_user")
    return list(records.order_by("-history_date")[:50])


def _render_row(request: HttpRequest, row: ItemRow, built: Report) -> HttpResponse:
    template = (
        "followup/_indicator_row.html"
        if row.kind == "indicator"
        else "followup/_assessment_row.html"
    )
    return render(request, template, {"row": row, "report": built})


def _render_saved_row(
    request: HttpRequest, built: Report, scope: ReportScope, row: ItemRow, changed: bool
) -> HttpResponse:
    """The saved row as it is stored now, for htmx to swap in. When something changed, the
    computed status of the unit's goals the item feeds (and those they roll up into) may
    have changed too: each comes along as an out-of-band fragment (``hx-swap-oob``) that
    replaces only that goal's status box, not its form, so nothing typed there is lost."""
    fed = goals_fed_by(built.plan, built.unit, row.item) if changed else []
    fresh_scope = ReportScope(
        goals=scope.goals + fed,  # (goals_fed_by never returns the item itself)
        activities=scope.activities,
        indicators=scope.indicators,
    )
    fresh = _build_report(request, built.plan, built.period, built.unit, scope=fresh_scope)
    main = next(r for r in fresh.rows if r.kind == row.kind and r.item.pk == row.item.pk)
    main.saved = changed
    response = _render_row(request, main, fresh)
    refreshed = [other for other in fresh.goals if other is not main]
    for other in refreshed:
        response.content += render_to_string(
            "followup/_computed_status.html",
            {"row": other, "oob": True},
            request=request,
        ).encode()
    if refreshed:
        response.content += render_to_string(
            "followup/_status_news.html", {"rows": refreshed}, request=request
        ).encode()
    return response


@login_required
@require_http_methods(["GET", "POST"])
@_writes_for_plan
def report_goal(
    request: HttpRequest, plan_id: int, period_code: str, unit_id: int, goal_id: int
) -> HttpResponse:
    goal = get_object_or_404(Goal.objects.select_related("plan", "responsible_unit"), pk=goal_id)
    return _item_view(request, plan_id, period_code, unit_id, "goal", goal)


@login_required
@require_http_methods(["GET", "POST"])
@_writes_for_plan
def report_activity(
    request: HttpRequest, plan_id: int, period_code: str, unit_id: int, activity_id: int
) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.select_related("plan"), pk=activity_id)
    return _item_view(request, plan_id, period_code, unit_id, "activity", activity)


@login_required
@require_http_methods(["GET", "POST"])
@_writes_for_plan
def report_indicator(
    request: HttpRequest, plan_id: int, period_code: str, unit_id: int, indicator_id: int
) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.select_related("plan__owner", "goal", "responsible_unit"),
        pk=indicator_id,
    )
    return _item_view(request, plan_id, period_code, unit_id, "indicator", indicator)


# --- approval ------------------------------------------------------------------------------


def _load_period(request: HttpRequest, plan_id: int, period_code: str) -> FollowUpPeriod:
    plan = get_object_or_404(Plan.objects.select_related("owner"), pk=plan_id)
    require(request.user, Action.VIEW, plan)
    if not units_where(request.user, Action.APPROVE).exists():
        raise AccessDenied(request.user, Action.APPROVE, plan)
    period = get_object_or_404(FollowUpPeriod, plan=plan, code=period_code)
    period.plan = plan
    return period


@login_required
def approval(request: HttpRequest, plan_id: int, period_code: str) -> HttpResponse:
    """Submitted assessments of the planner's units for a period: approve or return."""
    period = _load_period(request, plan_id, period_code)
    rows = [
        {"assessment": a, "form": DecisionForm(prefix=f"d-{a.pk}", initial={"version": a.version})}
        for a in approvable_assessments(request.user, period)
    ]
    return render(
        request,
        "followup/approval.html",
        {"nav": "followup", "period": period, "plan": period.plan, "rows": rows},
    )


@login_required
@require_POST
@_writes_for_plan
def decide(
    request: HttpRequest, plan_id: int, period_code: str, assessment_id: int
) -> HttpResponse:
    """Approve or return one submitted assessment (an htmx row, or back to the list)."""
    period = _load_period(request, plan_id, period_code)
    assessment = get_object_or_404(
        Assessment.objects.select_related("goal", "activity", "unit", "author"),
        pk=assessment_id,
        period=period,
    )
    require(request.user, Action.APPROVE, assessment)
    form = DecisionForm(request.POST, prefix=f"d-{assessment.pk}")
    done = ""
    problem = ""
    if form.is_valid():
        try:
            if request.POST.get("action") == "return":
                assessment = return_assessment(
                    request.user,
                    assessment,
                    form.cleaned_data["version"],
                    form.cleaned_data["comment"],
                )
                done = _("Återlämnad till %(unit)s.") % {"unit": assessment.unit}
            else:
                assessment = approve_assessment(
                    request.user, assessment, form.cleaned_data["version"]
                )
                done = _("Godkänd.")
        except WorkflowError as error:
            form.add_error("comment", error.messages)
        except ReportConflict as conflict:
            problem = conflict.messages[0]
        except PermissionDenied as error:
            if isinstance(error, AccessDenied):
                raise
            problem = str(error)
    if _is_htmx(request):
        assessment.refresh_from_db()
        row = {"assessment": assessment, "form": form, "done": done, "problem": problem}
        return render(request, "followup/_decision_row.html", {"row": row, "period": period})
    if done:
        messages.success(request, f"{assessment.goal or assessment.activity}: {done}")
    else:
        errors = [problem] if problem else [str(m) for ms in form.errors.values() for m in ms]
        messages.error(
            request,
            _("%(item)s: %(errors)s")
            % {"item": assessment.goal or assessment.activity, "errors": " ".join(errors)},
        )
    return HttpResponseRedirect(
        reverse("followup:approval", kwargs={"plan_id": plan_id, "period_code": period_code})
    )
