"""The ex-post page in a real browser with axe-core (WCAG 2.1 A/AA, serious and critical),
on the demo with its ex-post calculations: the comparison, the form, the form with an
error, in Swedish. Same machinery as tests/e2e/test_accessibility.py."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

E2E = Path(__file__).resolve().parents[1] / "e2e"
_spec = importlib.util.spec_from_file_location("expost_e2e_support", E2E / "e2e_support.py")
support = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(support)

AXE = E2E / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

LOAD = """
import django
django.setup()
from socinv.calculation.models import ExPostCalculation
print(ExPostCalculation.objects.count())
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workdir, env = support.database_from_template(tmp_path_factory, "expost-e2e", demo=True)
    env["DJANGO_SETTINGS_MODULE"] = "socinv.site.settings"
    assert support.run([sys.executable, "-c", LOAD], env).strip() == "2"
    with support.serving(workdir, env) as base:
        yield base


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    from socinv.demo import DEMO_PASSWORD

    with sync_playwright() as pw:
        browser = support.launch(pw)
        context = browser.new_context(locale="sv-SE")
        p = context.new_page()
        p.set_default_timeout(15_000)
        p.goto(f"{server}/login/")
        p.get_by_label("Användarnamn").fill("ekonom")
        p.get_by_label("Lösenord").fill(DEMO_PASSWORD)
        p.get_by_role("button", name="Logga in").click()
        p.wait_for_load_state()
        p.goto(f"{server}/projects/")

        def project_titled(title: str) -> int:
            href = p.get_by_role("link", name=title).first.get_attribute("href")
            return int(re.fullmatch(r"/projects/(\d+)/", href).group(1))

        p.ids = {
            "arbete": project_titled("Från försörjningsstöd till arbete – unga vuxna"),
            "fritid": project_titled(
                "Aktiv fritid – mentorer för barn i ekonomiskt utsatta familjer"
            ),
        }
        p.base = server
        try:
            yield p
        finally:
            context.close()
            browser.close()


def _violations(page) -> list[str]:
    support.inject_axe(page)
    results = page.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                    resultTypes: ['violations']})""",
        WCAG_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"])
        for v in results["violations"]
        if v.get("impact") in BLOCKING
    ]


@pytest.mark.parametrize("key", ["arbete", "fritid"])
def test_the_expost_page_has_no_serious_violations(page, key):
    response = page.goto(f"{page.base}/calculation/projects/{page.ids[key]}/expost/")
    assert response.status == 200
    assert page.locator("#comparison-municipal").count() == 1
    assert _violations(page) == []


def test_the_expost_page_with_an_error_has_no_serious_violations(page):
    page.goto(f"{page.base}/calculation/projects/{page.ids['arbete']}/expost/")
    page.locator("#f-participants-0-").fill("trettiosex")
    page.locator("#expost-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").count() == 1
    assert page.locator("#f-participants-0--error").count() == 1
    assert _violations(page) == []
