"""API for the fund projection: paths under /api/v1/funds/.

``GET /funds/{id}/projection`` answers shared/spec/projection.md's JSON (permission
``fund.view_projection``); the contribution plan is read with ``GET
/funds/{id}/contribution-plan`` and written a year at a time with ``PUT`` and ``DELETE
/funds/{id}/contribution-plan/{year}`` (``fund.plan_contributions``, the services)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from socinv.accounts.access import object_for
from socinv.core.limits import (
    DEFAULT_PROJECTION_DRAWS,
    DEFAULT_PROJECTION_YEARS,
    MAX_ENTRY_ORE,
    MAX_PROJECTION_DRAWS,
    MAX_PROJECTION_YEARS,
    MAX_SEED,
    MAX_SHORT_TEXT,
    MAX_START_YEAR,
    MIN_PROJECTION_DRAWS,
    MIN_PROJECTION_YEARS,
    MIN_SEED,
    MIN_START_YEAR,
)
from socinv.fund.models import Fund
from socinv.web.api import MAX_ID, ErrorOut, ErrorsOut, free_text

from . import selectors, services

router = Router(tags=["projection"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorsOut}
FundId = Path(..., ge=1, le=MAX_ID)
Year = Path(..., ge=MIN_START_YEAR, le=MAX_START_YEAR)


class BandOut(Schema):
    mean: list[float]
    p05: list[float]
    p50: list[float]
    p95: list[float]


class RepaymentBandOut(Schema):
    mean: list[float]
    p05: list[float]
    p95: list[float]


class BoardBandOut(RepaymentBandOut):
    name: str


class RepaymentsOut(Schema):
    total: RepaymentBandOut
    by_board: dict[str, BoardBandOut]


class MeanOut(Schema):
    mean: list[float]


class WriteDownsOut(Schema):
    central: MeanOut
    board: MeanOut


class ProjectionOut(Schema):
    fund: int
    as_of: datetime.date
    years: list[int]
    draws: int
    seed: int
    available: BandOut
    fund_money: BandOut
    disbursements: list[float]
    contributions: list[float]
    repayments: RepaymentsOut
    write_downs: WriteDownsOut
    prob_receivable_repaid: dict[str, float]
    money_used_up_year: int | None


class PlanYearOut(Schema):
    year: int
    amount_ore: int
    decision_body: str
    decision_date: datetime.date
    decision_dnr: str


class PlanYearIn(Schema):
    amount_ore: int = Field(..., ge=1, le=MAX_ENTRY_ORE)
    decision_body: free_text(MAX_SHORT_TEXT, _("decided by"), min_length=1)
    decision_date: datetime.date
    decision_dnr: free_text(MAX_SHORT_TEXT, _("registration number (dnr)"), min_length=1)


def _fund(request, fund_id: int, perm: str) -> Fund:
    return object_for(request.auth, Fund.objects.select_related("organisation"), fund_id, perm)


@router.get("/{fund_id}/projection", response={200: ProjectionOut, **ERRORS})
def get_projection(
    request,
    fund_id: int = FundId,
    as_of: datetime.date | None = None,
    years: int = Query(DEFAULT_PROJECTION_YEARS, ge=MIN_PROJECTION_YEARS, le=MAX_PROJECTION_YEARS),
    draws: int = Query(DEFAULT_PROJECTION_DRAWS, ge=MIN_PROJECTION_DRAWS, le=MAX_PROJECTION_DRAWS),
    seed: int = Query(0, ge=MIN_SEED, le=MAX_SEED),
):
    """The fund projection (fondprognos) from the ledger as of ``as_of`` (default today):
    available to commit and money in the fund per year (mean, 5th, 50th and 95th
    percentile), pay-outs, contributions, repayments in total and per board, write-downs by
    bearer, the probability that each project's receivable is repaid, and under the budget
    model the year the money is used up. Amounts in kronor. Same input and seed, same
    answer (permission fund.view_projection)."""
    fund = _fund(request, fund_id, "fund.view_projection")
    return selectors.run(fund, as_of=as_of, years=years, draws=draws, seed=seed)


@router.get("/{fund_id}/contribution-plan", response={200: list[PlanYearOut], **ERRORS})
def get_contribution_plan(request, fund_id: int = FundId):
    """The fund's contribution plan: per year the decided contribution (öre) and its
    decision (permission fund.view_projection)."""
    return selectors.contribution_plan(_fund(request, fund_id, "fund.view_projection"))


@router.put("/{fund_id}/contribution-plan/{year}", response={200: PlanYearOut, **ERRORS})
def put_contribution_plan_year(request, body: PlanYearIn, fund_id: int = FundId, year: int = Year):
    """Plan a year's contribution (replaces the year's row; fund.plan_contributions)."""
    fund = _fund(request, fund_id, "fund.view_fund")
    return services.set_contribution(fund, acting_user=request.auth, year=year, **body.dict())


@router.delete("/{fund_id}/contribution-plan/{year}", response={204: None, **ERRORS})
def delete_contribution_plan_year(request, fund_id: int = FundId, year: int = Year):
    """Take a year out of the contribution plan (fund.plan_contributions)."""
    fund = _fund(request, fund_id, "fund.view_fund")
    services.remove_contribution(fund, acting_user=request.auth, year=year)
    return Status(204, None)
