"""API for the dashboard: ``GET /funds/{id}/dashboard`` (read-only, permission
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

router = Router(tags=["dashboard"])
FundId = Path(..., ge=1, le=MAX_ID)
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorsOut}


class DashboardTileOut(Schema):
    key: str
    this_year_ore: int
    total_ore: int


class DashboardYearMoneyOut(Schema):
    year: int
    fund_money_ore: int


class DashboardPhaseOut(Schema):
    phase: str
    projects: int


class DashboardBoardSavingsOut(Schema):
    board_id: int
    name: str
    expected_ore: int
    realised_ore: int
    repaid_ore: int


class DashboardAttentionOut(Schema):
    ideas: int
    applications: int
    indicators_at_risk: int
    measurements_due: int
    repayments_proposed: int
    older_engine: int


class DashboardOut(Schema):
    fund: int
    year: int
    tiles: list[DashboardTileOut]
    fund_money_by_year: list[DashboardYearMoneyOut]
    phases: list[DashboardPhaseOut]
    savings_by_board: list[DashboardBoardSavingsOut]
    attention: DashboardAttentionOut


@router.get("/{fund_id}/dashboard", response={200: DashboardOut, **ERRORS})
def get_dashboard(request, fund_id: int = FundId):
    fund = object_for(
        request.auth, Fund.objects.select_related("organisation"), fund_id, "fund.view_fund"
    )
    d = selectors.dashboard(request.auth, fund, with_projection=False)
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
