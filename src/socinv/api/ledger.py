"""A fund's ledger: read the entries, append one. Entries are never changed or deleted
(no PUT, PATCH or DELETE: 405); corrections are reversals."""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from socinv.accounts.access import object_for
from socinv.core.ledger import Decision, EntryType, ErrorCode, LedgerError
from socinv.core.problems import Refusal, Refused, refuse_if
from socinv.fund.models import Fund, LedgerEntry, PreliminaryBooking
from socinv.fund.refusals import ledger_refusal
from socinv.fund.selectors import awaiting_attestation
from socinv.fund.services import attest_booking, record_entry, reject_booking
from socinv.organisation.models import Board
from socinv.projects.models import Project

from . import idempotency
from .schemas import (
    MAX_ID,
    EntryIn,
    EntryOut,
    EntryPageOut,
    ErrorOut,
    ErrorsOut,
    PreliminaryOut,
    RejectionIn,
)

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


def decision_out(row) -> dict | None:
    """The decision a ledger entry or a preliminary booking carries, if any."""
    if row.decision_body or row.decision_date or row.decision_dnr:
        return {"body": row.decision_body, "date": row.decision_date, "dnr": row.decision_dnr}
    return None


def entry_out(e: LedgerEntry) -> dict:
    return {
        "seq": e.seq,
        "type": e.type,
        "date": e.date,
        "amount_ore": e.amount_ore,
        "project_id": e.project_id,
        "board_id": e.board_id,
        "decision": decision_out(e),
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


@router.post(
    "/{fund_id}/entries", response={201: EntryOut, 202: PreliminaryOut, 400: ErrorOut, **ERRORS}
)
def create_entry(
    request,
    payload: EntryIn,
    fund_id: int = FundId,
    idempotency_key: str | None = idempotency.key_header(),
):
    """Book an entry (fund.record_entry), as the booking page does: 201 with the entry
    appended, or 202 with a preliminary booking when a disbursement or a repayment is above
    the fund's attestation threshold (it enters the ledger when a second person attests
    it). 422 lists every reason the ledger refuses it (the API's one answer to a refusal,
    see socinv.api.api); nothing is stored then. With an ``Idempotency-Key`` the same
    request sent again gets the first answer and books nothing
    (:mod:`socinv.api.idempotency`)."""
    user = request.auth
    fund = object_for(user, Fund.objects.all(), fund_id, "fund.record_entry")
    return idempotency.once(
        request, idempotency_key, payload, lambda: _create_entry(user, fund, payload)
    )


def _create_entry(user, fund: Fund, payload: EntryIn) -> Status:
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
    if isinstance(entry, PreliminaryBooking):
        return Status(202, preliminary_out(_booking(fund, entry.pk)))
    entry = LedgerEntry.objects.select_related("reverses", "recorded_by").get(pk=entry.pk)
    return Status(201, entry_out(entry))


def preliminary_out(b: PreliminaryBooking) -> dict:
    return {
        "id": b.pk,
        "status": b.status,
        "type": b.type,
        "date": b.date,
        "amount_ore": b.amount_ore,
        "project_id": b.project_id,
        "board_id": b.board_id,
        "decision": decision_out(b),
        "note": b.note,
        "booked_by": b.booked_by.get_username(),
        "booked_at": b.booked_at,
        "decided_by": b.decided_by.get_username() if b.decided_by_id else None,
        "decided_at": b.decided_at,
        "rejection_reason": b.rejection_reason,
        "entry_seq": b.entry.seq if b.entry_id else None,
    }


def _booking(fund: Fund, pk: int) -> PreliminaryBooking:
    booking = (
        PreliminaryBooking.objects.filter(fund=fund, pk=pk)
        .select_related("booked_by", "decided_by", "entry", "fund")
        .first()
    )
    if booking is None:
        raise Http404
    return booking


BookingId = Path(..., ge=1, le=MAX_ID)


@router.get("/{fund_id}/preliminary-bookings", response={200: list[PreliminaryOut], **ERRORS})
def list_preliminary(request, fund_id: int = FundId):
    """The bookings that await attestation (fund.view_ledger), oldest first; they are not
    in the ledger and move no balance."""
    fund = object_for(request.auth, Fund.objects.all(), fund_id, "fund.view_ledger")
    rows = awaiting_attestation(fund).select_related("decided_by", "entry")
    return [preliminary_out(b) for b in rows[:MAX_LIMIT]]


@router.post(
    "/{fund_id}/preliminary-bookings/{booking_id}/attest",
    response={201: EntryOut, 400: ErrorOut, **ERRORS},
)
def attest(request, fund_id: int = FundId, booking_id: int = BookingId):
    """Attest a preliminary booking (fund.attest_entry; never the one who booked it): its
    entry is appended to the ledger (201). 422 when it is no longer preliminary, was
    booked by the caller or the ledger refuses it now."""
    fund = object_for(request.auth, Fund.objects.all(), fund_id, "fund.attest_entry")
    try:
        entry = attest_booking(acting_user=request.auth, booking=_booking(fund, booking_id))
    except Refused as refused:
        raise Refused(
            replace(r, field=_FIELD.get(r.field, r.field)) for r in refused.refusals
        ) from refused
    entry = LedgerEntry.objects.select_related("reverses", "recorded_by").get(pk=entry.pk)
    return Status(201, entry_out(entry))


@router.post(
    "/{fund_id}/preliminary-bookings/{booking_id}/reject",
    response={200: PreliminaryOut, 400: ErrorOut, **ERRORS},
)
def reject(request, payload: RejectionIn, fund_id: int = FundId, booking_id: int = BookingId):
    """Reject a preliminary booking with a reason (fund.attest_entry; never the one who
    booked it): nothing enters the ledger."""
    fund = object_for(request.auth, Fund.objects.all(), fund_id, "fund.attest_entry")
    booking = reject_booking(
        acting_user=request.auth, booking=_booking(fund, booking_id), reason=payload.reason
    )
    return preliminary_out(_booking(fund, booking.pk))
