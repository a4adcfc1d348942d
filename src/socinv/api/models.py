"""API tokens for integrations (``Authorization: Bearer <token>``).

Only a SHA-256 of a token is stored; the plain token is shown once, when it is created
(:func:`socinv.api.services.create_token`). A token acts with exactly its user's
permissions. Revoking keeps the row (and its history) but the token stops working.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from socinv.web.fields import FreeCharField


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = FreeCharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. the integration.")
    )
    token_hash = models.CharField(_("token hash (SHA-256)"), max_length=64, unique=True)
    prefix = models.CharField(
        _("prefix"), max_length=16, help_text=_("The token's first characters, to recognise it.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["user", "-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class IdempotencyKey(models.Model):
    """A client's ``Idempotency-Key`` on a POST that books (the API's counterpart of the
    pages' one-time form token, :mod:`socinv.web.once`): the first request with a key is
    claimed in the same transaction as its write and its answer kept; the same request sent
    again with the key gets that answer and books nothing. A refused write rolls the claim
    back, so the corrected request can be sent with the same key."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    key = models.CharField(_("idempotency key"), max_length=100)
    path = models.CharField(_("path"), max_length=200)
    request_sha256 = models.CharField(_("request (SHA-256)"), max_length=64)
    status = models.PositiveSmallIntegerField(_("status"), default=0)
    response = models.TextField(_("response (JSON)"), blank=True, max_length=100_000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"
