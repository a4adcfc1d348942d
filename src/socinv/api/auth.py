"""The API's two ways in, with the same permissions behind both.

* ``Authorization: Bearer <token>`` for integrations (:class:`TokenAuth`). A header that
  is present but names no valid token (unknown, revoked, inactive user) is answered 401
  at once: it never falls through to the session.
* The Django session for the browser (:class:`SessionAuth`). Unsafe methods need the
  CSRF token (``X-CSRFToken`` header), checked only for session-authenticated requests:
  a bearer token cannot be sent by a cross-site form, so it needs no CSRF check.

Neither answers: 401 with ``WWW-Authenticate: Bearer``.

Bad tokens are throttled like passwords (django-axes): each one counts as a failed login of
the pseudo user name ``<api-token>`` from the request's address; after
``AXES_FAILURE_LIMIT`` of them every token from that address, a valid one too, is answered
429 with ``Retry-After`` until the cool-off has passed (``socinv unlock "<api-token>"``
lifts it). The lockout answer is made by ``socinv.accounts.lockout`` via axes' middleware.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from socinv.accounts.lockout import API_TOKEN_USERNAME

from . import services

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class TokenAuth(HttpBearer):
    def __call__(self, request):
        header = request.headers.get(self.header)
        if not header:
            return None
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() != self.openapi_scheme:
            raise AuthenticationError(401, _("Use Authorization: Bearer <token>."))
        return self.authenticate(request, token.strip())

    def authenticate(self, request, token):
        credentials = {"username": API_TOKEN_USERNAME}
        if not AxesProxyHandler.is_allowed(request, credentials):
            # locked out: axes' middleware turns the answer into the 429 with Retry-After
            request.axes_locked_out = True
            request.axes_credentials = credentials
            raise AuthenticationError(401, _("Too many failed attempts from this address."))
        user = services.user_for_token(token)
        if user is None:
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            raise AuthenticationError(401, _("The API token is invalid or has been revoked."))
        request.user = user  # so that the rest of the request (history, logging) sees them
        return user


class SessionAuth(APIKeyCookie):
    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request):
            raise HttpError(403, _("CSRF check failed: send the X-CSRFToken header."))
        return user

    def authenticate(self, request, key):  # pragma: no cover - __call__ does the work
        return None
