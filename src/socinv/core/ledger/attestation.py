"""Attestation (separation of duties, a municipality's attestreglemente): a disbursement or
a repayment above the fund's threshold is only preliminary when booked; it enters the
ledger (and moves balances) when a second person attests it. The one who booked it can
neither attest nor reject it.

Pure and Django-free; the fund app keeps the preliminary bookings outside the hash-chained
ledger and calls these rules (``socinv.fund.services.record_entry``, ``attest_booking``,
``reject_booking``)."""

from __future__ import annotations

from socinv.core.limits import MAX_ATTESTATION_THRESHOLD_ORE
from socinv.core.problems import Problem

from .entries import EntryType

# the entry types that need a second person's attestation above the threshold
ATTESTED_TYPES = frozenset({EntryType.DISBURSEMENT, EntryType.REPAYMENT})

PRELIMINARY = "preliminary"
ATTESTED = "attested"
REJECTED = "rejected"


def needs_attestation(type: str, amount_ore: int, threshold_ore: int) -> bool:
    """Whether a booking of ``type`` and ``amount_ore`` waits for attestation."""
    return type in ATTESTED_TYPES and amount_ore > threshold_ore


def check_threshold(threshold_ore) -> list[Problem]:
    """A fund's attestation threshold: whole öre from 0 up to one entry's bound."""
    if (
        not isinstance(threshold_ore, int)
        or isinstance(threshold_ore, bool)
        or not 0 <= threshold_ore <= MAX_ATTESTATION_THRESHOLD_ORE
    ):
        return [
            Problem(
                "threshold_out_of_range",
                "threshold_ore",
                {"min": 0, "max": MAX_ATTESTATION_THRESHOLD_ORE},
            )
        ]
    return []


def check_decision(*, booked_by: str, decided_by: str, status: str) -> list[Problem]:
    """Whether ``decided_by`` may attest or reject a booking that ``booked_by`` made and
    that is in ``status``: only a preliminary booking, and never by the one who booked it."""
    problems = []
    if status != PRELIMINARY:
        problems.append(Problem("booking_not_preliminary", None, {"status": status}))
    if booked_by == decided_by:
        problems.append(Problem("attest_own_booking", None))
    return problems
