"""Funds: the list, one fund with its configuration and balances, the balances per project
and board, and the year-end statement."""

from __future__ import annotations

from ninja import Path, Router

from socinv.accounts.access import object_for
from socinv.core.ledger import FundModel, year_end_statement
from socinv.fund import selectors
from socinv.fund.access import funds_visible_to
from socinv.fund.models import Fund
from socinv.fund.services import fund_entries

from .schemas import (
    MAX_ID,
    ErrorOut,
    ErrorsOut,
    FundBalancesOut,
    FundOut,
    FundSummaryOut,
    StatementOut,
)

router = Router(tags=["funds"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorsOut}
FundId = Path(..., ge=1, le=MAX_ID)


def balances(t: selectors.Totals) -> dict:
    return {
        "contributed_ore": t.contributions,
        "committed_ore": t.committed,
        "released_ore": t.releases,
        "disbursed_ore": t.disbursements,
        "repaid_ore": t.repayments,
        "written_down_ore": t.write_downs,
        "available_ore": t.available,
        "outstanding_ore": t.outstanding,
        "receivable_ore": t.receivable,
    }


def _board_id(key: str) -> int | None:
    return int(key) if key else None


@router.get("", response={200: list[FundSummaryOut], 401: ErrorOut})
def list_funds(request):
    """The funds whose overview you may open (fund-wide roles)."""
    return list(funds_visible_to(request.auth).order_by("organisation__name", "name"))


@router.get("/{fund_id}", response={200: FundOut, **ERRORS})
def get_fund(request, fund_id: int = FundId):
    """The fund's configuration and its balances (permission fund.view_fund)."""
    fund = object_for(request.auth, Fund.objects.all(), fund_id, "fund.view_fund")
    totals = selectors.fund_totals(fund)
    return {
        "id": fund.pk,
        "organisation_id": fund.organisation_id,
        "name": fund.name,
        "economic_model": fund.economic_model,
        "period_start": fund.period_start,
        "period_end": fund.period_end,
        "write_down_bearer": fund.write_down_bearer,
        "discount_rate": fund.discount_rate,
        "internal_rate": fund.internal_rate,
        "decision": {
            "body": fund.decision_body,
            "date": fund.decision_date,
            "dnr": fund.decision_dnr,
        },
        "civil_society_may_apply": fund.civil_society_may_apply,
        "min_boards": fund.min_boards,
        "risk_policy": fund.risk_policy,
        "risk_bounds": list(fund.risk_bounds.all()),
        "write_down_rules": list(fund.write_down_rules.order_by("project_type")),
        "entry_count": fund.ledger_count,
        "balances": balances(totals),
    }


@router.get("/{fund_id}/balances", response={200: FundBalancesOut, **ERRORS})
def get_balances(request, fund_id: int = FundId):
    """Totals, per project and per board, aggregated in the database (fund.view_fund)."""
    fund = object_for(request.auth, Fund.objects.all(), fund_id, "fund.view_fund")
    b = selectors.fund_balances(fund)
    titles = dict(fund.projects.filter(pk__in=list(b.by_project)).values_list("pk", "title"))
    names = dict(fund.organisation.boards.filter(pk__in=list(b.by_board)).values_list("pk", "name"))
    return {
        "fund_id": fund.pk,
        "entry_count": b.entry_count,
        "totals": balances(b.fund_totals),
        "projects": [
            {"project_id": pk, "title": titles.get(pk, ""), **balances(t)}
            for pk, t in sorted(b.by_project.items())
        ],
        "boards": [
            {"board_id": pk, "name": names.get(pk, ""), **balances(t)}
            for pk, t in sorted(b.by_board.items())
        ],
    }


@router.get("/{fund_id}/statements/{year}", response={200: StatementOut, **ERRORS})
def get_statement(request, fund_id: int = FundId, year: int = Path(..., ge=1900, le=2999)):
    """The year-end statement (bokslut) of one calendar year (fund.view_statement)."""
    fund = object_for(request.auth, Fund.objects.all(), fund_id, "fund.view_statement")
    model = FundModel(fund.economic_model)
    s = year_end_statement(fund_entries(fund), str(fund.pk), year, model)
    return {
        "fund_id": fund.pk,
        "year": year,
        "economic_model": model.value,
        "opening_available_ore": s.opening_available,
        "contributions_ore": s.contributions,
        "commitments_ore": s.commitments,
        "releases_ore": s.releases,
        "disbursements_ore": s.disbursements,
        "repayments_ore": s.repayments,
        "board_write_downs_ore": s.board_write_downs,
        "movements_ore": s.movements,
        "closing_available_ore": s.closing_available,
        "earmarked_surplus_ore": s.earmarked_surplus,
        "proposed_earmarking_ore": s.proposed_earmarking,
        "repayments_by_board": [
            {"board_id": _board_id(k), "amount_ore": v}
            for k, v in sorted(s.repayments_by_board.items())
        ],
        "frame_reductions_by_board": [
            {"board_id": _board_id(k), "amount_ore": v}
            for k, v in sorted(s.frame_reductions_by_board.items())
        ],
        "write_downs_by_bearer": [
            {"bearer": k, "amount_ore": v} for k, v in sorted(s.write_downs_by_bearer.items())
        ],
        "receivables_by_board": [
            {"board_id": _board_id(k), "amount_ore": v}
            for k, v in sorted(s.receivables_by_board.items())
        ],
    }
