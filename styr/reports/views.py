"""Downloads of a plan's documents, and the årshjul as a calendar feed to subscribe to."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET

from styr.accounts import access
from styr.plans.models import Plan
from styr.reports.services import (
    CONTENT_TYPES,
    ReportError,
    check_request,
    file_name,
    make_document,
)

FEED_SALT = "styr.reports.calendar-feed"


@require_GET
@login_required
def download(request: HttpRequest, plan_id: int, kind: str, fmt: str) -> HttpResponse:
    """/rapporter/plan/ID/KIND.FMT[?period=P]: the document, for whoever may view the plan."""
    plan = get_object_or_404(Plan.objects.select_related("owner"), pk=plan_id)
    access.require(request.user, access.Action.VIEW, plan)
    period = request.GET.get("period") or None
    try:
        check_request(kind, fmt)
        data = make_document(kind, plan, fmt, period)
    except ReportError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{file_name(kind, plan, fmt, period)}"'
    return response


def feed_token(user_id: int, plan_id: int) -> str:
    return signing.dumps({"u": user_id, "p": plan_id}, salt=FEED_SALT, compress=True)


def feed_url(request: HttpRequest, plan: Plan) -> str:
    """The address a calendar program subscribes to (personal: it stands for the user)."""
    token = feed_token(int(request.user.pk or 0), plan.pk)
    return request.build_absolute_uri(reverse("reports:calendar-feed", args=[token]))


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The årshjul as iCalendar for a calendar program, which cannot log in: the signed
    token names the user and the plan, and the user's rights are checked on every fetch."""
    try:
        payload = signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature as error:
        raise Http404("Okänd kalenderadress.") from error
    user = get_user_model().objects.filter(pk=payload.get("u"), is_active=True).first()
    plan = Plan.objects.select_related("owner").filter(pk=payload.get("p")).first()
    if user is None or plan is None:
        raise Http404("Okänd kalenderadress.")
    access.require(user, access.Action.VIEW, plan)
    data = make_document("calendar", plan, "ics")
    response = HttpResponse(data, content_type=CONTENT_TYPES["ics"])
    response["Content-Disposition"] = f'inline; filename="{file_name("calendar", plan, "ics")}"'
    return response
