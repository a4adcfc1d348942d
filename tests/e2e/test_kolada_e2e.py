"""End to end in a real browser (Debian's chromium through Playwright), in Swedish, on the
demo: the project leader links a demo indicator to a Kolada KPI on the follow-up page
(a group as the own municipality is refused first, naming the field), imports a Kolada v3
file there, and sees the baseline set and the comparison municipality and group drawn in
the follow-up report's chart, each page free of serious WCAG 2.1 A/AA violations (axe)."""

from __future__ import annotations

import re
from pathlib import Path

from e2e_support import inject_axe

FILE = Path(__file__).resolve().parents[1] / "fixtures" / "kolada" / "n15419_v3.json"
INDICATOR = "Andel elever behöriga till gymnasiet"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe_clean(page) -> None:
    inject_axe(page)
    results = page.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                    resultTypes: ['violations']})""",
        WCAG_TAGS,
    )
    bad = [v for v in results["violations"] if v.get("impact") in {"serious", "critical"}]
    assert not bad, [(v["id"], [n["target"] for n in v["nodes"]]) for v in bad]


def test_link_import_and_the_chart(server, browser):
    from socinv.demo import DEMO_PASSWORD

    page = browser.new_page(locale="sv-SE")
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{server}/login/")
        page.get_by_label("Användarnamn").fill("projektledare")
        page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_load_state()
        page.goto(f"{server}/projects/")
        href = page.get_by_role("link", name="Skolstöd för familjehemsplacerade barn").first
        project = int(re.search(r"/projects/(\d+)/", href.get_attribute("href")).group(1))

        page.goto(f"{server}/followup/projects/{project}/")
        form = page.locator('form[action$="/kolada/"]')
        form.get_by_label("Indikator").select_option(label=INDICATOR)
        form.get_by_label("Nyckeltal i Kolada").fill("N15419")
        form.get_by_label(re.compile(r"^Kommun\b")).fill("G124026")
        with page.expect_navigation():
            form.get_by_role("button", name="Spara kopplingen").click()
        assert "kommungrupp" in page.locator(".error-summary, [role=alert]").first.inner_text()
        _axe_clean(page)

        form = page.locator('form[action$="/kolada/"]')
        form.get_by_label("Indikator").select_option(label=INDICATOR)
        form.get_by_label("Nyckeltal i Kolada").fill("N15419")
        form.get_by_label(re.compile(r"^Kommun\b")).fill("581")
        form.get_by_label("Jämförelsekommuner").fill("0180")
        form.get_by_label("Kommungrupp i Kolada").fill("G124026")
        with page.expect_navigation():
            form.get_by_role("button", name="Spara kopplingen").click()
        assert "Kolada N15419, 0581" in page.locator(".kolada-link").first.inner_text()

        imp = page.locator('form[action$="/import/"]')
        imp.locator('input[type="file"]').set_input_files(str(FILE))
        with page.expect_navigation():
            imp.get_by_role("button", name="Importera").click()
        assert "utgångsvärden satta: 1" in page.locator("#import-result").inner_text()
        _axe_clean(page)

        page.goto(f"{server}/followup/projects/{project}/")
        assert "Kolada N15419, 0581, 2024" in page.content()
        _axe_clean(page)

        page.goto(f"{server}/reports/projects/{project}/followup/")
        html = page.content()
        assert "Kolada 0180" in html and "Kolada G124026 (kommungrupp)" in html
        assert "Kolada 0581 (egen kommun)" in html
        _axe_clean(page)
    finally:
        page.close()
