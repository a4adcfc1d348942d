"""Fixtures of the end-to-end tests: the browser, and the demo served for real."""

from __future__ import annotations

import pytest
from e2e_support import CSP_VIOLATIONS, database_from_template, launch, serving, watch_csp


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``socinv serve`` on a copy of the session's demo database; yields the base URL."""
    workdir, env = database_from_template(tmp_path_factory, "e2e", demo=True)
    with serving(workdir, env) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = launch(pw)
        watch_csp(b)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(autouse=True)
def _no_csp_violation():
    """No page the test opened broke the Content-Security-Policy."""
    CSP_VIOLATIONS.clear()
    yield
    assert CSP_VIOLATIONS == [], "Content-Security-Policy violations:\n" + "\n".join(CSP_VIOLATIONS)
