"""A request that does not fit the schemas (422) is worded in the user's language, naming
the field and the limit (grouped; an amount in kronor), not in pydantic's English."""

from __future__ import annotations

import pytest
from django.conf import settings

from socinv.core.limits import MAX_ENTRY_ORE
from socinv.fund.models import LedgerEntry

pytestmark = pytest.mark.django_db

S = "\u00a0"
KF = {"body": "Kommunfullmäktige", "date": "2026-01-20", "dnr": "KS 2026/117"}
BASE = {"type": "contribution", "date": "2026-03-01", "amount_ore": 100, "decision": KF}


def _speaking(client, lang: str):
    """The API as a client that sends ``Accept-Language: lang`` and, for English, has
    picked English with the language switch (its cookie): Accept-Language alone is ignored
    on purpose (socinv.site.middleware: Swedish first)."""
    client.headers["Accept-Language"] = lang
    if lang == "en":
        client.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _messages(api_as, personas, lang: str, **change) -> dict[str, str]:
    client = _speaking(api_as("owner"), lang)
    r = client.post(f"/funds/{personas.fund.pk}/entries", {**BASE, **change})
    assert r.status_code == 422
    assert LedgerEntry.objects.count() == 0
    return {e["field"]: e["message"] for e in r.json()["errors"]}


def test_an_english_accept_language_alone_gets_swedish(api_as, personas):
    client = api_as("owner")
    client.headers["Accept-Language"] = "en-GB,en;q=0.9"
    r = client.post(f"/funds/{personas.fund.pk}/entries", {**BASE, "project_id": 0})
    assert r.json()["errors"][0]["message"] == "project_id måste vara minst 1."


def test_an_amount_over_the_ledgers_limit_in_kronor(api_as, personas):
    over = {"amount_ore": MAX_ENTRY_ORE + 1}
    sv = _messages(api_as, personas, "sv", **over)
    assert sv == {"amount_ore": f"Beloppet får vara högst 10{S}000{S}000{S}000{S}kr."}
    en = _messages(api_as, personas, "en", **over)
    assert en == {"amount_ore": f"The amount may be at most SEK{S}10,000,000,000."}
    assert _messages(api_as, personas, "sv", amount_ore=0) == {
        "amount_ore": "Beloppet måste vara större än noll."
    }


def test_an_id_over_its_limit_names_the_field_and_the_grouped_limit(api_as, personas):
    sv = _messages(api_as, personas, "sv", project_id=2**63)
    limit = S.join(("9", "223", "372", "036", "854", "775", "807"))
    assert sv == {"project_id": f"project_id får vara högst {limit}."}
    en = _messages(api_as, personas, "en", project_id=0)
    assert en == {"project_id": "project_id must be at least 1."}


def test_an_empty_required_text_a_missing_field_a_wrong_type(api_as, personas):
    sv = _messages(api_as, personas, "sv", decision={**KF, "body": ""})
    assert sv == {"decision.body": "decision.body får inte vara tom."}
    en = _messages(api_as, personas, "en", decision={**KF, "body": ""})
    assert en == {"decision.body": "decision.body must not be empty."}
    client = _speaking(api_as("owner"), "sv")
    r = client.post(f"/funds/{personas.fund.pk}/entries", {"type": "contribution"})
    words = {e["field"]: e["message"] for e in r.json()["errors"]}
    assert words == {"date": "date måste anges.", "amount_ore": "amount_ore måste anges."}
    assert _messages(api_as, personas, "sv", amount_ore="100") == {
        "amount_ore": "amount_ore måste vara ett heltal."
    }
    sv = _messages(api_as, personas, "sv", type="gift")
    assert sv["type"].startswith("type måste vara ett av: contribution, ")
    assert "Input should" not in str(sv) and " or " not in sv["type"]
