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
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from socinv.applications.models import Indicator
from socinv.core.kolada import MAX_COMPARISONS
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


class KoladaLink(models.Model):
    """An indicator's link to a Kolada KPI: the KPI, the municipality whose value is the
    indicator's baseline, the gender (T total, K women, M men), and whom to compare
    with: chosen municipalities and/or one Kolada municipality group. Set by
    :func:`socinv.followup.kolada.link_indicator`; a Kolada import follows it."""

    class Gender(models.TextChoices):
        TOTAL = "T", pgettext_lazy("Kolada gender", "Total")
        WOMEN = "K", pgettext_lazy("Kolada gender", "Women")
        MEN = "M", pgettext_lazy("Kolada gender", "Men")

    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="kolada_link", verbose_name=_("indicator")
    )
    kpi = models.CharField(_("Kolada KPI"), max_length=6)  # N00945
    municipality = models.CharField(_("municipality"), max_length=4)  # 0581
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, default="T")
    # comparison municipalities, comma-separated four-digit codes ("0180,1480")
    comparisons = models.CharField(
        _("comparison municipalities"), max_length=MAX_COMPARISONS * 5, blank=True
    )
    group = models.CharField(_("Kolada municipality group"), max_length=12, blank=True)
    baseline_period = models.CharField(_("period of the baseline"), max_length=10, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Kolada link")
        verbose_name_plural = _("Kolada links")
        ordering = ["indicator"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gender__in=["T", "K", "M"]), name="koladalink_gender_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.municipality} {self.gender}"

    @property
    def comparison_codes(self) -> list[str]:
        return [c for c in self.comparisons.split(",") if c]


class ComparisonValue(models.Model):
    """A Kolada value beside the project's own: one place (a municipality, or a Kolada
    municipality group), one period and gender, for one indicator. Stored by the Kolada
    import (:func:`socinv.followup.kolada.import_kolada`); a later file updates it (Kolada
    revises its figures), the history keeps the earlier value."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="comparison_values",
        verbose_name=_("indicator"),
    )
    place = models.CharField(_("municipality or group"), max_length=12)
    period = models.CharField(_("period"), max_length=10)
    gender = models.CharField(_("gender"), max_length=1, default="T")
    value = models.FloatField(_("value"))
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comparison_values",
        verbose_name=_("import"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comparison value")
        verbose_name_plural = _("comparison values")
        ordering = ["indicator", "place", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "place", "period", "gender"],
                name="comparisonvalue_once_per_place_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.place} {self.period}"

    @property
    def is_group(self) -> bool:
        return self.place.startswith("G")
