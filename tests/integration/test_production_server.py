"""``socinv serve --production``: gunicorn on PostgreSQL, in a subprocess on a free port,
driven with a real HTTP client (requests): the health check, a login through the login
form, JSON log lines, the worker processes from ``SOCINV_WORKERS``; then a migration
unapplied (503, and 200 again after ``socinv migrate``, no restart) and the database gone
(503).

Marked ``postgres``: collected only in the PostgreSQL run (``make test-postgres``), where
the server at 127.0.0.1 is there (its absence fails the test). The test makes a database
of its own on that server and drops it at the end.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
import requests

from socinv.demo import DEMO_PASSWORD

pytestmark = pytest.mark.postgres

SERVER = "postgres://postgres@127.0.0.1:5432"
WORKERS = 2


def _admin_sql(sql: str) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _socinv(*args: str, env: dict, timeout: int = 600) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "socinv", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"socinv {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _django(*args: str, env: dict) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "django", *args],
        env={**env, "DJANGO_SETTINGS_MODULE": "socinv.site.settings"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"django-admin {' '.join(args)}:\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """A migrated PostgreSQL database with the demo, and gunicorn serving it."""
    name = f"socinv_production_{os.getpid()}"
    _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin_sql(f'CREATE DATABASE "{name}"')
    workdir = tmp_path_factory.mktemp("production")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SOCINV_", "DJANGO_")) and key not in ("DEBUG", "DATABASE_URL")
    }
    env.update(
        {
            "DATABASE_URL": f"{SERVER}/{name}",
            "SOCINV_DATA_DIR": str(workdir),
            "SECRET_KEY": "a-long-random-key-for-this-test-only-" + "x" * 30,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SOCINV_WORKERS": str(WORKERS),
            # The test client speaks plain HTTP to gunicorn, as the TLS proxy does; its
            # cookies then travel without the Secure flag.
            "SOCINV_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
        }
    )
    _socinv("migrate", env=env)
    _socinv("demo", env=env)
    port = _free_port()
    log_path = workdir / "server.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    # SOCINV_ENV is not set: --production sets it (DEBUG off, SECRET_KEY required)
    proc = subprocess.Popen(
        [sys.executable, "-m", "socinv", "serve", "--production", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"{base}/healthz", timeout=5)
                break
            except requests.ConnectionError:
                assert proc.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.3)
        yield {"base": base, "env": env, "proc": proc, "log": log_path, "database": name}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _log_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_gunicorn_serves_the_health_check_and_a_login_on_postgresql(production):
    base = production["base"]
    health = requests.get(f"{base}/healthz", timeout=10)
    assert health.status_code == 200
    assert health.json() == {"status": "ok"}
    assert health.headers["Server"] == "gunicorn"
    # no login needed, and any Host (the probe from the host itself): not the host check's 400
    assert requests.get(f"{base}/healthz", headers={"Host": "probe"}, timeout=10).status_code == 200
    # ... but only /healthz: any other page with an unknown host is refused
    assert requests.get(f"{base}/login/", headers={"Host": "probe"}, timeout=10).status_code == 400

    client = requests.Session()
    form = client.get(f"{base}/login/", timeout=30)
    assert form.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    answer = client.post(
        f"{base}/login/",
        data={"csrfmiddlewaretoken": token, "username": "ekonom", "password": DEMO_PASSWORD},
        timeout=30,
    )
    # logged in: the start page sends the economist on to the demo fund's overview
    assert answer.status_code == 200, answer.text[:2000]
    assert re.search(r"/funds?/\d+/", answer.url), answer.url
    assert "Sociala investeringsfonden" in answer.text
    assert "Karin" in answer.text or "ekonom" in answer.text
    assert client.cookies.get("sessionid")
    # DEBUG is off: an unknown page is the plain 404, never Django's debug page
    missing = client.get(f"{base}/no-such-page/", timeout=30)
    assert missing.status_code == 404
    assert "URLconf" not in missing.text

    wrong = requests.Session()
    form = wrong.get(f"{base}/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    refused = wrong.post(
        f"{base}/login/",
        data={"csrfmiddlewaretoken": token, "username": "ekonom", "password": "fel"},
        timeout=30,
    )
    assert refused.status_code == 200 and "sessionid" not in wrong.cookies
    assert "/login/" in refused.url


def test_the_worker_processes_come_from_the_environment(production):
    master = production["proc"].pid
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    assert len(children) == WORKERS


def test_every_log_line_is_one_json_object_with_the_requests_in_it(production):
    requests.get(f"{production['base']}/healthz?secret=1", timeout=10)
    time.sleep(0.5)  # the worker writes its access line after the response
    lines = _log_lines(production["log"])
    assert {"time", "level", "logger", "message"} <= set(lines[0])
    assert any(line["logger"] == "gunicorn.error" for line in lines)
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    logins = [line for line in access if line["path"] == "/login/" and line["method"] == "POST"]
    # the successful login redirected (302), the wrong password showed the form again (200)
    assert sorted(line["status"] for line in logins) == [200, 302]
    health = [line for line in access if line["path"] == "/healthz"]
    assert health and all(isinstance(line["duration_ms"], float) for line in health)
    # the query string is never logged
    assert "secret" not in production["log"].read_text()


def test_the_health_check_fails_while_a_migration_is_unapplied_and_when_the_database_is_gone(
    production,
):
    base, env = production["base"], production["env"]
    # a leaf migration that nothing depends on: the sessions' table
    _django("migrate", "sessions", "zero", env=env)
    answer = requests.get(f"{base}/healthz", timeout=10)
    assert answer.status_code == 503
    assert answer.json() == {"status": "unavailable", "migrations": "pending"}
    assert "sessions" not in answer.text  # no migration is named to the world
    # the log says which, for the operator
    time.sleep(0.5)
    assert "sessions.0001_initial" in production["log"].read_text()

    _socinv("migrate", env=env)
    assert requests.get(f"{base}/healthz", timeout=10).status_code == 200

    _admin_sql(f'DROP DATABASE "{production["database"]}" WITH (FORCE)')
    gone = requests.get(f"{base}/healthz", timeout=10)
    assert gone.status_code == 503
    assert gone.json() == {"status": "unavailable", "database": "unreachable"}
