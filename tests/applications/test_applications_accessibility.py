"""The application's own pages (the idea page, each step of the full application at 1280
and 390 px, no wider than the viewport, the budget table with errors, the "what is
missing" panel) checked with axe-core in Debian's chromium: no WCAG 2.1 A/AA
violation of impact serious or critical. axe-core is the copy vendored in tests/e2e/vendor/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from application_helpers import full_draft
from django.urls import reverse

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).parents[1] / "e2e" / "vendor" / "axe.min.js"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Chromium is always there (.ci/run installs Debian's) and axe-core is vendored: either
# missing fails the test, never skips it.
pytestmark = [pytest.mark.django_db(transaction=True)]


def _violations(page) -> list[str]:
    page.evaluate(
        AXE.read_text(encoding="utf-8") + "\n;true"
    )  # not add_script_tag: the CSP blocks inline scripts
    results = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"""
    )
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in results["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def test_the_application_pages_have_no_serious_violations(live_server, client, personas):
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"no Debian chromium at {CHROMIUM} (apt-get install chromium)"
    assert AXE.exists(), f"axe-core is missing: {AXE}"
    application = full_draft(personas)
    client.force_login(personas["project_leader"])
    session = client.cookies["sessionid"].value
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context()
            context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
            page = context.new_page()
            problems = {}
            for width, height in ((1280, 900), (390, 844)):
                page.set_viewport_size({"width": width, "height": height})
                urls = {"detail": reverse("applications:detail", args=[application.pk])}
                for number in range(1, 6):
                    urls[f"step {number}"] = reverse(
                        "applications:full_step", args=[application.pk, number]
                    )
                for name, path in urls.items():
                    assert page.goto(live_server.url + path).status == 200
                    problems[f"{name} at {width}"] = _violations(page)
                    wide = page.evaluate("document.documentElement.scrollWidth")
                    if wide > width:
                        problems[f"{name} at {width}"].append(f"page {wide} px wide")
            # the budget table sent with a wrong amount: errors shown, linked to their fields
            page.goto(live_server.url + urls["step 3"])
            first = page.locator("input[name^=amount_]").first
            first.fill("tolv kronor")
            with page.expect_navigation():  # the answer to the POST, not the page before it
                page.click("button[name=continue]")
            assert page.locator("#error-summary").count() == 1
            assert page.locator("input[name^=amount_]").first.input_value() == "tolv kronor"
            problems["budget with errors"] = _violations(page)
        finally:
            browser.close()
    assert not any(problems.values()), problems
