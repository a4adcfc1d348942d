"""Reads: budget against actual per year, for a project and for a fund's portfolio."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum
from django.db.models.functions import ExtractYear

from socinv.applications.models import BudgetYear
from socinv.fund.models import Fund, LedgerEntry
from socinv.projects.models import Project

from .models import ActualCost


@dataclass(frozen=True)
class YearRow:
    year: int
    budget_ore: int | None  # None: no budget for the year
    actual_ore: int | None  # None: no actual costs imported for the year
    disbursed_ore: int | None = None  # paid out by the fund in the year (net of reversals)

    @property
    def difference_ore(self) -> int | None:
        """Budget − actual (positive: under budget)."""
        if self.budget_ore is None or self.actual_ore is None:
            return None
        return self.budget_ore - self.actual_ore


def _rows(budget: dict[int, int], actual: dict[int, int], paid: dict[int, int]) -> list[YearRow]:
    years = sorted(set(budget) | set(actual) | set(paid))
    return [YearRow(y, budget.get(y), actual.get(y), paid.get(y)) for y in years]


def _disbursed_by_year(qs) -> dict[int, int]:
    """Disbursements per year, those reversed left out (a reversal cancels its target)."""
    rows = (
        qs.filter(type=LedgerEntry.Type.DISBURSEMENT, reversed_by__isnull=True)
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(total=Sum("amount_ore"))
    )
    return {r["year"]: r["total"] for r in rows}


def _actual_by_year(qs) -> dict[int, int]:
    rows = qs.annotate(year=ExtractYear("month")).values("year").annotate(total=Sum("amount_ore"))
    return {r["year"]: r["total"] for r in rows}


def _budget_by_year(qs) -> dict[int, int]:
    rows = qs.values("year").annotate(total=Sum("amount_ore"))
    return {r["year"]: r["total"] for r in rows if r["total"]}


def project_years(project: Project) -> list[YearRow]:
    """The project's budget from the fund (its application's budget years) against its
    actual costs from the general ledger, per year."""
    return _rows(
        _budget_by_year(BudgetYear.objects.filter(application__project=project)),
        _actual_by_year(ActualCost.objects.filter(project=project)),
        _disbursed_by_year(LedgerEntry.objects.filter(project=project)),
    )


def fund_years(fund: Fund) -> list[YearRow]:
    """The same for all the fund's projects together."""
    return _rows(
        _budget_by_year(BudgetYear.objects.filter(application__project__fund=fund)),
        _actual_by_year(ActualCost.objects.filter(project__fund=fund)),
        _disbursed_by_year(LedgerEntry.objects.filter(fund=fund)),
    )
