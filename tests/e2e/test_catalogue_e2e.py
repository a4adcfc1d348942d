"""The unit-cost catalogue in chromium: the demo's economist (ekonom) opens the catalogue
from the menu, sees the demo's examples with the stale ones marked, adds a unit cost with a
Swedish amount, sees it in the list and its history, and opens the fund's haircuts by
evidence grade; every page passes axe (WCAG 2.1 A/AA, no serious or critical violation)."""

from __future__ import annotations

import re

from test_accessibility import _axe


def test_an_economist_keeps_the_catalogue(server, browser):
    from socinv.demo import DEMO_PASSWORD

    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(f"{server}/login/")
        page.get_by_label("Användarnamn").fill("ekonom")
        page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.get_by_role("link", name="Kostnadskatalog").click()
        page.wait_for_url(re.compile(r".*/catalogue/\d+/$"))
        assert page.locator("#unit-costs tbody tr").count() >= 30
        assert "äldre än fem år" in page.locator("#unit-anstalt-dygn").inner_text()
        assert _axe(page) == []

        # the labels say "(obligatoriskt)" after the field's name
        page.get_by_label(re.compile(r"^Id ")).fill("ssk-besok")
        page.get_by_label(re.compile(r"^Benämning ")).fill("Besök hos skolsköterska")
        page.get_by_label(re.compile(r"^Enhet ")).fill("besök")
        page.get_by_label(re.compile(r"^Belopp \(kr per enhet\)")).fill("1 250,50")
        page.get_by_label(re.compile(r"^Prisår ")).fill("2025")
        page.get_by_label(re.compile(r"^Källa ")).fill("Påhittad källa (exempelbelopp)")
        page.get_by_role("button", name="Spara enhetskostnaden").click()
        row = page.locator("#unit-ssk-besok")
        assert "Besök hos skolsköterska" in row.inner_text()
        assert "1 250 kr" in row.inner_text().replace("\u00a0", " ").replace("\u202f", " ")
        row.get_by_role("link", name="Besök hos skolsköterska").click()
        assert page.locator("#history tbody tr").count() == 1
        assert _axe(page) == []

        page.get_by_role("link", name="Tillbaka till kostnadskatalogen").click()
        page.get_by_role("link", name="Sociala investeringsfonden").click()
        assert "40 %" in page.locator("#haircuts").inner_text().replace("\u00a0", " ")
        assert _axe(page) == []
    finally:
        context.close()
