"""Reports: one builder per document kind, from the data to a renderer-independent ``Report``.

``build_report(kind, plan, period)`` is the entry point the command, the views and the
benchmark share; ``render(report, fmt)`` turns the report into bytes. Each builder loads
what it needs in a fixed number of queries, whatever the size of the plan.

The plan document is laid out the way Styr's importer reads plans (numbered goal
headings, indicator tables with nuläge/mål columns, activity tables with
aktivitet/ansvarig/uppföljning, risk, budget and volume tables with their usual
headers, month headings for the årshjul), so a written plan can be imported again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from styr.economy.models import BudgetLine, BudgetSection, VolumeLine
from styr.followup.models import Assessment, AssessmentState, FollowUpPeriod, Measurement
from styr.followup.rules import parse_period
from styr.followup.services import GoalStatus, IndicatorStatus, compute_plan_status
from styr.internal_control.models import (
    Control,
    ControlResult,
    Risk,
    RiskMatrix,
    default_matrix_definition,
)
from styr.organisation.models import OrgUnit
from styr.plans.models import Activity, Goal, Indicator, Plan, PlanKind
from styr.politics.models import CalendarItem, PoliticalPoint
from styr.reports import formatting as fmt
from styr.reports.document import (
    BulletList,
    CalendarEvent,
    Cell,
    Chart,
    Contents,
    Heading,
    Paragraph,
    Report,
    Sheet,
    StatusLine,
    Table,
)

KINDS = ("plan", "followup", "internal-control", "transformation-map", "calendar")
FORMATS = ("docx", "pdf", "xlsx", "ics")
# Which formats each kind can be written in.
SUPPORTED: dict[str, tuple[str, ...]] = {
    "plan": ("docx", "pdf", "xlsx"),
    "followup": ("docx", "pdf", "xlsx"),
    "internal-control": ("docx", "pdf", "xlsx"),
    "transformation-map": ("docx", "pdf", "xlsx"),
    "calendar": ("docx", "pdf", "ics"),
}
KIND_LABELS = {
    "plan": "Plan",
    "followup": "Uppföljning",
    "internal-control": "Internkontrollplan",
    "transformation-map": "Transformationskarta",
    "calendar": "Årshjul",
}
FORMAT_LABELS = {"docx": "Word", "pdf": "PDF", "xlsx": "Excel", "ics": "iCalendar"}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ics": "text/calendar; charset=utf-8",
}


class ReportError(ValueError):
    """A report that cannot be made as asked; the message is Swedish and names what."""


def check_request(kind: str, fmt_name: str) -> None:
    if kind not in SUPPORTED:
        raise ReportError(
            _("Okänd dokumenttyp '%(kind)s'; välj en av %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(KINDS)}
        )
    if fmt_name not in FORMATS:
        raise ReportError(
            _("Okänt format '%(fmt)s'; välj en av %(formats)s.")
            % {"fmt": fmt_name, "formats": ", ".join(FORMATS)}
        )
    if fmt_name not in SUPPORTED[kind]:
        raise ReportError(
            _("%(kind)s kan inte skrivas som %(fmt)s; välj %(formats)s.")
            % {
                "kind": KIND_LABELS[kind],
                "fmt": fmt_name,
                "formats": ", ".join(SUPPORTED[kind]),
            }
        )


def build_report(kind: str, plan: Plan, period: str | None = None) -> Report:
    """The report of ``kind`` for ``plan`` (and ``period`` where the kind needs one)."""
    if kind not in SUPPORTED:
        check_request(kind, "docx")
    if kind == "plan":
        return build_plan_report(plan)
    if kind == "followup":
        return build_followup_report(plan, _period_or_latest(plan, period))
    if kind == "internal-control":
        return build_internal_control_report(plan, _period_or_none(plan, period))
    if kind == "transformation-map":
        return build_transformation_map(plan)
    return build_calendar(plan)


def make_document(kind: str, plan: Plan, fmt_name: str, period: str | None = None) -> bytes:
    """``styr report`` and the download view in one call: check, build, render."""
    check_request(kind, fmt_name)
    report = build_report(kind, plan, period)
    from styr.reports.renderers import render

    return render(report, fmt_name)


def make_documents(
    kind: str,
    plans: Sequence[Plan],
    fmt_name: str,
    period: str | None = None,
    workers: int | None = None,
) -> list[bytes]:
    """Each plan's document, in order: a nämnd's package of reports. Rendered in parallel
    processes (``styr.reports.parallel``) when the database can be shared, else one by one.
    ``workers`` defaults to the number of cores."""
    from styr.reports import parallel

    check_request(kind, fmt_name)
    count = parallel.processes_for(len(plans), workers)
    if count == 1:
        return [make_document(kind, plan, fmt_name, period) for plan in plans]
    return parallel.render_many(kind, [plan.pk for plan in plans], fmt_name, period, count)


def plans_under(unit: OrgUnit) -> list[Plan]:
    """The plans of a nämnd (or any unit) and of every unit under it, in tree order."""
    return list(
        Plan.objects.filter(owner__path__startswith=unit.path)
        .select_related("owner")
        .order_by("owner__path", "title", "pk")
    )


def file_name(kind: str, plan: Plan, fmt_name: str, period: str | None = None) -> str:
    from django.utils.text import slugify

    parts = [slugify(plan.title)[:60] or f"plan-{plan.pk}", kind]
    if period:
        parts.append(period)
    return "-".join(parts) + "." + fmt_name


# --- periods -----------------------------------------------------------------------------


def _period_or_latest(plan: Plan, code: str | None) -> FollowUpPeriod:
    periods = list(plan.periods.order_by("end"))
    if code:
        return _find_period(plan, periods, code)
    today = timezone.localdate()
    ended = [p for p in periods if p.end <= today]
    if ended:
        return ended[-1]
    if periods:
        return periods[0]
    raise ReportError(
        _(
            "Planen %(plan)s har inga uppföljningsperioder; skapa dem med "
            "'styr followup periods --plan %(id)s'."
        )
        % {"plan": plan.title, "id": plan.pk}
    )


def _period_or_none(plan: Plan, code: str | None) -> FollowUpPeriod | None:
    if not code:
        return None
    return _find_period(plan, list(plan.periods.order_by("end")), code)


def _find_period(plan: Plan, periods: list[FollowUpPeriod], code: str) -> FollowUpPeriod:
    try:
        parse_period(code)
    except ValueError as error:
        raise ReportError(str(error)) from error
    for period in periods:
        if period.code == code:
            return period
    known = ", ".join(p.code for p in periods) or _("inga")
    raise ReportError(
        _("Planen %(plan)s har ingen uppföljningsperiod %(code)s (planens perioder: %(known)s).")
        % {"plan": plan.title, "code": code, "known": known}
    )


# --- loading ------------------------------------------------------------------------------


@dataclass
class PlanData:
    plan: Plan
    goals: list[Goal]
    children: dict[int | None, list[Goal]]
    indicators: list[Indicator]
    indicators_by_goal: dict[int | None, list[Indicator]]
    activities: list[Activity]
    activities_by_goal: dict[int | None, list[Activity]]
    risks: list[Risk]
    budget: list[BudgetLine]
    volumes: list[VolumeLine]
    points: list[PoliticalPoint]
    calendar: list[CalendarItem]
    numbers: dict[int, str]

    def tree(self) -> list[tuple[Goal, int]]:
        """Goals in document order, depth first, with their depth."""
        out: list[tuple[Goal, int]] = []
        seen: set[int] = set()

        def walk(goal: Goal, depth: int) -> None:
            if goal.pk in seen:
                return
            seen.add(goal.pk)
            out.append((goal, depth))
            for child in self.children.get(goal.pk, []):
                walk(child, depth + 1)

        for root in self.children.get(None, []):
            walk(root, 0)
        for goal in self.goals:  # anything a cycle hid
            walk(goal, 0)
        return out


def load_plan(plan: Plan) -> PlanData:
    """Everything a plan document shows, in a fixed number of queries."""
    plan = Plan.objects.select_related("owner", "owner__municipality").get(pk=plan.pk)
    goals = list(plan.goals.order_by("position", "pk"))
    ids = {g.pk for g in goals}
    children: dict[int | None, list[Goal]] = defaultdict(list)
    for goal in goals:
        children[goal.parent_id if goal.parent_id in ids else None].append(goal)
    indicators = list(plan.indicators.order_by("position", "pk").prefetch_related("targets"))
    by_goal: dict[int | None, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        by_goal[indicator.goal_id if indicator.goal_id in ids else None].append(indicator)
    activities = list(
        plan.activities.order_by("position", "pk").prefetch_related(
            Prefetch("goals", queryset=Goal.objects.only("id"))
        )
    )
    activities_by_goal: dict[int | None, list[Activity]] = defaultdict(list)
    for activity in activities:
        linked = [g.pk for g in activity.goals.all() if g.pk in ids]
        activities_by_goal[linked[0] if linked else None].append(activity)
    risks = list(plan.risks.order_by("position", "pk").prefetch_related("controls", "actions"))
    budget = list(plan.budget_lines.order_by("position", "pk").prefetch_related("values"))
    volumes = list(plan.volume_lines.order_by("position", "pk").prefetch_related("values"))
    points = list(plan.political_points.order_by("position", "pk"))
    calendar = list(plan.calendar_items.order_by("position", "pk"))
    data = PlanData(
        plan,
        goals,
        children,
        indicators,
        by_goal,
        activities,
        activities_by_goal,
        risks,
        budget,
        volumes,
        points,
        calendar,
        {},
    )
    data.numbers = _numbering(data)
    return data


def _numbering(data: PlanData) -> dict[int, str]:
    """Hierarchical numbers "1", "1.2", "1.2.3" for the goal headings, vision excluded."""
    numbers: dict[int, str] = {}

    def walk(goals: list[Goal], prefix: str) -> None:
        index = 0
        for goal in goals:
            if goal.level == "vision":
                walk(data.children.get(goal.pk, []), prefix)
                continue
            index += 1
            number = f"{prefix}{index}"
            numbers[goal.pk] = number
            walk(data.children.get(goal.pk, []), number + ".")

    walk(data.children.get(None, []), "")
    return numbers


def _base_report(kind: str, plan: Plan, title: str, subtitle: str = "") -> Report:
    owner = plan.owner
    municipality = owner.municipality
    return Report(
        kind=kind,
        title=title,
        subtitle=subtitle,
        municipality=municipality.name,
        municipality_code=municipality.kolada_code or "",
        organisation=owner.name,
        reference=plan.reference,
        generated=timezone.now(),
        updated=plan.updated_at,
        plan_id=plan.pk,
    )


def _front_matter(report: Report, plan: Plan, lead: str = "") -> None:
    if lead:
        report.add(Paragraph(lead, style="lead"))
    if plan.reference:
        report.add(Paragraph(_("Diarienummer %(ref)s") % {"ref": plan.reference}))
    if plan.adopted_by or plan.adopted_date:
        text = _("Antagen av %(by)s") % {"by": plan.adopted_by} if plan.adopted_by else _("Antagen")
        if plan.adopted_date:
            text += " " + _("den %(date)s") % {"date": plan.adopted_date.isoformat()}
        report.add(Paragraph(text + "."))
    report.add(Contents(_("Innehåll")))


# --- shared tables ----------------------------------------------------------------------


def _target_years(indicators: Iterable[Indicator]) -> list[int | None]:
    years: list[int | None] = []
    for indicator in indicators:
        for target in indicator.targets.all():
            if target.year not in years:
                years.append(target.year)
    return sorted(years, key=lambda y: (y is None, y or 0))


def _targets_for(indicator: Indicator, year: int | None) -> str:
    texts = [
        fmt.target_text(t.op, t.value, t.relative_to, indicator.unit, t.text)
        for t in indicator.targets.all()
        if t.year == year
    ]
    return "; ".join(t for t in texts if t)


def _baseline(indicator: Indicator) -> str:
    text = fmt.baseline_text(
        indicator.baseline_value, indicator.baseline_year, indicator.baseline_text, indicator.unit
    )
    if (
        indicator.baseline_value is not None
        and indicator.baseline_year
        and str(indicator.baseline_year) not in text
    ):
        text = f"{text} ({indicator.baseline_year})"
    return text


def indicator_table(indicators: list[Indicator]) -> Table:
    """Indikator | Nuläge | Mål YYYY ... as plans write them."""
    years = _target_years(indicators) or [None]
    header = [_("Indikator"), _("Nuläge")] + [
        _("Mål %(year)s") % {"year": y} if y else _("Målvärde") for y in years
    ]
    frequency = any(i.frequency for i in indicators)
    source = any(i.data_source for i in indicators)
    if frequency:
        header.append(_("Frekvens"))
    if source:
        header.append(_("Datakälla"))
    rows = []
    for indicator in indicators:
        row = [Cell(indicator.name), Cell(_baseline(indicator), indicator.baseline_value)]
        row += [Cell(_targets_for(indicator, y)) for y in years]
        if frequency:
            row.append(Cell(indicator.frequency))
        if source:
            row.append(Cell(indicator.data_source))
        rows.append(row)
    widths = [3.0, 1.6] + [1.4] * len(years) + [1.0] * frequency + [1.3] * source
    return Table(header, rows, kind="indicators", caption=_("Indikatorer"), widths=widths)


def activity_table(activities: list[Activity]) -> Table:
    rows = [
        [
            Cell(a.title),
            Cell(", ".join(str(r) for r in a.responsible or [])),
            Cell(a.follow_up),
        ]
        for a in activities
    ]
    return Table(
        [_("Aktivitet"), _("Ansvarig"), _("Uppföljning")],
        rows,
        kind="activities",
        widths=[3, 1.5, 2],
    )


ColumnKey = tuple[str, int | None, int]


def _keyed(line: Any, attribute: str) -> dict[ColumnKey, float | None]:
    """A line's values by (kind, year, occurrence): a table may hold two yearless budget
    columns ("Budget tidigare år", "Total budget"), and both must survive."""
    out: dict[ColumnKey, float | None] = {}
    counts: dict[tuple[str, int | None], int] = defaultdict(int)
    for value in line.values.all():
        key = (value.kind, value.year)
        out[(value.kind, value.year, counts[key])] = getattr(value, attribute)
        counts[key] += 1
    return out


def _columns(lines: list[Any], attribute: str) -> list[ColumnKey]:
    seen: list[ColumnKey] = []
    for line in lines:
        for key in _keyed(line, attribute):
            if key not in seen:
                seen.append(key)
    return seen


def _column_label(key: ColumnKey) -> str:
    kind, year, _n = key
    # A column without a year is a total over years; "totalt" says so to a reader.
    return (
        f"{kind.capitalize()} {year}"
        if year
        else _("%(kind)s totalt") % {"kind": kind.capitalize()}
    )


def budget_tables(lines: list[BudgetLine]) -> list[tuple[str, Table]]:
    """One table per budget section: (tkr) | Bokslut 2023 | Budget 2024 ..."""
    sections: dict[str, list[BudgetLine]] = defaultdict(list)
    for line in lines:
        sections[line.section].append(line)
    out = []
    for section, rows in sections.items():
        columns = _columns(rows, "amount")
        unit = next((r.unit for r in rows if r.unit), "tkr")
        header = [f"({unit})"] + [_column_label(k) for k in columns]
        table_rows = []
        for line in rows:
            values = _keyed(line, "amount")
            row = [Cell(line.label, bold=line.is_total)]
            for key in columns:
                amount = values.get(key)
                row.append(Cell(fmt.number(amount), amount, bold=line.is_total))
            table_rows.append(row)
        title = BudgetSection(section).label.capitalize() if section else _("Budget")
        if len(columns) == 1:
            # One column: written as plans do, "Budget 2017 (tkr) fördelat på:" and a
            # two-column list without a header row.
            kind, year, _n = columns[0]
            intro = _("%(what)s %(year)s (%(unit)s) fördelat på:") % {
                "what": kind.capitalize(),
                "year": year or "",
                "unit": unit,
            }
            for row in table_rows:
                row[0] = Cell(f"{row[0].text} .....", bold=row[0].bold)
            out.append((title, Table([], table_rows, kind="budget", caption=intro)))
            continue
        out.append((title, Table(header, table_rows, kind="budget")))
    return out


def volume_table(lines: list[VolumeLine]) -> Table:
    columns = _columns(lines, "value")
    header = [_("Volymer")] + [_column_label(k) for k in columns]
    rows: list[list[Cell]] = []
    group = None
    for line in lines:
        if line.group and line.group != group:
            group = line.group
            rows.append([Cell(line.group, bold=True)] + [Cell("") for _c in columns])
        values = _keyed(line, "value")
        label = (
            f"{line.label}, {line.unit}"
            if line.unit and line.unit not in line.label
            else line.label
        )
        rows.append(
            [Cell(label)] + [Cell(fmt.number(values.get(key)), values.get(key)) for key in columns]
        )
    return Table(header, rows, kind="volumes")


def risk_table(risks: list[Risk]) -> Table:
    """Risk | Sannolikhet | Konsekvens | Riskvärde | Kontrollmoment | ... | Åtgärd: one row
    per control (and action), the risk named on its first row (the internkontrollplan's
    usual layout)."""
    header = [
        _("Risk"),
        _("Sannolikhet"),
        _("Konsekvens"),
        _("Riskvärde"),
        _("Kontrollmoment"),
        _("Kontrollansvarig"),
        _("Frekvens"),
        _("Metod"),
        _("Rapportering till"),
        _("Åtgärd"),
    ]
    rows = []
    for risk in risks:
        score = risk.effective_score
        first = [
            Cell(risk.title),
            Cell(str(risk.probability or ""), risk.probability),
            Cell(str(risk.consequence or ""), risk.consequence),
            Cell(fmt.number(score), score),
        ]
        controls = list(risk.controls.all())
        actions = list(risk.actions.all())
        for index in range(max(len(controls), len(actions), 1)):
            lead = first if index == 0 else [Cell("") for _i in range(4)]
            control = controls[index] if index < len(controls) else None
            action = actions[index] if index < len(actions) else None
            rows.append(
                [
                    *lead,
                    Cell(control.description if control else ""),
                    Cell(control.responsible if control else ""),
                    Cell(control.frequency if control else ""),
                    Cell(control.method if control else ""),
                    Cell(control.report_to if control else ""),
                    Cell(action.title if action else ""),
                ]
            )
    # The number columns wide enough for their headers to break only where Swedish
    # hyphenation allows ("Sanno-/likhet", "Konse-/kvens", "Risk-/värde" in the PDF, whose
    # ten-column tables are set smaller), never inside a syllable or over the next header.
    return Table(
        header, rows, kind="risks", widths=[2.0, 1.4, 1.4, 1.4, 2.0, 2.0, 1.3, 1.4, 1.4, 1.7]
    )


def risk_action_table(risks: list[Risk]) -> Table | None:
    rows = []
    for risk in risks:
        for action in risk.actions.all():
            rows.append(
                [
                    Cell(risk.title),
                    Cell(action.title),
                    Cell(action.responsible),
                    Cell(fmt.date(action.deadline)),
                    Cell(_("ja") if action.is_done else _("nej")),
                ]
            )
    if not rows:
        return None
    return Table(
        [_("Gäller risk"), _("Åtgärd"), _("Ansvarig"), _("Klart senast"), _("Genomförd")],
        rows,
        kind="risk-actions",
    )


def political_table(points: list[PoliticalPoint]) -> Table:
    rows = [
        [
            Cell(p.number),
            Cell(p.text),
            Cell(p.handling),
            Cell(p.status),
            Cell(p.responsible_board),
            Cell(", ".join(p.concerned_boards or [])),
            Cell(p.responsible_office),
            Cell(", ".join(p.concerned_offices or [])),
        ]
        for p in points
    ]
    return Table(
        [
            _("Nr"),
            _("Punkt"),
            _("Hantering"),
            _("Status"),
            _("Ansvarig nämnd"),
            _("Berörda nämnder"),
            _("Ansvarigt kontor"),
            _("Berörda kontor"),
        ],
        rows,
        kind="political",
    )


def matrix_definition(risks: list[Risk], plan: Plan) -> dict[str, Any]:
    matrix = next((r.matrix for r in risks if r.matrix_id), None)
    if matrix is None:
        matrix = (
            RiskMatrix.objects.filter(municipality=plan.owner.municipality_id).first()
            or RiskMatrix.objects.filter(municipality__isnull=True).first()
        )
    return dict(matrix.definition) if matrix else default_matrix_definition()


def risk_matrix_chart(risks: list[Risk], plan: Plan) -> Chart | None:
    placed = [r for r in risks if r.probability and r.consequence]
    if not placed:
        return None
    definition = matrix_definition(risks, plan)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for risk in placed:
        counts[(risk.probability or 0, risk.consequence or 0)] += 1
    alt = _("Riskmatris %(p)s × %(c)s: ") % {
        "p": len(definition["probability"]),
        "c": len(definition["consequence"]),
    } + "; ".join(
        _("%(title)s: sannolikhet %(p)s, konsekvens %(c)s")
        % {"title": r.title[:60], "p": r.probability, "c": r.consequence}
        for r in placed
    )
    return Chart(
        "risk_matrix",
        {
            "definition": definition,
            "risks": [
                {
                    "label": r.code or str(i + 1),
                    "title": r.title,
                    "probability": r.probability,
                    "consequence": r.consequence,
                    "residual_probability": r.residual_probability,
                    "residual_consequence": r.residual_consequence,
                }
                for i, r in enumerate(placed)
            ],
            "counts": {f"{p},{c}": n for (p, c), n in counts.items()},
        },
        alt=alt,
        title=_("Riskmatris"),
    )


# --- the plan ------------------------------------------------------------------------------


def build_plan_report(plan: Plan) -> Report:
    data = load_plan(plan)
    plan = data.plan
    report = _base_report("plan", plan, plan.title, plan.get_kind_display())
    _front_matter(report, plan, _plan_lead(plan))
    visions = [g for g in data.goals if g.level == "vision"]
    for vision in visions:
        # The statement as a heading of its own under "Vision", as plans set it.
        report.add(Heading(1, _("Vision")), Heading(2, vision.title))
        if vision.description:
            report.add(Paragraph(vision.description))
    if any(g.level != "vision" for g in data.goals):
        report.add(Heading(1, _("Mål")))
        for goal, depth in data.tree():
            if goal.level == "vision":
                continue
            _plan_goal(report, data, goal, depth)
    loose = data.indicators_by_goal.get(None, [])
    if loose:
        report.add(Heading(1, _("Indikatorer")), indicator_table(loose))
    loose_activities = data.activities_by_goal.get(None, [])
    if loose_activities:
        report.add(Heading(1, _("Aktiviteter")), activity_table(loose_activities))
    if data.risks:
        report.add(Heading(1, _("Internkontroll")), risk_table(data.risks))
        chart = risk_matrix_chart(data.risks, plan)
        if chart:
            report.add(chart)
    _economy(report, data)
    if data.points:
        report.add(Heading(1, _("Politiska programmet")), political_table(data.points))
    if data.calendar:
        _calendar_blocks(report, data.calendar)
    report.sheet_builder = lambda: plan_sheets(data)
    return report


def _plan_lead(plan: Plan) -> str:
    parts = [plan.get_kind_display()]
    if plan.period_from:
        years = str(plan.period_from)
        if plan.period_to and plan.period_to != plan.period_from:
            years += f"–{plan.period_to}"
        parts.append(years)
    return " ".join(parts) + f" · {plan.owner.name}, {plan.owner.municipality.name}"


GOAL_LABELS = {
    "långsiktigt mål": "Långsiktigt mål",
    "strategiskt mål": "Strategiskt mål",
    "nämndmål": "Nämndmål",
    "verksamhetsmål": "Verksamhetsmål",
    "inriktning": "Inriktning",
    "utvecklingsområde": "Utvecklingsområde",
    "uppdrag": "Uppdrag",
    "delmål": "Delmål",
}
# Longer goal titles go in a paragraph under a short heading ("Nämndmål 1.2").
HEADING_TITLE_LIMIT = 90


def goal_heading(goal: Goal, number: str, depth: int) -> list[Any]:
    """A goal's heading as plans write it: "Nämndmål 1.2 – Title", the title in its own
    paragraph when it is long."""
    label = GOAL_LABELS.get(goal.level, "Mål")
    level = min(2 + depth, 9)
    text = f"{label} {number}".strip()
    if len(goal.title) <= HEADING_TITLE_LIMIT and "\n" not in goal.title:
        return [Heading(level, f"{text} – {goal.title}")]
    return [Heading(level, text), Paragraph(goal.title, bold=True)]


def _plan_goal(report: Report, data: PlanData, goal: Goal, depth: int) -> None:
    report.add(*goal_heading(goal, data.numbers.get(goal.pk, ""), depth))
    if goal.description:
        report.add(Paragraph(goal.description))
    if goal.criteria:
        report.add(
            Paragraph(_("Måluppfyllelse"), bold=True), BulletList([str(c) for c in goal.criteria])
        )
    # Activities first: the indicator table's caption then separates the two tables, which
    # a reader would otherwise take for one table split in two.
    activities = data.activities_by_goal.get(goal.pk, [])
    if activities:
        report.add(activity_table(activities))
    indicators = data.indicators_by_goal.get(goal.pk, [])
    if indicators:
        report.add(indicator_table(indicators))


def _economy(report: Report, data: PlanData) -> None:
    if not (data.budget or data.volumes):
        return
    report.add(Heading(1, _("Ekonomi")))
    for title, table in budget_tables(data.budget):
        report.add(Heading(2, title), table)
    if data.volumes:
        report.add(Heading(2, _("Volymer")), volume_table(data.volumes))


def _calendar_blocks(report: Report, items: list[CalendarItem], level: int = 1) -> None:
    report.add(Heading(level, _("Årshjul")))
    for item in items:
        label = item.label or (
            fmt.month_name(item.month).upper() if item.month else _("ÖVRIGT UNDER ÅRET")
        )
        report.add(Heading(level + 1, label))
        if item.items:
            report.add(BulletList([str(i) for i in item.items]))


# --- Excel sheets -------------------------------------------------------------------------


def plan_sheets(
    data: PlanData, values: list[tuple[int, str, str, float | None]] | None = None
) -> list[Sheet]:
    """Indicators with every value and target; budget; volumes; the risk register."""
    sheets = [indicator_sheet(data, values)]
    if data.budget:
        sheets.append(budget_sheet(data.budget))
    if data.volumes:
        sheets.append(volume_sheet(data.volumes))
    if data.risks:
        sheets.append(risk_sheet(data.risks))
    return sheets


def indicator_sheet(
    data: PlanData, values: list[tuple[int, str, str, float | None]] | None
) -> Sheet:
    if values is None:
        values = list(
            Measurement.objects.filter(indicator__plan=data.plan)
            .order_by("period", "gender")
            .values_list("indicator_id", "period", "gender", "value")
        )
    periods = sorted({(p, g) for _i, p, g, _v in values}, key=lambda k: (k[0], k[1] != "T", k[1]))
    by_indicator: dict[int, dict[tuple[str, str], float | None]] = defaultdict(dict)
    for indicator_id, period, gender, value in values:
        by_indicator[indicator_id][(period, gender)] = value
    years = _target_years(data.indicators)
    header = [_("Mål"), _("Indikator"), _("Enhet"), _("Nuläge"), _("Nuläge år")]
    header += [_("Mål %(year)s") % {"year": y} if y else _("Målvärde") for y in years]
    header += [
        _("Utfall %(period)s") % {"period": p} + ("" if g == "T" else f" ({g})") for p, g in periods
    ]
    goal_title = {g.pk: f"{data.numbers.get(g.pk, '')} {g.title}".strip() for g in data.goals}
    rows = []
    all_values = [v for *_k, v in values if v is not None]
    number_format = fmt.excel_format(all_values)
    for indicator in data.indicators:
        row = [
            Cell(goal_title.get(indicator.goal_id or 0, "")),
            Cell(indicator.name),
            Cell(indicator.unit),
            Cell(
                fmt.number(indicator.baseline_value),
                indicator.baseline_value,
                number_format=number_format,
            ),
            Cell(str(indicator.baseline_year or ""), indicator.baseline_year, number_format="0"),
        ]
        row += [Cell(_targets_for(indicator, y)) for y in years]
        mine = by_indicator.get(indicator.pk, {})
        for key in periods:
            value = mine.get(key)
            row.append(Cell(fmt.number(value), value, number_format=number_format))
        rows.append(row)
    return Sheet(_("Indikatorer"), header, rows, freeze_columns=2)


def budget_sheet(lines: list[BudgetLine]) -> Sheet:
    columns = _columns(lines, "amount")
    header = [_("Del"), _("Rad"), _("Enhet")] + [_column_label(k) for k in columns]
    rows = []
    for line in lines:
        values = _keyed(line, "amount")
        rows.append(
            [
                Cell(line.get_section_display()),
                Cell(line.label, bold=line.is_total),
                Cell(line.unit),
            ]
            + [
                Cell(
                    fmt.number(values.get(k)),
                    values.get(k),
                    number_format="#,##0",
                    bold=line.is_total,
                )
                for k in columns
            ]
        )
    return Sheet(_("Budget"), header, rows, freeze_columns=2)


def volume_sheet(lines: list[VolumeLine]) -> Sheet:
    columns = _columns(lines, "value")
    header = [_("Grupp"), _("Volym"), _("Enhet")] + [_column_label(k) for k in columns]
    rows = []
    for line in lines:
        values = _keyed(line, "value")
        number_format = fmt.excel_format([v for v in values.values() if v is not None])
        rows.append(
            [Cell(line.group), Cell(line.label), Cell(line.unit)]
            + [
                Cell(fmt.number(values.get(k)), values.get(k), number_format=number_format)
                for k in columns
            ]
        )
    return Sheet(_("Volymer"), header, rows, freeze_columns=2)


def risk_sheet(risks: list[Risk]) -> Sheet:
    header = [
        _("Nr"),
        _("Risk"),
        _("Process / riskområde"),
        _("Sannolikhet"),
        _("Konsekvens"),
        _("Riskvärde"),
        _("Kontrollmoment"),
        _("Kontrollansvarig"),
        _("Frekvens"),
        _("Metod"),
        _("Rapportering till"),
        _("Åtgärder"),
    ]
    rows = []
    for index, risk in enumerate(risks, start=1):
        controls: list[Control | None] = [*risk.controls.all()] or [None]
        actions = "; ".join(a.title for a in risk.actions.all())
        for control in controls:
            rows.append(
                [
                    Cell(risk.code or str(index)),
                    Cell(risk.title),
                    Cell(risk.area),
                    Cell(str(risk.probability or ""), risk.probability, number_format="0"),
                    Cell(str(risk.consequence or ""), risk.consequence, number_format="0"),
                    Cell(fmt.number(risk.effective_score), risk.effective_score, number_format="0"),
                    Cell(control.description if control else ""),
                    Cell(control.responsible if control else ""),
                    Cell(control.frequency if control else ""),
                    Cell(control.method if control else ""),
                    Cell(control.report_to if control else ""),
                    Cell(actions),
                ]
            )
    return Sheet(_("Riskregister"), header, rows, freeze_columns=2)


# --- the follow-up report -------------------------------------------------------------------


def build_followup_report(plan: Plan, period: FollowUpPeriod) -> Report:
    data = load_plan(plan)
    plan = data.plan
    status = compute_plan_status(plan, period.code)
    goal_status = {g.id: g for g in status.goals}
    indicator_status = {i.id: i for i in status.indicators}
    point = parse_period(period.code)
    series = _yearly_series(plan, point)
    activity_views = _activity_assessments(period)
    title = _("%(plan)s – uppföljning %(period)s") % {"plan": plan.title, "period": period.label}
    report = _base_report("followup", plan, title, period.label)
    _front_matter(report, plan, _plan_lead(plan))
    report.add(
        Paragraph(
            _(
                "Målregel: %(rule)s. Beräknad status bygger på utfallen; enheternas egna "
                "bedömningar står bredvid."
            )
            % {"rule": _rule_text(status.settings.goal_rule)}
        )
    )
    report.add(Heading(1, _("Sammanfattning")))
    report.add(_status_summary_chart(status.goals, period.label))
    report.add(_status_summary_table(status.goals))
    report.add(_summary_table(data, goal_status))
    report.add(Heading(1, _("Mål och resultat")))
    for goal, depth in data.tree():
        gs = goal_status.get(goal.pk)
        level = min(2 + depth, 9)
        report.add(Heading(level, goal.title, data.numbers.get(goal.pk, "")))
        if gs is None:
            continue
        report.add(StatusLine(_("Beräknad status"), gs.status, gs.result.explanation))
        for view in gs.assessments:
            label = _("Bedömning av %(unit)s (%(state)s)") % {
                "unit": view.unit_name,
                "state": AssessmentState(view.state).label,
            }
            note = _("Avviker från beräknad status.") if view.mismatch else ""
            report.add(StatusLine(label, view.status, note))
            if view.analysis:
                report.add(Paragraph(view.analysis))
        indicators = data.indicators_by_goal.get(goal.pk, [])
        if indicators:
            report.add(_followup_indicator_table(indicators, indicator_status, point.year))
            chart = _goal_chart(indicators, series, indicator_status)
            if chart:
                report.add(chart)
        activities = data.activities_by_goal.get(goal.pk, [])
        if activities:
            report.add(_followup_activity_table(activities, activity_views))
    loose = data.indicators_by_goal.get(None, [])
    if loose:
        report.add(
            Heading(1, _("Indikatorer utan mål")),
            _followup_indicator_table(loose, indicator_status, point.year),
        )
    deviation = _budget_deviation(data.budget, point.year)
    if deviation:
        report.add(Heading(1, _("Ekonomi")), *deviation)
    report.sheets = [_followup_sheet(data, status.indicators)]
    report.sheet_builder = lambda: plan_sheets(data)
    return report


def _rule_text(rule: str) -> str:
    from styr.followup.rules import rule_label

    return rule_label(rule)


CHART_YEARS = 5


def _yearly_series(plan: Plan, point: Any) -> dict[int, list[tuple[str, float]]]:
    """Per indicator, the totals (gender T) of the last ``CHART_YEARS`` years up to the
    period, one point per year: the year's value, else its latest value (for the period's
    own year, the latest up to the period's end). A nämnd reads the trend over years; a
    ten-year monthly series would make a chart per indicator slow and unreadable."""
    rows = Measurement.objects.filter(
        indicator__plan=plan,
        gender="T",
        value__isnull=False,
        year__gt=point.year - CHART_YEARS,
        year__lte=point.year,
    ).values_list("indicator_id", "period", "value")
    best: dict[tuple[int, int], tuple[tuple[int, int], float]] = {}
    for indicator_id, code, value in rows.iterator(chunk_size=5000):
        try:
            other = parse_period(code)
        except ValueError:
            continue
        if (other.year, other.end_month) > (point.year, point.end_month):
            continue
        # A whole-year value wins over any part of the year; else the latest part.
        rank = (1 if len(code) == 4 else 0, other.end_month)
        key = (indicator_id, other.year)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, float(value or 0.0))
    series: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for (indicator_id, year), (_rank, value) in sorted(best.items()):
        series[indicator_id].append((str(year), value))
    return series


def _activity_assessments(period: FollowUpPeriod) -> dict[int, tuple[str, str]]:
    """The best assessment of each activity in the period: (status, analysis)."""
    rank: dict[str, int] = {"approved": 2, "submitted": 1, "draft": 0}
    best: dict[int, tuple[int, str, str]] = {}
    for activity_id, state, status, analysis in Assessment.objects.filter(
        period=period, activity__isnull=False
    ).values_list("activity_id", "state", "status", "analysis"):
        score = rank.get(state, 0)
        if activity_id not in best or score > best[activity_id][0]:
            best[activity_id] = (score, status, analysis)
    return {k: (v[1], v[2]) for k, v in best.items()}


def _status_summary_chart(goals: list[GoalStatus], period_label: str) -> Chart:
    counts: dict[str, int] = defaultdict(int)
    for goal in goals:
        counts[goal.status] += 1
    alt = _("Måluppfyllelse %(period)s: ") % {"period": period_label} + ", ".join(
        f"{fmt.status_label(s)} {counts[s]}"
        for s in ("met", "partly_met", "not_met", "not_assessed")
    )
    return Chart(
        "status_summary",
        {"rows": [(_("Hela planen"), dict(counts))]},
        alt=alt,
        title=_("Måluppfyllelse %(period)s") % {"period": period_label},
    )


def _status_summary_table(goals: list[GoalStatus]) -> Table:
    counts = dict.fromkeys(("met", "partly_met", "not_met", "not_assessed"), 0)
    for goal in goals:
        counts[goal.status] = counts.get(goal.status, 0) + 1
    rows = [[Cell(fmt.status_text(s), status=s), Cell(str(n), n)] for s, n in counts.items()]
    return Table(
        [_("Beräknad status"), _("Antal mål")],
        rows,
        kind="status-counts",
        caption=_("Måluppfyllelse"),
        widths=[2, 1],
    )


def _summary_table(data: PlanData, goal_status: dict[int, GoalStatus]) -> Table:
    rows = []
    for goal, depth in data.tree():
        gs = goal_status.get(goal.pk)
        if gs is None:
            continue
        own = gs.assessments[0] if gs.assessments else None
        rows.append(
            [
                Cell(data.numbers.get(goal.pk, "")),
                Cell(("\u2003" * depth) + goal.title),
                Cell(fmt.status_text(gs.status), status=gs.status),
                Cell(
                    fmt.status_text(own.status) if own else "", status=own.status if own else None
                ),
            ]
        )
    return Table(
        [_("Nr"), _("Mål"), _("Beräknad status"), _("Enhetens bedömning")],
        rows,
        kind="summary",
        widths=[0.6, 4, 1.6, 1.6],
    )


def _followup_indicator_table(
    indicators: list[Indicator], statuses: dict[int, IndicatorStatus], year: int
) -> Table:
    rows = []
    for indicator in indicators:
        status = statuses.get(indicator.pk)
        outcome = None
        outcome_period = ""
        if status is not None:
            judged = [o for o in status.result.outcomes if o.actual is not None]
            if judged:
                outcome, outcome_period = judged[0].actual, judged[0].actual_period or ""
        target = _targets_for(indicator, year) or next(
            (
                fmt.target_text(t.op, t.value, t.relative_to, indicator.unit, t.text)
                for t in indicator.targets.all()
            ),
            "",
        )
        shown = fmt.with_unit(outcome, indicator.unit)
        if shown and outcome_period:
            shown += f" ({outcome_period})"
        rows.append(
            [
                Cell(indicator.name),
                Cell(_baseline(indicator), indicator.baseline_value),
                Cell(target),
                Cell(shown, outcome),
                Cell(
                    fmt.status_text(status.status) if status else "",
                    status=status.status if status else None,
                ),
            ]
        )
    return Table(
        [_("Indikator"), _("Nuläge"), _("Mål %(year)s") % {"year": year}, _("Utfall"), _("Status")],
        rows,
        kind="indicators",
        widths=[3, 1.3, 1.3, 1.3, 1.6],
    )


CHART_SERIES = 3


def _goal_chart(
    indicators: list[Indicator],
    series: dict[int, list[tuple[str, float]]],
    statuses: dict[int, IndicatorStatus],
) -> Chart | None:
    """One chart per goal, as a nämnd report has it: the first indicator with a series,
    with its targets and nuläge; when more of the goal's indicators share its unit, up to
    ``CHART_SERIES`` of them as lines of one chart. Every number is in the table above."""
    charted = [i for i in indicators if len(series.get(i.pk, [])) >= 2]
    if not charted:
        return None
    first = charted[0]
    same = [i for i in charted if i.unit == first.unit][:CHART_SERIES]
    if len(same) == 1:
        return _series_chart(first, series[first.pk], statuses.get(first.pk))
    alt = "; ".join(
        f"{i.name}: " + ", ".join(f"{code} {fmt.with_unit(v, i.unit)}" for code, v in series[i.pk])
        for i in same
    )
    return Chart(
        "series",
        {"unit": first.unit, "lines": [(i.name, series[i.pk]) for i in same]},
        alt=alt,
        title=_("Utveckling %(first)s–%(last)s")
        % {"first": series[first.pk][0][0], "last": series[first.pk][-1][0]},
    )


def _series_chart(
    indicator: Indicator, points: list[tuple[str, float]], status: IndicatorStatus | None
) -> Chart | None:
    if len(points) < 2:
        return None
    targets = [
        {"year": t.year, "value": t.value, "op": t.op}
        for t in indicator.targets.all()
        if t.value is not None and (t.relative_to in ("", "absolute"))
    ]
    alt = _("%(name)s: ") % {"name": indicator.name} + ", ".join(
        f"{code} {fmt.with_unit(value, indicator.unit)}" for code, value in points
    )
    return Chart(
        "series",
        {
            "name": indicator.name,
            "unit": indicator.unit,
            "points": points,
            "targets": targets,
            "status": status.status if status else None,
            "baseline": indicator.baseline_value,
            "baseline_year": indicator.baseline_year,
        },
        alt=alt,
        title=indicator.name,
    )


def _followup_activity_table(
    activities: list[Activity], views: dict[int, tuple[str, str]]
) -> Table:
    rows = []
    for activity in activities:
        view = views.get(activity.pk)
        if view:
            state = Cell(fmt.status_text(view[0]), status=view[0])
            comment = view[1]
        else:
            state = Cell(activity.get_status_display() or _("ej rapporterad"))
            comment = ""
        rows.append(
            [
                Cell(activity.title),
                Cell(", ".join(str(r) for r in activity.responsible or [])),
                state,
                Cell(comment),
            ]
        )
    return Table(
        [_("Aktivitet"), _("Ansvarig"), _("Status"), _("Kommentar")],
        rows,
        kind="activities",
        widths=[3, 1.5, 1.5, 2.5],
    )


def _budget_deviation(lines: list[BudgetLine], year: int) -> list[Any]:
    """Budget, utfall/prognos and avvikelse of the period's year, per line."""
    wanted = ("budget", "utfall", "prognos", "avvikelse")
    rows = []
    for line in lines:
        values = {v.kind: v.amount for v in line.values.all() if v.year == year}
        if not any(values.get(k) is not None for k in wanted):
            continue
        budget = values.get("budget")
        actual = values.get("utfall", values.get("prognos"))
        deviation = values.get("avvikelse")
        if deviation is None and budget is not None and actual is not None:
            deviation = actual - budget
        rows.append(
            [
                Cell(line.label, bold=line.is_total),
                Cell(fmt.number(budget), budget, bold=line.is_total),
                Cell(fmt.number(actual), actual, bold=line.is_total),
                Cell(fmt.number(deviation), deviation, bold=line.is_total),
            ]
        )
    if not rows:
        return []
    unit = next((line.unit for line in lines if line.unit), "tkr")
    bars = [
        (row[0].text, [row[1].value or 0.0, row[2].value or 0.0], row[3].value)
        for row in rows
        if not row[0].bold
    ]
    chart = Chart(
        "budget",
        {"rows": bars, "series": [_("Budget"), _("Utfall/prognos")], "unit": unit},
        alt=_("Budgetavvikelse %(year)s: ") % {"year": year}
        + "; ".join(
            f"{label} {fmt.number(dev)} {unit}" for label, _v, dev in bars if dev is not None
        ),
        title=_("Budget och utfall %(year)s") % {"year": year},
    )
    return [
        chart,
        Table(
            [
                f"({unit})",
                _("Budget %(y)s") % {"y": year},
                _("Utfall/prognos %(y)s") % {"y": year},
                _("Avvikelse %(y)s") % {"y": year},
            ],
            rows,
            kind="budget",
            caption=_("Budgetavvikelse"),
        ),
    ]


