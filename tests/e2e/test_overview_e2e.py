"""The overview (översikt) in a real browser on the demo: the owner (agare) lands on it
after login and sees the tiles, the chart of the fund's money with the projection's band
(and its table), and the attention list with the waiting idea and the indicators at risk;
at 1280 and at 390 px wide the page has no serious axe violation (WCAG 2.1 A and AA) and
nothing overflows horizontally."""

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


def _overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no horizontal scrolling)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.fixture(scope="module")
def owner(server, browser):
    from socinv.demo import DEMO_PASSWORD

    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
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


def test_the_owner_lands_on_the_overview(owner):
    page = owner["page"]
    assert page.get_by_role("heading", level=1).inner_text() == "Översikt"
    assert page.locator("nav a[aria-current='page']").inner_text() == "Översikt"
    assert page.locator("#tiles .tile").count() == 6
    assert re.search(r"\d\u00a0kr", page.locator("#tile-available").inner_text())
    chart = page.locator("img.chart")
    assert chart.count() == 1
    assert chart.get_attribute("alt") == "Fondens medel över tid"
    assert page.locator("#table-money tbody tr.projected").count() == 10
    attention = page.locator("#attention")
    assert attention.get_by_role("link", name="Familjecentral i Norra stadsdelen").count() == 1
    assert attention.locator("li.attention-indicator").count() > 0
    # the tiles' table is there for screen readers, hidden on the screen
    assert page.locator("#table-tiles tbody tr").count() == 6
    assert (
        page.evaluate(
            "() => document.querySelector('#table-tiles').parentElement.getBoundingClientRect().width"
        )
        <= 1
    )


def test_the_overview_at_1280_px_has_no_serious_violations_or_overflow(owner):
    page = owner["page"]
    violations = _violations(page)
    assert not violations, "\n".join(violations)
    assert _overflow(page) <= 0


def test_the_overview_at_390_px_has_no_serious_violations_or_overflow(owner, browser):
    context = browser.new_context(
        locale="sv-SE",
        viewport={"width": 390, "height": 844},
        storage_state=owner["context"].storage_state(),
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(owner["page"].url)
        assert page.locator("img.chart").count() == 1
        page.locator("details summary").first.click()  # the chart's table, opened
        violations = _violations(page)
        assert not violations, "\n".join(violations)
        assert _overflow(page) <= 0, f"{_overflow(page)} px wider than the window"
    finally:
        context.close()
