"""``Idempotency-Key`` on POST /funds/{id}/entries: a program that sends the same booking
twice (a retry after a lost answer) books once and gets the first answer; the same key with
another request is refused; a refused booking leaves the key usable; without the header
nothing is deduplicated (socinv.api.idempotency)."""

from __future__ import annotations

import pytest

from socinv.api.models import IdempotencyKey
from socinv.fund.models import PreliminaryBooking

pytestmark = pytest.mark.django_db


def contribution(kronor: int) -> dict:
    return {
        "type": "contribution",
        "date": "2026-03-02",
        "amount_ore": kronor * 100,
        "decision": {"body": "Kommunfullmäktige", "date": "2026-02-20", "dnr": "KS 2026/12"},
    }


def post(client, fund, body, key=None):
    headers = {} if key is None else {"Idempotency-Key": key}
    return client.client.post(
        f"/api/v1/funds/{fund.pk}/entries",
        body,
        content_type="application/json",
        headers={**client.headers, **headers},
    )


def test_the_same_request_with_the_same_key_books_once(personas, api_as):
    eco = api_as("economist")
    first = post(eco, personas.fund, contribution(50_000), key="bokning-2026-03-02-1")
    again = post(eco, personas.fund, contribution(50_000), key="bokning-2026-03-02-1")
    assert first.status_code == again.status_code == 201, again.content
    assert again.json() == first.json()
    assert personas.fund.entries.count() == 1
    # another key is another booking
    assert post(eco, personas.fund, contribution(50_000), key="bokning-2").status_code == 201
    assert personas.fund.entries.count() == 2


def test_without_the_header_nothing_is_deduplicated(personas, api_as):
    eco = api_as("economist")
    for _ in range(2):
        assert post(eco, personas.fund, contribution(1_000)).status_code == 201
    assert personas.fund.entries.count() == 2 and IdempotencyKey.objects.count() == 0


def test_the_key_with_another_request_is_refused_and_books_nothing(personas, api_as):
    eco = api_as("economist")
    assert post(eco, personas.fund, contribution(1_000), key="k1").status_code == 201
    r = post(eco, personas.fund, contribution(2_000), key="k1")
    assert r.status_code == 422
    assert [e["code"] for e in r.json()["errors"]] == ["idempotency_key_reused"]
    assert personas.fund.entries.count() == 1


def test_a_refused_booking_leaves_the_key_usable(personas, api_as):
    eco = api_as("economist")
    # nothing in the fund yet: the ledger refuses a commitment beyond what is available
    bad = {**contribution(1_000), "type": "commitment", "project_id": personas.own_project.pk}
    r = post(eco, personas.fund, bad, key="retry-me")
    assert r.status_code == 422 and IdempotencyKey.objects.count() == 0
    assert post(eco, personas.fund, bad, key="retry-me").status_code == 422
    assert post(eco, personas.fund, contribution(1_000), key="retry-me").status_code == 201
    assert personas.fund.entries.count() == 1


def test_a_preliminary_booking_is_returned_again_not_booked_twice(personas, api_as):
    eco = api_as("economist")
    post(eco, personas.fund, contribution(5_000_000))
    commit = {
        **contribution(1_000_000),
        "type": "commitment",
        "project_id": personas.own_project.pk,
    }
    assert post(eco, personas.fund, commit).status_code == 201
    big = {
        **contribution(400_000),
        "type": "disbursement",
        "project_id": personas.own_project.pk,
        "board_id": personas.social_board.pk,
    }
    first = post(eco, personas.fund, big, key="utbetalning-1")
    again = post(eco, personas.fund, big, key="utbetalning-1")
    assert first.status_code == again.status_code == 202
    assert again.json()["id"] == first.json()["id"]
    assert PreliminaryBooking.objects.count() == 1


@pytest.mark.parametrize("key", ["", "a" * 101, "mellan slag", "åäö"])
def test_a_malformed_key_is_refused(personas, api_as, key):
    r = post(api_as("economist"), personas.fund, contribution(1_000), key=key)
    assert r.status_code == 422
    assert personas.fund.entries.count() == 0


def test_keys_are_per_user(personas, api_as):
    """Another user's key is not a replay: two economists may pick the same key."""
    from tests.api.conftest import ApiClient
    from tests.ledger_helpers import attester

    other = attester(personas.fund)

    assert post(api_as("economist"), personas.fund, contribution(1_000), key="k").status_code == 201
    assert post(ApiClient(other), personas.fund, contribution(1_000), key="k").status_code == 201
    assert personas.fund.entries.count() == 2
