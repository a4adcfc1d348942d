"""Attestation (issue 13): a disbursement or a repayment above the fund's threshold is
preliminary until a second person attests it; only then does it enter the ledger and move
the balances. The one who booked it can neither attest nor reject it; the owner decides
but does not book."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from socinv.accounts.models import Membership
from socinv.core.ledger import Decision
from socinv.core.ledger.attestation import check_decision, check_threshold, needs_attestation
from socinv.core.limits import ATTESTATION_THRESHOLD_DEFAULT_ORE, MAX_ATTESTATION_THRESHOLD_ORE
from socinv.core.problems import Refused
from socinv.fund import selectors
from socinv.fund.models import AttestationSettings, LedgerEntry, PreliminaryBooking
from socinv.fund.services import (
    attest_booking,
    record_entry,
    reject_booking,
    verify_fund,
)
from socinv.web import once

PASSWORD = "Hemligt-lösen-2026"

pytestmark = pytest.mark.django_db

D = datetime.date(2026, 3, 1)
KF = Decision("Kommunfullmäktige", datetime.date(2026, 2, 20), "KS 2026/117")
BIG = 25_000_000  # 250 000 kr: above the default threshold of 100 000 kr


@pytest.fixture
def p(personas):
    """The personas with a second economist and a funded, committed project."""
    second = get_user_model().objects.create_user(
        "economist2", password=PASSWORD, first_name="Lars", last_name="Åberg"
    )
    Membership.objects.create(user=second, organisation=personas.organisation, role="economist")
    personas.users["economist2"] = second
    eco = personas["economist"]
    for type, ore, project in [
        ("contribution", 100_000_000, None),
        ("commitment", 60_000_000, personas.own_project),
    ]:
        record_entry(
            acting_user=eco,
            fund=personas.fund,
            type=type,
            date=D,
            amount_ore=ore,
            project=project,
            decision=KF,
        )
    return personas


def disburse(p, user, ore=BIG):
    return record_entry(
        acting_user=user,
        fund=p.fund,
        type="disbursement",
        date=D,
        amount_ore=ore,
        project=p.own_project,
        board=p.social_board,
        decision=KF,
        note="Första utbetalningen",
    )


def disbursed(p) -> int:
    return selectors.fund_totals(p.fund).disbursements


def test_the_core_rule():
    assert needs_attestation("disbursement", 100_000_01, 100_000_00)
    assert not needs_attestation("disbursement", 100_000_00, 100_000_00)
    assert needs_attestation("repayment", 2, 1)
    assert not needs_attestation("commitment", 10**9, 0)
    assert [
        x.code for x in check_decision(booked_by="1", decided_by="1", status="preliminary")
    ] == ["attest_own_booking"]
    assert check_decision(booked_by="1", decided_by="2", status="preliminary") == []
    assert [x.code for x in check_decision(booked_by="1", decided_by="2", status="attested")] == [
        "booking_not_preliminary"
    ]
    assert check_threshold(0) == [] and check_threshold(MAX_ATTESTATION_THRESHOLD_ORE) == []
    assert check_threshold(-1) and check_threshold(MAX_ATTESTATION_THRESHOLD_ORE + 1)
    assert check_threshold(True) and check_threshold(1.5)


def test_booked_by_one_refused_to_the_same_attested_by_a_second_then_balances_move(p):
    """The issue's done-when, through the services."""
    count = p.fund.entries.count()
    booking = disburse(p, p["economist"])
    assert isinstance(booking, PreliminaryBooking)
    assert booking.status == "preliminary"
    # outside the ledger: no entry, no balance moved
    assert p.fund.entries.count() == count and disbursed(p) == 0
    assert list(selectors.awaiting_attestation(p.fund)) == [booking]

    with pytest.raises(Refused) as refused:
        attest_booking(acting_user=p["economist"], booking=booking)
    assert [r.code for r in refused.value.refusals] == ["attest_own_booking"]
    with pytest.raises(Refused):
        reject_booking(acting_user=p["economist"], booking=booking, reason="Fel belopp")
    assert p.fund.entries.count() == count and disbursed(p) == 0

    entry = attest_booking(acting_user=p["economist2"], booking=booking)
    assert isinstance(entry, LedgerEntry)
    assert (entry.type, entry.amount_ore, entry.project, entry.board) == (
        "disbursement",
        BIG,
        p.own_project,
        p.social_board,
    )
    assert entry.recorded_by == p["economist"]  # who booked it
    assert (entry.decision_dnr, entry.note) == ("KS 2026/117", "Första utbetalningen")
    booking.refresh_from_db()
    assert (booking.status, booking.decided_by, booking.entry) == (
        "attested",
        p["economist2"],
        entry,
    )
    assert disbursed(p) == BIG and p.fund.entries.count() == count + 1
    assert verify_fund(p.fund) == []  # the chain holds
    assert list(selectors.awaiting_attestation(p.fund)) == []
    # once only
    with pytest.raises(Refused) as refused:
        attest_booking(acting_user=p["economist2"], booking=booking)
    assert [r.code for r in refused.value.refusals] == ["booking_not_preliminary"]
    # the history keeps each step, attributed
    steps = list(booking.history.order_by("history_date").values_list("status", "history_user"))
    assert steps == [("preliminary", p["economist"].pk), ("attested", p["economist2"].pk)]


