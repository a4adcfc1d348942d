"""Invariant checks: pure functions that report every problem at once."""

from __future__ import annotations

from collections.abc import Sequence

from .balances import State
from .entries import Bearer, Entry, EntryType, FundModel
from .errors import ErrorCode as C
from .errors import LedgerError

T = EntryType

NEEDS_PROJECT = frozenset({T.COMMITMENT, T.RELEASE, T.DISBURSEMENT, T.REPAYMENT, T.WRITE_DOWN})
NEEDS_BOARD = frozenset({T.REPAYMENT, T.WRITE_DOWN})
RECEIVABLE_TYPES = frozenset({T.REPAYMENT, T.WRITE_DOWN})


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


def _err(code: C, field: str, message: str, e: Entry, **params: object) -> LedgerError:
    return LedgerError(code, field, message, e.id, dict(params))


def _check(s: State, e: Entry, model: FundModel) -> list[LedgerError]:
    errs: list[LedgerError] = []
    kind = str(e.type).replace("_", "-")

    if s.last_id is not None and e.id <= s.last_id:
        errs.append(
            _err(
                C.ID_NOT_INCREASING,
                "id",
                f"Entry id {e.id} is not greater than the last id {s.last_id}.",
                e,
                last_id=s.last_id,
            )
        )
    if not e.fund:
        errs.append(_err(C.FUND_REQUIRED, "fund", "Every entry belongs to a fund.", e))
    if type(e.amount_ore) is not int or e.amount_ore <= 0:
        errs.append(
            _err(
                C.AMOUNT_NOT_POSITIVE,
                "amount_ore",
                f"The amount must be a whole number of öre greater than zero, not {e.amount_ore!r}; the entry type gives the direction.",
                e,
            )
        )
    if e.type in NEEDS_PROJECT and not e.project:
        errs.append(_err(C.PROJECT_REQUIRED, "project", f"A {kind} must name a project.", e))
    needs_board = e.type in NEEDS_BOARD or (
        e.type is T.DISBURSEMENT and model is FundModel.REPAYMENT
    )
    if needs_board and not e.board:
        why = (
            " (in the repayment model the board that will repay it)"
            if e.type is T.DISBURSEMENT
            else ""
        )
        errs.append(_err(C.BOARD_REQUIRED, "board", f"A {kind} must name a board{why}.", e))
    if e.type is T.WRITE_DOWN:
        if e.bearer is None:
            errs.append(
                _err(
                    C.BEARER_REQUIRED,
                    "bearer",
                    "A write-down must say who bears it: central, board or project_type.",
                    e,
                )
            )
        elif e.bearer not in {b.value for b in Bearer}:
            errs.append(
                _err(
                    C.BEARER_INVALID,
                    "bearer",
                    f"Unknown bearer {e.bearer!r}; use central, board or project_type.",
                    e,
                )
            )
    elif e.bearer is not None:
        errs.append(_err(C.BEARER_NOT_ALLOWED, "bearer", "Only a write-down has a bearer.", e))
    if e.type is T.REVERSAL:
        if e.reverses is None:
            errs.append(
                _err(
                    C.REVERSES_REQUIRED,
                    "reverses",
                    "A reversal must point at the entry it cancels.",
                    e,
                )
            )
    elif e.reverses is not None:
        errs.append(
            _err(C.REVERSES_NOT_ALLOWED, "reverses", "Only a reversal points at another entry.", e)
        )
    if model is FundModel.BUDGET and e.type in RECEIVABLE_TYPES:
        errs.append(
            _err(
                C.NOT_IN_BUDGET_MODEL,
                "type",
                f"The budget model has no repayments or receivables, so a {kind} cannot be booked in this fund.",
                e,
            )
        )
    if e.project and s.project_fund.get(e.project, e.fund) != e.fund:
        other = s.project_fund[e.project]
        errs.append(
            _err(
                C.PROJECT_IN_OTHER_FUND,
                "project",
                f"Project {e.project!r} is financed by fund {other!r}, not {e.fund!r}.",
                e,
                other_fund=other,
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
        return [
            _err(
                C.REVERSAL_TARGET_MISSING,
                "reverses",
                f"There is no earlier entry {e.reverses} to reverse.",
                e,
            )
        ]
    errs: list[LedgerError] = []
    if target.type is T.REVERSAL:
        errs.append(
            _err(
                C.REVERSAL_OF_REVERSAL,
                "reverses",
                f"Entry {target.id} is itself a reversal and cannot be reversed; book the original entry again instead.",
                e,
            )
        )
    if target.id in s.reversed:
        errs.append(
            _err(
                C.REVERSAL_TARGET_ALREADY_REVERSED,
                "reverses",
                f"Entry {target.id} has already been reversed.",
                e,
            )
        )
    if target.fund != e.fund:
        errs.append(
            _err(
                C.REVERSAL_TARGET_OTHER_FUND,
                "reverses",
                f"Entry {target.id} belongs to fund {target.fund!r}, not {e.fund!r}.",
                e,
            )
        )
    if target.amount_ore != e.amount_ore:
        errs.append(
            _err(
                C.REVERSAL_AMOUNT_MISMATCH,
                "amount_ore",
                f"A reversal must have the amount of the entry it cancels: {target.amount_ore} öre, not {e.amount_ore}.",
                e,
                expected=target.amount_ore,
            )
        )
    if (target.project, target.board) != (e.project, e.board):
        errs.append(
            _err(
                C.REVERSAL_PROJECT_MISMATCH,
                "project",
                f"A reversal must name the same project and board as entry {target.id} (project {target.project!r}, board {target.board!r}).",
                e,
            )
        )
    return errs


def _check_balances(s: State, e: Entry) -> list[LedgerError]:
    eff = s.effect_of(e)
    if eff is None:
        return []
    errs: list[LedgerError] = []
    reversal = e.type is T.REVERSAL
    target = s.by_id[e.reverses] if reversal and e.reverses is not None else None
    what = f"Reversing entry {e.reverses} ({target.type})" if target else None

    for fund, delta in eff.available.items():
        before = s.available.get(fund, 0)
        if delta < 0 and before + delta < 0:
            if what:
                msg = f"{what} would leave fund {fund!r} with {before + delta} öre available to commit; the money is already committed."
            else:
                msg = f"The {e.type} of {e.amount_ore} öre exceeds the {before} öre available to commit in fund {fund!r}."
            code = C.REVERSAL_BREAKS_BALANCE if reversal else C.EXCEEDS_AVAILABLE
            field = "reverses" if reversal else "amount_ore"
            errs.append(_err(code, field, msg, e, available=before))
    for project, delta in eff.outstanding.items():
        before = s.outstanding.get(project, 0)
        if delta < 0 and before + delta < 0:
            if what:
                msg = f"{what} would leave project {project!r} with a negative outstanding commitment ({before + delta} öre); it has already been disbursed or released."
            else:
                msg = f"The {e.type} of {e.amount_ore} öre exceeds project {project!r}'s outstanding commitment of {before} öre."
            code = C.REVERSAL_BREAKS_BALANCE if reversal else C.EXCEEDS_OUTSTANDING_COMMITMENT
            field = "reverses" if reversal else "amount_ore"
            errs.append(_err(code, field, msg, e, outstanding=before))
    for (project, board), delta in eff.receivable.items():
        before = s.receivable.get((project, board), 0)
        if delta < 0 and before + delta < 0:
            if what:
                msg = f"{what} would leave a negative receivable ({before + delta} öre) on project {project!r}, board {board!r}; it has already been repaid or written down."
            else:
                kind = str(e.type).replace("_", "-")
                msg = f"The {kind} of {e.amount_ore} öre exceeds the {before} öre that board {board!r} owes the fund for project {project!r}."
            code = C.REVERSAL_BREAKS_BALANCE if reversal else C.EXCEEDS_RECEIVABLE
            field = "reverses" if reversal else "amount_ore"
            errs.append(_err(code, field, msg, e, receivable=before))
    return errs
