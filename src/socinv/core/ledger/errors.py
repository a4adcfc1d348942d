"""Ledger errors: a stable code, the field it concerns and the values its sentence needs.

The core never words an error: ``socinv.l10n.messages.describe(error, lang)`` does, from one
English template per code (a gettext msgid). ``params["variant"]``, when present, picks one
of a code's wordings (e.g. which balance a reversal would break)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    # shape of a single entry
    AMOUNT_NOT_POSITIVE = "amount_not_positive"
    AMOUNT_TOO_LARGE = "amount_too_large"  # above socinv.core.limits.MAX_ENTRY_ORE
    FUND_REQUIRED = "fund_required"
    PROJECT_REQUIRED = "project_required"
    BOARD_REQUIRED = "board_required"
    BEARER_REQUIRED = "bearer_required"
    BEARER_INVALID = "bearer_invalid"
    BEARER_NOT_ALLOWED = "bearer_not_allowed"
    REVERSES_REQUIRED = "reverses_required"
    REVERSES_NOT_ALLOWED = "reverses_not_allowed"
    ID_NOT_INCREASING = "id_not_increasing"
    LEDGER_FULL = "ledger_full"  # beyond socinv.core.limits.MAX_LEDGER_ENTRIES
    # model
    NOT_IN_BUDGET_MODEL = "not_in_budget_model"
    PROJECT_IN_OTHER_FUND = "project_in_other_fund"
    COMMITMENT_AFTER_PERIOD = "commitment_after_period"  # budget model: after period_end
    # reversals
    REVERSAL_TARGET_MISSING = "reversal_target_missing"
    REVERSAL_TARGET_OTHER_FUND = "reversal_target_other_fund"
    REVERSAL_TARGET_ALREADY_REVERSED = "reversal_target_already_reversed"
    REVERSAL_OF_REVERSAL = "reversal_of_reversal"
    REVERSAL_AMOUNT_MISMATCH = "reversal_amount_mismatch"
    REVERSAL_PROJECT_MISMATCH = "reversal_project_mismatch"
    REVERSAL_BREAKS_BALANCE = "reversal_breaks_balance"
    # balances
    EXCEEDS_AVAILABLE = "exceeds_available"
    EXCEEDS_OUTSTANDING_COMMITMENT = "exceeds_outstanding_commitment"
    EXCEEDS_RECEIVABLE = "exceeds_receivable"
    # hash chain
    CHAIN_LINK_MISMATCH = "chain_link_mismatch"
    HASH_MISMATCH = "hash_mismatch"
    CHAIN_HEAD_MISMATCH = "chain_head_mismatch"


@dataclass(frozen=True, slots=True)
class LedgerError:
    code: ErrorCode
    field: str
    entry_id: int | None = None
    # the values the sentence needs (socinv.l10n words it in the user's language)
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:  # for logs and tracebacks; people read socinv.l10n's sentence
        where = f"entry {self.entry_id}: " if self.entry_id is not None else ""
        what = f"{self.code} {self.params}" if self.params else str(self.code)
        return f"{where}{self.field}: {what}"
