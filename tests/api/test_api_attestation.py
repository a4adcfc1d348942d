"""Bookings through the API follow the booking page's rule (the same service): above the
fund's attestation threshold a disbursement is preliminary (202), the one who booked it
cannot attest it (422), a second economist attests it (201) and only then the balances
move (issue 13)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model

from socinv.accounts.models import Membership
from socinv.core.ledger import Decision
from socinv.fund import selectors
from socinv.fund.models import PreliminaryBooking
from socinv.fund.services import record_entry

pytestmark = pytest.mark.django_db

KF = Decision("Kommunfullmäktige", datetime.date(2026, 1, 20), "KS 2026/1")


@pytest.fixture
def p(personas):
    second = get_user_model().objects.create_user("economist2", first_name="Lars")
    Membership.objects.create(user=second, organisation=personas.organisation, role="economist")
    personas.users["economist2"] = second
    for type, ore, project in [
        ("contribution", 5_000_000_00, None),
        ("commitment", 1_000_000_00, personas.own_project),
    ]:
        record_entry(
            acting_user=personas["economist"],
            fund=personas.fund,
            type=type,
            date=datetime.date(2026, 3, 1),
            amount_ore=ore,
            project=project,
            decision=KF,
        )
    return personas


def disbursement(p, ore: int) -> dict:
    return {
        "type": "disbursement",
        "date": "2026-03-02",
        "amount_ore": ore,
        "project_id": p.own_project.pk,
        "board_id": p.social_board.pk,
        "decision": {"body": "Socialnämnden", "date": "2026-02-20", "dnr": "SN 2026/12"},
    }


def test_a_large_disbursement_waits_for_a_second_economist(p, api_as):
    first, second = api_as("economist"), api_as("economist2")
    base = f"/funds/{p.fund.pk}"
    response = first.post(f"{base}/entries", disbursement(p, 400_000_00))
    assert response.status_code == 202, response.content
    body = response.json()
    assert (body["status"], body["booked_by"], body["entry_seq"]) == (
        "preliminary",
        "economist",
        None,
    )
    assert selectors.fund_totals(p.fund).disbursements == 0
    listed = first.get(f"{base}/preliminary-bookings").json()
    assert [b["id"] for b in listed] == [body["id"]]

    own = first.post(f"{base}/preliminary-bookings/{body['id']}/attest", {})
    assert own.status_code == 422
    assert [e["code"] for e in own.json()["errors"]] == ["attest_own_booking"]
    assert selectors.fund_totals(p.fund).disbursements == 0

    attested = second.post(f"{base}/preliminary-bookings/{body['id']}/attest", {})
    assert attested.status_code == 201, attested.content
    assert attested.json()["seq"] == 3 and attested.json()["recorded_by"] == "economist"
    assert selectors.fund_totals(p.fund).disbursements == 400_000_00
    assert second.get(f"{base}/preliminary-bookings").json() == []


def test_a_small_disbursement_is_booked_at_once_and_a_rejection_needs_a_reason(p, api_as):
    first, second = api_as("economist"), api_as("economist2")
    base = f"/funds/{p.fund.pk}"
    assert first.post(f"{base}/entries", disbursement(p, 100_000_00)).status_code == 201
    booking = first.post(f"{base}/entries", disbursement(p, 200_000_00)).json()
    url = f"{base}/preliminary-bookings/{booking['id']}/reject"
    assert second.post(url, {"reason": ""}).status_code == 422
    response = second.post(url, {"reason": "Fel nämnd"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["rejection_reason"]) == (
        "rejected",
        "Fel nämnd",
    )
    assert PreliminaryBooking.objects.get().status == "rejected"
    assert selectors.fund_totals(p.fund).disbursements == 100_000_00
