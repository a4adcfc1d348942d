"""Measurements per indicator, and the import batches they came in.

A :class:`Measurement` is one period's actual value of one
:class:`~socinv.applications.models.Indicator` (with the comparison group's value and the
number of individuals behind it when known). Aggregated data only: the import refuses any
file holding a personnummer. An :class:`ImportBatch` records one imported file by its
SHA-256 so that the same file is never imported twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from socinv.applications.models import Indicator
from socinv.core.limits import MAX_CHANGE_REASON, MAX_FILE_NAME, MAX_NOTE
from socinv.projects.models import Project
from socinv.web.fields import FreeCharField, FreeTextField


class ImportBatch(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="import_batches", verbose_name=_("project")
    )
    filename = FreeCharField(_("file name"), max_length=MAX_FILE_NAME)
    fingerprint = models.CharField(_("fingerprint (SHA-256)"), max_length=64)
    format = models.CharField(_("format"), max_length=10)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-imported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "fingerprint"], name="importbatch_once_per_project"
            )
        ]

    def __str__(self) -> str:
        return self.filename


class Measurement(models.Model):
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("indicator"),
    )
    period = models.CharField(_("period"), max_length=10)  # normalised: 2026, 2026-Q1, 2026-03
    value = models.FloatField(_("value"))
    comparison_value = models.FloatField(_("comparison group's value"), null=True, blank=True)
    individuals = models.PositiveIntegerField(_("individuals"), null=True, blank=True)
    comparison_individuals = models.PositiveIntegerField(
        _("individuals in the comparison group"), null=True, blank=True
    )
    comment = FreeTextField(_("comment"), blank=True, max_length=MAX_NOTE)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measurements",
        verbose_name=_("import"),
    )

    # the reason of a correction (followup.services.correct_measurement) is kept here
    history = HistoricalRecords(
        history_change_reason_field=models.CharField(max_length=MAX_CHANGE_REASON, null=True)
    )

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="measurement_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.period}"