def _followup_sheet(data: PlanData, statuses: list[IndicatorStatus]) -> Sheet:
    by_id = {s.id: s for s in statuses}
    header = [
        _("Mål"),
        _("Indikator"),
        _("Enhet"),
        _("Status"),
        _("Utfall"),
        _("Period"),
        _("Förklaring"),
    ]
    rows = []
    goal_title = {g.pk: f"{data.numbers.get(g.pk, '')} {g.title}".strip() for g in data.goals}
    for indicator in data.indicators:
        status = by_id.get(indicator.pk)
        judged = [o for o in status.result.outcomes if o.actual is not None] if status else []
        actual = judged[0].actual if judged else None
        rows.append(
            [
                Cell(goal_title.get(indicator.goal_id or 0, "")),
                Cell(indicator.name),
                Cell(indicator.unit),
                Cell(
                    fmt.status_label(status.status) if status else "",
                    status=status.status if status else None,
                ),
                Cell(
                    fmt.number(actual),
                    actual,
                    number_format=fmt.excel_format([actual] if actual is not None else []),
                ),
                Cell(judged[0].actual_period or "" if judged else ""),
                Cell(status.result.explanation if status else ""),
            ]
        )
    return Sheet(_("Status"), header, rows, freeze_columns=2)


# --- the internkontrollplan ---------------------------------------------------------------


