"""What the pages themselves keep: the one-time tokens of the forms already sent
(:mod:`socinv.web.once`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UsedFormToken(models.Model):
    """A rendered form that wrote money or a decision: its token (unique: a second claim
    fails in the database, also when two POSTs race), who sent it and where its first POST
    went. Claimed in the same transaction as the write, so a refused write leaves it free.
    Rows older than the tokens' lifetime are deleted (a token that old is refused anyway)."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    created = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    result_url = models.CharField(_("result"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("used form token")
        verbose_name_plural = _("used form tokens")

    def __str__(self) -> str:
        return f"{self.token[:8]}… ({self.created:%Y-%m-%d})"
