"""The HTTP API (/api/v1/, OpenAPI at /api/v1/docs): each domain app contributes a router.

Authentication is the browser session (with CSRF on writes) or a personal API key
(`Authorization: Bearer styr_…`, made with `styr token create`). Either way the caller has
exactly the user's rights: every operation asks ``styr.accounts.access``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from styr.accounts.tokens import user_for_key
from styr.interchange.errors import InterchangeError


class ApiKey(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_key(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Styr API",
    version="1",
    description="Planer, mål, indikatorer, utfall, uppföljning och internkontroll.",
    auth=[ApiKey(), django_auth],
    urls_namespace="api",
)


def _problem(request: HttpRequest, status: int, detail: str, problems: list[str]) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "problems": problems}, status=status)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return _problem(request, 403, str(error) or "Åtkomst nekad.", [])


@api.exception_handler(ObjectDoesNotExist)
def not_found(request: HttpRequest, error: ObjectDoesNotExist) -> HttpResponse:
    return _problem(request, 404, "Finns inte.", [str(error)])


@api.exception_handler(InterchangeError)
def bad_document(request: HttpRequest, error: InterchangeError) -> HttpResponse:
    return _problem(request, 422, "Dokumentet kunde inte lagras.", error.problems)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return _problem(request, 422, "Ogiltiga uppgifter.", list(error.messages))


def _mount() -> None:
    from styr.followup.api import router as followup_router
    from styr.internal_control.api import router as internal_control_router
    from styr.plans.api import router as plans_router

    api.add_router("/", plans_router, tags=["planer"])
    api.add_router("/", followup_router, tags=["uppföljning"])
    api.add_router("/", internal_control_router, tags=["internkontroll"])


_mount()