def build_internal_control_report(plan: Plan, period: FollowUpPeriod | None = None) -> Report:
    data = load_plan(plan)
    plan = data.plan
    if period is None:
        title = (
            plan.title
            if plan.kind == PlanKind.INTERNAL_CONTROL
            else _("Internkontrollplan – %(plan)s") % {"plan": plan.title}
        )
    else:
        title = _("Uppföljning av internkontrollplan – %(plan)s, %(period)s") % {
            "plan": plan.title,
            "period": period.label,
        }
    report = _base_report("internal-control", plan, title, period.label if period else "")
    _front_matter(report, plan, _plan_lead(plan))
    definition = matrix_definition(data.risks, plan)
    report.add(Heading(1, _("Riskbedömning")))
    if not data.risks:
        report.add(Paragraph(_("Planen har inga risker.")))
    report.add(_risk_assessment_table(data.risks, definition))
    chart = risk_matrix_chart(data.risks, plan)
    if chart:
        report.add(chart)
    report.add(Heading(1, _("Kontrollplan")), _control_plan_table(data.risks))
    actions = risk_action_table(data.risks)
    if actions:
        report.add(Heading(1, _("Åtgärder")), actions)
    if period is not None:
        report.add(Heading(1, _("Kontrollresultat %(period)s") % {"period": period.label}))
        report.add(_control_results_table(data.risks, period))
    report.sheets = [risk_sheet(data.risks)]
    return report


