"""One rendered form books once: a one-time token in every form that writes money or a
decision (a ledger booking, a decision, a gate, a saving, a repayment, a write-down).

A page renders ``{% once_field form %}`` (``{% load socinv_once %}``) inside the form: a
hidden field holding a fresh random token signed for the user (a form shown again after a
refusal keeps the token it was sent with). The view decorated with :func:`guarded` sends
a POST whose token was already used to where the first POST went, with a message, before
anything else; the write goes through :func:`submit`, which claims the token in the same
transaction as the write (a unique row, :class:`socinv.web.models.UsedFormToken`): a second
POST of the same rendered form, at once, later, or racing the first, books nothing. A
refused write rolls the claim back, so the corrected form can be sent again.

A POST without a valid token (missing, forged, of another user, older than
``FORM_TOKEN_MAX_AGE_DAYS``) is refused like any write, nothing stored; the page is shown
again with a fresh token. The JSON API has no such token (its clients are programs).
"""

from __future__ import annotations

import datetime
import functools
import secrets
from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core import signing
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy

from socinv.core.limits import FORM_TOKEN_MAX_AGE_DAYS
from socinv.core.problems import Refused

from .models import UsedFormToken

FIELD = "_once"
MAX_AGE = datetime.timedelta(days=FORM_TOKEN_MAX_AGE_DAYS)
_SALT = "socinv.web.once"
_SIGNER = signing.TimestampSigner(salt=_SALT)

REPEATED = gettext_lazy(
    "This form had already been sent; nothing was booked or recorded a second time."
)
STALE = gettext_lazy(
    "The form was out of date or incomplete, so nothing was stored. "
    "Check the values and send it again."
)

T = TypeVar("T")


def issue(user) -> str:
    """A fresh token for one rendered form, signed for ``user`` (and the time)."""
    return _SIGNER.sign(f"{user.pk}.{secrets.token_urlsafe(24)}")


def _nonce(request) -> str | None:
    """The random part of the POST's token when it is valid for this user, else None."""
    value = request.POST.get(FIELD, "")
    if not value or not request.user.is_authenticated:
        return None
    try:
        unsigned = _SIGNER.unsign(value, max_age=MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return None
    user_pk, _, nonce = unsigned.partition(".")
    if user_pk != str(request.user.pk) or not nonce:
        return None
    return nonce


def posted_token(request) -> str | None:
    """The POST's token as sent, when it is valid for the user (to render it again)."""
    return request.POST.get(FIELD) if _nonce(request) else None


def _repeated(request, used: UsedFormToken):
    messages.info(request, str(REPEATED))
    return redirect(used.result_url or "/")


def guarded(view):
    """A POST whose token was used already goes where the first one went (a message
    says nothing was booked again), before the view looks at anything else."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST":
            nonce = _nonce(request)
            used = nonce and UsedFormToken.objects.filter(token=nonce).first()
            if used:
                return _repeated(request, used)
        return view(request, *args, **kwargs)

    return wrapper


def submit(request, write: Callable[[], T], done: Callable[[T], tuple[str, str]]):
    """Run ``write()`` once for the rendered form whose token the POST carries and
    redirect where ``done(result)`` says, with its success message: ``(url, message)``.

    Raises :class:`Refused` when the token is missing or invalid, and passes on the
    ``Refused`` of ``write`` (the claim is rolled back with it). When the token is
    already used (also by a POST still running), nothing is written and the user is sent
    to the first result."""
    nonce = _nonce(request)
    if nonce is None:
        raise Refused.one("form_token", str(STALE))
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: the transaction goes on after a clash
                claim = UsedFormToken.objects.create(token=nonce, user=request.user)
        except IntegrityError:
            # on PostgreSQL a racing POST waits here until the first one commits
            used = UsedFormToken.objects.filter(token=nonce).first()
            if used is None:  # pragma: no cover - another constraint failed
                raise
            return _repeated(request, used)
        result = write()
        url, message = done(result)
        claim.result_url = url
        claim.save(update_fields=["result_url"])
    messages.success(request, message)
    forget_old()
    return redirect(url)


def forget_old(now: datetime.datetime | None = None) -> int:
    """Delete the used tokens older than their lifetime (one indexed query; such a token
    is refused by its signature before the table is asked). Returns how many."""
    cutoff = (now or timezone.now()) - MAX_AGE
    deleted, _ = UsedFormToken.objects.filter(created__lt=cutoff).delete()
    return deleted