def test_at_or_below_the_threshold_and_other_types_are_booked_at_once(p):
    entry = disburse(p, p["economist"], ATTESTATION_THRESHOLD_DEFAULT_ORE)
    assert isinstance(entry, LedgerEntry)
    assert disbursed(p) == ATTESTATION_THRESHOLD_DEFAULT_ORE
    big_commitment = record_entry(
        acting_user=p["economist"],
        fund=p.fund,
        type="commitment",
        date=D,
        amount_ore=BIG,
        project=p.own_project,
        decision=KF,
    )
    assert isinstance(big_commitment, LedgerEntry)


def test_the_threshold_is_the_funds_setting(p):
    AttestationSettings.objects.create(fund=p.fund, threshold_ore=30_000_000)
    assert isinstance(disburse(p, p["economist"]), LedgerEntry)
    assert isinstance(disburse(p, p["economist"], 30_000_001), PreliminaryBooking)
    row = AttestationSettings(fund=p.other_fund, threshold_ore=MAX_ATTESTATION_THRESHOLD_ORE + 1)
    with pytest.raises(Exception):  # noqa: B017 - the model's validators refuse it
        row.full_clean()


def test_a_rejection_keeps_the_reason_and_books_nothing(p):
    booking = disburse(p, p["economist"])
    with pytest.raises(Refused) as refused:
        reject_booking(acting_user=p["economist2"], booking=booking, reason="  ")
    assert [r.code for r in refused.value.refusals] == ["reason_required"]
    with pytest.raises(Refused):
        reject_booking(acting_user=p["economist2"], booking=booking, reason="19121212-1212")
    reject_booking(acting_user=p["economist2"], booking=booking, reason="Fel projekt")
    booking.refresh_from_db()
    assert (booking.status, booking.rejection_reason, booking.entry) == (
        "rejected",
        "Fel projekt",
        None,
    )
    assert disbursed(p) == 0
    with pytest.raises(Refused):
        attest_booking(acting_user=p["economist2"], booking=booking)


def test_a_booking_the_ledger_would_refuse_is_refused_at_once(p):
    with pytest.raises(Refused) as refused:
        disburse(p, p["economist"], 70_000_000)  # beyond the commitment of 600 000 kr
    assert "exceeds_outstanding_commitment" in [r.code for r in refused.value.refusals]
    assert not PreliminaryBooking.objects.exists()


def test_attesting_checks_the_ledger_as_it_stands_then(p):
    first = disburse(p, p["economist"], 40_000_000)
    second = disburse(p, p["economist"], 40_000_000)  # each fits; both do not
    attest_booking(acting_user=p["economist2"], booking=first)
    with pytest.raises(Refused) as refused:
        attest_booking(acting_user=p["economist2"], booking=second)
    assert "exceeds_outstanding_commitment" in [r.code for r in refused.value.refusals]
    second.refresh_from_db()
    assert second.status == "preliminary"