def _level_name(score: float | None, definition: dict[str, Any]) -> str:
    if score is None:
        return ""
    for level in definition.get("levels", []):
        if level["min"] <= score <= level["max"]:
            return str(level["name"])
    return ""


def _risk_assessment_table(risks: list[Risk], definition: dict[str, Any]) -> Table:
    rows = []
    for index, risk in enumerate(risks, start=1):
        score = risk.effective_score
        rows.append(
            [
                Cell(risk.code or str(index)),
                Cell(risk.title),
                Cell(risk.area),
                Cell(str(risk.probability or ""), risk.probability),
                Cell(str(risk.consequence or ""), risk.consequence),
                Cell(fmt.number(score), score),
                Cell(_level_name(score, definition)),
            ]
        )
    return Table(
        [
            _("Nr"),
            _("Risk"),
            _("Process / riskområde"),
            _("Sannolikhet"),
            _("Konsekvens"),
            _("Riskvärde"),
            _("Risknivå"),
        ],
        rows,
        kind="risks",
        widths=[0.5, 2.5, 1.8, 1.25, 1.25, 1.25, 1.25],
    )  # "Sannolik-/het", "Konse-/kvens"


def _control_plan_table(risks: list[Risk]) -> Table:
    rows = []
    for index, risk in enumerate(risks, start=1):
        for control in risk.controls.all():
            rows.append(
                [
                    Cell(risk.code or str(index)),
                    Cell(control.description),
                    Cell(control.responsible),
                    Cell(control.frequency),
                    Cell(control.method),
                    Cell(control.report_to),
                ]
            )
    return Table(
        [
            _("Risk nr"),
            _("Kontrollmoment"),
            _("Kontrollansvarig"),
            _("Frekvens"),
            _("Metod"),
            _("Rapportering till"),
        ],
        rows,
        kind="controls",
    )


