"""Creating, revoking and checking API tokens. Writes are atomic and attributed to
``acting_user`` (``None``: the operator at the command line)."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .models import ApiToken

TOKEN_PREFIX = "socinv_"
# last_used_at is written at most this often per token, so that reads stay reads
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def hash_token(plain: str) -> str:
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()


def create_token(*, acting_user, user, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the plain token (shown only now).

    A user creates tokens for themself; ``acting_user=None`` is the operator's
    management command (``api_token``)."""
    if acting_user is not None and acting_user.pk != user.pk:
        raise PermissionDenied("a user creates API tokens only for themself")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken(
            user=user,
            name=name,
            token_hash=hash_token(plain),
            prefix=plain[: len(TOKEN_PREFIX) + 6],
        )
        token._history_user = acting_user
        token.save()
    return token, plain


def revoke_token(*, acting_user, token: ApiToken) -> ApiToken:
    """Stop ``token`` from working (idempotent). Its owner or the operator may revoke it."""
    if acting_user is not None and acting_user.pk != token.user_id:
        raise PermissionDenied("only the token's user may revoke it")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token._history_user = acting_user
            token.save(update_fields=["revoked_at"])
    return token


def user_for_token(plain: str):
    """The active user a valid, unrevoked token belongs to, or ``None``."""
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(plain), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        # a queryset update: no history row for every use
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
