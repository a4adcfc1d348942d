"""Fixtures of the end-to-end tests: the browser, and the demo served for real."""

from __future__ import annotations

import pytest
from e2e_support import CHROMIUM, CHROMIUM_ARGS, run, serving, socinv_env


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``socinv serve`` on a fresh SQLite file holding the demo; yields the base URL."""
    workdir = tmp_path_factory.mktemp("e2e")
    env = socinv_env(workdir)
    run(["socinv", "migrate"], env)
    run(["socinv", "demo"], env)
    with serving(workdir, env) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()