def _control_results_table(risks: list[Risk], period: FollowUpPeriod) -> Table:
    control_ids = {c.pk: (i, r, c) for i, r in enumerate(risks, start=1) for c in r.controls.all()}
    # The period's own results, and every result of its year up to its end (a helår
    # follow-up reports the whole year's controls).
    results = ControlResult.objects.filter(control_id__in=control_ids).filter(
        Q(period=period)
        | Q(performed_on__gte=dt.date(period.end.year, 1, 1), performed_on__lte=period.end)
    )
    rows = []
    for result in results.order_by("performed_on", "pk"):
        index, risk, control = control_ids[result.control_id]
        rows.append(
            [
                Cell(risk.code or str(index)),
                Cell(control.description),
                Cell(fmt.date(result.performed_on)),
                Cell(result.result),
                Cell(_("ja") if result.has_deviation else _("nej")),
                Cell(result.deviations),
            ]
        )
    if not rows:
        rows.append(
            [
                Cell(""),
                Cell(_("Inga kontrollresultat registrerade för perioden.")),
                Cell(""),
                Cell(""),
                Cell(""),
                Cell(""),
            ]
        )
    return Table(
        [
            _("Risk nr"),
            _("Kontrollmoment"),
            _("Genomförd"),
            _("Resultat"),
            _("Avvikelse"),
            _("Avvikelser"),
        ],
        rows,
        kind="results",
    )


