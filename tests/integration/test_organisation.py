"""The organisation app against a real database (SQLite by default; PostgreSQL with
SOCINV_TEST_POSTGRES=1)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from socinv.accounts.models import Membership
from socinv.core.problems import Refused
from socinv.organisation.models import Board, Organisation, Stakeholder
from socinv.organisation.services import create_board, create_board_at_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def kommun() -> Organisation:
    return Organisation.objects.create(name="Exempelkommun", kind=Organisation.Kind.MUNICIPALITY)


@pytest.fixture
def admin(kommun):
    user = get_user_model().objects.create_user("admin")
    Membership.objects.create(user=user, organisation=kommun, role="administrator")
    return user


def test_create_board_creates_its_municipal_stakeholder(kommun, admin):
    board = create_board(
        acting_user=admin, organisation=kommun, name="Socialnämnden", code="socialnamnd"
    )

    stakeholder = Stakeholder.objects.get(board=board)
    assert stakeholder.key == "kommun/socialnamnd"
    assert stakeholder.name == "Socialnämnden"
    assert stakeholder.organisation == kommun
    assert stakeholder.kind == Stakeholder.Kind.BOARD
    assert stakeholder.municipal and stakeholder.public


def test_a_region_board_is_keyed_under_region():
    region = Organisation.objects.create(name="Exempelregion", kind=Organisation.Kind.REGION)
    board = create_board_at_setup(
        organisation=region, name="Hälso- och sjukvårdsnämnden", code="hsn"
    )
    assert board.stakeholder.key == "region/hsn"


def test_create_board_writes_nothing_when_the_stakeholder_key_is_taken(kommun):
    Stakeholder.objects.create(
        organisation=kommun, key="kommun/socialnamnd", name="Old", kind=Stakeholder.Kind.OTHER
    )
    with pytest.raises(Refused) as exc:
        create_board_at_setup(organisation=kommun, name="Socialnämnden", code="socialnamnd")
    assert [(r.code, r.field) for r in exc.value.refusals] == [("stakeholder_key_taken", "code")]
    assert not Board.objects.exists()


def test_create_board_refuses_a_taken_code_and_a_blank_name(kommun, admin):
    create_board(acting_user=admin, organisation=kommun, name="Socialnämnden", code="social")
    with pytest.raises(Refused) as exc:
        create_board(acting_user=admin, organisation=kommun, name=" ", code="social")
    assert [(r.code, r.field) for r in exc.value.refusals] == [
        ("name_required", "name"),
        ("code_taken", "code"),
        ("stakeholder_key_taken", "code"),
    ]
    with pytest.raises(Refused) as exc:
        create_board(acting_user=admin, organisation=kommun, name="Nämnd", code="inte en kod")
    assert exc.value.codes == ["code_invalid"]
    with pytest.raises(Refused) as exc:
        create_board(acting_user=admin, organisation=kommun, name="N" * 201, code="lang")
    assert [(r.code, r.field) for r in exc.value.refusals] == [("max_length", "name")]
    assert Board.objects.count() == 1 and Stakeholder.objects.count() == 1


def test_the_database_rejects_a_municipal_stakeholder_that_is_not_public(kommun):
    with pytest.raises(IntegrityError), transaction.atomic():
        # bulk_create skips model validation: only the database's CHECK stops this row
        Stakeholder.objects.bulk_create(
            [
                Stakeholder(
                    organisation=kommun,
                    key="kommun/x",
                    name="X",
                    municipal=True,
                    public=False,
                    kind=Stakeholder.Kind.OTHER,
                )
            ]
        )
    assert not Stakeholder.objects.exists()


def test_the_database_rejects_an_update_that_makes_a_municipal_stakeholder_private(kommun):
    board = create_board_at_setup(organisation=kommun, name="Utbildningsnämnden", code="utbildning")
    with pytest.raises(IntegrityError), transaction.atomic():
        Stakeholder.objects.filter(board=board).update(public=False)


def test_model_validation_explains_municipal_implies_public(kommun):
    stakeholder = Stakeholder(
        organisation=kommun, key="kommun/x", name="X", municipal=True, kind="other"
    )
    # Swedish by default, English when asked
    with pytest.raises(ValidationError, match="måste också vara offentlig"):
        stakeholder.full_clean()
    with translation.override("en"), pytest.raises(ValidationError, match="must also be public"):
        stakeholder.full_clean()


def test_it_rejects_a_duplicate_stakeholder_key_in_the_same_organisation(kommun):
    Stakeholder.objects.create(
        organisation=kommun, key="forsakringskassan", name="FK", public=True, kind="state_agency"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Stakeholder.objects.create(
            organisation=kommun, key="forsakringskassan", name="FK 2", kind="state_agency"
        )


def test_the_same_key_is_allowed_in_another_organisation(kommun):
    other = Organisation.objects.create(name="Grannkommun", kind=Organisation.Kind.MUNICIPALITY)
    for org in (kommun, other):
        Stakeholder.objects.create(
            organisation=org, key="individ", name="Individen", kind="individual"
        )
    assert Stakeholder.objects.filter(key="individ").count() == 2


def test_it_rejects_a_duplicate_board_code_in_the_same_organisation(kommun):
    create_board_at_setup(organisation=kommun, name="Socialnämnden", code="socialnamnd")
    with pytest.raises(IntegrityError), transaction.atomic():
        Board.objects.create(organisation=kommun, name="Dubblett", code="socialnamnd")


def test_the_sqlite_connection_uses_wal_and_immediate_transactions():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # pytest-django's default SQLite test database lives in memory, where WAL does not
    # apply; a file database (see the migrate test below) is in WAL mode.
    expected = "memory" if connection.is_in_memory_db() else "wal"
    assert mode == expected


def test_socinv_migrate_creates_the_tables_in_a_wal_sqlite_file(tmp_path: Path):
    db = tmp_path / "sub" / "socinv.sqlite3"
    db.parent.mkdir()
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{db}",
        SOCINV_DATA_DIR=str(tmp_path / "data"),
        PYTHONIOENCODING="utf-8",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = subprocess.run(
        [sys.executable, "-m", "socinv", "migrate"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr

    with sqlite3.connect(db) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        (mode,) = conn.execute("PRAGMA journal_mode").fetchone()
    assert {
        "organisation_organisation",
        "organisation_board",
        "organisation_department",
        "organisation_stakeholder",
        "django_migrations",
    } <= tables
    assert mode == "wal"


def test_the_run_uses_the_database_it_asked_for():
    # guards against a PostgreSQL run silently falling back to SQLite
    wanted = "postgresql" if os.environ.get("SOCINV_TEST_POSTGRES") == "1" else connection.vendor
    assert connection.vendor == wanted
