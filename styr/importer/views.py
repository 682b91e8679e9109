"""The import pages: upload a plan document, review and correct what was read, store it.

Thin views over ``staging`` (the flow) and ``review`` (what the review page shows). Only
users who may change a plan somewhere (``EDIT_PLAN`` in some unit) may import; a staged
upload belongs to the user who made it, and nobody else sees it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styr.accounts.access import Action, units_where
from styr.importer import review, staging
from styr.importer.errors import ImportProblem
from styr.importer.forms import ConfirmForm, ItemForm, UploadForm
from styr.importer.models import ImportSession
from styr.interchange.errors import InterchangeError
from styr.organisation.models import OrgUnit
from styr.plans.models import Plan

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _owner_units(request: HttpRequest) -> QuerySet[OrgUnit]:
    """Units where the user may store a plan; refuse the user who has none."""
    units = units_where(request.user, Action.EDIT_PLAN)
    if not units.exists():
        raise PermissionDenied(
            _("Du behöver rätt att ändra planer i någon enhet för att kunna importera en plan.")
        )
    return units


def _session(request: HttpRequest, pk: int) -> ImportSession:
    """The user's own staged import (404 for anyone else's), for a user who may import."""
    _owner_units(request)
    return get_object_or_404(
        ImportSession.objects.defer("file_data").select_related("plan"), pk=pk, user=request.user
    )


def _base(session: ImportSession) -> str:
    return reverse("importer:review", args=[session.pk])


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def plan_url(plan: Plan, session: ImportSession) -> str:
    """The stored plan's page; the import's own receipt until the plan pages exist."""
    try:
        return reverse("plans:plan-detail", args=[plan.pk])
    except NoReverseMatch:
        return reverse("importer:done", args=[session.pk])


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    _owner_units(request)
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        name = staging.clean_file_name(uploaded.name or "")
        try:
            staging.check_size(name, uploaded.size)  # before reading it into memory
            session = staging.stage(request.user, name, uploaded.read())
        except ImportProblem as problem:
            form.add_error("file", str(problem))
        else:
            messages.success(
                request,
                _("%(file)s är inläst. Granska och rätta innan du sparar planen.")
                % {"file": session.file_name},
            )
            return redirect("importer:review", pk=session.pk)
    pending = ImportSession.objects.filter(
        user=cast("User", request.user), stored_at__isnull=True
    ).only("pk", "file_name", "file_size", "created_at", "corrections")[:20]
    return render(
        request,
        "importer/upload.html",
        {
            "nav": "import",
            "form": form,
            "pending": pending,
            "max_mb": staging.MAX_UPLOAD_BYTES // (1024 * 1024),
        },
    )


def _review_context(
    request: HttpRequest, session: ImportSession, units: QuerySet[OrgUnit], **extra: Any
) -> dict[str, Any]:
    document = session.document
    context = {
        "nav": "import",
        "session": session,
        "sections": review.sections(document, reverse("importer:review", args=[session.pk])),
        "summary": review.summary(document),
        "source": review.source_html(session),
        "is_pdf": session.file_name.lower().endswith(".pdf"),
        "confirm_form": ConfirmForm(units=units),
        "plan_url": plan_url(session.plan, session) if session.plan else None,
    }
    context.update(extra)
    return context


@login_required
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    units = units_where(request.user, Action.EDIT_PLAN)  # _session checked there are some
    return render(request, "importer/review.html", _review_context(request, session, units))


@login_required
def item_edit(request: HttpRequest, pk: int, kind: str, index: int) -> HttpResponse:
    session = _session(request, pk)
    if session.is_stored:
        messages.info(request, _("Planen är redan sparad; ändra den på planens sida."))
        return redirect("importer:review", pk=pk)
    try:
        item = staging.get_item(session.document, kind, index)
    except KeyError:
        return _stale(request, pk)
    if not ItemForm(kind, item).fields or kind == "unrecognised":
        return _stale(request, pk)
    form = ItemForm(
        kind,
        item,
        request.POST if request.method == "POST" else None,
        initial={"seen": staging.fingerprint(item)},
        goals=session.document.get("goals") or [],
    )
    if request.method == "POST" and form.is_valid():
        try:
            staging.edit_item(session, kind, index, form.cleaned_data["seen"], form.apply)
        except (staging.StaleItem, KeyError):
            return _stale(request, pk)
        except staging.Refused as refused:
            form.add_error(
                None,
                _("Ändringen sparades inte: %(problems)s")
                % {"problems": "; ".join(refused.problems)},
            )
        else:
            session.refresh_from_db(fields=["document", "corrections"])
            view = review.item_view(session.document, kind, index, base=_base(session))
            if _is_htmx(request):
                return render(
                    request,
                    "importer/_item.html",
                    {"session": session, "view": view, "saved": True},
                )
            messages.success(
                request,
                _("Ändringen av %(what)s är sparad i granskningen.") % {"what": view.kind_name},
            )
            return HttpResponseRedirect(reverse("importer:review", args=[pk]) + f"#{view.anchor}")
    view = review.item_view(session.document, kind, index, base=_base(session))
    if _is_htmx(request):
        # The form replaces the item in place; put the keyboard focus in its first field
        # (or on the first field with an error).
        names = [n for n in form.fields if n in form.errors] or list(form.fields)
        first = next((n for n in names if n != "seen"), None)
        if first:
            form.fields[first].widget.attrs["autofocus"] = True
    context = {
        "nav": "import",
        "session": session,
        "form": form,
        "view": view,
        "inline": _is_htmx(request),
    }
    template = "importer/_item_form.html" if _is_htmx(request) else "importer/item_edit.html"
    return render(request, template, context)


@login_required
def item_fragment(request: HttpRequest, pk: int, kind: str, index: int) -> HttpResponse:
    """One item as the review shows it (htmx puts it back when an edit is cancelled)."""
    session = _session(request, pk)
    try:
        staging.get_item(session.document, kind, index)
    except KeyError:
        return _stale(request, pk)
    if not _is_htmx(request):
        anchor = review.item_view(session.document, kind, index, base=_base(session)).anchor
        return HttpResponseRedirect(reverse("importer:review", args=[pk]) + f"#{anchor}")
    view = review.item_view(session.document, kind, index, base=_base(session))
    return render(request, "importer/_item.html", {"session": session, "view": view})


def _stale(request: HttpRequest, pk: int) -> HttpResponse:
    messages.error(
        request,
        _(
            "Posten har ändrats eller tagits bort sedan sidan visades. Här är den aktuella "
            "granskningen; gör om ändringen om den behövs."
        ),
    )
    url = reverse("importer:review", args=[pk])
    if _is_htmx(request):
        response = HttpResponse(status=200)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


@login_required
@require_POST
def item_delete(request: HttpRequest, pk: int, kind: str, index: int) -> HttpResponse:
    session = _session(request, pk)
    if session.is_stored:
        return redirect("importer:review", pk=pk)
    try:
        staging.get_item(session.document, kind, index)
        view = review.item_view(session.document, kind, index, base=_base(session))
        notes = staging.delete_item(session, kind, index, request.POST.get("seen", ""))
    except (staging.StaleItem, KeyError):
        return _stale(request, pk)
    except staging.Refused as refused:
        messages.error(
            request,
            _("Posten togs inte bort: %(problems)s") % {"problems": "; ".join(refused.problems)},
        )
        return redirect("importer:review", pk=pk)
    title = view.title if len(view.title) <= 80 else view.title[:77] + "…"
    text = _("Tog bort %(what)s ”%(title)s”.") % {"what": view.kind_name, "title": title}
    if notes:
        text += " " + "; ".join(notes) + "."
    messages.success(request, text)
    return HttpResponseRedirect(reverse("importer:review", args=[pk]) + f"#{kind}")


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    units = units_where(request.user, Action.EDIT_PLAN)
    if session.is_stored and session.plan is not None:
        messages.info(
            request,
            _("%(file)s är redan sparad som plan; ingen ny plan skapades.")
            % {"file": session.file_name},
        )
        return HttpResponseRedirect(plan_url(session.plan, session))
    form = ConfirmForm(request.POST, units=units)
    problems: list[str] = []
    if form.is_valid():
        try:
            stored = staging.confirm(session, form.cleaned_data["owner"], request.user)
        except InterchangeError as error:
            problems = error.problems
        else:
            if stored.created:
                messages.success(
                    request, _("Planen ”%(title)s” är sparad.") % {"title": stored.plan.title}
                )
            else:
                messages.info(
                    request,
                    _("%(file)s är redan sparad som plan; ingen ny plan skapades.")
                    % {"file": session.file_name},
                )
            return HttpResponseRedirect(plan_url(stored.plan, session))
    context = _review_context(request, session, units, confirm_form=form, confirm_problems=problems)
    return render(request, "importer/review.html", context)


@login_required
@require_POST
def reset(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    try:
        staging.reset(session)
    except staging.StaleItem:
        return redirect("importer:review", pk=pk)
    except ImportProblem as problem:
        messages.error(request, str(problem))
    else:
        messages.success(
            request,
            _("Alla rättelser är borttagna; %(file)s är inläst på nytt.")
            % {"file": session.file_name},
        )
    return redirect("importer:review", pk=pk)


@login_required
@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    name = session.file_name
    session.delete()
    messages.success(request, _("Importen av %(file)s är borttagen.") % {"file": name})
    return redirect("importer:upload")


@login_required
def done(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    if session.plan is None:
        return redirect("importer:review", pk=pk)
    return render(
        request,
        "importer/done.html",
        {
            "nav": "import",
            "session": session,
            "plan": session.plan,
            "summary": review.summary(session.document),
        },
    )
