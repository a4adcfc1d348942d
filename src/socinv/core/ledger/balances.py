"""Balances, folded from entries on demand and never stored.

A reversal cancels its target's effect in every balance: both are netted out.

- available to commit (per fund) = contributions + repayments − commitments + releases.
  Write-downs do not touch it: the money left the fund when it was committed, so a
  write-down only reduces the receivable (the fund no longer expects it back).
  Disbursements do not touch it either: they draw on the commitment, already deducted.
- outstanding commitment (per project) = commitments − releases − disbursements.
- receivable (per project, optionally per board; repayment model only)
  = disbursements − repayments − write-downs.
- earmarking entries are year-end memos with no effect on any balance.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .entries import Entry, EntryType

T = EntryType


def effective(entries: Iterable[Entry]) -> list[Entry]:
    """The entries that count: reversals and the entries they reverse are left out."""
    entries = list(entries)
    reversed_ids = {e.reverses for e in entries if e.type is T.REVERSAL}
    return [e for e in entries if e.type is not T.REVERSAL and e.id not in reversed_ids]


def available_to_commit(entries: Iterable[Entry], fund: str) -> int:
    total = 0
    for e in effective(entries):
        if e.fund != fund:
            continue
        if e.type in (T.CONTRIBUTION, T.REPAYMENT, T.RELEASE):
            total += e.amount_ore
        elif e.type is T.COMMITMENT:
            total -= e.amount_ore
    return total


def outstanding_commitment(entries: Iterable[Entry], project: str) -> int:
    total = 0
    for e in effective(entries):
        if e.project != project:
            continue
        if e.type is T.COMMITMENT:
            total += e.amount_ore
        elif e.type in (T.RELEASE, T.DISBURSEMENT):
            total -= e.amount_ore
    return total


def receivable(entries: Iterable[Entry], project: str, board: str | None = None) -> int:
    """What the project's boards (or the one ``board``) still owe the fund (repayment model)."""
    total = 0
    for e in effective(entries):
        if e.project != project or (board is not None and e.board != board):
            continue
        if e.type is T.DISBURSEMENT:
            total += e.amount_ore
        elif e.type in (T.REPAYMENT, T.WRITE_DOWN):
            total -= e.amount_ore
    return total


@dataclass(frozen=True, slots=True)
class Effect:
    """The change one entry makes to the balances (signs already applied)."""

    available: dict[str, int]
    outstanding: dict[str, int]
    receivable: dict[tuple[str, str | None], int]


def effect(e: Entry, sign: int = 1) -> Effect:
    """The effect of a non-reversal entry; ``sign=-1`` gives the effect of reversing it."""
    a = sign * e.amount_ore
    avail: dict[str, int] = {}
    out: dict[str, int] = {}
    recv: dict[tuple[str, str | None], int] = {}
    p = e.project or ""
    if e.type is T.CONTRIBUTION:
        avail[e.fund] = a
    elif e.type is T.COMMITMENT:
        avail[e.fund] = -a
        out[p] = a
    elif e.type is T.RELEASE:
        avail[e.fund] = a
        out[p] = -a
    elif e.type is T.DISBURSEMENT:
        out[p] = -a
        recv[(p, e.board)] = a
    elif e.type is T.REPAYMENT:
        avail[e.fund] = a
        recv[(p, e.board)] = -a
    elif e.type is T.WRITE_DOWN:
        recv[(p, e.board)] = -a
    return Effect(avail, out, recv)


class State:
    """Running balances while replaying a ledger in order (used by the checks)."""

    def __init__(self) -> None:
        self.available: dict[str, int] = {}
        self.outstanding: dict[str, int] = {}
        self.receivable: dict[tuple[str, str | None], int] = {}
        self.by_id: dict[int, Entry] = {}
        self.reversed: set[int] = set()
        self.project_fund: dict[str, str] = {}
        self.last_id: int | None = None

    @classmethod
    def of(cls, entries: Sequence[Entry]) -> State:
        s = cls()
        for e in entries:
            s.apply(e)
        return s

    def effect_of(self, e: Entry) -> Effect | None:
        if e.type is T.REVERSAL:
            target = self.by_id.get(e.reverses) if e.reverses is not None else None
            if target is None or target.type is T.REVERSAL or target.id in self.reversed:
                return None
            return effect(target, -1)
        return effect(e)

    def apply(self, e: Entry) -> None:
        eff = self.effect_of(e)
        if eff is not None:
            for k, v in eff.available.items():
                self.available[k] = self.available.get(k, 0) + v
            for k, v in eff.outstanding.items():
                self.outstanding[k] = self.outstanding.get(k, 0) + v
            for k, v in eff.receivable.items():
                self.receivable[k] = self.receivable.get(k, 0) + v
            if e.type is T.REVERSAL and e.reverses is not None:
                self.reversed.add(e.reverses)
        self.by_id.setdefault(e.id, e)
        if e.project is not None:
            self.project_fund.setdefault(e.project, e.fund)
        self.last_id = e.id if self.last_id is None else max(self.last_id, e.id)
