"""Ledger entries: immutable values. Money is integer öre; the entry type gives the direction."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum


class EntryType(StrEnum):
    CONTRIBUTION = "contribution"  # avsättning
    COMMITMENT = "commitment"  # beviljat belopp
    RELEASE = "release"  # commitment release: unused commitment returned to available
    DISBURSEMENT = "disbursement"  # utbetalning
    REPAYMENT = "repayment"  # återföring
    WRITE_DOWN = "write_down"  # nedskrivning
    REVERSAL = "reversal"  # cancels one earlier entry
    EARMARKING = "earmarking"  # bokslut / öronmärkning: a year-end memo, no balance effect


class FundModel(StrEnum):
    REPAYMENT = "repayment"  # återföringsmodellen
    BUDGET = "budget"  # budgetmodellen


class Bearer(StrEnum):
    """Who carries a write-down (riskbärare)."""

    CENTRAL = "central"
    BOARD = "board"
    PROJECT_TYPE = "project_type"


@dataclass(frozen=True, slots=True)
class Decision:
    """The decision behind an entry: the deciding body, the date and the registration number."""

    body: str
    date: datetime.date
    dnr: str


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    fund: str
    type: EntryType
    date: datetime.date
    amount_ore: int
    recorded_by: str
    recorded_at: datetime.datetime
    project: str | None = None
    board: str | None = None
    decision: Decision | None = None
    note: str = ""
    bearer: Bearer | None = None
    reverses: int | None = None
    prev_hash: str = ""
    hash: str = ""

    def __post_init__(self) -> None:
        # accept plain strings from forms or the database; an unknown type is a programming
        # error (ValueError), an unknown bearer is left for the checks to report
        object.__setattr__(self, "type", EntryType(self.type))
        if isinstance(self.bearer, str) and self.bearer in Bearer._value2member_map_:
            object.__setattr__(self, "bearer", Bearer(self.bearer))
