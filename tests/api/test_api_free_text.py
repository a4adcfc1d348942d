"""The API's free texts (the ledger's note and decision): a personnummer or a text over
its limit is a 422 naming the field and the limit, and nothing is booked; the OpenAPI
text shows each bound."""

from __future__ import annotations

import pytest

from socinv.fund.models import LedgerEntry

pytestmark = pytest.mark.django_db

KF = {"body": "Kommunfullmäktige", "date": "2026-01-20", "dnr": "KS 2026/117"}


def _book(api_as, personas, **fields):
    body = {"type": "contribution", "date": "2026-03-01", "amount_ore": 100, "decision": KF}
    return api_as("economist").post(f"/funds/{personas.fund.pk}/entries", {**body, **fields})


def _errors(response) -> list[tuple[str, str]]:
    assert response.status_code == 422
    return [(e["field"], e["code"]) for e in response.json()["errors"]]


def test_a_personnummer_in_the_note_is_refused_and_nothing_is_booked(api_as, personas):
    r = _book(api_as, personas, note="Avser 19121212-1212.")
    assert _errors(r) == [("note", "personal_number")]
    assert "personnummer" in r.json()["errors"][0]["message"]
    assert LedgerEntry.objects.count() == 0


def test_a_personnummer_in_the_decisions_dnr_is_refused(api_as, personas):
    r = _book(api_as, personas, decision={**KF, "dnr": "19121212-1212"})
    assert _errors(r) == [("decision.dnr", "personal_number")]
    assert LedgerEntry.objects.count() == 0


def test_a_note_over_its_limit_is_refused_naming_the_field_and_the_limit(api_as, personas):
    r = _book(api_as, personas, note="a" * 2001)
    assert _errors(r) == [("note", "max_length")]
    message = r.json()["errors"][0]["message"]
    assert message == "Anteckning får vara högst 2\u00a0000 tecken (texten har 2\u00a0001)."
    assert LedgerEntry.objects.count() == 0
    assert _book(api_as, personas, note="a" * 2000).status_code == 201


def test_the_openapi_text_shows_the_bounds(api_as):
    schemas = api_as("owner").get("/openapi.json").json()["components"]["schemas"]
    assert schemas["EntryIn"]["properties"]["note"]["maxLength"] == 2000
    assert schemas["DecisionIn"]["properties"]["dnr"]["maxLength"] == 300


def test_the_api_and_the_ledger_service_refuse_a_long_note_in_the_same_words(api_as, personas):
    """One message for a text too long: the schema's refusal and record_entry's (the
    ledger model's own validator) share code and words (record_entry said ``too_long``)."""
    import datetime

    from tests.ledger_helpers import record_attested

    from socinv.core.ledger import Decision
    from socinv.core.problems import Refused

    api = _book(api_as, personas, note="a" * 2001).json()["errors"]
    with pytest.raises(Refused) as refused:
        record_attested(
            acting_user=personas["economist"],
            fund=personas.fund,
            type="contribution",
            date=datetime.date(2026, 3, 1),
            amount_ore=100,
            decision=Decision("Kommunfullmäktige", datetime.date(2026, 1, 20), "KS 2026/117"),
            note="a" * 2001,
        )
    service = [
        {"field": r.field, "code": r.code, "message": r.message} for r in refused.value.refusals
    ]
    assert service == api
    assert LedgerEntry.objects.count() == 0
