"""Invariant checks: pure functions that report every problem at once."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from socinv.core.limits import MAX_ENTRY_ORE, MAX_LEDGER_ENTRIES
from socinv.core.problems import Problem

from .balances import State
from .entries import Bearer, Entry, EntryType, FundModel
from .errors import ErrorCode as C
from .errors import LedgerError

T = EntryType

NEEDS_PROJECT = frozenset({T.COMMITMENT, T.RELEASE, T.DISBURSEMENT, T.REPAYMENT, T.WRITE_DOWN})
NEEDS_BOARD = frozenset({T.REPAYMENT, T.WRITE_DOWN})
RECEIVABLE_TYPES = frozenset({T.REPAYMENT, T.WRITE_DOWN})


def check_amount(amount_ore: object, field: str = "amount_ore") -> list[Problem]:
    """One entry's amount: a whole number of öre, greater than zero
    (``amount_not_positive``) and at most :data:`~socinv.core.limits.MAX_ENTRY_ORE`
    (``amount_too_large``, with ``max_ore``), so that no sum over a ledger can overflow."""
    if type(amount_ore) is not int or amount_ore <= 0:
        return [Problem(C.AMOUNT_NOT_POSITIVE.value, field, {"amount_ore": amount_ore})]
    if amount_ore > MAX_ENTRY_ORE:
        params = {"amount_ore": amount_ore, "max_ore": MAX_ENTRY_ORE}
        return [Problem(C.AMOUNT_TOO_LARGE.value, field, params)]
    return []


def check_new_entry(
    entries: Sequence[Entry], new: Entry, model: FundModel = FundModel.REPAYMENT
) -> list[LedgerError]:
    """Every reason why ``new`` may not be appended to ``entries`` (empty: it may).

    ``entries`` is the whole ledger so far, in recording order (all funds may be mixed;
    balances are kept per fund, project and board). The database layer calls this inside
    the transaction that inserts ``new``, after locking, so that no concurrent writer can
    slip an entry in between the check and the insert.
    """
    return _check(State.of(entries), new, model)


def check_against(
    state: State, new: Entry, model: FundModel = FundModel.REPAYMENT
) -> list[LedgerError]:
    """Like :func:`check_new_entry`, against balances already folded into ``state``.

    The database layer builds ``state`` from aggregates (the balances ``new`` can touch,
    and the entry it reverses) instead of replaying every entry; the rules are the same.
    """
    return _check(state, new, model)


def check_ledger(
    entries: Sequence[Entry], model: FundModel | dict[str, FundModel] = FundModel.REPAYMENT
) -> list[LedgerError]:
    """Replay the whole ledger in order and report every entry that breaks a rule.

    ``model`` is one model for all funds, or a mapping fund id → model.
    Each entry is checked against the balances left by the entries before it, exactly as
    ``check_new_entry`` would have checked it; a broken entry is still applied, so later
    entries are judged against what the ledger actually holds.
    """
    state = State()
    errors: list[LedgerError] = []
    for e in entries:
        m = model.get(e.fund, FundModel.REPAYMENT) if isinstance(model, dict) else model
        errors.extend(_check(state, e, m))
        state.apply(e)
    return errors


def check_commitment_period(
    new: Entry, model: FundModel, period_end: datetime.date | None
) -> list[LedgerError]:
    """Under the budget model the money is spent over a set period: a commitment dated
    after the period's end is refused (``commitment_after_period``, with ``period_end``);
    when all is allocated the council tops the fund up or winds it down. The repayment
    model, and a fund with no end to its period, have no such bound."""
    if model is not FundModel.BUDGET or period_end is None or new.type is not T.COMMITMENT:
        return []
    if new.date <= period_end:
        return []
    return [_err(C.COMMITMENT_AFTER_PERIOD, "date", new, period_end=period_end.isoformat())]


def _err(code: C, field: str, e: Entry, **params: object) -> LedgerError:
    return LedgerError(code, field, e.id, dict(params))


def _check(s: State, e: Entry, model: FundModel) -> list[LedgerError]:
    errs: list[LedgerError] = []
    kind = str(e.type).replace("_", "-")

    if s.last_id is not None and e.id <= s.last_id:
        errs.append(_err(C.ID_NOT_INCREASING, "id", e, last_id=s.last_id))
    if not e.fund:
        errs.append(_err(C.FUND_REQUIRED, "fund", e))
    if e.id > MAX_LEDGER_ENTRIES:
        errs.append(_err(C.LEDGER_FULL, "id", e, max_entries=MAX_LEDGER_ENTRIES))
    for p in check_amount(e.amount_ore):
        errs.append(_err(C(p.code), "amount_ore", e, **p.params))
    if e.type in NEEDS_PROJECT and not e.project:
        errs.append(_err(C.PROJECT_REQUIRED, "project", e, kind=kind))
    needs_board = e.type in NEEDS_BOARD or (
        e.type is T.DISBURSEMENT and model is FundModel.REPAYMENT
    )
    if needs_board and not e.board:
        # a disbursement needs one only in the repayment model: say why
        why = {"variant": "repayment_model"} if e.type is T.DISBURSEMENT else {}
        errs.append(_err(C.BOARD_REQUIRED, "board", e, kind=kind, **why))
    if e.type is T.WRITE_DOWN:
        if e.bearer is None:
            errs.append(_err(C.BEARER_REQUIRED, "bearer", e))
        elif e.bearer not in {b.value for b in Bearer}:
            errs.append(_err(C.BEARER_INVALID, "bearer", e, bearer=e.bearer))
    elif e.bearer is not None:
        errs.append(_err(C.BEARER_NOT_ALLOWED, "bearer", e))
    if e.type is T.REVERSAL:
        if e.reverses is None:
            errs.append(_err(C.REVERSES_REQUIRED, "reverses", e))
    elif e.reverses is not None:
        errs.append(_err(C.REVERSES_NOT_ALLOWED, "reverses", e))
    if model is FundModel.BUDGET and e.type in RECEIVABLE_TYPES:
        errs.append(_err(C.NOT_IN_BUDGET_MODEL, "type", e, kind=kind))
    if e.project and s.project_fund.get(e.project, e.fund) != e.fund:
        other = s.project_fund[e.project]
        errs.append(
            _err(
                C.PROJECT_IN_OTHER_FUND,
                "project",
                e,
                other_fund=other,
                project=e.project,
                fund=e.fund,
            )
        )
    if e.type is T.REVERSAL and e.reverses is not None:
        errs.extend(_check_reversal_target(s, e))

    if errs:  # the balance checks only make sense for a well-formed entry
        return errs
    return _check_balances(s, e)


def _check_reversal_target(s: State, e: Entry) -> list[LedgerError]:
    target = s.by_id.get(e.reverses) if e.reverses is not None else None
    if target is None:
        return [_err(C.REVERSAL_TARGET_MISSING, "reverses", e, reverses=e.reverses)]
    errs: list[LedgerError] = []
    t = {"target": target.id}
    if target.type is T.REVERSAL:
        errs.append(_err(C.REVERSAL_OF_REVERSAL, "reverses", e, **t))
    if target.id in s.reversed:
        errs.append(_err(C.REVERSAL_TARGET_ALREADY_REVERSED, "reverses", e, **t))
    if target.fund != e.fund:
        errs.append(
            _err(
                C.REVERSAL_TARGET_OTHER_FUND,
                "reverses",
                e,
                **t,
                target_fund=target.fund,
                fund=e.fund,
            )
        )
    if target.amount_ore != e.amount_ore:
        errs.append(
            _err(
                C.REVERSAL_AMOUNT_MISMATCH,
                "amount_ore",
                e,
                expected=target.amount_ore,
                amount_ore=e.amount_ore,
            )
        )
    if (target.project, target.board) != (e.project, e.board):
        errs.append(
            _err(
                C.REVERSAL_PROJECT_MISMATCH,
                "project",
                e,
                **t,
                target_project=target.project,
                target_board=target.board,
            )
        )
    return errs


def _check_balances(s: State, e: Entry) -> list[LedgerError]:
    """Every balance the entry would make negative (for a reversal, ``variant`` names which:
    available, outstanding or receivable), with the balance before it and after."""
    eff = s.effect_of(e)
    if eff is None:
        return []
    errs: list[LedgerError] = []
    reversal = e.type is T.REVERSAL
    target = s.by_id[e.reverses] if reversal and e.reverses is not None else None
    # what the sentence says is being done
    if target:
        doing = {"reverses": e.reverses, "target_type": str(target.type)}
    else:
        kind = str(e.type).replace("_", "-")
        doing = {"type": str(e.type), "kind": kind, "amount_ore": e.amount_ore}

    def refuse(code: C, variant: str, **params: object) -> None:
        if reversal:
            errs.append(
                _err(C.REVERSAL_BREAKS_BALANCE, "reverses", e, variant=variant, **doing, **params)
            )
        else:
            errs.append(_err(code, "amount_ore", e, **doing, **params))

    for fund, delta in eff.available.items():
        before = s.available.get(fund, 0)
        if delta < 0 and before + delta < 0:
            refuse(
                C.EXCEEDS_AVAILABLE, "available", available=before, after=before + delta, fund=fund
            )
    for project, delta in eff.outstanding.items():
        before = s.outstanding.get(project, 0)
        if delta < 0 and before + delta < 0:
            refuse(
                C.EXCEEDS_OUTSTANDING_COMMITMENT,
                "outstanding",
                outstanding=before,
                after=before + delta,
                project=project,
            )
    for (project, board), delta in eff.receivable.items():
        before = s.receivable.get((project, board), 0)
        if delta < 0 and before + delta < 0:
            refuse(
                C.EXCEEDS_RECEIVABLE,
                "receivable",
                receivable=before,
                after=before + delta,
                project=project,
                board=board,
            )
    return errs
