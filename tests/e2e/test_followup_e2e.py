"""End to end in a real browser (Debian's chromium through Playwright), in Swedish: the
economist imports a measurements file on the follow-up page and sees the indicator's
status change, records the realised saving of the social board on the savings page,
confirms the proposed repayment with a decision and its dnr (above the attestation threshold:
it waits), a second economist attests it, and the project's receivable falls by exactly the
booked amount.

A real ``socinv serve`` in a subprocess on a temporary SQLite file seeded by
tests/e2e/seed_followup_e2e.py (never pytest-django's ``live_server``: see
test_booking_e2e.py for why).

The savings pages' own texts are matched in Swedish or English (``_sv_en``): their Swedish
lives in locale/fragments/savings.po until the translations are merged and compiled.
"""

from __future__ import annotations

import datetime
import json
import re
import sys
from pathlib import Path

import pytest
from e2e_support import database_from_template, inject_axe, run, serving

PASSWORD = "Hemligt-lösen-2026"  # tests/conftest.py
NBSP = "\u00a0"
INDICATOR = "Andel unga vuxna med egen försörjning"  # seed_followup_e2e.py
CSV = (
    "indicator,period,value,comparison_value,individuals,comment\n"
    f"{INDICATOR},{{year}},0.59,0.45,180,helår\n"
)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe_clean(page) -> None:
    """No serious or critical axe violation (WCAG 2.1 A and AA) on the page."""
    inject_axe(page)
    results = page.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                    resultTypes: ['violations']})""",
        WCAG_TAGS,
    )
    bad = [v for v in results["violations"] if v.get("impact") in {"serious", "critical"}]
    assert not bad, [(v["id"], [n["target"] for n in v["nodes"]]) for v in bad]


def _sv_en(sv: str, en: str) -> re.Pattern:
    return re.compile(rf"^\s*(?:{re.escape(sv)}|{re.escape(en)})")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``socinv serve`` on a copy of the migrated template, seeded; yields (base URL, ids)."""
    workdir, env = database_from_template(tmp_path_factory, "e2e-followup", demo=False)
    out = run(
        [sys.executable, str(Path(__file__).with_name("seed_followup_e2e.py"))], env, timeout=120
    )
    ids = json.loads(out.strip().splitlines()[-1])
    with serving(workdir, env) as base:
        yield base, ids


def _text(locator) -> str:
    return locator.inner_text().replace(NBSP, " ").strip()


def _receivable(page) -> str:
    row = page.locator("#project-balances tr", has=page.locator('th:text-is("Fordringar")'))
    return _text(row.locator("td"))


