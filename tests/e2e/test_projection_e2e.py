"""The fund projection (fondprognos) in a real browser on the demo: the owner reaches it from
the fund's overview, sees the two fan charts, each with its table, and the page (also with a
refused contribution plan, and on a narrow screen) has no serious axe violations (WCAG 2.1
A and AA, as tests/e2e/test_accessibility.py checks the other pages)."""

from __future__ import annotations

import re

import pytest
from e2e_support import inject_axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def _violations(page) -> list[str]:
    inject_axe(page)
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


@pytest.fixture(scope="module")
def owner(server, browser):
    from socinv.demo import DEMO_PASSWORD

    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server}/login/")
    page.get_by_label("Användarnamn").fill("agare")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r".*/funds/\d+/overview/$"))
    try:
        yield {"page": page, "base": server, "context": context}
    finally:
        context.close()


def test_the_owner_finds_the_projection_with_its_charts_and_tables(owner):
    page = owner["page"]
    page.get_by_role("link", name="Fondprognos").click()
    page.wait_for_url(re.compile(r".*/funds/\d+/projection/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Fondprognos"
    charts = page.locator("img.chart")
    assert charts.count() == 2
    assert charts.first.get_attribute("alt").startswith("Disponibelt att bevilja")
    for table in ("#table-available", "#table-fund_money", "#table-prob"):
        assert page.locator(f"{table} tbody tr").count() > 0
    assert re.search(
        r"\d\u00a0\d{3}\u00a0\d{3}\u00a0kr", page.locator("#table-available").inner_text()
    )
    violations = _violations(page)
    assert not violations, "\n".join(violations)


def test_a_refused_contribution_plan_has_no_serious_violations(owner):
    page = owner["page"]
    page.goto(f"{owner['base']}{page.url.split(owner['base'])[-1]}")
    page.evaluate("document.querySelectorAll('main form').forEach(f => f.noValidate = true)")
    page.locator("#id_plan-year").fill("2030")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() > 0
    violations = _violations(page)
    assert not violations, "\n".join(violations)


def test_the_projection_on_a_narrow_screen_has_no_serious_violations(owner, browser):
    context = browser.new_context(
        locale="sv-SE",
        viewport={"width": 320, "height": 640},
        storage_state=owner["context"].storage_state(),
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(owner["base"] + "/funds/1/projection/?draws=2000")
        assert page.locator("img.chart").count() == 2
        violations = _violations(page)
        assert not violations, "\n".join(violations)
    finally:
        context.close()
