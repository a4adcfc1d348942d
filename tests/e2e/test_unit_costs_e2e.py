"""A unit cost used in a calculation, in chromium (issue 15, done-when): the demo's
economist (ekonom) adds a unit cost to the catalogue, finds it in the calculation editor
of a decided project by searching its label (the keyboard only: typing, the arrow key,
Enter), sees its indexed amount and source, uses it for a new cost and saves; then
changes the unit cost in the catalogue, and the project page says "Katalogen har ändrats
sedan beslutet" until the economist recalculates in one click. The editor passes axe."""

from __future__ import annotations

import re

from test_accessibility import _axe


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_an_economist_uses_a_unit_cost_by_searching_and_a_change_marks_the_project(server, browser):
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
        catalogue_url = page.url
        page.get_by_label(re.compile(r"^Id ")).fill("logoped-besok")
        page.get_by_label(re.compile(r"^Benämning ")).fill("Besök hos logoped i skolan")
        page.get_by_label(re.compile(r"^Enhet ")).fill("besök")
        page.get_by_label(re.compile(r"^Belopp \(kr per enhet\)")).fill("1 291")
        page.get_by_label(re.compile(r"^Prisår ")).fill("2025")
        page.get_by_label(re.compile(r"^Kostnadsbärare")).fill("kommun/utbildningsnamnd")
        page.get_by_label(re.compile(r"^Källa ")).fill("Påhittad källa (exempelbelopp)")
        page.get_by_role("button", name="Spara enhetskostnaden").click()
        assert "Besök hos logoped" in page.locator("#unit-logoped-besok").inner_text()

        # the decided project's calculation (price year 2024: the index 125.6 / 129.1)
        page.get_by_role("link", name="Projekt", exact=True).first.click()
        page.get_by_role("link", name="Skolstöd för familjehemsplacerade barn").click()
        project_url = page.url
        page.get_by_role("link", name="Redigera kalkylen").click()
        search = page.get_by_role("combobox", name="Sök i katalogen på benämning")
        search.press_sequentially("logoped")
        option = page.get_by_role("option", name=re.compile("Besök hos logoped"))
        option.wait_for()
        search.press("ArrowDown")
        assert option.get_attribute("aria-selected") == "true"
        search.press("Enter")
        chosen = _plain(page.locator("#unit-cost-chosen").inner_text())
        assert "1 256 kr per besök i 2024 års priser" in chosen  # 1 291 × 125,6 / 129,1
        assert "Påhittad källa (exempelbelopp)" in chosen
        page.get_by_label("Mängd", exact=True).last.fill("40")
        page.get_by_role("button", name="Använd enhetskostnaden").click()
        row = page.locator("#unit-cost-uses tbody tr").last
        assert "Besök hos logoped i skolan" in row.inner_text()
        assert "Påhittad källa (exempelbelopp)" in row.inner_text()
        assert "50 240 kr" in _plain(row.inner_text())  # 40 × 1 256
        assert _axe(page) == []
        page.get_by_role("button", name="Spara kalkylen").click()
        assert "Kalkylen sparades." in page.locator("body").inner_text()

        # a change of the catalogue afterwards marks the decided project
        page.goto(catalogue_url)
        page.locator("#unit-logoped-besok").get_by_role("link").first.click()
        page.get_by_label(re.compile(r"^Belopp \(kr per enhet\)")).fill("1 500")
        page.get_by_role("button", name="Spara enhetskostnaden").click()
        page.goto(project_url)
        assert "Katalogen har ändrats sedan beslutet" in page.locator("#stored-stale").inner_text()
        page.get_by_role("button", name="Räkna om med den nuvarande katalogen").click()
        page.wait_for_url(project_url)
        assert page.locator("#stored-stale").count() == 0
        assert "1 459 kr" in _plain(page.locator("#stored-unit-costs").inner_text())
    finally:
        context.close()
