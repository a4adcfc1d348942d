"""Single sign-on end to end, in chromium, against a real OpenID provider: oidc-provider
(tests/oidc/provider.mjs, installed by ``make install`` from its package-lock.json) on
127.0.0.1, and ``socinv serve`` with ``SOCINV_OIDC_ISSUER`` pointing at it, local password
login off but for the break-glass administrator (the demo's ``admin``).

The administrator maps the group ``socinv-ekonomer`` to the economist's role in the admin;
Anna (in that group) logs in with the provider's own login page, is an economist on the
fund's page, and logs out of socinv and the provider; Bertil (in no mapped group) is
refused with the Swedish page naming whom to ask; Cecilia's ID token, re-signed by the
provider for another audience, is refused. Node is installed on every machine of the
project (``.ci/run``): a missing node fails the test, it never skips it.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import time
import urllib.request
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from e2e_support import database_from_template, free_port, serving
from test_accessibility import _axe, _report

from socinv.demo import DEMO_PASSWORD

PROVIDER = Path(__file__).resolve().parents[1] / "oidc" / "provider.mjs"
CLIENT_ID = "socinv"
CLIENT_SECRET = "a-client-secret-for-the-tests-only"
CONTACT = "Kommunens IT-servicedesk, telefon 0123-456 78"


@contextmanager
def provider(port: int, socinv_base: str, workdir: Path):
    node = shutil.which("node")
    assert node, "no node (apt-get install nodejs): the single sign-on tests need it"
    assert (PROVIDER.parent / "node_modules" / "oidc-provider").is_dir(), (
        "oidc-provider is not installed: run make install (npm ci in tests/oidc)"
    )
    log_path = workdir / "provider.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    env = {
        "PATH": "/usr/bin:/bin",
        "PORT": str(port),
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URI": f"{socinv_base}/oidc/callback/",
        "POST_LOGOUT_REDIRECT_URI": f"{socinv_base}/login/",
    }
    proc = subprocess.Popen(
        [node, str(PROVIDER)], env=env, cwd=PROVIDER.parent, stdout=log, stderr=subprocess.STDOUT
    )
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                url = f"{issuer}/.well-known/openid-configuration"
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(log_path.read_text()) from None
                time.sleep(0.2)
        yield issuer
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def sso(tmp_path_factory):
    workdir, env = database_from_template(tmp_path_factory, "sso", demo=True)
    database = workdir / "e2e.sqlite3"
    socinv_port = free_port()
    base = f"http://127.0.0.1:{socinv_port}"
    with provider(free_port(), base, workdir) as issuer:
        env = {
            **env,
            "SOCINV_OIDC_ISSUER": issuer,
            "SOCINV_OIDC_CLIENT_ID": CLIENT_ID,
            "SOCINV_OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "SOCINV_OIDC_SCOPES": "openid email profile groups",
            "SOCINV_OIDC_CONTACT": CONTACT,
            "SOCINV_LOCAL_LOGIN": "false",
            "SOCINV_BREAK_GLASS_USER": "admin",
        }
        with serving(workdir, env, port=socinv_port) as served:
            yield {"base": served, "issuer": issuer, "database": database}


@pytest.fixture
def page(browser):
    """A fresh Swedish browser context for each case (no cookie of the last one)."""
    page = browser.new_page(locale="sv-SE")
    page.set_default_timeout(15_000)
    yield page
    page.context.close()


def _roles(database: Path, username: str) -> list[str]:
    with closing(sqlite3.connect(database)) as db:
        rows = db.execute(
            "SELECT m.role FROM accounts_membership m JOIN auth_user u ON u.id = m.user_id "
            "WHERE u.username = ? ORDER BY m.role",
            (username,),
        )
        return [role for (role,) in rows]


def _provider_login(page, issuer: str, account: str) -> None:
    """oidc-provider's own login page (devInteractions): the account and any password."""
    page.wait_for_url(f"{issuer}/interaction/**")
    page.locator('input[name="login"]').fill(account)
    page.locator('input[name="password"]').fill("any password: the test provider takes it")
    page.locator('button[type="submit"]').click()