def _click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def test_import_status_saving_repayment_and_the_receivable_falls(server, browser):
    base, ids = server
    project = ids["project"]
    year = datetime.date.today().year
    page = browser.new_page(locale="sv-SE")
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{base}/login/")
        page.get_by_label("Användarnamn").fill("economist")
        page.get_by_label("Lösenord").fill(PASSWORD)
        _click_and_wait(page, page.get_by_role("button", name="Logga in"))

        # the receivable before: 300 000 kr disbursed to the social board
        page.goto(f"{base}/projects/{project}/")
        assert _receivable(page) == "300 000 kr"

        # 1. the follow-up page: nothing reported yet
        page.goto(f"{base}/followup/projects/{project}/")
        row = page.locator(f"#indicator-{ids['indicator']}")
        assert "Inte rapporterat" in _text(row)
        assert _text(row.locator("td.status")) == "–"

        # 2. import the measurements file
        page.get_by_label("Fil med mätvärden").set_input_files(
            {
                "name": "matvarden.csv",
                "mimeType": "text/csv",
                "buffer": CSV.format(year=year).encode("utf-8"),
            }
        )
        _click_and_wait(page, page.get_by_role("button", name="Importera"))
        assert "1 mätvärde sparat" in _text(page.get_by_role("status"))
        _click_and_wait(page, page.get_by_role("link", name="Tillbaka till uppföljningen"))

        # 3. the status changed: 0.59 is 95 % of the way from 0.40 to 0.60
        row = page.locator(f"#indicator-{ids['indicator']}")
        assert _text(row.locator("td.status")) == "✓ På väg mot målet"
        assert "59 %" in _text(row)  # a share, in percent

        # 4. record the realised saving on the savings page
        page.goto(f"{base}/savings/projects/{project}/")
        form = page.locator("form", has=page.get_by_role("button", name=_sv_en(
            "Registrera besparingen", "Record the saving")))  # fmt: skip
        form.get_by_label(_sv_en("Nämnd", "Board")).select_option(label="Socialnämnden")
        form.get_by_label(_sv_en("År", "Year")).fill(str(year))
        form.get_by_label(_sv_en("Realiserad besparing", "Realised saving")).fill("120 000")
        form.get_by_label(_sv_en("Underlag", "Basis")).fill(
            "Försörjningsstödet till målgruppen minskade med 120 000 kr mot föregående år, "
            "avräknat jämförelsegruppens utveckling."
        )
        form.get_by_label(INDICATOR, exact=False).first.check()
        form.get_by_label(re.compile(rf"{INDICATOR}, {year}: 59\s%")).check()
        _click_and_wait(page, form.get_by_role("button"))
        assert page.url == f"{base}/savings/projects/{project}/"
        assert "Socialnämnden" in _text(page.locator(".messages"))

        # the proposal: the whole saving (no terms decided), from 300 000 kr to 180 000 kr
        years = page.locator(f"#years-{ids['board']}")
        year_row = years.locator(f"#year-{ids['board']}-{year}")
        assert "120 000 kr" in _text(year_row.locator("td.proposal"))
        assert "180 000 kr" in _text(year_row)
        assert INDICATOR in _text(year_row)
        _axe_clean(page)

        # 5. confirm the repayment with the board's decision and its dnr
        _click_and_wait(
            page,
            year_row.get_by_role(
                "link",
                name=_sv_en(
                    f"Bekräfta återföringen för {year}", f"Confirm the repayment for {year}"
                ),
            ),
        )
        amount = page.get_by_label(_sv_en("Belopp att återföra", "Amount to repay"))
        assert amount.input_value().replace(NBSP, " ") == "120 000"  # the proposal
        assert page.get_by_label(_sv_en("Beslutande organ", "Decided by")).input_value() == (
            "Socialnämnden"
        )
        _axe_clean(page)
        page.get_by_label(_sv_en("Beslutsdatum", "Decision date")).fill(f"{year}-01-15")
        page.get_by_label(_sv_en("Diarienummer", "Registration number")).fill("SN 2026/0412")
        # more than the proposal is refused, next to the field, and nothing is booked
        amount.fill("120 000,01")
        _click_and_wait(
            page,
            page.get_by_role("button", name=_sv_en("Bokför återföringen", "Book the repayment")),
        )
        assert "120 000 kr" in _text(page.get_by_role("alert"))
        _axe_clean(page)
        page.get_by_label(_sv_en("Belopp att återföra", "Amount to repay")).fill("120 000")
        _click_and_wait(
            page,
            page.get_by_role("button", name=_sv_en("Bokför återföringen", "Book the repayment")),
        )
        assert page.url == f"{base}/savings/projects/{project}/"
        message = _text(page.locator(".messages"))
        assert "SN 2026/0412" in message and "120 000 kr" in message
        # 120 000 kr is above the attestation threshold (100 000 kr): it waits, nothing moved
        assert "attest" in message
        assert "väntar på attest" in _text(page.locator("main"))
        page.goto(f"{base}/projects/{project}/")
        assert _receivable(page) == "300 000 kr"
        page.get_by_role("button", name=re.compile("Logga ut")).click()

        # 6. a second economist attests it on the booking page: now it is in the ledger
        page.goto(f"{base}/login/")
        page.get_by_label("Användarnamn").fill("economist2")
        page.get_by_label("Lösenord").fill(PASSWORD)
        _click_and_wait(page, page.get_by_role("button", name="Logga in"))
        page.goto(f"{base}/funds/{ids['fund']}/book/")
        row = page.locator("#awaiting tbody tr")
        assert row.count() == 1 and "SN 2026/0412" in _text(row)
        _click_and_wait(page, row.get_by_role("button", name=re.compile("^Attestera")))
        assert "Attesterad" in _text(page.locator(".messages"))
        page.goto(f"{base}/savings/projects/{project}/")
        repayments = page.locator(f"#repayments-{ids['board']}")
        assert "SN 2026/0412" in _text(repayments) and "economist" in _text(repayments)
        money = page.locator(f"#money-{ids['board']}")
        assert _text(money.locator("td.receivable")) == "180 000 kr"

        # 7. the receivable fell by exactly the booked amount
        page.goto(f"{base}/projects/{project}/")
        assert _receivable(page) == "180 000 kr"
    finally:
        page.close()
