"""The JSON API under /api/v1/ (django-ninja): a thin layer over the selectors and services,
with the same permission matrix as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from socinv.core.problems import Refused
from socinv.web import hooks

from .auth import SessionAuth, TokenAuth
from .validation import validation_message

DESCRIPTION = """
The JSON API of socinv. Money is integer öre in fields named `*_ore`.

**Authentication.** Either `Authorization: Bearer <token>` (the operator creates one
with `python -m django api_token USERNAME --settings=socinv.site.settings`; only its
SHA-256 is stored) or the browser's Django session, which needs the `X-CSRFToken` header
for POST. Both give the same permissions. No credentials, or an unknown or revoked token: 401.

**Permissions** (the matrix of `socinv.accounts.permissions`):
an object that does not exist, or that belongs to an organisation where you hold no role
(and, for a project, are not one of its members), is 404, so that nothing is revealed
across organisations; an object of your own organisation that your role may not use is
403. Lists hold only what you may see.

**Errors.** 401, 403, 404 and 405 answer `{"detail": "…"}`; 422 answers
`{"errors": [{"field": …, "code": …, "message": …}]}` for invalid input and for any write
a service refuses (nothing is stored then; `field` is "" when a reason concerns the whole
request). Ledger codes are those of `socinv.core.ledger.ErrorCode`; the codes are stable,
the messages are in the user's language (Swedish by default).
Ledger entries are never changed or deleted: record a reversal.
"""

api = NinjaAPI(
    title="socinv API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    message = exc.message if exc.message != "Unauthorized" else _("Authentication required.")
    response = api.create_response(request, {"detail": message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="socinv"'
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    message = _("You do not have permission to do this.")
    return api.create_response(request, {"detail": message}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    errors = []
    for e in exc.errors:
        loc = [str(part) for part in e.get("loc", ())]
        # drop the source ("body", "query", "path") and the body parameter's name
        if loc and loc[0] in {"body", "query", "path"}:
            loc = loc[1:]
        if loc and loc[0] == "payload":
            loc = loc[1:]
        field = ".".join(loc)
        code = e.get("type", "invalid")
        errors.append({"field": field, "code": code, "message": validation_message(e, field)})
    return api.create_response(request, {"errors": errors}, status=422)


@api.exception_handler(Refused)
def _refused(request, exc: Refused):
    """Every write service's refusal, whichever router it came through (ErrorsOut)."""
    errors = [{"field": r.field or "", "code": r.code, "message": r.message} for r in exc.refusals]
    return api.create_response(request, {"errors": errors}, status=422)


# Every app declares its routers on its AppConfig (``api_routers``, see socinv.web.hooks).
for _app, (_prefix, _router) in hooks.declared("api_routers"):
    api.add_router(_prefix, hooks.resolved(_router))
