"""The fund's attestation threshold outside the admin (issue 13): the owner sets it on the
fund's attestation page; the economists and the auditor read it; the one who books cannot
lift their own control. A new threshold applies from the next booking on."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from socinv.core.ledger import Decision
from socinv.core.limits import MAX_ATTESTATION_THRESHOLD_ORE
from socinv.core.problems import Refused
from socinv.fund import selectors
from socinv.fund.models import AttestationSettings, LedgerEntry, PreliminaryBooking
from socinv.fund.services import record_entry, set_attestation_threshold
from socinv.web import once

pytestmark = pytest.mark.django_db

D = datetime.date(2026, 3, 1)
KF = Decision("Kommunfullmäktige", datetime.date(2026, 2, 20), "KS 2026/117")


def url(p):
    return f"/funds/{p.fund.pk}/attestation/"


def client(p, role):
    c = Client()
    c.force_login(p[role])
    return c


def post(p, role, threshold):
    return client(p, role).post(url(p), {"_once": once.issue(p[role]), "threshold": threshold})


def disburse(p, ore):
    for type, amount, project in [("contribution", 10**9, None), ("commitment", 10**8, True)]:
        record_entry(
            acting_user=p["economist"],
            fund=p.fund,
            type=type,
            date=D,
            amount_ore=amount,
            project=p.own_project if project else None,
            decision=KF,
        )
    return record_entry(
        acting_user=p["economist"],
        fund=p.fund,
        type="disbursement",
        date=D,
        amount_ore=ore,
        project=p.own_project,
        board=p.social_board,
        decision=KF,
    )


def test_the_owner_sets_the_threshold_and_the_next_booking_follows_it(personas):
    r = post(personas, "owner", "250 000")
    assert r.status_code == 302
    assert selectors.attestation_threshold(personas.fund) == 25_000_000
    page = client(personas, "owner").get(url(personas)).content.decode()
    assert "250\u00a0000\u00a0kr" in page and 'value="250\u00a0000"' in page
    # the history says who set it (the audit trail keeps it too)
    assert "owner" in page or personas["owner"].get_full_name() in page
    assert isinstance(disburse(personas, 20_000_000), LedgerEntry)  # 200 000 kr: at once
    assert isinstance(
        record_entry(
            acting_user=personas["economist"],
            fund=personas.fund,
            type="disbursement",
            date=D,
            amount_ore=25_000_001,
            project=personas.own_project,
            board=personas.social_board,
            decision=KF,
        ),
        PreliminaryBooking,
    )


@pytest.mark.parametrize(
    "role, get, may_post",
    [
        ("owner", 200, True),
        ("economist", 200, False),
        ("auditor", 200, False),
        ("administrator", 404, False),
        ("project_leader", 404, False),
        ("outsider", 404, False),
    ],
)
def test_who_reads_and_who_sets(personas, role, get, may_post):
    r = client(personas, role).get(url(personas))
    assert r.status_code in ({get} if get == 200 else {403, 404})
    if get == 200:
        assert ('name="threshold"' in r.content.decode()) is may_post
    r = post(personas, role, "1")
    assert r.status_code == (302 if may_post else r.status_code)
    if not may_post:
        assert r.status_code in {403, 404}
        assert not AttestationSettings.objects.filter(fund=personas.fund).exists()


def test_the_service_checks_its_own_permission(personas):
    with pytest.raises(PermissionDenied):  # the economist books: cannot lift the control
        set_attestation_threshold(
            acting_user=personas["economist"], fund=personas.fund, threshold_ore=10**12
        )
    assert selectors.attestation_threshold(personas.fund) == 10_000_000


@pytest.mark.parametrize("typed", ["abc", "-5", "1,234", "99999999999999999"])
def test_bad_input_names_the_field_and_stores_nothing(personas, typed):
    r = post(personas, "owner", typed)
    assert r.status_code == 400
    body = r.content.decode()
    assert "Attestgräns" in body or "Attestation threshold" in body
    assert 'aria-invalid="true"' in body
    assert not AttestationSettings.objects.filter(fund=personas.fund).exists()


def test_out_of_range_is_refused_by_the_service(personas):
    for bad in (-1, MAX_ATTESTATION_THRESHOLD_ORE + 1, 1.5):
        with pytest.raises(Refused) as refused:
            set_attestation_threshold(
                acting_user=personas["owner"], fund=personas.fund, threshold_ore=bad
            )
        assert refused.value.codes == ["threshold_out_of_range"]
    assert not AttestationSettings.objects.filter(fund=personas.fund).exists()
    row = set_attestation_threshold(
        acting_user=personas["owner"], fund=personas.fund, threshold_ore=0
    )
    assert row.threshold_ore == 0
    assert row.history.get().history_user == personas["owner"]
