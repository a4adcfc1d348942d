"""The year-end statement (bokslut) of one fund.

Movements are booked in the year of their own date; a reversal counts, negatively, in the
year of the reversal, so a closed year's figures never change. Hence
closing = opening + contributions + repayments + board write-downs − commitments + releases
(the balance as :data:`~socinv.core.ledger.balances.MOVES` defines it).

The statement also proposes the year's **earmarking** (öronmärkning), the rule of
:func:`proposed_earmarking`: what the fund took in during the year (contributions,
repayments and board-borne write-downs: the year's ramminskningar) is the surplus that the
closing marks and reserves for the fund, less what is already earmarked for the year;
never below zero.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from .balances import WRITE_DOWN_BOARD, entry_move, movement
from .chain import GENESIS_HASH
from .entries import Entry, EntryType, FundModel

T = EntryType


@dataclass(frozen=True, slots=True)
class YearEndStatement:
    fund: str
    year: int
    opening_available: int
    contributions: int
    commitments: int
    releases: int
    disbursements: int
    repayments: int
    repayments_by_board: dict[str, int]
    write_downs_by_bearer: dict[str, int]
    closing_available: int
    receivables_by_board: dict[str, int]  # at year end; empty in the budget model
    earmarked_surplus: int
    # the year's ramminskningar per board: repayments and board-borne write-downs
    frame_reductions_by_board: dict[str, int] = field(default_factory=dict)
    # the chain's head when the statement was made (the whole ledger, every year): printed
    # on the statement, so that a later cut of the ledger's tail is visible on paper
    entry_count: int = 0
    head: str = GENESIS_HASH

    @property
    def board_write_downs(self) -> int:
        """The year's write-downs borne by the boards (money back to the fund)."""
        return self.write_downs_by_bearer.get("board", 0)

    @property
    def movements(self) -> int:
        """Net change of the available balance over the year."""
        return (
            self.contributions
            + self.repayments
            + self.board_write_downs
            - self.commitments
            + self.releases
        )

    @property
    def proposed_earmarking(self) -> int:
        """The earmarking this statement proposes (see :func:`proposed_earmarking`)."""
        return proposed_earmarking(
            contributions=self.contributions,
            frame_reductions=sum(self.frame_reductions_by_board.values()),
            earmarked=self.earmarked_surplus,
        )


def proposed_earmarking(*, contributions: int, frame_reductions: int, earmarked: int) -> int:
    """The surplus to earmark for a year (öre): the year's contributions and ramminskningar
    (repayments and board-borne write-downs), less what is already earmarked for the year,
    never below zero. The closing marks the surplus and reserves it for the fund
    (*"Överskottet ska sedan markeras i bokslutet och öronmärkas"*)."""
    return max(0, contributions + frame_reductions - earmarked)


def _signed(entries: Sequence[Entry], fund: str) -> list[tuple[Entry, int, datetime.date]]:
    """(original entry, +1 or −1, booking date): each reversal as its target with sign −1."""
    by_id = {e.id: e for e in entries}
    out = []
    for e in entries:
        if e.fund != fund:
            continue
        if e.type is T.REVERSAL:
            target = by_id.get(e.reverses) if e.reverses is not None else None
            if target is not None and target.type is not T.REVERSAL:
                out.append((target, -1, e.date))
        else:
            out.append((e, 1, e.date))
    return out


def _available(rows: list[tuple[Entry, int, datetime.date]], before: datetime.date) -> int:
    return sum(sign * entry_move("available", e) for e, sign, d in rows if d < before)


def year_end_statement(
    entries: Sequence[Entry], fund: str, year: int, model: FundModel = FundModel.REPAYMENT
) -> YearEndStatement:
    rows = _signed(entries, fund)
    own = [e for e in entries if e.fund == fund]
    start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    sums = dict.fromkeys(T, 0)
    repay_board: dict[str, int] = {}
    wd_bearer: dict[str, int] = {}
    recv_board: dict[str, int] = {}
    frame_board: dict[str, int] = {}
    for e, sign, d in rows:
        a = sign * e.amount_ore
        board = e.board or ""
        if start <= d < end:
            sums[e.type] += a
            if e.type is T.REPAYMENT:
                repay_board[board] = repay_board.get(board, 0) + a
            elif e.type is T.WRITE_DOWN:
                # "board" only for the board's own; anything else is borne centrally
                key = "board" if movement(e) == WRITE_DOWN_BOARD else str(e.bearer or "")
                wd_bearer[key] = wd_bearer.get(key, 0) + a
            if reduction := sign * entry_move("frame_reductions", e):
                frame_board[board] = frame_board.get(board, 0) + reduction
        if d < end and model is FundModel.REPAYMENT and (move := entry_move("receivable", e)):
            recv_board[board] = recv_board.get(board, 0) + sign * move
    return YearEndStatement(
        fund=fund,
        year=year,
        opening_available=_available(rows, start),
        contributions=sums[T.CONTRIBUTION],
        commitments=sums[T.COMMITMENT],
        releases=sums[T.RELEASE],
        disbursements=sums[T.DISBURSEMENT],
        repayments=sums[T.REPAYMENT],
        repayments_by_board=repay_board,
        write_downs_by_bearer=wd_bearer,
        closing_available=_available(rows, end),
        receivables_by_board=recv_board,
        earmarked_surplus=sums[T.EARMARKING],
        frame_reductions_by_board=frame_board,
        entry_count=len(own),
        head=own[-1].hash if own else GENESIS_HASH,
    )
