"""One catalogue per organisation: its unit costs (id, label, unit, amount in a price
year's prices, bearer, source, valid from) and its price index series. Every change is in
the history (simple-history). Write with :mod:`socinv.catalogue.services`."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from socinv.core.limits import (
    MAX_NAME,
    MAX_REFERENCE,
    MAX_START_YEAR,
    MAX_UNIT,
    MAX_UNIT_COST_ID,
    MAX_UNIT_COST_KRONOR,
    MIN_START_YEAR,
)
from socinv.organisation.models import Organisation
from socinv.web.fields import FreeCharField

YEARS = [MinValueValidator(MIN_START_YEAR), MaxValueValidator(MAX_START_YEAR)]
MAX_STAKEHOLDER_KEY = 100  # organisation.Stakeholder.key


class Catalogue(models.Model):
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="unit_cost_catalogue",
        verbose_name=_("organisation"),
    )
    name = FreeCharField(_("name"), max_length=MAX_NAME)
    index_name = FreeCharField(
        _("price index"),
        max_length=MAX_NAME,
        blank=True,
        help_text=_("The index used to uprate amounts to a calculation's price year, e.g. PKV."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit-cost catalogue")
        verbose_name_plural = _("unit-cost catalogues")

    def __str__(self) -> str:
        return self.name


class UnitCost(models.Model):
    catalogue = models.ForeignKey(
        Catalogue, on_delete=models.PROTECT, related_name="unit_costs", verbose_name=_("catalogue")
    )
    code = models.CharField(
        _("id"),
        max_length=MAX_UNIT_COST_ID,
        validators=[RegexValidator(r"^[A-Za-z0-9_-]+\Z")],
        help_text=_("Letters, digits, - and _; what a calculation refers to."),
    )
    label = FreeCharField(_("label"), max_length=MAX_NAME)
    unit = FreeCharField(_("unit"), max_length=MAX_UNIT, help_text=_("e.g. day, year, visit"))
    amount = models.DecimalField(
        _("amount (kr per unit)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_UNIT_COST_KRONOR)],
    )
    price_year = models.PositiveSmallIntegerField(_("price year"), validators=YEARS)
    bearer = models.CharField(
        _("bearer"),
        max_length=MAX_STAKEHOLDER_KEY,
        blank=True,
        help_text=_(
            "The stakeholder who usually bears the cost (its key, e.g. kommun/socialnamnd)."
        ),
    )
    source = FreeCharField(_("source"), max_length=MAX_REFERENCE)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit cost")
        verbose_name_plural = _("unit costs")
        ordering = ["catalogue", "label", "code"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="unit_cost_code_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="unit_cost_amount_nonnegative"),
            models.CheckConstraint(condition=~Q(source=""), name="unit_cost_source_required"),
            models.CheckConstraint(
                condition=Q(price_year__gte=MIN_START_YEAR, price_year__lte=MAX_START_YEAR),
                name="unit_cost_price_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.code})"


class IndexValue(models.Model):
    """One year of the catalogue's price index (any base)."""

    catalogue = models.ForeignKey(
        Catalogue,
        on_delete=models.PROTECT,
        related_name="index_values",
        verbose_name=_("catalogue"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    value = models.DecimalField(
        _("index value"), max_digits=12, decimal_places=4, validators=[MinValueValidator(0)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("price index value")
        verbose_name_plural = _("price index values")
        ordering = ["catalogue", "year"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "year"], name="index_value_year_unique"),
            models.CheckConstraint(condition=Q(value__gt=0), name="index_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


class EvidenceHaircuts(models.Model):
    """The fund's haircut per evidence grade (spec unit-costs.md; the defaults are the
    spec's): a setting of its own table beside the fund, never a column of the fund (whose
    ledger table SQLite must not rebuild)."""

    fund = models.OneToOneField(
        "fund.Fund",
        on_delete=models.PROTECT,
        related_name="evidence_haircuts",
        verbose_name=_("fund"),
    )
    grade_1 = models.DecimalField(_("haircut at grade 1"), max_digits=4, decimal_places=3)
    grade_2 = models.DecimalField(_("haircut at grade 2"), max_digits=4, decimal_places=3)
    grade_3 = models.DecimalField(_("haircut at grade 3"), max_digits=4, decimal_places=3)
    grade_4 = models.DecimalField(_("haircut at grade 4"), max_digits=4, decimal_places=3)
    grade_5 = models.DecimalField(_("haircut at grade 5"), max_digits=4, decimal_places=3)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("haircuts by evidence grade")
        verbose_name_plural = _("haircuts by evidence grade")
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"grade_{g}__gte": 0}) & Q(**{f"grade_{g}__lte": 1}),
                name=f"evidence_haircut_{g}_fraction",
            )
            for g in range(1, 6)
        ]

    def table(self) -> dict[int, float]:
        return {g: float(getattr(self, f"grade_{g}")) for g in range(1, 6)}