# --- the transformationskarta ----------------------------------------------------------------


def plan_years(plan: Plan, data: PlanData | None = None) -> list[int]:
    first = plan.period_from
    last = plan.period_to or first
    if first is None and data is not None:
        years = {t.year for i in data.indicators for t in i.targets.all() if t.year}
        if years:
            first, last = min(years), max(years)
    if first is None:
        first = last = timezone.localdate().year
    return list(range(first, (last or first) + 1))


def build_transformation_map(plan: Plan) -> Report:
    """Goals × years: what each goal promises each year (targets, activities, goal periods)."""
    data = load_plan(plan)
    plan = data.plan
    years = plan_years(plan, data)
    title = _("Transformationskarta – %(plan)s") % {"plan": plan.title}
    report = _base_report("transformation-map", plan, title)
    report.add(Paragraph(_plan_lead(plan), style="lead"))
    report.add(
        Paragraph(
            _(
                "Kartan visar för varje mål vad planen lovar år för år: målvärden för "
                "indikatorerna och aktiviteter som pågår det året."
            )
        )
    )
    rows = []
    for goal, depth in data.tree():
        row = [Cell(("\u2003" * depth) + f"{data.numbers.get(goal.pk, '')} {goal.title}".strip())]
        for year in years:
            row.append(Cell("\n".join(_promises(data, goal, year))))
        rows.append(row)
    table = Table(
        [_("Mål")] + [str(y) for y in years], rows, kind="map", widths=[3.0] + [2.0] * len(years)
    )
    report.add(Heading(1, _("Mål per år")), table)
    report.sheets = [Sheet(_("Transformationskarta"), table.header, table.rows)]
    return report


