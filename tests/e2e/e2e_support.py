"""What the end-to-end tests share: Debian's chromium, and a real ``socinv serve`` on a
temporary SQLite file.

The tests never use pytest-django's ``live_server``: it flushes the tables after each
test, and the ledger's append-only triggers refuse that DELETE. Instead each module runs
the real command line (the demo or a seed script) on its own database file and serves it
in a subprocess; the test database is never touched. The file is a copy of a template
made once per test session (per xdist worker): ``socinv migrate``, and for the demo
``socinv demo`` on top (:func:`database_from_template`), so six modules migrate once.

Chromium is always there (``.ci/run`` installs Debian's): a missing browser fails the
tests, it never skips them.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told otherwise.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
# Launch flags for a sandbox without network: no background connections that the closed
# network would refuse.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch(playwright):
    """Debian's chromium, headless; a missing browser is a failure (never a skip)."""
    assert Path(CHROMIUM).exists(), f"no Debian chromium at {CHROMIUM} (apt-get install chromium)"
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def inject_axe(page) -> None:
    """Put axe-core into the page. Not with ``page.add_script_tag``: that adds an inline
    script, which the Content-Security-Policy (script-src 'self') blocks; ``page.evaluate``
    runs the source through the DevTools protocol, outside the page's policy."""
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")


# Every page the browser tests open is watched for Content-Security-Policy violations (a
# blocked inline script or style, an eval): the listener is an init script, which the policy
# does not apply to, and reports through a binding; tests/e2e/conftest.py fails the test
# that caused one.
CSP_VIOLATIONS: list[str] = []
_CSP_LISTENER = (
    "document.addEventListener('securitypolicyviolation', e => window.__socinvCsp("
    "e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' on ' + e.documentURI +"
    " ' line ' + e.lineNumber));"
)


def watch_csp(browser) -> None:
    """Make every context (and page) of ``browser`` report CSP violations."""
    new_context = browser.new_context

    def watched_context(**kwargs):
        context = new_context(**kwargs)
        context.expose_function("__socinvCsp", lambda text: CSP_VIOLATIONS.append(text))
        context.add_init_script(_CSP_LISTENER)
        return context

    browser.new_context = watched_context
    browser.new_page = lambda **kwargs: watched_context(**kwargs).new_page()


def socinv_env(workdir: Path) -> dict:
    """The environment of a socinv process working on ``workdir``'s own SQLite file."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'e2e.sqlite3'}",
        "SOCINV_DATA_DIR": str(workdir),
        "DEBUG": "true",
        "SOCINV_ENV": "development",
    }
    env.pop("SOCINV_TEST_POSTGRES", None)
    return env


def _copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite file (WAL included), by SQLite's own backup."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _template(basetemp: Path, kind: str) -> Path:
    """The session's template database ``kind`` ("migrated", or "demo": migrated and the
    demo loaded), made on first use under ``basetemp`` (one per xdist worker)."""
    folder = basetemp / "e2e-templates"
    path = folder / f"{kind}.sqlite3"
    if path.exists():
        return path
    work = folder / f"making-{kind}"
    work.mkdir(parents=True)
    env = socinv_env(work)
    if kind == "demo":
        _copy_database(_template(basetemp, "migrated"), work / "e2e.sqlite3")
        run(["socinv", "demo"], env)
    else:
        run(["socinv", "migrate"], env)
    _copy_database(work / "e2e.sqlite3", path)
    shutil.rmtree(work, ignore_errors=True)
    return path


def database_from_template(tmp_path_factory, name: str, *, demo: bool) -> tuple[Path, dict]:
    """A fresh work directory holding its own copy of the session's migrated database
    (with ``demo``: the demo loaded too); the directory and its socinv environment."""
    template = _template(tmp_path_factory.getbasetemp(), "demo" if demo else "migrated")
    workdir = tmp_path_factory.mktemp(name)
    _copy_database(template, workdir / "e2e.sqlite3")
    return workdir, socinv_env(workdir)


def run(args: list[str], env: dict, timeout: int = 300) -> str:
    """Run a command (``["socinv", ...]`` runs the package's CLI); its stdout."""
    command = [sys.executable, "-m", "socinv", *args[1:]] if args[0] == "socinv" else args
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{' '.join(args)}: {done.stdout}\n{done.stderr}"
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(workdir: Path, env: dict, port: int | None = None) -> Iterator[str]:
    """``socinv serve`` on ``port`` (a free one if not given) until the block ends; yields
    the base URL."""
    port = port or free_port()
    log = open(workdir / "server.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "socinv", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/login/", timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((workdir / "server.log").read_text()) from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)
