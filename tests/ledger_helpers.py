"""Booking in tests that are not about attestation: :func:`record_attested` books as
:func:`socinv.fund.services.record_entry` does (the same permission, rules and refusals)
and, when the attestation rule holds the booking back (a disbursement or repayment above
the fund's threshold), has a second economist of the fund's organisation attest it, so
that the test gets the ledger entry as a municipality's two people would have made it."""

from __future__ import annotations

from socinv.fund.models import LedgerEntry, PreliminaryBooking
from socinv.fund.services import attest_booking, record_entry


def attester(fund):
    """A second economist of ``fund``'s organisation (made the first time it is needed)."""
    from django.contrib.auth import get_user_model

    from socinv.accounts.models import Membership

    user, made = get_user_model().objects.get_or_create(
        username=f"attester-{fund.organisation_id}",
        defaults={"first_name": "Lars", "last_name": "Åberg"},
    )
    if made:
        Membership.objects.create(user=user, organisation=fund.organisation, role="economist")
    return user


def record_attested(**entry) -> LedgerEntry:
    booked = record_entry(**entry)
    if isinstance(booked, PreliminaryBooking):
        return attest_booking(acting_user=attester(booked.fund), booking=booked)
    return booked
