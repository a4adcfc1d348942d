"""A fund's ledger: read the entries, append one. Entries are never changed or deleted
(no PUT, PATCH or DELETE: 405); corrections are reversals."""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from socinv.accounts.access import object_for
from socinv.core.ledger import Decision, EntryType, ErrorCode, LedgerError
from socinv.core.problems import Refusal, Refused, refuse_if
from socinv.fund.models import Fund, LedgerEntry
from socinv.fund.refusals import ledger_refusal
from socinv.fund.services import record_entry
from socinv.organisation.models import Board
from socinv.projects.models import Project

from .schemas import MAX_ID, EntryIn, EntryOut, EntryPageOut, ErrorOut, ErrorsOut

router = Router(tags=["ledger"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorsOut}
FundId = Path(..., ge=1, le=MAX_ID)
MAX_LIMIT = 500

# the service's field names → the API's
_FIELD = {
    "project": "project_id",
    "board": "board_id",
    "decision_body": "decision.body",
    "decision_dnr": "decision.dnr",
}


def entry_out(e: LedgerEntry) -> dict:
    decision = None
    if e.decision_body or e.decision_date or e.decision_dnr:
        decision = {"body": e.decision_body, "date": e.decision_date, "dnr": e.decision_dnr}
    return {
        "seq": e.seq,
        "type": e.type,
        "date": e.date,
        "amount_ore": e.amount_ore,
        "project_id": e.project_id,
        "board_id": e.board_id,
        "decision": decision,
        "bearer": e.bearer or None,
        "reverses": e.reverses.seq if e.reverses_id else None,
        "note": e.note,
        "recorded_by": e.recorded_by.get_username(),
        "recorded_at": e.recorded_at,
        "hash": e.hash,
    }


@router.get("/{fund_id}/entries", response={200: EntryPageOut, **ERRORS})
def list_entries(
    request,
    fund_id: int = FundId,
    type: EntryType | None = None,
    project: int | None = Query(None, ge=1, le=MAX_ID),
    board: int | None = Query(None, ge=1, le=MAX_ID),
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_ID),
):
    """The fund's entries in recording order (fund.view_ledger), filtered and paged."""
    fund = object_for(request.auth, Fund.objects.all(), fund_id, "fund.view_ledger")
    qs = fund.entries.all()
    if type is not None:
        qs = qs.filter(type=type.value)
    if project is not None:
        qs = qs.filter(project_id=project)
    if board is not None:
        qs = qs.filter(board_id=board)
    if date_from is not None:
        qs = qs.filter(date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(date__lte=date_to)
    count = qs.count()
    page = qs.select_related("reverses", "recorded_by").order_by("seq")[offset : offset + limit]
    return {"count": count, "limit": limit, "offset": offset, "items": [entry_out(e) for e in page]}


@router.post("/{fund_id}/entries", response={201: EntryOut, 400: ErrorOut, **ERRORS})
def create_entry(request, payload: EntryIn, fund_id: int = FundId):
    """Append an entry (fund.record_entry). 422 lists every reason the ledger refuses it
    (the API's one answer to a refusal, see socinv.api.api); nothing is stored then."""
    user = request.auth
    fund = object_for(user, Fund.objects.all(), fund_id, "fund.record_entry")
    errors = []
    project = board = reverses = None
    # References are looked up within the fund's organisation: others' ids are "not found".
    if payload.project_id is not None:
        project = Project.objects.filter(
            pk=payload.project_id, fund__organisation_id=fund.organisation_id
        ).first()
        if project is None:
            errors.append(Refusal("not_found", "project_id", _("No such project.")))
    if payload.board_id is not None:
        board = Board.objects.filter(
            pk=payload.board_id, organisation_id=fund.organisation_id
        ).first()
        if board is None:
            errors.append(Refusal("not_found", "board_id", _("No such board.")))
    if payload.reverses is not None:
        reverses = LedgerEntry.objects.filter(fund=fund, seq=payload.reverses).first()
        if reverses is None:
            missing = LedgerError(ErrorCode.REVERSAL_TARGET_MISSING, "reverses")
            errors.append(ledger_refusal(missing))
    refuse_if(errors)
    d = payload.decision
    try:
        entry = record_entry(
            acting_user=user,
            fund=fund,
            type=payload.type.value,
            date=payload.date,
            amount_ore=payload.amount_ore,
            project=project,
            board=board,
            decision=Decision(d.body, d.date, d.dnr) if d else None,
            note=payload.note,
            bearer=payload.bearer.value if payload.bearer else None,
            reverses=reverses,
        )
    except Refused as refused:  # named as the API names its fields
        raise Refused(
            replace(r, field=_FIELD.get(r.field, r.field)) for r in refused.refusals
        ) from refused
    entry = LedgerEntry.objects.select_related("reverses", "recorded_by").get(pk=entry.pk)
    return Status(201, entry_out(entry))
