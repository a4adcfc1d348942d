"""The fund's contribution plan: per calendar year, the amount the council has decided to
put into the fund (a fund setting, empty by default), each row with its decision."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from socinv.core.limits import MAX_ENTRY_ORE, MAX_SHORT_TEXT, MAX_START_YEAR, MIN_START_YEAR
from socinv.fund.models import Fund
from socinv.web.fields import FreeCharField


class FundContributionPlan(models.Model):
    """One year of the contribution plan (one row per fund and calendar year)."""

    fund = models.ForeignKey(
        Fund,
        on_delete=models.CASCADE,
        related_name="contribution_plan",
        verbose_name=_("fund"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(MIN_START_YEAR), MaxValueValidator(MAX_START_YEAR)]
    )
    amount_ore = models.BigIntegerField(
        _("amount (öre)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_ENTRY_ORE)]
    )
    decision_body = FreeCharField(_("decided by"), max_length=MAX_SHORT_TEXT)
    decision_date = models.DateField(_("decision date"))
    decision_dnr = FreeCharField(_("registration number (dnr)"), max_length=MAX_SHORT_TEXT)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contribution plan year")
        verbose_name_plural = _("contribution plan")
        ordering = ["fund", "year"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "year"], name="contribution_plan_year_unique"),
            models.CheckConstraint(
                condition=Q(amount_ore__gt=0) & Q(amount_ore__lte=MAX_ENTRY_ORE),
                name="contribution_plan_amount_range",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_START_YEAR) & Q(year__lte=MAX_START_YEAR),
                name="contribution_plan_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund}: {self.year} {self.amount_ore}"

    @property
    def organisation_id(self) -> int:
        return self.fund.organisation_id
