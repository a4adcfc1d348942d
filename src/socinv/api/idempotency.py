"""``Idempotency-Key`` on the API's booking POSTs: a program that sends the same request
twice (a retry after a lost answer, a double submit) books once.

The key (1–100 characters of ``A–Z a–z 0–9 - _ . :``, unique per user) is claimed in the
same transaction as the write (:class:`socinv.api.models.IdempotencyKey`, a unique row; on
PostgreSQL a racing request waits for the first to commit). The same key with the same
request returns the first answer (its status and body) and writes nothing; with another
request it is refused (422 ``idempotency_key_reused``). A refused write rolls the claim
back. Without the header a request is not deduplicated. A key is kept as long as a form's
one-time token (``FORM_TOKEN_MAX_AGE_DAYS``); older keys are forgotten on a claim."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Status
from ninja.responses import NinjaJSONEncoder

from socinv.core.limits import FORM_TOKEN_MAX_AGE_DAYS
from socinv.core.problems import Refused

from .models import IdempotencyKey

HEADER = "Idempotency-Key"
PATTERN = r"^[A-Za-z0-9_.:-]{1,100}$"
KEY = re.compile(PATTERN)


def key_header():
    """The optional ``Idempotency-Key`` header of an operation (in its OpenAPI too)."""
    return Header(
        None,
        alias=HEADER,
        min_length=1,
        max_length=100,
        pattern=PATTERN,
        description="Sent again with the same request, the first answer is returned and "
        "nothing is booked a second time.",
    )


def _request_hash(request, payload) -> str:
    body = payload.model_dump_json() if hasattr(payload, "model_dump_json") else str(payload)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def once(request, key: str | None, payload, write: Callable[[], Status]) -> Status:
    """``write()`` (its :class:`ninja.Status`) once per ``Idempotency-Key`` ``key``;
    without one simply ``write()``."""
    if key is None:
        return write()
    if not KEY.match(key):
        raise Refused.one(
            "idempotency_key_invalid",
            _("The Idempotency-Key is 1 to 100 letters, digits or - _ . :"),
            field=HEADER,
        )
    digest = _request_hash(request, payload)
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: the transaction goes on after a clash
                claim = IdempotencyKey.objects.create(
                    user=request.auth, key=key, path=request.path[:200], request_sha256=digest
                )
        except IntegrityError:
            first = IdempotencyKey.objects.get(user=request.auth, key=key)
            if first.request_sha256 != digest:
                raise Refused.one(
                    "idempotency_key_reused",
                    _("This Idempotency-Key was used for another request."),
                    field=HEADER,
                ) from None
            return Status(first.status, json.loads(first.response))
        answer = write()
        claim.status = answer.status_code
        claim.response = json.dumps(answer.value, cls=NinjaJSONEncoder)
        claim.save(update_fields=["status", "response"])
    old = timezone.now() - datetime.timedelta(days=FORM_TOKEN_MAX_AGE_DAYS)
    IdempotencyKey.objects.filter(created_at__lt=old).delete()
    return answer
