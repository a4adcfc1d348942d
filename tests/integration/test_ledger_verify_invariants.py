"""`socinv ledger verify` checks every fund's invariants as well as its chain, and the
year-end statement prints the chain's head (issue 11, finding 1: "ledger verify still says
OK"; the statement showed nothing of the chain, so a cut tail went unseen).

Entries that break a rule can only reach the ledger past the service (a script, a restore
of a bad backup): here they are written directly, correctly chained, so that only the
invariants can catch them."""

from __future__ import annotations

import datetime
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from tests.ledger_helpers import record_attested

from socinv.cli.main import main as socinv_main
from socinv.core import ledger as core
from socinv.fund.models import Fund, LedgerEntry
from socinv.fund.services import verify_fund
from socinv.projects.models import Project

pytestmark = pytest.mark.django_db

D = datetime.date(2026, 3, 1)


def _sneak(fund: Fund, user, type: str, amount_ore: int, project=None, board=None):
    """Append a chained entry without the service's checks (the hash chain stays intact)."""
    last = fund.entries.order_by("-seq").first()
    now = timezone.now().astimezone(datetime.UTC)
    entry = core.seal(
        core.Entry(
            id=(last.seq + 1) if last else 1,
            fund=str(fund.pk),
            type=type,
            date=D,
            amount_ore=amount_ore,
            recorded_by=str(user.pk),
            recorded_at=now,
            project=None if project is None else str(project.pk),
            board=None if board is None else str(board.pk),
        ),
        last.hash if last else core.GENESIS_HASH,
    )
    LedgerEntry.objects.create(
        fund=fund,
        seq=entry.id,
        type=type,
        date=D,
        amount_ore=amount_ore,
        project=project,
        board=board,
        recorded_by=user,
        recorded_at=now,
        prev_hash=entry.prev_hash,
        hash=entry.hash,
    )
    Fund.objects.filter(pk=fund.pk).update(ledger_head=entry.hash, ledger_count=entry.id)


@pytest.fixture
def broken(personas):
    """The personas' fund overcommitted; a budget-model fund with a repayment."""
    owner = personas["owner"]
    fund = personas.fund
    _sneak(fund, owner, "contribution", 1_000_00)
    _sneak(fund, owner, "commitment", 5_000_00, project=personas.own_project)
    budget = Fund.objects.create(
        organisation=personas.organisation, name="Budgetfonden", economic_model="budget"
    )
    project = Project.objects.create(fund=budget, title="Läxhjälp")
    _sneak(budget, owner, "contribution", 1_000_00)
    _sneak(budget, owner, "commitment", 1_000_00, project=project)
    _sneak(budget, owner, "disbursement", 1_000_00, project=project)
    _sneak(budget, owner, "repayment", 500_00, project=project, board=personas.social_board)
    return fund, budget


def test_verify_fails_on_broken_invariants_with_an_intact_chain(broken, personas):
    fund, budget = broken
    for f in (fund, budget):
        f.refresh_from_db()
        assert (
            core.verify_chain([e for e in _entries(f)], expected_head=f.ledger_head) == []
        )  # the chain alone says OK
    assert [e.code for e in verify_fund(fund)] == [core.ErrorCode.EXCEEDS_AVAILABLE]
    assert [e.code for e in verify_fund(budget)] == [core.ErrorCode.NOT_IN_BUDGET_MODEL]

    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="2 problems found"):
        call_command("ledger_verify", "--lang", "en", stdout=out, stderr=err)
    lines = err.getvalue().splitlines()
    assert any(
        line.startswith(f"Sociala investeringsfonden (fund {fund.pk}): entry 2: amount_ore:")
        and "exceeds" in line
        for line in lines
    ), lines
    assert any(
        line.startswith(f"Budgetfonden (fund {budget.pk}): entry 4: type:")
        and "budget model" in line
        for line in lines
    ), lines
    # the other fund (the neighbour organisation's, no entries) is reported OK
    assert f"Grannfonden (fund {personas.other_fund.pk}): OK. Ledger: 0 entries" in out.getvalue()


def test_socinv_ledger_verify_exits_1(broken, capsys):
    assert socinv_main(["ledger", "verify"]) == 1
    assert "2 fel i huvudboken" in capsys.readouterr().err


def _entries(fund):
    from socinv.fund.services import fund_entries

    return fund_entries(fund)


# -- the chain's head on the year-end statement --------------------------------------------


def _book(personas, amount_ore):
    return record_attested(
        acting_user=personas["economist"],
        fund=personas.fund,
        type="contribution",
        date=D,
        amount_ore=amount_ore,
    )


def test_the_statement_prints_the_chain_head_singular_and_plural(personas):
    first = _book(personas, 1_000_00)
    out = StringIO()
    call_command("ledger_statement", personas.fund.pk, 2026, stdout=out)
    assert f"Huvudboken: 1 verifikation, sista hash {first.hash[:16]}…" in out.getvalue()
    second = _book(personas, 2_000_00)
    out = StringIO()
    call_command("ledger_statement", personas.fund.pk, 2025, stdout=out)  # any year: the head
    assert f"Huvudboken: 2 verifikationer, sista hash {second.hash[:16]}…" in out.getvalue()
    out = StringIO()
    call_command("ledger_statement", personas.fund.pk, 2026, lang="en", stdout=out)
    assert f"Ledger: 2 entries, last hash {second.hash[:16]}…" in out.getvalue()


def test_the_statement_page_and_workbook_print_the_chain_head(personas):
    entry = _book(personas, 1_000_00)
    client = Client()
    client.force_login(personas["owner"])
    expected = f"Huvudboken: 1 verifikation, sista hash {entry.hash[:16]}…"
    page = client.get(reverse("fund:statement", args=[personas.fund.pk, 2026]))
    assert expected in page.content.decode()
    response = client.get(reverse("fund:statement_xlsx", args=[personas.fund.pk, 2026]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert expected in cells


def test_an_empty_ledger_has_the_genesis_head(personas):
    out = StringIO()
    call_command("ledger_statement", personas.fund.pk, 2026, stdout=out)
    assert f"Huvudboken: 0 verifikationer, sista hash {core.GENESIS_HASH[:16]}…" in out.getvalue()
