"""API for the overview: ``GET /funds/{id}/overview`` (read-only, permission
``fund.view_fund``): the tiles (öre, this year and in total, from the ledger's one
definition of the balances), money in the fund at each year's end, projects by phase,
expected and realised savings per board and the attention list's counts. The projection's
band is in ``GET /funds/{id}/projection``."""

from __future__ import annotations

from ninja import Path, Router, Schema

from socinv.accounts.access import object_for
from socinv.fund.models import Fund
from socinv.web.api import MAX_ID, ErrorOut, ErrorsOut

from . import selectors

router = Router(tags=["overview"])
FundId = Path(..., ge=1, le=MAX_ID)
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorsOut}


class OverviewTileOut(Schema):
    key: str
    this_year_ore: int
    total_ore: int


class OverviewYearMoneyOut(Schema):
    year: int
    fund_money_ore: int


class OverviewPhaseOut(Schema):
    phase: str
    projects: int


class OverviewBoardSavingsOut(Schema):
    board_id: int
    name: str
    expected_ore: int
    realised_ore: int
    repaid_ore: int


class OverviewAttentionOut(Schema):
    ideas: int
    applications: int
    indicators_at_risk: int
    measurements_due: int
    repayments_proposed: int
    older_engine: int


class OverviewOut(Schema):
    fund: int
    year: int
    tiles: list[OverviewTileOut]
    fund_money_by_year: list[OverviewYearMoneyOut]
    phases: list[OverviewPhaseOut]
    savings_by_board: list[OverviewBoardSavingsOut]
    attention: OverviewAttentionOut


@router.get("/{fund_id}/overview", response={200: OverviewOut, **ERRORS})
def get_overview(request, fund_id: int = FundId):
    fund = object_for(
        request.auth, Fund.objects.select_related("organisation"), fund_id, "fund.view_fund"
    )
    d = selectors.overview(request.auth, fund, with_projection=False)
    a = d.attention
    return {
        "fund": fund.pk,
        "year": d.year,
        "tiles": [
            {"key": t.key, "this_year_ore": t.this_year, "total_ore": t.total} for t in d.tiles
        ],
        "fund_money_by_year": [{"year": y, "fund_money_ore": v} for y, v in d.history],
        "phases": [{"phase": p, "projects": n} for p, _label, n in d.phases],
        "savings_by_board": [
            {
                "board_id": r.board.pk,
                "name": r.board.name,
                "expected_ore": r.expected_ore,
                "realised_ore": r.realised_ore,
                "repaid_ore": r.repaid_ore,
            }
            for r in d.board_savings
        ],
        "attention": {
            "ideas": len(a.ideas),
            "applications": len(a.applications),
            "indicators_at_risk": len(a.indicators),
            "measurements_due": len(a.due),
            "repayments_proposed": len(a.repayments),
            "older_engine": len(a.stale),
        },
    }
