"""The fund ledger against a real database (SQLite; PostgreSQL with SOCINV_TEST_POSTGRES=1)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from tests.ledger_helpers import record_attested

from socinv.accounts.models import Membership
from socinv.core.ledger import Decision, ErrorCode, available_to_commit, receivable
from socinv.core.problems import Refused
from socinv.fund.models import Fund, LedgerEntry, LedgerImmutable
from socinv.fund.services import fund_entries, verify_fund
from socinv.organisation.models import Organisation
from socinv.organisation.services import create_board_at_setup
from socinv.projects.models import Project

pytestmark = pytest.mark.django_db

D = datetime.date(2026, 3, 1)
KF = Decision("Kommunfullmäktige", datetime.date(2026, 2, 20), "KS 2026/117")


@pytest.fixture
def economist():
    return get_user_model().objects.create_user("ekonom", password="x")


@pytest.fixture
def setup(economist):
    kommun = Organisation.objects.create(name="Exempelkommun", kind=Organisation.Kind.MUNICIPALITY)
    Membership.objects.create(user=economist, organisation=kommun, role="economist")
    board = create_board_at_setup(organisation=kommun, name="Socialnämnden", code="socialnamnd")
    fund = Fund.objects.create(organisation=kommun, name="Sociala investeringsfonden")
    project = Project.objects.create(fund=fund, title="Skolstöd")
    project.responsible_boards.add(board)
    return fund, project, board


def _book(user, fund, type, amount, **kw):
    return record_attested(
        acting_user=user, fund=fund, type=type, date=D, amount_ore=amount, decision=KF, **kw
    )


def test_it_books_the_life_of_a_project_and_folds_the_balances(economist, setup):
    fund, project, board = setup
    _book(economist, fund, "contribution", 10_000_000_00)
    _book(economist, fund, "commitment", 2_700_000_00, project=project)
    _book(economist, fund, "disbursement", 900_000_00, project=project, board=board)
    _book(economist, fund, "repayment", 300_000_00, project=project, board=board)

    entries = fund_entries(fund)
    assert [e.id for e in entries] == [1, 2, 3, 4]
    assert available_to_commit(entries, str(fund.pk)) == 7_600_000_00
    assert receivable(entries, str(project.pk)) == 600_000_00
    assert verify_fund(fund) == []
    first = LedgerEntry.objects.get(fund=fund, seq=1)
    assert first.recorded_by == economist
    assert first.decision_dnr == "KS 2026/117"


def test_it_refuses_a_commitment_beyond_what_is_available_and_stores_nothing(economist, setup):
    fund, project, _ = setup
    _book(economist, fund, "contribution", 1_000_00)
    with pytest.raises(Refused) as exc:
        _book(economist, fund, "commitment", 1_000_01, project=project)
    assert exc.value.codes == [ErrorCode.EXCEEDS_AVAILABLE]
    assert [r.field for r in exc.value.refusals] == ["amount_ore"]
    assert LedgerEntry.objects.filter(fund=fund).count() == 1


def test_the_budget_model_has_no_repayments(economist, setup):
    fund, project, board = setup
    fund.economic_model = Fund.Model.BUDGET
    fund.save()
    _book(economist, fund, "contribution", 1_000_00)
    _book(economist, fund, "commitment", 1_000_00, project=project)
    _book(economist, fund, "disbursement", 1_000_00, project=project)
    with pytest.raises(Refused) as exc:
        _book(economist, fund, "repayment", 100_00, project=project, board=board)
    assert exc.value.codes == [ErrorCode.NOT_IN_BUDGET_MODEL]


def test_a_reversal_cancels_an_entry(economist, setup):
    fund, project, _ = setup
    _book(economist, fund, "contribution", 5_000_00)
    wrong = _book(economist, fund, "commitment", 4_000_00, project=project)
    _book(economist, fund, "reversal", 4_000_00, reverses=wrong, project=project)
    assert available_to_commit(fund_entries(fund), str(fund.pk)) == 5_000_00
    assert verify_fund(fund) == []


def test_the_orm_can_neither_change_nor_delete_an_entry(economist, setup):
    fund, _, _ = setup
    entry = _book(economist, fund, "contribution", 1_000_00)
    entry.amount_ore = 2_000_00
    with pytest.raises(LedgerImmutable):
        entry.save()
    with pytest.raises(LedgerImmutable):
        entry.delete()
    with pytest.raises(LedgerImmutable):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount_ore=1)
    with pytest.raises(LedgerImmutable):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    assert LedgerEntry.objects.get(pk=entry.pk).amount_ore == 1_000_00


@pytest.mark.parametrize(
    "sql", ["UPDATE fund_ledgerentry SET amount_ore = 1", "DELETE FROM fund_ledgerentry"]
)
def test_the_database_refuses_raw_updates_and_deletes(economist, setup, sql):
    fund, _, _ = setup
    entry = _book(economist, fund, "contribution", 1_000_00)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql)
    assert LedgerEntry.objects.get(pk=entry.pk).amount_ore == 1_000_00


def test_verify_reports_a_tampered_entry(economist, setup):
    fund, _, _ = setup
    _book(economist, fund, "contribution", 1_000_00)
    _book(economist, fund, "contribution", 2_000_00)
    entries = fund_entries(fund)
    # what a tampered row would look like when read back
    import dataclasses

    tampered = [entries[0], dataclasses.replace(entries[1], amount_ore=9_000_00)]
    from socinv.core.ledger import verify_chain

    assert verify_chain(entries) == []
    assert [e.code for e in verify_chain(tampered)] == [ErrorCode.HASH_MISMATCH]


def test_ledger_verify_passes_an_intact_ledger(economist, setup):
    from io import StringIO

    from django.core.management import call_command

    fund, project, _ = setup
    _book(economist, fund, "contribution", 5_000_00)
    _book(economist, fund, "commitment", 4_000_00, project=project)
    out = StringIO()
    call_command("ledger_verify", stdout=out)
    assert "OK. Huvudboken: 2 verifikationer, sista hash" in out.getvalue()


def test_ledger_verify_catches_tampering_behind_the_triggers(economist, setup):
    """Someone with database rights drops the trigger and edits an amount: verify sees it."""
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    fund, _, _ = setup
    _book(economist, fund, "contribution", 5_000_00)
    _book(economist, fund, "contribution", 1_000_00)
    with connection.cursor() as cur:  # DDL is transactional on both engines: rolled back
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER fund_ledgerentry_no_update")
        else:
            cur.execute("SET LOCAL session_replication_role = replica")  # triggers off
        cur.execute("UPDATE fund_ledgerentry SET amount_ore = 9900000 WHERE seq = 1")
        if connection.vendor != "sqlite":
            cur.execute("SET LOCAL session_replication_role = origin")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("ledger_verify", stdout=StringIO(), stderr=err)
    assert "verifikation 1" in err.getvalue() and "fel i huvudboken" not in err.getvalue()


def test_ledger_verify_sees_the_last_entries_removed_behind_the_triggers(economist, setup):
    """Deleting entries from the end leaves a valid but shorter chain: the head and count
    stored on the fund (written in the same transaction as each entry) give it away."""
    fund, _, _ = setup
    _book(economist, fund, "contribution", 5_000_00)
    _book(economist, fund, "contribution", 1_000_00)
    assert verify_fund(fund) == []
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER fund_ledgerentry_no_delete")
        else:
            cur.execute("SET LOCAL session_replication_role = replica")
        cur.execute("DELETE FROM fund_ledgerentry WHERE seq = 2")
        if connection.vendor != "sqlite":
            cur.execute("SET LOCAL session_replication_role = origin")
    codes = {e.code for e in verify_fund(fund)}
    assert ErrorCode.CHAIN_HEAD_MISMATCH in codes


def test_the_year_end_statement_shows_balances_and_receivables_per_board(economist, setup):
    from io import StringIO

    from django.core.management import call_command

    fund, project, board = setup
    _book(economist, fund, "contribution", 10_000_000_00)
    _book(economist, fund, "commitment", 2_700_000_00, project=project)
    _book(economist, fund, "disbursement", 900_000_00, project=project, board=board)
    _book(economist, fund, "repayment", 300_000_00, project=project, board=board)
    out = StringIO()
    call_command("ledger_statement", fund.pk, 2026, stdout=out)
    text = out.getvalue().replace("\u00a0", " ")
    assert "Sociala investeringsfonden: Bokslut 2026" in text  # Swedish by default
    assert "Utgående belopp att bevilja" in text
    assert "7 600 000 kr" in text  # closing available: 10 M − 2,7 M + 0,3 M
    assert "Socialnämnden" in text and "600 000 kr" in text  # receivable 0,9 M − 0,3 M


def test_the_year_end_statement_speaks_english_when_asked(economist, setup):
    from io import StringIO

    from django.core.management import call_command

    fund, _, _ = setup
    _book(economist, fund, "contribution", 1_000_00)
    out = StringIO()
    call_command("ledger_statement", fund.pk, 2026, lang="en", stdout=out)
    assert "Year-end statement 2026" in out.getvalue()
    assert "Closing balance available to commit" in out.getvalue()
