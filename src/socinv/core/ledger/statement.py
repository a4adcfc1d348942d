"""The year-end statement (bokslut) of one fund.

Movements are booked in the year of their own date; a reversal counts, negatively, in the
year of the reversal, so a closed year's figures never change. Hence
closing = opening + contributions + repayments − commitments + releases.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

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
    # the chain's head when the statement was made (the whole ledger, every year): printed
    # on the statement, so that a later cut of the ledger's tail is visible on paper
    entry_count: int = 0
    head: str = GENESIS_HASH

    @property
    def movements(self) -> int:
        """Net change of the available balance over the year."""
        return self.contributions + self.repayments - self.commitments + self.releases


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
    total = 0
    for e, sign, d in rows:
        if d >= before:
            continue
        if e.type in (T.CONTRIBUTION, T.REPAYMENT, T.RELEASE):
            total += sign * e.amount_ore
        elif e.type is T.COMMITMENT:
            total -= sign * e.amount_ore
    return total


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
    for e, sign, d in rows:
        a = sign * e.amount_ore
        if start <= d < end:
            sums[e.type] += a
            if e.type is T.REPAYMENT:
                repay_board[e.board or ""] = repay_board.get(e.board or "", 0) + a
            elif e.type is T.WRITE_DOWN:
                key = str(e.bearer or "")
                wd_bearer[key] = wd_bearer.get(key, 0) + a
        if d < end and model is FundModel.REPAYMENT:
            if e.type is T.DISBURSEMENT:
                recv_board[e.board or ""] = recv_board.get(e.board or "", 0) + a
            elif e.type in (T.REPAYMENT, T.WRITE_DOWN):
                recv_board[e.board or ""] = recv_board.get(e.board or "", 0) - a
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
        entry_count=len(own),
        head=own[-1].hash if own else GENESIS_HASH,
    )