@pytest.mark.parametrize("role", ["owner", "auditor", "administrator", "project_leader"])
def test_only_the_attest_right_attests_and_the_owner_does_not_book(p, role):
    booking = disburse(p, p["economist"])
    with pytest.raises(PermissionDenied):
        attest_booking(acting_user=p[role], booking=booking)
    with pytest.raises(PermissionDenied):
        reject_booking(acting_user=p[role], booking=booking, reason="Nej")
    with pytest.raises(PermissionDenied):
        disburse(p, p[role])
    assert not p[role].has_perm("fund.record_entry", p.fund)


# --- the pages -----------------------------------------------------------------------------


def _post(client, url, data, user):
    token = once.issue(user)
    return client.post(url, {**data, once.FIELD: token})


def test_the_booking_page_books_preliminary_lists_it_and_attests_by_a_second(p, client):
    fund = p.fund
    client.force_login(p["economist"])
    booking_url = reverse("fund:book", args=[fund.pk])
    data = {
        "type": "disbursement",
        "date": "2026-03-01",
        "amount": "250 000",
        "project": p.own_project.pk,
        "board": p.social_board.pk,
        "decision_body": KF.body,
        "decision_date": "2026-02-20",
        "decision_dnr": KF.dnr,
    }
    response = _post(client, booking_url, data, p["economist"])
    assert response.status_code == 302
    booking = PreliminaryBooking.objects.get()
    assert disbursed(p) == 0
    page = client.get(booking_url).content.decode()
    assert 'id="awaiting"' in page and f'id="preliminary-{booking.pk}"' in page
    assert "Booked by you" in page or "Bokförd av dig" in page  # no attest button for the booker
    attest_url = reverse("fund:attest", args=[fund.pk, booking.pk])
    assert attest_url not in page
    # the booker posts the attestation anyway: refused, nothing booked
    response = _post(client, attest_url, {}, p["economist"])
    assert response.status_code == 400
    assert disbursed(p) == 0

    client.force_login(p["economist2"])
    page = client.get(booking_url).content.decode()
    assert attest_url in page
    response = _post(client, attest_url, {}, p["economist2"])
    assert response.status_code == 302
    assert disbursed(p) == BIG
    assert 'id="nothing-awaiting"' in client.get(booking_url).content.decode()


def test_the_reject_form_needs_a_reason(p, client):
    booking = disburse(p, p["economist"])
    client.force_login(p["economist2"])
    url = reverse("fund:reject", args=[p.fund.pk, booking.pk])
    response = _post(client, url, {"reason": ""}, p["economist2"])
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    response = _post(client, url, {"reason": "Fel projekt"}, p["economist2"])
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "rejected"


def test_the_owner_has_no_book_button(p, client):
    client.force_login(p["owner"])
    page = client.get(reverse("fund:overview", args=[p.fund.pk])).content.decode()
    assert reverse("fund:book", args=[p.fund.pk]) not in page
    assert client.get(reverse("fund:book", args=[p.fund.pk])).status_code == 403


def test_the_ledgers_one_writer_never_appends_what_waits_for_attestation(p):
    """The rule sits in the write path itself: no service (a confirmed repayment, a booking
    from code) can append a held-back entry without a second person's attestation."""
    from socinv.fund import services

    held = services.Booked("disbursement", D, BIG, p.own_project, p.social_board, KF)
    with pytest.raises(AssertionError):
        services._append(p["economist"], p.fund, held)
    assert disbursed(p) == 0 and p.fund.entries.count() == 2
    booked = services.record_decided_entry(
        acting_user=p["economist"],
        permission="fund.record_entry",
        obj=p.fund,
        fund=p.fund,
        type="disbursement",
        date=D,
        amount_ore=BIG,
        project=p.own_project,
        board=p.social_board,
        decision=KF,
    )
    assert isinstance(booked, PreliminaryBooking) and disbursed(p) == 0
