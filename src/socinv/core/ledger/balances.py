"""Balances, folded from entries on demand and never stored.

Every balance is defined once, in :data:`MOVES`: how each entry type moves it. The pure
fold here (:class:`Totals` of a list of entries, and :class:`State` replayed entry by
entry) and the database's grouped sums (:mod:`socinv.fund.selectors`, which feeds its sums
per type into :meth:`Totals.of`) use these same rows; a property test checks that they agree.

A reversal cancels its target's effect in every balance: both are netted out.

A write-down moves the balances by who bears it (the report's repayment model,
*Organisering och styrning av sociala investeringar*, section 2.5): the :func:`movement` of
an entry is its type, except that a write-down is ``write_down_board`` when its bearer is
the board and ``write_down_central`` otherwise (central, or a bearer left as "by project
type", which the fund has not resolved to a board: the cautious reading, a loss).

- A write-down borne by the **board** is a ramminskning like a repayment: the board is
  *återföringsskyldig oavsett projektutfall*, it pays what is left from its budget frame,
  so the money comes back to the fund (available to commit and money in the fund rise, the
  receivable falls). The fund's capital is unchanged.
- A **central** write-down is the fund's loss: the receivable falls and nothing comes back;
  the fund's capital falls by the amount.

The balances:

- available to commit (per fund) = contributions + repayments + board write-downs
  − commitments + releases. Disbursements do not touch it: they draw on the commitment,
  already deducted. A central write-down does not either: the money left the fund when it
  was committed.
- committed (net) = commitments − releases.
- outstanding commitment (per project) = commitments − releases − disbursements.
- receivable (per project, optionally per board; repayment model only)
  = disbursements − repayments − board write-downs − central write-downs.
- money in the fund (medel i fonden: what the fund holds, committed or not)
  = contributions + repayments + board write-downs − disbursements.
- capital (repayment model: the money in the fund and what the boards owe it)
  = contributions − central write-downs; it equals money in the fund + receivable.
- frame reductions (ramminskning, per board) = repayments + board write-downs.
- earmarking entries are year-end memos with no effect on any balance.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .entries import Bearer, Entry, EntryType

T = EntryType

# the two movements a write-down can be, by its bearer (every other entry moves as its type)
WRITE_DOWN_BOARD = "write_down_board"
WRITE_DOWN_CENTRAL = "write_down_central"


def write_down_movement(bearer: object) -> str:
    """``write_down_board`` for a write-down the board bears, else ``write_down_central``."""
    return WRITE_DOWN_BOARD if bearer == Bearer.BOARD else WRITE_DOWN_CENTRAL


def movement(e: Entry) -> str:
    """How ``e`` moves the balances: its type, or for a write-down, by its bearer."""
    return write_down_movement(e.bearer) if e.type is T.WRITE_DOWN else str(e.type)


BW, CW = WRITE_DOWN_BOARD, WRITE_DOWN_CENTRAL

# balance → movement → +1 (the entry adds its amount) or −1 (it takes its amount off)
MOVES: dict[str, dict[str, int]] = {
    "available": {T.CONTRIBUTION: 1, T.REPAYMENT: 1, BW: 1, T.RELEASE: 1, T.COMMITMENT: -1},
    "committed": {T.COMMITMENT: 1, T.RELEASE: -1},
    "outstanding": {T.COMMITMENT: 1, T.RELEASE: -1, T.DISBURSEMENT: -1},
    "receivable": {T.DISBURSEMENT: 1, T.REPAYMENT: -1, BW: -1, CW: -1},
    "fund_money": {T.CONTRIBUTION: 1, T.REPAYMENT: 1, BW: 1, T.DISBURSEMENT: -1},
    "capital": {T.CONTRIBUTION: 1, CW: -1},
    "frame_reductions": {T.REPAYMENT: 1, BW: 1},
}


def _move(balance: str, by_movement: Mapping[str, int]) -> int:
    return sum(sign * by_movement.get(m, 0) for m, sign in MOVES[balance].items())


def entry_move(balance: str, e: Entry) -> int:
    """How much ``e`` (a non-reversal entry) moves ``balance`` (signed öre)."""
    return MOVES[balance].get(movement(e), 0) * e.amount_ore


@dataclass(frozen=True, slots=True)
class Totals:
    """Money (öre) by movement, effective entries only, and the balances derived from
    it by :data:`MOVES`."""

    contributions: int = 0
    commitments: int = 0
    releases: int = 0
    disbursements: int = 0
    repayments: int = 0
    write_downs_board: int = 0
    write_downs_central: int = 0

    @classmethod
    def of(cls, by_movement: Mapping[str, int]) -> Totals:
        """From sums per movement (an entry type's value or member, ``write_down_board``,
        ``write_down_central``). A sum under plain ``write_down`` (no bearer known) counts
        as central."""
        get = {str(k): v for k, v in by_movement.items()}.get
        return cls(
            contributions=get(T.CONTRIBUTION, 0),
            commitments=get(T.COMMITMENT, 0),
            releases=get(T.RELEASE, 0),
            disbursements=get(T.DISBURSEMENT, 0),
            repayments=get(T.REPAYMENT, 0),
            write_downs_board=get(BW, 0),
            write_downs_central=get(CW, 0) + get(T.WRITE_DOWN, 0),
        )

    @classmethod
    def of_entries(cls, entries: Iterable[Entry]) -> Totals:
        """The totals of ``entries``' effective entries (reversed pairs left out)."""
        by_movement: dict[str, int] = {}
        for e in effective(entries):
            m = movement(e)
            by_movement[m] = by_movement.get(m, 0) + e.amount_ore
        return cls.of(by_movement)

    def _by_movement(self) -> dict[str, int]:
        return {
            T.CONTRIBUTION: self.contributions,
            T.COMMITMENT: self.commitments,
            T.RELEASE: self.releases,
            T.DISBURSEMENT: self.disbursements,
            T.REPAYMENT: self.repayments,
            BW: self.write_downs_board,
            CW: self.write_downs_central,
        }

    @property
    def write_downs(self) -> int:
        """Every write-down, whoever bears it."""
        return self.write_downs_board + self.write_downs_central

    @property
    def available(self) -> int:
        """Available to commit = contributions + repayments + board write-downs
        − commitments + releases."""
        return _move("available", self._by_movement())

    @property
    def committed(self) -> int:
        """Net commitments (commitments − releases)."""
        return _move("committed", self._by_movement())

    @property
    def outstanding(self) -> int:
        """Outstanding commitments = commitments − releases − disbursements."""
        return _move("outstanding", self._by_movement())

    @property
    def receivable(self) -> int:
        """Receivable = disbursements − repayments − write-downs (repayment model)."""
        return _move("receivable", self._by_movement())

    @property
    def fund_money(self) -> int:
        """Money in the fund = contributions + repayments + board write-downs
        − disbursements."""
        return _move("fund_money", self._by_movement())

    @property
    def capital(self) -> int:
        """The fund's capital = contributions − central write-downs (repayment model)."""
        return _move("capital", self._by_movement())

    @property
    def frame_reductions(self) -> int:
        """Ramminskning decided = repayments + board write-downs."""
        return _move("frame_reductions", self._by_movement())


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
        s = MOVES[balance].get(movement(e))
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
