"""The audit trail as an auditor reads it (issue 13): amounts in kronor under their label
(never "Belopp (öre): 123450"), a calculation's change per field of the calculation with
before and after (never its raw text), the person's full name, page links."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from tests.ledger_helpers import record_attested

from socinv.audit import attribute
from socinv.audit.calculations import overview, summarise
from socinv.audit.selectors import audit_events
from socinv.core.ledger import Decision

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"

CALC = """name = "Skolstöd"
start_year = 2026
horizon = 8
discount_rate = 0.035

[[costs]]
label = "Specialpedagog"
stakeholder = "kommun/socialnamnd"
years = [0, 1, 2]
amount = 900000

[[costs]]
label = "Läromedel"
stakeholder = "kommun/utbildningsnamnd"
years = [0]
amount = 5000
"""


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def named(personas):
    for role, first, last in [("economist", "Karin", "Berg"), ("owner", "Eva", "Lindqvist")]:
        user = personas[role]
        user.first_name, user.last_name = first, last
        user.save()
    return personas


def _sv(fn):
    with translation.override("sv"):
        return fn()


def test_a_ledger_entry_shows_its_amount_in_kronor_under_its_label(named):
    record_attested(
        acting_user=named["economist"],
        fund=named.fund,
        type="contribution",
        date=datetime.date(2026, 3, 1),
        amount_ore=123_450,
        decision=Decision("Kommunfullmäktige", datetime.date(2026, 2, 20), "KS 2026/1"),
    )
    (event,) = _sv(lambda: audit_events(named.organisation, model="fund.ledgerentry"))
    fields = {c.field: c.after for c in event.changes}
    assert fields["belopp"] == f"1{NBSP}234,50{NBSP}kr"
    assert not any("öre" in name for name in fields)
    assert event.who == "Karin Berg"


def test_a_calculation_change_is_summarised_per_field():
    changed = CALC.replace("0.035", "0.04").replace("amount = 5000", "amount = 7500")
    changed += (
        '\n[[costs]]\nlabel = "Handledning"\nstakeholder = "x"\nyears = [1]\namount = 12000\n'
    )
    rows = _sv(lambda: summarise(CALC, changed))
    assert ("Diskonteringsränta", f"3,5{NBSP}%", f"4,0{NBSP}%") in rows
    assert ("Kostnader › Läromedel › Belopp", "5000", "7500") in rows
    assert ("Kostnader › Handledning › Belopp", "", f"12{NBSP}000") in rows
    assert not any("Specialpedagog" in what for what, _b, _a in rows)  # unchanged
    assert summarise("not = [toml", CALC) is None
    assert _sv(lambda: overview(CALC)) == "Skolstöd; Kostnader: 2"


def test_the_trail_shows_a_calculations_change_not_its_text(named, client):
    project = named.own_project
    for text in (CALC, CALC.replace("0.035", "0.04")):
        attribute(project, named["economist"])
        project.calculation_toml = text
        project.save()
    events = _sv(lambda: audit_events(named.organisation, model="projects.project"))
    latest = events[0]
    assert [(c.field, c.before, c.after) for c in latest.changes] == [
        ("kalkyl (TOML) › Diskonteringsränta", f"3,5{NBSP}%", f"4,0{NBSP}%")
    ]
    assert latest.who == "Karin Berg"
    client.force_login(named["auditor"])
    page = client.get(reverse("audit:trail"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "[[costs]]" not in page and "discount_rate" not in page
    assert "Karin Berg" in page


def test_the_trail_has_page_links(named, client):
    fund = named.fund
    for i in range(60):
        attribute(fund, named["owner"])
        fund.discount_rate = 0.01 + i / 1000
        fund.save()
    client.force_login(named["auditor"])
    page = client.get(reverse("audit:trail")).content.decode()
    assert 'class="page-links"' in page
    assert 'aria-current="page">1</a>' in page
    assert "page=2" in page
    second = client.get(reverse("audit:trail"), {"page": 2}).content.decode()
    assert 'aria-current="page">2</a>' in second


@pytest.mark.parametrize(
    "stored, shown",
    [
        (Decimal("113.6000"), "113,6000"),
        (Decimal("12345.50"), f"12{NBSP}345,50"),
        (Decimal("-2.5"), "−2,5"),
        (Decimal("7"), "7"),
    ],
)
def test_a_decimal_is_shown_with_a_decimal_comma_and_every_stored_digit(stored, shown):
    from django.db import models

    from socinv.audit.selectors import _display

    field = models.DecimalField(name="value", max_digits=12, decimal_places=4)
    with translation.override("sv"):
        assert _display(field, stored, {}) == shown
