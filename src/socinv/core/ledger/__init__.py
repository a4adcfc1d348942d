"""The fund ledger, pure and Django-free (standard library only).

Entries are immutable values, appended and never changed; balances are folded from the
entries on demand and never stored; invariant checks are pure functions that return every
problem at once as a list of ``LedgerError``. The database layer calls ``check_new_entry``
inside the transaction that inserts an entry, and ``seal`` to chain it.
"""

from .balances import (
    MOVES,
    WRITE_DOWN_BOARD,
    WRITE_DOWN_CENTRAL,
    State,
    Totals,
    available_to_commit,
    effective,
    entry_move,
    movement,
    outstanding_commitment,
    receivable,
    write_down_movement,
)
from .chain import (
    CHAIN_VERSION,
    GENESIS_HASH,
    canonical,
    canonical_instant,
    entry_hash,
    head,
    seal,
    seal_all,
    sealed_intact,
    verify_chain,
)
from .checks import (
    check_against,
    check_amount,
    check_commitment_period,
    check_ledger,
    check_new_entry,
)
from .entries import Bearer, Decision, Entry, EntryType, FundModel
from .errors import ErrorCode, LedgerError
from .statement import YearEndStatement, proposed_earmarking, year_end_statement

__all__ = [
    "MOVES",
    "WRITE_DOWN_BOARD",
    "WRITE_DOWN_CENTRAL",
    "State",
    "Totals",
    "check_against",
    "check_amount",
    "check_commitment_period",
    "entry_move",
    "movement",
    "write_down_movement",
    "proposed_earmarking",
    "CHAIN_VERSION",
    "GENESIS_HASH",
    "Bearer",
    "Decision",
    "Entry",
    "EntryType",
    "ErrorCode",
    "FundModel",
    "LedgerError",
    "YearEndStatement",
    "available_to_commit",
    "canonical",
    "canonical_instant",
    "check_ledger",
    "check_new_entry",
    "effective",
    "entry_hash",
    "head",
    "outstanding_commitment",
    "receivable",
    "seal",
    "seal_all",
    "sealed_intact",
    "verify_chain",
    "year_end_statement",
]
