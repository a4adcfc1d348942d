"""The answer to a locked-out login (django-axes' ``AXES_LOCKOUT_CALLABLE``).

After ``AXES_FAILURE_LIMIT`` failed attempts for one user name from one address, every
attempt, the right password too, is answered 429 Too Many Requests with the time the
lockout ends (``Retry-After`` in seconds, and a page or, under ``/api/``, JSON that names
the time). The lockout ends ``AXES_COOLOFF_TIME`` after the last counted failure.
"""

from __future__ import annotations

import datetime
import math

from axes.conf import settings
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

# The user name the API's failed bearer tokens are counted under (per address).
API_TOKEN_USERNAME = "<api-token>"


def locked_until(request, credentials=None) -> datetime.datetime:
    """When the lockout of this user name from this address ends."""
    cool_off = get_cool_off(request) or datetime.timedelta(0)
    username = get_client_username(request, credentials)
    ip_address = getattr(request, "axes_ip_address", None)
    attempts = AccessAttempt.objects.filter(username=username)
    if ip_address is not None:
        attempts = attempts.filter(ip_address=ip_address)
    last = attempts.order_by("-attempt_time").values_list("attempt_time", flat=True).first()
    return (last or timezone.now()) + cool_off


def lockout_response(request, original_response=None, credentials=None):
    until = locked_until(request, credentials)
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
    local = timezone.localtime(until)
    when = local.strftime("%Y-%m-%d %H:%M")
    if request.path_info.startswith("/api/"):
        response = JsonResponse(
            {
                "detail": _("Too many failed attempts from this address. Try again at %(time)s.")
                % {"time": when},
                "retry_after": seconds,
                "locked_until": until.isoformat(),
            },
            status=429,
        )
    else:
        response = render(
            request,
            "registration/locked_out.html",
            {
                "until": local,
                "until_text": when,
                "minutes": math.ceil(seconds / 60),
                "failure_limit": settings.AXES_FAILURE_LIMIT,
            },
            status=429,
        )
    response["Retry-After"] = str(seconds)
    return response


def is_single_sign_on(request, credentials) -> bool:
    """``AXES_WHITELIST_CALLABLE``: the single sign-on's callback is not a password guess
    (its credentials are the flow's nonce and PKCE verifier, the code is the provider's,
    used once), so a refused one (a user whose groups give no role) is not counted: ten of
    them behind one address would otherwise lock everyone's single sign-on there."""
    return bool(credentials) and "nonce" in credentials and "password" not in credentials