def _active(period_from: int | None, period_to: int | None, year: int) -> bool:
    return (period_from is None or period_from <= year) and (period_to is None or year <= period_to)


def _promises(data: PlanData, goal: Goal, year: int) -> list[str]:
    if not _active(goal.period_from, goal.period_to, year):
        return []
    out = []
    for indicator in data.indicators_by_goal.get(goal.pk, []):
        target = _targets_for(indicator, year)
        if target:
            out.append(f"{indicator.name}: {target}")
    for activity in data.activities_by_goal.get(goal.pk, []):
        start = activity.period_from or (activity.start_date.year if activity.start_date else None)
        end = activity.period_to or (activity.end_date.year if activity.end_date else None)
        if (start or end) and _active(start, end, year):
            out.append(_("Aktivitet: %(title)s") % {"title": activity.title})
    return out


# --- the årshjul -----------------------------------------------------------------------------


def build_calendar(plan: Plan) -> Report:
    data = load_plan(plan)
    plan = data.plan
    years = plan_years(plan, data)
    title = _("Årshjul – %(plan)s") % {"plan": plan.title}
    report = _base_report("calendar", plan, title)
    report.add(Paragraph(_plan_lead(plan), style="lead"))
    periods = list(plan.periods.order_by("end"))
    rows = []
    for item in data.calendar:
        month = fmt.month_name(item.month).capitalize() if item.month else _("Under året")
        rows.append([Cell(month), Cell(item.label), Cell("\n".join(str(i) for i in item.items))])
    if rows:
        report.add(
            Heading(1, _("Årshjul")),
            Table(
                [_("Månad"), _("Rubrik"), _("Ärenden")], rows, kind="calendar", widths=[1, 1.5, 4]
            ),
        )
    else:
        report.add(Paragraph(_("Planen har inget årshjul.")))
    if periods:
        report.add(
            Heading(1, _("Uppföljningar")),
            Table(
                [_("Period"), _("Till"), _("Sista rapportdag")],
                [
                    [Cell(p.label), Cell(fmt.date(p.end)), Cell(fmt.date(p.due_date))]
                    for p in periods
                ],
                kind="periods",
            ),
        )
    report.events = calendar_events(plan, data.calendar, periods, years)
    return report


