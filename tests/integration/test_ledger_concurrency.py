"""Two people committing at the same moment can never commit more than is available.

Real separate processes against a real database file (SQLite) or server (PostgreSQL):
each process reads the balance, checks and inserts inside one transaction, so without the
lock on the fund both would see 1 000 kr available and both commit 600 kr.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest

WORKER = str(Path(__file__).with_name("concurrent_worker.py"))
PROCESSES = 4


def _run(env: dict, *args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, WORKER, *args], env=env, capture_output=True, text=True, timeout=120, **kw
    )


def _race(env: dict) -> list[str]:
    subprocess.run(
        [sys.executable, "-m", "socinv", "migrate"], env=env, check=True, capture_output=True
    )
    seeded = _run(env, "seed")
    assert seeded.returncode == 0, seeded.stderr
    start_at = f"{time.time() + 3.0:.3f}"  # time for every process to start Django
    procs = [
        subprocess.Popen(
            [sys.executable, WORKER, "commit", start_at],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        results.append(out.strip())
    verify = subprocess.run(
        [sys.executable, "-m", "socinv", "ledger", "verify"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert verify.returncode == 0, verify.stderr
    return results


def _env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "SOCINV_TEST_POSTGRES"}
    env.update(extra)
    return env


def test_concurrent_commitments_on_sqlite_never_exceed_available(tmp_path):
    env = _env(DATABASE_URL=f"sqlite:///{tmp_path / 'race.sqlite3'}")
    results = _race(env)
    assert sorted(results) == ["OK"] + ["REFUSED"] * (PROCESSES - 1)


@pytest.mark.postgres  # only in the PostgreSQL run (make test-postgres): no server fails it
def test_concurrent_commitments_on_postgresql_never_exceed_available():
    name = f"socinv_race_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True)
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            results = _race(_env(DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{name}"))
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert sorted(results) == ["OK"] + ["REFUSED"] * (PROCESSES - 1)
