"""Balances, folded from entries on demand and never stored.

Every balance is defined once, in :data:`MOVES`: how each entry type moves it. The pure
fold here (:class:`Totals` of a list of entries, and :class:`State` replayed entry by
entry) and the database's grouped sums (:mod:`socinv.fund.selectors`, which feeds its sums
per type into :meth:`Totals.of`) use these same rows; a property test checks that they agree.

A reversal cancels its target's effect in every balance: both are netted out.

- available to commit (per fund) = contributions + repayments − commitments + releases.
  Write-downs do not touch it: the money left the fund when it was committed, so a
  write-down only reduces the receivable (the fund no longer expects it back).
  Disbursements do not touch it either: they draw on the commitment, already deducted.
- committed (net) = commitments − releases.
- outstanding commitment (per project) = commitments − releases − disbursements.
- receivable (per project, optionally per board; repayment model only)
  = disbursements − repayments − write-downs.
- earmarking entries are year-end memos with no effect on any balance.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .entries import Entry, EntryType

T = EntryType

# balance → entry type → +1 (the entry adds its amount) or −1 (it takes its amount off)
MOVES: dict[str, dict[EntryType, int]] = {
    "available": {T.CONTRIBUTION: 1, T.REPAYMENT: 1, T.RELEASE: 1, T.COMMITMENT: -1},
    "committed": {T.COMMITMENT: 1, T.RELEASE: -1},
    "outstanding": {T.COMMITMENT: 1, T.RELEASE: -1, T.DISBURSEMENT: -1},
    "receivable": {T.DISBURSEMENT: 1, T.REPAYMENT: -1, T.WRITE_DOWN: -1},
}


def _move(balance: str, by_type: Mapping[EntryType, int]) -> int:
    return sum(sign * by_type.get(t, 0) for t, sign in MOVES[balance].items())


@dataclass(frozen=True, slots=True)
class Totals:
    """Money (öre) by entry type, effective entries only, and the balances derived from
    it by :data:`MOVES`."""

    contributions: int = 0
    commitments: int = 0
    releases: int = 0
    disbursements: int = 0
    repayments: int = 0
    write_downs: int = 0

    @classmethod
    def of(cls, by_type: Mapping[str, int]) -> Totals:
        """From sums per entry type (the type's value or the enum member as the key)."""
        get = {T(k): v for k, v in by_type.items() if k in T._value2member_map_}.get
        return cls(
            contributions=get(T.CONTRIBUTION, 0),
            commitments=get(T.COMMITMENT, 0),
            releases=get(T.RELEASE, 0),
            disbursements=get(T.DISBURSEMENT, 0),
            repayments=get(T.REPAYMENT, 0),
            write_downs=get(T.WRITE_DOWN, 0),
        )

    @classmethod
    def of_entries(cls, entries: Iterable[Entry]) -> Totals:
        """The totals of ``entries``' effective entries (reversed pairs left out)."""
        by_type: dict[str, int] = {}
        for e in effective(entries):
            by_type[e.type] = by_type.get(e.type, 0) + e.amount_ore
        return cls.of(by_type)

    def _by_type(self) -> dict[EntryType, int]:
        return {
            T.CONTRIBUTION: self.contributions,
            T.COMMITMENT: self.commitments,
            T.RELEASE: self.releases,
            T.DISBURSEMENT: self.disbursements,
            T.REPAYMENT: self.repayments,
            T.WRITE_DOWN: self.write_downs,
        }

    @property
    def available(self) -> int:
        """Available to commit = contributions + repayments − commitments + releases."""
        return _move("available", self._by_type())

    @property
    def committed(self) -> int:
        """Net commitments (commitments − releases)."""
        return _move("committed", self._by_type())

    @property
    def outstanding(self) -> int:
        """Outstanding commitments = commitments − releases − disbursements."""
        return _move("outstanding", self._by_type())

    @property
    def receivable(self) -> int:
        """Receivable = disbursements − repayments − write-downs (repayment model)."""
        return _move("receivable", self._by_type())


def effective(entries: Iterable[Entry]) -> list[Entry]:
    """The entries that count: reversals and the entries they reverse are left out."""
    entries = list(entries)
    reversed_ids = {e.reverses for e in entries if e.type is T.REVERSAL}
    return [e for e in entries if e.type is not T.REVERSAL and e.id not in reversed_ids]


def available_to_commit(entries: Iterable[Entry], fund: str) -> int:
    return Totals.of_entries(e for e in entries if e.fund == fund).available


def outstanding_commitment(entries: Iterable[Entry], project: str) -> int:
    return Totals.of_entries(e for e in entries if e.project == project).outstanding


def receivable(entries: Iterable[Entry], project: str, board: str | None = None) -> int:
    """What the project's boards (or the one ``board``) still owe the fund (repayment model)."""
    return Totals.of_entries(
        e for e in entries if e.project == project and (board is None or e.board == board)
    ).receivable


@dataclass(frozen=True, slots=True)
class Effect:
    """The change one entry makes to the balances (signs already applied)."""

    available: dict[str, int]
    outstanding: dict[str, int]
    receivable: dict[tuple[str, str | None], int]


def effect(e: Entry, sign: int = 1) -> Effect:
    """The effect of a non-reversal entry; ``sign=-1`` gives the effect of reversing it."""

    def moved(balance: str) -> int | None:
        s = MOVES[balance].get(e.type)
        return None if s is None else sign * s * e.amount_ore

    p = e.project or ""
    avail, out, recv = moved("available"), moved("outstanding"), moved("receivable")
    return Effect(
        {} if avail is None else {e.fund: avail},
        {} if out is None else {p: out},
        {} if recv is None else {(p, e.board): recv},
    )


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