def calendar_events(
    plan: Plan, items: list[CalendarItem], periods: list[FollowUpPeriod], years: list[int]
) -> list[CalendarEvent]:
    """Each årshjul entry as a whole-month event repeated every plan year, and each
    follow-up period's due date as a one-day event."""
    events = []
    first = years[0]
    for item in items:
        if not item.month:
            continue
        start = dt.date(first, item.month, 1)
        end = dt.date(first + (item.month == 12), item.month % 12 + 1, 1)
        for index, text in enumerate(item.items or [item.label]):
            events.append(
                CalendarEvent(
                    uid=f"styr-calendar-{item.pk}-{index}@styr",
                    summary=str(text),
                    start=start,
                    end=end,
                    description=_("Årshjul: %(plan)s (%(label)s)")
                    % {"plan": plan.title, "label": item.label or fmt.month_name(item.month)},
                    yearly_count=len(years),
                    categories=[_("Årshjul")],
                )
            )
    for period in periods:
        if not period.due_date:
            continue
        events.append(
            CalendarEvent(
                uid=f"styr-period-{period.pk}@styr",
                summary=_("Sista rapportdag: %(period)s") % {"period": period.label},
                start=period.due_date,
                end=period.due_date + dt.timedelta(days=1),
                description=_("Uppföljning av %(plan)s för %(period)s.")
                % {"plan": plan.title, "period": period.label},
                categories=[_("Uppföljning")],
            )
        )
    return events


# --- timing (the benchmark) ----------------------------------------------------------------


def time_followup_report(
    plan: Plan, period: str | None = None, formats: Iterable[str] = ("docx", "pdf")
) -> dict[str, float]:
    """Seconds to make the full follow-up report of one plan: ``build`` (loading and the
    document model) and, per format, building plus writing the file — what a user waits
    for. The benchmark (``styr.bench.documents``) times the same ``make_document`` call."""
    import time

    started = time.perf_counter()
    build_report("followup", plan, period)
    timings = {"build": time.perf_counter() - started}
    for fmt_name in formats:
        started = time.perf_counter()
        make_document("followup", plan, fmt_name, period)
        timings[fmt_name] = time.perf_counter() - started
    return timings