def _start_sso(page, base: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_role("button", name="Logga in med organisationens konto").click()


def test_1_the_break_glass_administrator_maps_a_group_and_nobody_else_logs_in_with_a_password(
    sso, page
):
    base = sso["base"]
    # another demo user's right password: local login is off for them
    page.goto(f"{base}/login/")
    violations = _axe(page)  # the login page with the single sign-on button: WCAG 2.1 AA
    assert not violations, _report(page.url, violations)
    page.get_by_label("Användarnamn").fill("ekonom")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_load_state()
    assert "/login/" in page.url
    assert "Användarnamnet och lösenordet stämde inte" in page.locator("main").inner_text()

    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto(f"{base}/admin/accounts/grouprole/add/")
    page.locator("#id_organisation").select_option(label="Exempelkommun")
    page.locator("#id_group").fill("socinv-ekonomer")
    page.locator("#id_role").select_option("economist")
    page.locator('input[name="_save"]').click()
    page.wait_for_url(f"{base}/admin/accounts/grouprole/")
    assert "socinv-ekonomer" in page.locator("#result_list").inner_text()


def test_2_a_mapped_user_logs_in_gets_the_role_and_logs_out(sso, page):
    base, issuer = sso["base"], sso["issuer"]
    _start_sso(page, base)
    _provider_login(page, issuer, "anna")
    # back at socinv, logged in: the economist's start page is the fund's overview
    page.wait_for_url(lambda url: url.startswith(base))
    page.wait_for_load_state()
    assert "/funds/" in page.url, page.url + "\n" + page.locator("body").inner_text()
    assert page.locator("h1").inner_text() == "Översikt"
    assert "Inloggad som Anna Andersson" in page.locator("header").inner_text()  # full name
    assert _roles(sso["database"], "anna.andersson") == ["economist"]
    # the economist's ledger page opens (an owner's or economist's right)
    page.goto(page.url.rstrip("/").removesuffix("/overview") + "/ledger/")
    assert page.locator("h1").count() == 1

    page.get_by_role("button", name="Logga ut").click()
    # the provider asks whether to end its session too
    page.wait_for_url(f"{issuer}/session/end**")
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{base}/login/**")
    page.goto(f"{base}/")
    assert "/login/" in page.url  # logged out of socinv
    # and of the provider: a new single sign-on asks for the account again
    _start_sso(page, base)
    page.wait_for_url(f"{issuer}/interaction/**")
    assert page.locator('input[name="login"]').is_visible()


def test_3_a_user_whose_groups_map_to_no_role_is_refused_and_told_whom_to_ask(sso, page):
    base, issuer = sso["base"], sso["issuer"]
    _start_sso(page, base)
    _provider_login(page, issuer, "bertil")
    page.wait_for_url(f"{base}/oidc/callback/**")
    text = page.locator("main").inner_text()
    assert page.locator("h1").inner_text() == "Inloggningen nekades"
    assert "ingen av dina grupper ger dig en roll" in text
    assert "alla-anstallda" in text  # the groups the administrator must map
    assert CONTACT in text
    assert "Ali Hassan" in text  # the demo's administrator
    assert _roles(sso["database"], "bertil.berg") == []
    violations = _axe(page)
    assert not violations, _report(page.url, violations)
    page.goto(f"{base}/")
    assert "/login/" in page.url


def test_4_an_id_token_for_another_audience_is_refused(sso, page):
    base, issuer = sso["base"], sso["issuer"]
    response = {}
    page.on(
        "response",
        lambda r: response.setdefault("status", r.status) if "/oidc/callback/" in r.url else None,
    )
    _start_sso(page, base)
    # Cecilia is in the mapped group: only the token's audience is wrong
    _provider_login(page, issuer, "cecilia")
    page.wait_for_url(f"{base}/oidc/callback/**")
    assert response["status"] == 403
    assert page.locator("h1").inner_text() == "Inloggningen nekades"
    assert "avsett för ett annat program" in page.locator("main").inner_text()
    assert _roles(sso["database"], "cecilia.ceder") == []
    page.goto(f"{base}/")
    assert "/login/" in page.url
