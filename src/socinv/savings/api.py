"""API for savings: paths under /api/v1/projects/."""

from __future__ import annotations

import datetime

from ninja import Path, Router, Schema

from socinv.accounts.access import object_for
from socinv.projects.models import Project
from socinv.web.api import MAX_ID, ErrorOut, ErrorsOut

from . import selectors

router = Router(tags=["savings"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorsOut}


class TermsOut(Schema):
    method: str
    share: float | None
    period_years: int | None
    start_year: int | None
    source: str


class SavingYearOut(Schema):
    year: int
    saving_ore: int
    basis: str
    indicator_ids: list[int]
    measurement_ids: list[int]
    due_ore: int
    repaid_ore: int
    proposal_ore: int
    receivable_before_ore: int
    receivable_after_ore: int
    reason: str


class BookedOut(Schema):
    seq: int
    date: datetime.date
    amount_ore: int
    year: int | None = None
    bearer: str | None = None
    decision_body: str
    decision_date: datetime.date | None
    decision_dnr: str
    recorded_by: str


class WriteDownProposalOut(Schema):
    amount_ore: int
    bearer: str | None
    bearer_source: str


class BoardSavingsOut(Schema):
    board_id: int
    board: str
    disbursed_ore: int
    repaid_ore: int
    written_down_ore: int
    receivable_ore: int
    years: list[SavingYearOut]
    repayments: list[BookedOut]
    write_downs: list[BookedOut]
    write_down_proposal: WriteDownProposalOut | None


class ProjectSavingsOut(Schema):
    project_id: int
    economic_model: str
    repays: bool
    terms: TermsOut | None
    write_down_bearer: str | None
    receivable_ore: int
    boards: list[BoardSavingsOut]


def _booked(e, year=None) -> dict:
    return {
        "seq": e.seq,
        "date": e.date,
        "amount_ore": e.amount_ore,
        "year": year,
        "bearer": e.bearer or None,
        "decision_body": e.decision_body,
        "decision_date": e.decision_date,
        "decision_dnr": e.decision_dnr,
        "recorded_by": e.recorded_by.get_username(),
    }


@router.get("/{project_id}/savings", response={200: ProjectSavingsOut, **ERRORS})
def project_savings(request, project_id: int = Path(..., ge=1, le=MAX_ID)):
    """Realised savings, repayment proposals, repayments, write-downs and receivables per
    board. Under the budget model the savings are reported and every proposal is 0."""
    p = object_for(
        request.auth,
        Project.objects.select_related("fund", "fund__organisation"),
        project_id,
        "projects.view_project",
    )
    f = selectors.project_savings(p)
    t = f.terms
    boards = []
    for b in f.boards:
        boards.append(
            {
                "board_id": b.board.pk,
                "board": b.board.name,
                "disbursed_ore": b.disbursed_ore,
                "repaid_ore": b.repaid_ore,
                "written_down_ore": b.written_down_ore,
                "receivable_ore": b.receivable_ore,
                "years": [
                    {
                        "year": r.year,
                        "saving_ore": r.saving.amount_ore if r.saving else 0,
                        "basis": r.saving.basis if r.saving else "",
                        "indicator_ids": sorted(i.pk for i in r.saving.indicators.all())
                        if r.saving
                        else [],
                        "measurement_ids": sorted(m.pk for m in r.saving.measurements.all())
                        if r.saving
                        else [],
                        "due_ore": r.proposal.due_ore,
                        "repaid_ore": r.proposal.repaid_ore,
                        "proposal_ore": r.proposal.proposal_ore,
                        "receivable_before_ore": r.proposal.receivable_before_ore,
                        "receivable_after_ore": r.proposal.receivable_after_ore,
                        "reason": str(r.proposal.reason),
                    }
                    for r in b.years
                ],
                "repayments": [_booked(e, e.for_year) for e in b.repayments],
                "write_downs": [_booked(e) for e in b.write_downs],
                "write_down_proposal": {
                    "amount_ore": b.write_down.amount_ore,
                    "bearer": b.write_down.bearer,
                    "bearer_source": b.write_down.reason,
                }
                if b.write_down
                else None,
            }
        )
    return {
        "project_id": p.pk,
        "economic_model": p.fund.economic_model,
        "repays": not f.budget_model,
        "terms": None
        if f.budget_model
        else {
            "method": str(t.method),
            "share": t.share if t.method == "share_of_savings" else None,
            "period_years": t.period,
            "start_year": t.start_year,
            "source": f.terms_source,
        },
        "write_down_bearer": None if f.budget_model else f.bearer,
        "receivable_ore": f.receivable_ore,
        "boards": boards,
    }
