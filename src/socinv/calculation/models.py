"""The ex-post calculation (efterkalkyl): the project's calculation rerun with what
actually happened, beside the ex-ante one on ``Project.calculation_toml``.

One per project; its changes are kept in the history table (the audit trail). The TOML
text is the spec's format (shared/spec/calculation.md), so the same engine computes it;
``result`` is that engine's deterministic result, stored with the text it came from.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from socinv.core.limits import MAX_CALCULATION, MAX_TEXT
from socinv.projects.models import Project
from socinv.web.fields import FreeTextField


class ExPostCalculation(models.Model):
    project = models.OneToOneField(
        Project,
        on_delete=models.CASCADE,
        related_name="expost",
        verbose_name=_("project"),
    )
    toml = FreeTextField(_("ex-post calculation (TOML)"), max_length=MAX_CALCULATION)
    result = models.JSONField(_("ex-post result"))
    sources_note = FreeTextField(
        _("sources"),
        blank=True,
        help_text=_("Where the realised figures come from (ledger, measurements, estimates)."),
        max_length=MAX_TEXT,
    )
    participants_indicator = models.ForeignKey(
        "applications.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator that counts participants"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["result"])

    class Meta:
        verbose_name = _("ex-post calculation")
        verbose_name_plural = _("ex-post calculations")

    def __str__(self) -> str:
        return f"{self.project}: {_('ex-post calculation')}"
