"""The audit trail (ändringsloggen) in a real browser on the demo, as the auditor (revisor)
reads it: every page of the trail fits at 1280 px with every column in view (its table
does not scroll: the long words, a SIE file's SHA-256 fingerprint, wrap in their cell), and
at 390 px the page is no wider than the screen (the table scrolls in its own region, which
can be reached by keyboard); axe-core finds no serious or critical WCAG 2.1 A/AA violation
at either width. The same checks as the every-page walk (test_every_page_e2e.py), which
cannot be limited to one page."""

from __future__ import annotations

import re

import pytest
from e2e_support import inject_axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
WIDTHS = (1280, 390)
HEIGHT = 900


@pytest.fixture(scope="module")
def auditor(server, browser):
    from socinv.demo import DEMO_PASSWORD

    context = browser.new_context(locale="sv-SE", viewport={"width": WIDTHS[0], "height": HEIGHT})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server}/login/")
    page.get_by_label("Användarnamn").fill("revisor")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    assert "/login/" not in page.url, "the auditor could not log in"
    try:
        yield page
    finally:
        context.close()


def _violations(page) -> list[str]:
    inject_axe(page)
    results = page.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                    resultTypes: ['violations']})""",
        WCAG_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
        for v in results["violations"]
        if v.get("impact") in BLOCKING
    ]


def _widths(page) -> dict:
    """The document's and the trail's region's widths (scrolled and shown)."""
    return page.evaluate(
        """() => {
          const table = document.querySelector('main table.audit-trail');
          const region = table.closest('.table-scroll');
          const doc = document.documentElement;
          return {doc: doc.scrollWidth, docShown: doc.clientWidth, viewport: innerWidth,
                  region: region.scrollWidth, regionShown: region.clientWidth,
                  regionTab: region.getAttribute('tabindex'), regionRole: region.getAttribute('role'),
                  regionLabel: region.getAttribute('aria-labelledby'),
                  rows: table.querySelectorAll('tbody tr').length};
        }"""
    )


def _pages(page, base: str) -> int:
    page.goto(f"{base}/audit/")
    caption = page.locator("table.audit-trail caption").inner_text()
    found = re.search(r"sida 1 av (\d+)", caption)
    assert found, f"the caption does not say the page: {caption!r}"
    return int(found.group(1))


def test_every_page_of_the_trail_fits_at_1280_and_390(auditor, server):
    page = auditor
    pages = _pages(page, server)
    assert pages > 1  # the demo's trail is long: the check covers several pages
    problems = []
    for number in range(1, pages + 1):
        page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        page.goto(f"{server}/audit/?page={number}")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            w = _widths(page)
            assert w["rows"] > 0
            where = f"page {number} at {width} px"
            if w["doc"] > w["docShown"] or w["doc"] > w["viewport"]:
                problems.append(f"{where}: the page is {w['doc']} px wide in {w['viewport']} px")
            if width == 1280 and w["region"] > w["regionShown"] + 1:
                problems.append(
                    f"{where}: the table is {w['region']} px in {w['regionShown']} px "
                    "(columns hidden)"
                )
            # where the table scrolls (a phone), its region is reached by keyboard and named
            assert (w["regionTab"], w["regionRole"], w["regionLabel"]) == (
                "0",
                "region",
                "h-events",
            )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("which", ["first", "last"])
def test_the_trail_has_no_serious_axe_violation_at_1280_and_390(auditor, server, which):
    page = auditor
    number = 1 if which == "first" else _pages(page, server)
    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    page.goto(f"{server}/audit/?page={number}")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        violations = _violations(page)
        assert not violations, f"page {number} at {width} px:\n" + "\n".join(violations)


def test_the_trail_is_a_table_with_a_caption_and_headers(auditor, server):
    page = auditor
    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    page.goto(f"{server}/audit/")
    table = page.get_by_role("table", name=re.compile(r"^Nyast först, sida 1 av \d+$"))
    assert table.count() == 1
    headers = table.get_by_role("columnheader")
    assert headers.all_inner_texts() == ["När", "Vem", "Händelse", "Post", "Ändringar"]
    rows = table.locator("tbody tr")
    assert table.get_by_role("rowheader").count() == rows.count() == 50
    # the longest word of the demo's trail, a SIE file's fingerprint, wraps in its cell
    fingerprints = table.locator("li", has_text="SHA-256")
    assert fingerprints.count() > 0, "the demo's SIE import is no longer on the first page"
    fingerprint = fingerprints.first
    box = fingerprint.bounding_box()
    cell = fingerprint.locator("xpath=ancestor::td[1]").bounding_box()
    assert box["x"] + box["width"] <= cell["x"] + cell["width"] + 1
