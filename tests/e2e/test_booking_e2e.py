"""End to end in a real browser (Debian's chromium through Playwright): the economist
logs in, books a disbursement through the form; above the fund's attestation threshold it
is preliminary (no balance moves), the economist cannot attest it, a second economist
attests it and only then the balances change.

Why a server in a subprocess rather than pytest-django's ``live_server``: ``live_server``
needs ``transactional_db``, which empties every table after the test with DELETE, and the
ledger's append-only triggers refuse exactly that (the teardown fails, and it must: the
triggers are the point). So the test starts ``socinv serve`` (Django's server) in its own
process on a temporary SQLite file, migrated and seeded once by tests/e2e/seed_e2e.py;
the file is thrown away afterwards, and the test database of the other tests is never
touched. Nothing is flushed, no trigger is bypassed.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from e2e_support import database_from_template, run, serving

PASSWORD = "Hemligt-lösen-2026"  # tests/conftest.py
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``socinv serve`` on a copy of the migrated template, seeded; yields (base URL, ids)."""
    workdir, env = database_from_template(tmp_path_factory, "e2e", demo=False)
    out = run([sys.executable, str(Path(__file__).with_name("seed_e2e.py"))], env, timeout=120)
    ids = json.loads(out.strip().splitlines()[-1])
    with serving(workdir, env) as base:
        yield base, ids


def _balance(page, label: str) -> str:
    row = page.locator("#balances tr", has=page.locator(f'th:text-is("{label}")'))
    return row.locator("td").inner_text().replace(NBSP, " ").strip()


def test_the_economist_books_a_disbursement_and_sees_the_balance_change(server, browser):
    base, ids = server
    # A Swedish browser: Django's LocaleMiddleware follows Accept-Language for a first visit
    page = browser.new_page(locale="sv-SE")
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{base}/login/")
        assert page.locator("html").get_attribute("lang") == "sv"
        page.get_by_label("Användarnamn").fill("economist")
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()

        page.wait_for_url(f"{base}/funds/{ids['fund']}/overview/")  # the economist's landing
        page.get_by_role("link", name="Saldon").first.click()
        page.wait_for_url(f"{base}/funds/{ids['fund']}/")
        assert page.locator("h1").inner_text() == "Sociala investeringsfonden"
        assert _balance(page, "Utbetalt") == "0 kr"
        assert _balance(page, "Beviljat men ej utbetalt") == "400 000 kr"

        page.get_by_role("link", name="Bokför").first.click()
        page.wait_for_url(f"{base}/funds/{ids['fund']}/book/")
        # htmx narrows the type-dependent fields: a bearer only for write-downs
        type_select = page.locator("#id_type")
        type_select.select_option("write_down")
        page.locator("#id_bearer").wait_for(state="visible")
        type_select.select_option("disbursement")
        page.locator("#id_bearer").wait_for(state="detached")

        page.locator("#id_date").fill("2026-04-01")
        page.locator("#id_amount").fill("125 000,50")
        page.locator("#id_project").select_option(str(ids["project"]))
        page.locator("#id_board").select_option(str(ids["board"]))
        page.locator("#id_decision_body").fill("Socialnämnden")
        page.locator("#id_decision_date").fill("2026-03-20")
        page.locator("#id_decision_dnr").fill("SN 2026/12")
        page.get_by_role("button", name="Bokför", exact=True).click()

        # 125 000,50 kr is above the threshold (100 000 kr): preliminary, nothing moved
        page.wait_for_url(re.compile(rf".*/funds/{ids['fund']}/book/#awaiting$"))
        assert "preliminär" in page.locator(".messages").inner_text()
        row = page.locator("#awaiting tbody tr")
        assert row.count() == 1
        assert "125 000,50 kr" in row.inner_text().replace(NBSP, " ")
        assert "Bokförd av dig" in row.inner_text()
        assert page.get_by_role("button", name=re.compile("^Attestera")).count() == 0
        page.goto(f"{base}/funds/{ids['fund']}/")
        assert _balance(page, "Utbetalt") == "0 kr"
        assert _balance(page, "Beviljat men ej utbetalt") == "400 000 kr"
        page.get_by_role("button", name=re.compile("Logga ut")).click()

        # the second economist attests it: now the entry is booked and the balances move
        page.goto(f"{base}/login/")
        page.get_by_label("Användarnamn").fill("economist2")
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url(f"{base}/funds/{ids['fund']}/overview/")  # the economist's landing
        page.goto(f"{base}/funds/{ids['fund']}/book/")
        page.get_by_role("button", name=re.compile("^Attestera")).click()
        page.wait_for_url(re.compile(rf".*/funds/{ids['fund']}/book/#awaiting$"))
        assert re.search(r"Attesterad: verifikation 3", page.locator(".messages").inner_text())
        assert page.locator("#nothing-awaiting").is_visible()
        page.goto(f"{base}/funds/{ids['fund']}/")
        assert _balance(page, "Utbetalt") == "125 000,50 kr"
        assert _balance(page, "Beviljat men ej utbetalt") == "274 999,50 kr"
        assert _balance(page, "Fordringar") == "125 000,50 kr"
    finally:
        page.close()
