"""Creating users: the service, the management command and `socinv createuser`."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from socinv.accounts.models import Membership
from socinv.accounts.services import create_user, create_user_at_setup
from socinv.core.problems import Refused
from socinv.organisation.models import Organisation

GOOD = "Stark-nog-2026!"


@pytest.fixture
def org(db):
    return Organisation.objects.create(name="Exempelkommun", kind="municipality")


def _nothing_stored():
    assert not get_user_model().objects.exists()
    assert not Membership.objects.exists()


def _createuser(monkeypatch, *args, password=GOOD):
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    out = io.StringIO()
    call_command("createuser", *args, "--password-stdin", stdout=out)
    return out.getvalue()


@pytest.fixture
def admin(org):
    return create_user_at_setup(
        username="admin", password=GOOD, role="administrator", organisation=org
    )


def test_it_creates_a_user_with_a_role(org, admin):
    user = create_user(
        acting_user=admin, username="anna", password=GOOD, role="economist", organisation=org
    )
    assert user.check_password(GOOD)
    assert Membership.objects.get(user=user).role == "economist"
    assert not user.is_staff and not user.is_superuser


@pytest.mark.parametrize(
    "role", ["owner", "economist", "project_leader", "evaluator", "auditor", "external"]
)
def test_only_an_administrator_of_the_organisation_creates_users(org, admin, role):
    user = create_user_at_setup(username=role, password=GOOD, role=role, organisation=org)
    with pytest.raises(PermissionDenied):
        create_user(
            acting_user=user, username="anna", password=GOOD, role="owner", organisation=org
        )
    other = Organisation.objects.create(name="Grannkommun", kind="municipality")
    with pytest.raises(PermissionDenied):  # an administrator elsewhere
        create_user(
            acting_user=admin, username="anna", password=GOOD, role="owner", organisation=other
        )
    with pytest.raises(PermissionDenied):
        create_user(
            acting_user=None, username="anna", password=GOOD, role="owner", organisation=org
        )
    assert not get_user_model().objects.filter(username="anna").exists()


@pytest.mark.parametrize("role", ["administrator", "auditor"])
def test_it_lets_administrators_and_auditors_into_the_admin_but_never_as_superusers(org, role):
    user = create_user_at_setup(username="bo", password=GOOD, role=role, organisation=org)
    assert user.is_staff and not user.is_superuser


def test_it_rejects_an_unknown_role_and_stores_nothing(org):
    with pytest.raises(Refused) as exc:
        create_user_at_setup(username="anna", password=GOOD, role="superuser", organisation=org)
    assert [(r.code, r.field) for r in exc.value.refusals] == [("role_invalid", "role")]
    assert "superuser" in str(exc.value)
    _nothing_stored()


def test_it_rejects_a_weak_password_and_stores_nothing(org):
    with pytest.raises(Refused) as exc:
        create_user_at_setup(username="anna", password="123", role="owner", organisation=org)
    assert "password_too_short" in exc.value.codes
    assert {r.field for r in exc.value.refusals} == {"password"}
    _nothing_stored()


def test_it_rejects_a_password_like_the_username(org):
    with pytest.raises(Refused) as exc:
        create_user_at_setup(
            username="annasvensson", password="annasvensson1", role="owner", organisation=org
        )
    assert exc.value.codes == ["password_too_similar"]
    _nothing_stored()


def test_it_rejects_a_taken_username(org):
    create_user_at_setup(username="anna", password=GOOD, role="owner", organisation=org)
    with pytest.raises(Refused) as exc:
        create_user_at_setup(username="anna", password=GOOD, role="economist", organisation=org)
    assert [(r.code, r.field) for r in exc.value.refusals] == [("username_taken", "username")]
    with pytest.raises(Refused) as exc:
        create_user_at_setup(username=" ", password=GOOD, role="economist", organisation=org)
    assert exc.value.codes == ["username_required"]
    assert Membership.objects.count() == 1


def test_the_command_creates_a_user(org, monkeypatch):
    out = _createuser(monkeypatch, "karin", "--role", "owner", "--organisation", "Exempelkommun")
    assert "karin" in out
    user = get_user_model().objects.get(username="karin")
    assert user.check_password(GOOD)
    assert Membership.objects.get(user=user, organisation=org).role == "owner"


def test_the_command_names_the_valid_roles_for_a_bad_one(org, monkeypatch):
    with pytest.raises(CommandError) as exc:
        _createuser(monkeypatch, "karin", "--role", "chef")
    message = str(exc.value)
    assert "chef" in message
    assert all(role in message for role in ["owner", "economist", "project_leader", "external"])
    _nothing_stored()


def test_the_command_refuses_a_weak_password(org, monkeypatch):
    with pytest.raises(CommandError):
        _createuser(monkeypatch, "karin", "--role", "owner", password="password")
    _nothing_stored()


def test_the_command_refuses_an_unknown_organisation(org, monkeypatch):
    with pytest.raises(CommandError) as exc:
        _createuser(monkeypatch, "karin", "--role", "owner", "--organisation", "Ingenstans")
    assert "Ingenstans" in str(exc.value)
    _nothing_stored()


def test_the_command_asks_twice_and_refuses_different_passwords(org, monkeypatch):
    answers = iter([GOOD, GOOD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError):
        call_command("createuser", "karin", "--role", "owner", stdout=io.StringIO())
    _nothing_stored()
    answers = iter([GOOD, GOOD])
    call_command("createuser", "karin", "--role", "owner", stdout=io.StringIO())
    assert get_user_model().objects.filter(username="karin").exists()


def test_the_cli_loads_the_demo_and_creates_users(tmp_path):
    """End to end, as a user would: migrate, demo, createuser (the rest is tested in-process)."""
    env = dict(
        os.environ,
        SOCINV_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        PYTHONIOENCODING="utf-8",
    )
    env.pop("SOCINV_TEST_POSTGRES", None)

    def socinv(*args, stdin=None):
        return subprocess.run(
            [sys.executable, "-m", "socinv", *args],
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=tmp_path,
            timeout=300,
        )

    assert socinv("migrate").returncode == 0
    first = socinv("demo")
    assert first.returncode == 0, first.stderr
    assert "demo-2026-socinv" in first.stdout
    good = socinv(
        "createuser", "lena", "--role", "economist", "--password-stdin", stdin=GOOD + "\n"
    )
    assert good.returncode == 0, good.stderr
    bad = socinv("createuser", "olle", "--role", "chef", "--password-stdin", stdin=GOOD + "\n")
    assert bad.returncode == 1
    assert "chef" in bad.stderr and "economist" in bad.stderr
    weak = socinv("createuser", "olle", "--role", "owner", "--password-stdin", stdin="123\n")
    assert weak.returncode == 1 and weak.stderr.strip()
