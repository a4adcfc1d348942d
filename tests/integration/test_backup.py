"""``socinv backup`` and ``socinv restore``, run as an administrator would: the demo's
backup restores exactly (every row of every table, timestamps to the microsecond, the
uploaded files) into a fresh SQLite database and through PostgreSQL back to SQLite, and the
ledger verifies afterwards; a restore refused stores nothing; a zip bomb is refused.

The whole module is slow (the demo, several ``socinv migrate`` in subprocesses)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import uuid
import zipfile
from contextlib import closing
from pathlib import Path

import pytest

from socinv.core import limits
from socinv.site.backup import BackupRefused, check_members

# What `socinv migrate` makes itself (ids may differ; rows name them by natural key) and
# what a backup leaves out on purpose (sessions).
NOT_COMPARED = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "django_session",
    "sqlite_sequence",
}
ATTACHMENT = "attachments/2026/plan.pdf"
ATTACHMENT_BYTES = b"%PDF-1.4 plan\n" + bytes(range(256)) * 40


def _env(workdir: Path, database_url: str | None = None) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url or f"sqlite:///{workdir / 'socinv.sqlite3'}",
        "SOCINV_DATA_DIR": str(workdir),
        "DEBUG": "true",
        "SOCINV_ENV": "development",
    }
    env.pop("SOCINV_TEST_POSTGRES", None)
    return env


def _socinv(env: dict, *args: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "socinv", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == expect, f"socinv {' '.join(args)}: {done.stdout}\n{done.stderr}"
    return done


def _fresh(tmp_path_factory, name: str, database_url: str | None = None) -> dict:
    workdir = tmp_path_factory.mktemp(name)
    env = _env(workdir, database_url)
    _socinv(env, "migrate")
    return env


def _normal(value):
    """A value as compared: JSON texts by their content (PostgreSQL's jsonb keeps no key
    order), everything else exactly as stored."""
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _tables(path: Path) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(path)) as db:
        names = [
            r[0]
            for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if r[0] not in NOT_COMPARED
        ]
        return {
            name: [
                tuple(_normal(v) for v in row)
                for row in db.execute(f'SELECT * FROM "{name}" ORDER BY 1')  # noqa: S608
            ]
            for name in names
        }


def _assert_same_rows(original: Path, restored: Path) -> None:
    before, after = _tables(original), _tables(restored)
    assert before.keys() == after.keys()
    differ = [name for name in before if before[name] != after[name]]
    assert differ == []
    assert sum(len(rows) for rows in before.values()) > 400


def _media(env: dict) -> Path:
    return Path(env["SOCINV_DATA_DIR"]) / "media"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[dict, Path]:
    """The demo in its own SQLite file with one uploaded file, and its backup."""
    env = _fresh(tmp_path_factory, "demo")
    _socinv(env, "demo")
    attachment = _media(env) / ATTACHMENT
    attachment.parent.mkdir(parents=True)
    attachment.write_bytes(ATTACHMENT_BYTES)
    backup = Path(env["SOCINV_DATA_DIR"]) / "backups" / "demo.zip"
    out = _socinv(env, "backup", str(backup)).stdout
    assert str(backup) in out
    return env, backup


def _database(env: dict) -> Path:
    return Path(env["SOCINV_DATA_DIR"]) / "socinv.sqlite3"


def test_the_backup_is_one_zip_with_a_manifest_and_microsecond_timestamps(demo):
    _, backup = demo
    with zipfile.ZipFile(backup) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["format"] == "socinv-backup"
        assert manifest["format_version"] == 1
        assert manifest["socinv_version"]
        tables = {t["model"]: t["rows"] for t in manifest["tables"]}
        assert tables["fund.ledgerentry"] == 57
        assert tables["auth.user"] >= 7
        assert tables["fund.historicalfund"] >= 1
        assert "auth.user_groups" not in tables  # kept with its users
        assert "contenttypes.contenttype" not in tables
        assert manifest["media"] == [{"name": ATTACHMENT, "bytes": len(ATTACHMENT_BYTES)}]
        assert zf.read(f"media/{ATTACHMENT}") == ATTACHMENT_BYTES
        history = [json.loads(line) for line in zf.open("data/fund.historicalfund.jsonl")]
    # every microsecond is kept (dumpdata would cut "…22.123456" to "…22.123")
    stamps = [row["fields"]["history_date"] for row in history]
    assert all(len(s.split(".")[1].split("+")[0]) == 6 for s in stamps if "." in s)


def test_a_restore_into_a_fresh_sqlite_database_is_exact_and_the_ledger_verifies(
    demo, tmp_path_factory
):
    env, backup = demo
    fresh = _fresh(tmp_path_factory, "restored")
    _socinv(fresh, "restore", str(backup))
    _assert_same_rows(_database(env), _database(fresh))
    assert (_media(fresh) / ATTACHMENT).read_bytes() == ATTACHMENT_BYTES
    verify = _socinv(fresh, "ledger", "verify").stdout
    assert "OK. Huvudboken: 57 verifikationer" in verify


def test_a_restore_into_a_database_that_is_not_empty_is_refused_and_stores_nothing(
    demo, tmp_path_factory
):
    _, backup = demo
    env = _fresh(tmp_path_factory, "not-empty")
    with closing(sqlite3.connect(_database(env))) as db:
        db.execute(
            "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name,"
            " email, is_staff, is_active, date_joined) VALUES"
            " ('!', 0, 'someone', '', '', '', 0, 1, '2026-01-01 00:00:00')"
        )
        db.commit()
    before = _tables(_database(env))
    refused = _socinv(env, "restore", str(backup), expect=2)
    assert "auth.user" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert _tables(_database(env)) == before
    assert not (_media(env) / ATTACHMENT).exists()


def test_a_backup_of_another_format_version_is_refused(demo, tmp_path_factory, tmp_path):
    _, backup = demo
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(backup) as src, zipfile.ZipFile(newer, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["format_version"] = 2
                data = json.dumps(manifest).encode()
            dst.writestr(info.filename, data)
    env = _fresh(tmp_path_factory, "other-version")
    refused = _socinv(env, "restore", str(newer), expect=2)
    assert "formatversion 2" in refused.stderr
    assert _tables(_database(env))["fund_ledgerentry"] == []


def test_a_restore_that_fails_half_way_stores_nothing(demo, tmp_path_factory, tmp_path):
    """The users left out: every row is inserted, then the foreign keys are checked and the
    whole restore (rows and files) is rolled back."""
    _, backup = demo
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(backup) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = b"" if info.filename == "data/auth.user.jsonl" else src.read(info)
            dst.writestr(info.filename, data)
    env = _fresh(tmp_path_factory, "half-way")
    refused = _socinv(env, "restore", str(broken), expect=2)
    assert "Inget sparades" in refused.stderr
    assert "Traceback" not in refused.stderr
    tables = _tables(_database(env))
    assert {name: rows for name, rows in tables.items() if rows} == {}
    assert not (_media(env) / ATTACHMENT).exists()


@pytest.mark.postgres
def test_sqlite_to_postgresql_and_back_is_exact_and_the_ledger_verifies(demo, tmp_path_factory):
    env, backup = demo
    name = f"socinv_backup_{uuid.uuid4().hex[:12]}"
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q", "-c"]
    subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True, timeout=60)
    try:
        pg = _fresh(tmp_path_factory, "postgres", f"postgres://postgres@127.0.0.1:5432/{name}")
        _socinv(pg, "restore", str(backup))
        assert (_media(pg) / ATTACHMENT).read_bytes() == ATTACHMENT_BYTES
        assert "OK. Huvudboken: 57 verifikationer" in _socinv(pg, "ledger", "verify").stdout
        again = Path(pg["SOCINV_DATA_DIR"]) / "from-postgres.zip"
        _socinv(pg, "backup", str(again))
        # the sequences were reset: a new row gets a fresh id
        created = subprocess.run(
            [sys.executable, "-m", "socinv", "createuser", "ny", "--role", "auditor"]
            + ["--password-stdin"],
            env=pg,
            input="ett-langt-losenord-2026\n",
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert created.returncode == 0, created.stderr
    finally:
        subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name}"], check=True, timeout=60)
    back = _fresh(tmp_path_factory, "back-to-sqlite")
    _socinv(back, "restore", str(again))
    assert "OK. Huvudboken: 57 verifikationer" in _socinv(back, "ledger", "verify").stdout
    _assert_same_rows(_database(env), _database(back))


def _zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_BZIP2) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_a_zip_bomb_and_an_unsafe_name_are_refused_before_anything_is_read(tmp_path):
    bomb = _zip(tmp_path / "bomb.zip", {"data/x.jsonl": bytes(limits.BACKUP_RATIO_FREE_BYTES * 4)})
    with zipfile.ZipFile(bomb) as zf, pytest.raises(BackupRefused, match="zip-bomb") as refused:
        check_members(zf)
    assert "mer än 1\xa0000 gånger" in str(refused.value)  # the limit grouped
    climbing = _zip(tmp_path / "climb.zip", {"media/../../etc/passwd": b"x"})
    with zipfile.ZipFile(climbing) as zf, pytest.raises(BackupRefused, match="osäkert filnamn"):
        check_members(zf)
    # an ordinary member, as a backup writes it (JSON lines, deflated), passes
    lines = b"".join(b'{"pk": %d, "note": "rad %d"}\n' % (i, i * 7) for i in range(200_000))
    fine = _zip(tmp_path / "fine.zip", {"data/x.jsonl": lines}, zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(fine) as zf:
        assert zf.getinfo("data/x.jsonl").file_size > limits.BACKUP_RATIO_FREE_BYTES
        check_members(zf)
