"""Writes to the fund ledger. Each checks ``acting_user``'s permission itself, is atomic,
attributable to ``acting_user``, and checks the ledger's invariants inside the same
transaction, under a lock on the fund's row (PostgreSQL: SELECT … FOR UPDATE; SQLite: the
IMMEDIATE transaction takes the write lock at BEGIN), so two people acting at once can
never break them. A refusal is :class:`~socinv.core.problems.Refused` with the ledger's
codes (:func:`socinv.fund.refusals.ledger_refused`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from socinv.accounts.access import require
from socinv.audit import attributed_to
from socinv.core import ledger as core
from socinv.core.ledger import attestation
from socinv.core.limits import MAX_ATTESTATION_THRESHOLD_ORE
from socinv.core.problems import Refusal, Refused
from socinv.web.guards import value_refusals
from socinv.web.i18n import ore_to_text

from . import selectors
from .models import AttestationSettings, Fund, LedgerEntry, PreliminaryBooking
from .refusals import ledger_refusal


def decision_of(row) -> core.Decision | None:
    """The decision a ledger entry or a preliminary booking carries, if any."""
    if row.decision_body or row.decision_dnr or row.decision_date:
        return core.Decision(row.decision_body, row.decision_date, row.decision_dnr)
    return None


def to_core(row: LedgerEntry) -> core.Entry:
    decision = decision_of(row)
    return core.Entry(
        id=row.seq,
        fund=str(row.fund_id),
        type=row.type,
        date=row.date,
        amount_ore=row.amount_ore,
        recorded_by=str(row.recorded_by_id),
        recorded_at=row.recorded_at.astimezone(datetime.UTC),
        project=None if row.project_id is None else str(row.project_id),
        board=None if row.board_id is None else str(row.board_id),
        decision=decision,
        note=row.note,
        bearer=row.bearer or None,
        reverses=None if row.reverses_id is None else row.reverses.seq,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def fund_entries(fund: Fund) -> list[core.Entry]:
    rows = fund.entries.select_related("reverses").order_by("seq")
    return [to_core(r) for r in rows]


def record_entry(
    *,
    acting_user,
    fund: Fund,
    type: str,
    date: datetime.date,
    amount_ore: int,
    project=None,
    board=None,
    decision: core.Decision | None = None,
    note: str = "",
    bearer: str | None = None,
    reverses: LedgerEntry | None = None,
) -> LedgerEntry | PreliminaryBooking:
    """Book an entry in ``fund``'s ledger (``fund.record_entry``, else ``PermissionDenied``),
    as a person does on the booking page, through the API or from code, or raise
    :class:`~socinv.core.problems.Refused` with one reason per broken ledger rule (the codes
    of :class:`socinv.core.ledger.ErrorCode`, the field named as here: ``amount_ore``,
    ``project`` ...); nothing is stored then.

    A disbursement or a repayment above the fund's attestation threshold
    (:func:`socinv.fund.selectors.attestation_threshold`) is only preliminary: it is checked
    against the ledger as it stands, stored as a :class:`PreliminaryBooking` outside the
    ledger (it moves no balance) and returned; :func:`attest_booking` by a second person puts
    it in the ledger. Anything else is appended at once and its :class:`LedgerEntry`
    returned. A reversal takes its project and board from the entry it reverses when none
    are given.
    """
    require(acting_user, "fund.record_entry", fund)
    b = Booked(type, date, amount_ore, project, board, decision, note, bearer, reverses)
    return _write(acting_user, fund, b)


def record_decided_entry(
    *, acting_user, permission: str, obj, fund: Fund, **entry
) -> LedgerEntry | PreliminaryBooking:
    """The ledger entry of a decision or a confirmation that another service makes (a
    project's commitments, a confirmed repayment or write-down): ``acting_user`` holds
    ``permission`` on ``obj`` (checked here) rather than ``fund.record_entry``, since the
    owner decides but does not book. The same ledger rules, refusals and attestation as
    :func:`record_entry`: a confirmed repayment above the threshold waits for a second
    person's attestation like any other."""
    require(acting_user, permission, obj)
    return _write(acting_user, fund, Booked(**entry))


@dataclass(frozen=True)
class Booked:
    """What a booking gives: an entry's fields before the ledger numbers and seals it."""

    type: str
    date: datetime.date
    amount_ore: int
    project: object = None
    board: object = None
    decision: core.Decision | None = None
    note: str = ""
    bearer: str | None = None
    reverses: LedgerEntry | None = None


def _write(acting_user, fund: Fund, b: Booked) -> LedgerEntry | PreliminaryBooking:
    """The one way into the ledger for a booking (the caller has checked the permission):
    appended at once, or held as a preliminary booking when the attestation rule
    (:func:`socinv.core.ledger.attestation.needs_attestation`) says a second person must
    attest it."""
    with transaction.atomic():
        fund = Fund.objects.select_for_update().get(pk=fund.pk)
        threshold = selectors.attestation_threshold(fund)
        if not attestation.needs_attestation(b.type, b.amount_ore, threshold):
            return _append(acting_user, fund, b)
        with attributed_to(acting_user):
            _checked(fund, b, acting_user)  # refused now if the ledger would refuse it now
            booking = PreliminaryBooking(
                fund=fund,
                type=b.type,
                date=b.date,
                amount_ore=b.amount_ore,
                project=b.project,
                board=b.board,
                decision_body=b.decision.body if b.decision else "",
                decision_date=b.decision.date if b.decision else None,
                decision_dnr=b.decision.dnr if b.decision else "",
                note=b.note,
                booked_by=acting_user,
                booked_at=timezone.now(),
            )
            booking.save()
        return booking


def _append(acting_user, fund: Fund, b: Booked, attested_by=None) -> LedgerEntry:
    """Check ``b`` against the ledger under the fund's lock, seal it and store it, recorded
    by ``acting_user``. Reached only through :func:`_write` (nothing to attest) or
    :func:`attest_booking` (``attested_by`` the second person): an entry the attestation
    rule holds back is never appended without it."""
    if b.reverses is not None and b.project is None and b.board is None:
        b = replace(b, project=b.reverses.project, board=b.reverses.board)
    with transaction.atomic():
        fund = Fund.objects.select_for_update().get(pk=fund.pk)
        threshold = selectors.attestation_threshold(fund)
        if attested_by is None and attestation.needs_attestation(b.type, b.amount_ore, threshold):
            raise AssertionError("an entry that needs attestation is appended only when attested")
        last, new = _checked(fund, b, acting_user)
        new = core.seal(new, last.hash if last else core.GENESIS_HASH)
        # The chain's head and length go on the fund row in the same transaction (a queryset
        # update: the audit trail records configuration changes, not every booking).
        Fund.objects.filter(pk=fund.pk).update(ledger_head=new.hash, ledger_count=new.id)
        decision = b.decision
        return LedgerEntry.objects.create(
            fund=fund,
            seq=new.id,
            type=new.type.value,
            date=b.date,
            amount_ore=b.amount_ore,
            project=b.project,
            board=b.board,
            decision_body=decision.body if decision else "",
            decision_date=decision.date if decision else None,
            decision_dnr=decision.dnr if decision else "",
            bearer=b.bearer or "",
            reverses=b.reverses,
            note=b.note,
            recorded_by=acting_user,
            recorded_at=new.recorded_at,
            prev_hash=new.prev_hash,
            hash=new.hash,
        )


def _checked(fund: Fund, b: Booked, recorded_by):
    """(the last entry, the new entry unsealed) or :class:`Refused` with every reason the
    ledger gives against ``b`` now; call under the fund's lock."""
    last = LedgerEntry.objects.filter(fund=fund).order_by("-seq").only("seq", "hash").first()
    # whole seconds: what the chain hashes (core.ledger.chain, version 2), so that the
    # stored value is exactly the hashed one and survives any store or serializer
    now = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    new = core.Entry(
        id=(last.seq + 1) if last else 1,
        fund=str(fund.pk),
        type=b.type,
        date=b.date,
        amount_ore=b.amount_ore,
        recorded_by=str(recorded_by.pk),
        recorded_at=now,
        project=None if b.project is None else str(b.project.pk),
        board=None if b.board is None else str(b.board.pk),
        decision=b.decision,
        note=b.note,
        bearer=b.bearer,
        reverses=None if b.reverses is None else b.reverses.seq,
    )
    errors = _check_references(fund, b.project, b.reverses)
    state = _state_for(fund, last, b.project, b.board, b.reverses)
    model = core.FundModel(fund.economic_model)
    errors += core.check_against(state, new, model)
    errors += core.check_commitment_period(new, model, fund.period_end)
    refusals = _text_refusals(b.note, b.decision)
    if errors or refusals:
        raise Refused([*refusals, *(ledger_refusal(e) for e in errors)])
    return last, new


# --- attestation (attestreglemente) ---------------------------------------------------------


def set_attestation_threshold(
    *, acting_user, fund: Fund, threshold_ore: int
) -> AttestationSettings:
    """Set ``fund``'s attestation threshold (``fund.set_attestation_threshold``: the owner;
    the one who books must not lift their own control): disbursements and repayments above
    it wait for a second person's attestation from the next booking on; what already waits
    keeps waiting. The audit trail keeps every earlier value with who set it. Code:
    ``threshold_out_of_range`` (from 0 kr up to one entry's bound)."""
    require(acting_user, "fund.set_attestation_threshold", fund)
    if attestation.check_threshold(threshold_ore):
        message = gettext("Give a threshold from 0 kr up to %(max)s.") % {
            "max": ore_to_text(MAX_ATTESTATION_THRESHOLD_ORE)
        }
        raise Refused.one("threshold_out_of_range", message, field="threshold_ore")
    with transaction.atomic(), attributed_to(acting_user):
        Fund.objects.select_for_update().filter(pk=fund.pk).first()  # as bookings do
        row = AttestationSettings.objects.filter(fund=fund).first() or AttestationSettings(
            fund=fund
        )
        row.threshold_ore = threshold_ore
        row.save()
    return row


def _decision_refused(booking: PreliminaryBooking, acting_user) -> Refused | None:
    problems = attestation.check_decision(
        booked_by=str(booking.booked_by_id),
        decided_by=str(acting_user.pk),
        status=booking.status,
    )
    words = {
        "attest_own_booking": gettext(
            "You booked this entry yourself: a second person attests or rejects it."
        ),
        "booking_not_preliminary": gettext("The booking has already been attested or rejected."),
    }
    if not problems:
        return None
    return Refused(Refusal(p.code, p.field, words[p.code]) for p in problems)


def _locked_booking(booking: PreliminaryBooking) -> PreliminaryBooking:
    # of=self: PostgreSQL locks no row of an outer join (project and board may be null)
    return (
        PreliminaryBooking.objects.select_for_update(of=("self",))
        .select_related("fund", "project", "board", "booked_by")
        .get(pk=booking.pk)
    )


def attest_booking(*, acting_user, booking: PreliminaryBooking) -> LedgerEntry:
    """Attest a preliminary booking (``fund.attest_entry``; never the one who booked it):
    its ledger entry is appended (recorded by the one who booked it, checked against the
    ledger as it stands now) and the booking marked attested, in one transaction."""
    require(acting_user, "fund.attest_entry", booking.fund)
    with transaction.atomic(), attributed_to(acting_user):
        Fund.objects.select_for_update().filter(pk=booking.fund_id).first()
        booking = _locked_booking(booking)
        refused = _decision_refused(booking, acting_user)
        if refused is not None:
            raise refused
        b = Booked(
            booking.type,
            booking.date,
            booking.amount_ore,
            booking.project,
            booking.board,
            decision_of(booking),
            booking.note,
        )
        entry = _append(booking.booked_by, booking.fund, b, attested_by=acting_user)
        booking.status = PreliminaryBooking.Status.ATTESTED
        booking.decided_by = acting_user
        booking.decided_at = timezone.now()
        booking.entry = entry
        booking.save()
    return entry


def reject_booking(*, acting_user, booking: PreliminaryBooking, reason: str) -> PreliminaryBooking:
    """Reject a preliminary booking with a reason (``fund.attest_entry``; never the one who
    booked it): nothing enters the ledger; the booking and its history keep the reason."""
    require(acting_user, "fund.attest_entry", booking.fund)
    reason = (reason or "").strip()
    found = (
        []
        if reason
        else [Refusal("reason_required", "reason", gettext("Give the reason for the rejection."))]
    )
    found += [
        Refusal(r.code, "reason", r.message)
        for r in value_refusals(PreliminaryBooking, "rejection_reason", reason)
    ]
    if found:
        raise Refused(found)
    with transaction.atomic(), attributed_to(acting_user):
        booking = _locked_booking(booking)
        refused = _decision_refused(booking, acting_user)
        if refused is not None:
            raise refused
        booking.status = PreliminaryBooking.Status.REJECTED
        booking.decided_by = acting_user
        booking.decided_at = timezone.now()
        booking.rejection_reason = reason
        booking.save()
    return booking


def _text_refusals(note: str, decision: core.Decision | None) -> list[Refusal]:
    """An entry's free texts are hashed and kept forever: checked by the ledger model's
    own validators (no personnummer, no text beyond its bound from ``socinv.core.limits``,
    ``max_length`` naming the field) before the entry is sealed."""
    texts = {"note": note}
    if decision is not None:
        texts |= {"decision_body": decision.body, "decision_dnr": decision.dnr}
    return [r for name, text in texts.items() for r in value_refusals(LedgerEntry, name, text)]


def _state_for(fund: Fund, last, project, board, reverses) -> core.State:
    """The balances the new entry can touch, aggregated in the database (the same fold as
    the pure core, see :mod:`socinv.fund.selectors`), with the entry it reverses: enough
    for the core's checks without replaying the whole ledger. A reversal touches its
    target's balances, which are the same project and board (the core checks that)."""
    state = core.State()
    state.last_id = last.seq if last else None
    fid = str(fund.pk)
    state.available[fid] = selectors.fund_totals(fund).available
    if reverses is not None and reverses.fund_id == fund.pk:
        target = to_core(reverses)
        state.by_id[target.id] = target
        if LedgerEntry.objects.filter(reverses=reverses).exists():
            state.reversed.add(target.id)
        if project is None and reverses.project_id is not None:
            project, board = reverses.project, reverses.board
    if project is not None and project.fund_id == fund.pk:
        pid = str(project.pk)
        state.project_fund[pid] = fid
        state.outstanding[pid] = selectors.project_totals(project).outstanding
        bid = None if board is None else str(board.pk)
        state.receivable[(pid, bid)] = selectors.pair_totals(fund, project, board).receivable
    return state


def _check_references(fund: Fund, project, reverses) -> list[core.LedgerError]:
    """What the pure core cannot see: which fund a project or an entry belongs to."""
    errors = []
    if project is not None and project.fund_id != fund.pk:
        errors.append(
            core.LedgerError(
                core.ErrorCode.PROJECT_IN_OTHER_FUND,
                "project",
                params={"variant": "reference"},
            )
        )
    if reverses is not None and reverses.fund_id != fund.pk:
        errors.append(
            core.LedgerError(
                core.ErrorCode.REVERSAL_TARGET_OTHER_FUND,
                "reverses",
                params={"variant": "reference"},
            )
        )
    return errors


def verify_fund(fund: Fund) -> list[core.LedgerError]:
    """Tampering (the hash chain, against the head stored on the fund) and every
    invariant, replayed from the first entry."""
    fund.refresh_from_db(fields=["ledger_head", "ledger_count"])
    entries = fund_entries(fund)
    errors = core.verify_chain(entries, expected_head=fund.ledger_head or None)
    if len(entries) != fund.ledger_count:
        errors.append(
            core.LedgerError(
                core.ErrorCode.CHAIN_HEAD_MISMATCH,
                "ledger",
                params={"variant": "count", "recorded": fund.ledger_count, "stored": len(entries)},
            )
        )
    return errors + core.check_ledger(entries, core.FundModel(fund.economic_model))


def book_earmarking(
    *,
    acting_user,
    fund: Fund,
    year: int,
    amount_ore: int,
    decision: core.Decision | None,
) -> LedgerEntry:
    """Book the earmarking (öronmärkning) of ``year``'s surplus with its decision, in one
    step (``fund.record_entry``): an earmarking entry dated the year's last day (today,
    while the year is still running). The amount is what the year-end statement proposes
    (:attr:`socinv.core.ledger.YearEndStatement.proposed_earmarking`) unless the decision
    says otherwise. Codes: ``year_not_begun``, ``decision_body_required``,
    ``decision_date_required``, ``decision_dnr_required`` and the ledger's."""
    require(acting_user, "fund.record_entry", fund)
    today = timezone.localdate()
    found: list[Refusal] = []
    if year > today.year:
        message = gettext("The year %(year)s has not begun: nothing can be earmarked for it.")
        found.append(Refusal("year_not_begun", "year", message % {"year": year}))
    body = decision.body.strip() if decision else ""
    dnr = decision.dnr.strip() if decision else ""
    if not body:
        message = gettext("Enter who decided.")
        found.append(Refusal("decision_body_required", "decision_body", message))
    if decision is None or not isinstance(decision.date, datetime.date):
        message = gettext("Enter the date of the decision.")
        found.append(Refusal("decision_date_required", "decision_date", message))
    if not dnr:
        message = gettext("Enter the registration number (dnr).")
        found.append(Refusal("decision_dnr_required", "decision_dnr", message))
    if found:
        raise Refused(found)
    assert decision is not None
    return record_entry(
        acting_user=acting_user,
        fund=fund,
        type=LedgerEntry.Type.EARMARKING,
        date=min(datetime.date(year, 12, 31), today),
        amount_ore=amount_ore,
        decision=core.Decision(body, decision.date, dnr),
        note=gettext("Earmarking of the surplus %(year)s for the fund.") % {"year": year},
    )
