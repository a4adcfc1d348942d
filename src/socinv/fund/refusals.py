"""The words for a booking the ledger refuses: the one place that turns the core's
:class:`~socinv.core.ledger.LedgerError` values into a
:class:`~socinv.core.problems.Refused` (a stable code, the field, the message in the
user's language; money in the params is öre and is shown in kronor).

:func:`socinv.fund.services.record_entry` raises it; the booking page, the API and the
services that book (decisions, repayments, write-downs) pass it on as it is. The report of
a ledger's verification (entry numbers, öre) is worded by :mod:`socinv.l10n.messages`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import get_language, gettext

from socinv.core.ledger import ErrorCode, LedgerError
from socinv.core.limits import MAX_ENTRY_ORE, MAX_LEDGER_ENTRIES
from socinv.core.problems import Refusal, Refused
from socinv.l10n import format_number
from socinv.l10n.messages import describe
from socinv.web.i18n import current_lang, ore_to_text
from socinv.web.refusals import amount_too_large_message

C = ErrorCode

# The fields of record_entry a refusal can be about (a form or the API names its own; the
# ledger's other fields, such as the entry's number, concern the whole booking).
FIELDS = {"type", "date", "amount_ore", "project", "board", "bearer", "reverses"}


def ledger_message(error: LedgerError) -> str:
    """The sentence for one of the ledger's refusals, in the user's language."""
    p = dict(error.params or {})
    messages = {
        C.AMOUNT_NOT_POSITIVE: gettext("The amount must be greater than zero."),
        C.AMOUNT_TOO_LARGE: amount_too_large_message(p.get("max_ore", MAX_ENTRY_ORE)),
        C.LEDGER_FULL: gettext(
            "The fund's ledger is full (at most %(max)s entries): start a new fund."
        )
        % {"max": format_number(p.get("max_entries", MAX_LEDGER_ENTRIES), lang=current_lang())},
        C.PROJECT_REQUIRED: gettext("This type of entry must name a project."),
        C.BOARD_REQUIRED: gettext(
            "This type of entry must name a board (for a disbursement in the repayment model, the board that will repay it)."
        ),
        C.BEARER_REQUIRED: gettext("A write-down must say who bears it."),
        C.BEARER_INVALID: gettext("Unknown risk bearer: choose central, board or by project type."),
        C.BEARER_NOT_ALLOWED: gettext("Only a write-down has a risk bearer."),
        C.REVERSES_REQUIRED: gettext("A reversal must give the number of the entry it cancels."),
        C.REVERSES_NOT_ALLOWED: gettext("Only a reversal points at another entry."),
        C.NOT_IN_BUDGET_MODEL: gettext(
            "The budget model has no repayments or receivables, so this type of entry cannot be booked in this fund."
        ),
        C.COMMITMENT_AFTER_PERIOD: gettext(
            "The fund follows the budget model and its period ended on %(period_end)s: nothing can be committed after it. When all the money is allocated, the council tops the fund up or winds it down."
        )
        % {"period_end": p.get("period_end", "")},
        C.PROJECT_IN_OTHER_FUND: gettext("The project belongs to another fund."),
        C.REVERSAL_TARGET_MISSING: gettext(
            "There is no earlier entry with this number to reverse."
        ),
        C.REVERSAL_TARGET_OTHER_FUND: gettext("The entry to reverse belongs to another fund."),
        C.REVERSAL_TARGET_ALREADY_REVERSED: gettext("This entry has already been reversed."),
        C.REVERSAL_OF_REVERSAL: gettext(
            "This entry is itself a reversal and cannot be reversed; book the original entry again instead."
        ),
        C.REVERSAL_AMOUNT_MISMATCH: gettext(
            "A reversal must have the amount of the entry it cancels: %(expected)s."
        )
        % {"expected": ore_to_text(p.get("expected"))},
        C.REVERSAL_PROJECT_MISMATCH: gettext(
            "A reversal must name the same project and board as the entry it cancels."
        ),
        C.REVERSAL_BREAKS_BALANCE: gettext(
            "Reversing this entry would make a balance negative: the money has already been used."
        ),
        C.EXCEEDS_AVAILABLE: gettext(
            "The amount exceeds the %(available)s available to commit in the fund."
        )
        % {"available": ore_to_text(p.get("available", 0))},
        C.EXCEEDS_OUTSTANDING_COMMITMENT: gettext(
            "The amount exceeds the project's outstanding commitment of %(outstanding)s."
        )
        % {"outstanding": ore_to_text(p.get("outstanding", 0))},
        C.EXCEEDS_RECEIVABLE: gettext(
            "The amount exceeds the %(receivable)s that the board owes the fund for this project."
        )
        % {"receivable": ore_to_text(p.get("receivable", 0))},
    }
    if error.code in messages:
        return messages[error.code]
    return gettext("The ledger refused the entry: %(reason)s") % {
        "reason": describe(error, get_language())
    }


def ledger_refusal(error: LedgerError) -> Refusal:
    field = error.field if error.field in FIELDS else None
    return Refusal(str(error.code), field, ledger_message(error))


def ledger_refused(errors: Iterable[LedgerError]) -> Refused:
    """One :class:`Refusal` per ledger error (code, record_entry's field, the words)."""
    return Refused(ledger_refusal(e) for e in errors)
