"""The write services check their own permission (the write contract), whoever calls
them: every role against record_entry, set_calculation, create_board and create_user.
Allowed: the write happens; not allowed: PermissionDenied and nothing stored."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from tests.ledger_helpers import record_attested

from socinv.accounts.services import create_user
from socinv.fund.models import LedgerEntry
from socinv.organisation.models import Board
from socinv.organisation.services import create_board
from socinv.projects.services import set_calculation

pytestmark = pytest.mark.django_db

ROLES = [
    "administrator",
    "owner",
    "economist",
    "project_leader",
    "evaluator",
    "auditor",
    "external",
    "outsider",
    "other_owner",
]
SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@pytest.fixture
def calculation_text() -> str:
    return (SHARED / "examples" / "skolstod.toml").read_text(encoding="utf-8")


def _allowed(*roles):
    return [pytest.param(role, role in roles, id=role) for role in ROLES]


@pytest.mark.parametrize(("role", "allowed"), _allowed("economist"))
def test_record_attested(personas, role, allowed):
    def book():
        return record_attested(
            acting_user=personas[role],
            fund=personas.fund,
            type="contribution",
            date=datetime.date(2026, 3, 1),
            amount_ore=1_000_00,
        )

    if allowed:
        assert book().recorded_by == personas[role]
    else:
        with pytest.raises(PermissionDenied):
            book()
        assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize(("role", "allowed"), _allowed("owner", "economist", "project_leader"))
def test_set_calculation_on_an_own_project(personas, role, allowed, calculation_text):
    _check_calculation(personas, personas.own_project, role, allowed, calculation_text)


@pytest.mark.parametrize(("role", "allowed"), _allowed("owner", "economist", "external"))
def test_set_calculation_on_an_application(personas, role, allowed, calculation_text):
    _check_calculation(personas, personas.application, role, allowed, calculation_text)


def _check_calculation(personas, project, role, allowed, text):
    def store():
        return set_calculation(acting_user=personas[role], project=project, toml_text=text)

    if allowed:
        assert store().calculation_updated_by == personas[role]
    else:
        with pytest.raises(PermissionDenied):
            store()
        project.refresh_from_db()
        assert project.calculation_toml == ""


@pytest.mark.parametrize(("role", "allowed"), _allowed("administrator"))
def test_create_board(personas, role, allowed):
    def create():
        return create_board(
            acting_user=personas[role],
            organisation=personas.organisation,
            name="Kulturnämnden",
            code="kultur",
        )

    if allowed:
        assert create().stakeholder.key == "kommun/kultur"
    else:
        with pytest.raises(PermissionDenied):
            create()
        assert not Board.objects.filter(code="kultur").exists()


@pytest.mark.parametrize(("role", "allowed"), _allowed("administrator"))
def test_create_user(personas, role, allowed):
    def create():
        return create_user(
            acting_user=personas[role],
            username="ny",
            password="Stark-nog-2026!",
            role="economist",
            organisation=personas.organisation,
        )

    if allowed:
        assert create().memberships.get().organisation == personas.organisation
    else:
        with pytest.raises(PermissionDenied):
            create()


def test_nobody_is_no_one_to_act(personas):
    with pytest.raises(PermissionDenied):
        create_board(acting_user=None, organisation=personas.organisation, name="N", code="n")
    with pytest.raises(PermissionDenied):
        record_attested(
            acting_user=None,
            fund=personas.fund,
            type="contribution",
            date=datetime.date(2026, 3, 1),
            amount_ore=1,
        )
