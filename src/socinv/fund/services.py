"""Writes to the fund ledger. Each checks ``acting_user``'s permission itself, is atomic,
attributable to ``acting_user``, and checks the ledger's invariants inside the same
transaction, under a lock on the fund's row (PostgreSQL: SELECT … FOR UPDATE; SQLite: the
IMMEDIATE transaction takes the write lock at BEGIN), so two people acting at once can
never break them. A refusal is :class:`~socinv.core.problems.Refused` with the ledger's
codes (:func:`socinv.fund.refusals.ledger_refused`)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from socinv.accounts.access import require
from socinv.core import ledger as core
from socinv.core.problems import Refusal, Refused
from socinv.web.guards import value_refusals

from . import selectors
from .models import Fund, LedgerEntry
from .refusals import ledger_refusal


def to_core(row: LedgerEntry) -> core.Entry:
    decision = None
    if row.decision_body or row.decision_dnr or row.decision_date:
        decision = core.Decision(row.decision_body, row.decision_date, row.decision_dnr)
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
) -> LedgerEntry:
    """Append one entry to ``fund``'s ledger (``fund.record_entry``, else
    ``PermissionDenied``), or raise :class:`~socinv.core.problems.Refused` with one reason
    per broken ledger rule (the codes of :class:`socinv.core.ledger.ErrorCode`, the field
    named as here: ``amount_ore``, ``project`` ...); nothing is stored then.

    A reversal takes its project and board from the entry it reverses when none are given.
    """
    require(acting_user, "fund.record_entry", fund)
    if reverses is not None and project is None and board is None:
        project, board = reverses.project, reverses.board
    with transaction.atomic():
        fund = Fund.objects.select_for_update().get(pk=fund.pk)
        last = LedgerEntry.objects.filter(fund=fund).order_by("-seq").only("seq", "hash").first()
        # whole seconds: what the chain hashes (core.ledger.chain, version 2), so that the
        # stored value is exactly the hashed one and survives any store or serializer
        now = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
        new = core.Entry(
            id=(last.seq + 1) if last else 1,
            fund=str(fund.pk),
            type=type,
            date=date,
            amount_ore=amount_ore,
            recorded_by=str(acting_user.pk),
            recorded_at=now,
            project=None if project is None else str(project.pk),
            board=None if board is None else str(board.pk),
            decision=decision,
            note=note,
            bearer=bearer,
            reverses=None if reverses is None else reverses.seq,
        )
        errors = _check_references(fund, project, reverses)
        state = _state_for(fund, last, project, board, reverses)
        model = core.FundModel(fund.economic_model)
        errors += core.check_against(state, new, model)
        errors += core.check_commitment_period(new, model, fund.period_end)
        refusals = _text_refusals(note, decision)
        if errors or refusals:
            raise Refused([*refusals, *(ledger_refusal(e) for e in errors)])
        new = core.seal(new, last.hash if last else core.GENESIS_HASH)
        # The chain's head and length go on the fund row in the same transaction (a queryset
        # update: the audit trail records configuration changes, not every booking).
        Fund.objects.filter(pk=fund.pk).update(ledger_head=new.hash, ledger_count=new.id)
        return LedgerEntry.objects.create(
            fund=fund,
            seq=new.id,
            type=new.type.value,
            date=date,
            amount_ore=amount_ore,
            project=project,
            board=board,
            decision_body=decision.body if decision else "",
            decision_date=decision.date if decision else None,
            decision_dnr=decision.dnr if decision else "",
            bearer=bearer or "",
            reverses=reverses,
            note=note,
            recorded_by=acting_user,
            recorded_at=now,
            prev_hash=new.prev_hash,
            hash=new.hash,
        )


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
