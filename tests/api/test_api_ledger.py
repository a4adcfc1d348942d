"""Booking through the API: entries change the balances; a refused entry lists every
reason and stores nothing; entries are never changed or deleted."""

from __future__ import annotations

import pytest

from socinv.core.limits import MAX_ATTESTATION_THRESHOLD_ORE
from socinv.fund.models import AttestationSettings, LedgerEntry

pytestmark = pytest.mark.django_db

KF = {"body": "Kommunfullmäktige", "date": "2026-01-20", "dnr": "KS 2026/117"}


@pytest.fixture
def economist(api_as, personas):
    """The economist books (the owner decides but does not book). The fund attests nothing
    here (a threshold at the bound): tests/api/test_api_attestation.py tries attestation."""
    AttestationSettings.objects.create(
        fund=personas.fund, threshold_ore=MAX_ATTESTATION_THRESHOLD_ORE
    )
    return api_as("economist")


def book(client, fund, **fields):
    body = {"date": "2026-03-01", "decision": KF, **fields}
    return client.post(f"/funds/{fund.pk}/entries", body)


def test_posting_entries_changes_the_balances(economist, personas):
    fund, project, board = personas.fund, personas.own_project, personas.social_board
    assert economist.get(f"/funds/{fund.pk}/balances").json()["totals"]["available_ore"] == 0

    r = book(economist, fund, type="contribution", amount_ore=10_000_000_00)
    assert r.status_code == 201, r.content
    assert r.json()["seq"] == 1 and r.json()["recorded_by"] == "economist"
    assert (
        book(
            economist, fund, type="commitment", amount_ore=2_700_000_00, project_id=project.pk
        ).status_code
        == 201
    )
    r = book(
        economist,
        fund,
        type="disbursement",
        amount_ore=900_000_00,
        project_id=project.pk,
        board_id=board.pk,
    )
    assert r.status_code == 201, r.content
    r = book(
        economist,
        fund,
        type="repayment",
        amount_ore=300_000_00,
        project_id=project.pk,
        board_id=board.pk,
    )
    assert r.status_code == 201, r.content

    b = economist.get(f"/funds/{fund.pk}/balances").json()
    assert b["entry_count"] == 4
    assert b["totals"] == {
        "contributed_ore": 10_000_000_00,
        "committed_ore": 2_700_000_00,
        "released_ore": 0,
        "disbursed_ore": 900_000_00,
        "repaid_ore": 300_000_00,
        "written_down_ore": 0,
        "available_ore": 7_600_000_00,
        "outstanding_ore": 1_800_000_00,
        "receivable_ore": 600_000_00,
    }
    [p] = b["projects"]
    assert (p["project_id"], p["title"], p["receivable_ore"]) == (
        project.pk,
        project.title,
        600_000_00,
    )
    [bo] = b["boards"]
    assert (bo["board_id"], bo["name"], bo["repaid_ore"]) == (board.pk, board.name, 300_000_00)
    # the fund's own page carries the same totals
    assert economist.get(f"/funds/{fund.pk}").json()["balances"] == b["totals"]

    # a reversal takes the repayment out again
    r = book(
        economist,
        fund,
        type="reversal",
        amount_ore=300_000_00,
        project_id=project.pk,
        board_id=board.pk,
        reverses=4,
    )
    assert r.status_code == 201, r.content
    assert r.json()["reverses"] == 4
    totals = economist.get(f"/funds/{fund.pk}/balances").json()["totals"]
    assert (totals["repaid_ore"], totals["receivable_ore"]) == (0, 900_000_00)

    s = economist.get(f"/funds/{fund.pk}/statements/2026").json()
    assert s["contributions_ore"] == 10_000_000_00
    assert s["closing_available_ore"] == 7_300_000_00
    assert s["receivables_by_board"] == [{"board_id": board.pk, "amount_ore": 900_000_00}]
    assert economist.get(f"/funds/{fund.pk}/statements/2025").json()["closing_available_ore"] == 0


def test_a_refused_entry_lists_every_error_and_stores_nothing(economist, personas):
    fund = personas.fund
    book(economist, fund, type="contribution", amount_ore=100_00)
    before = economist.get(f"/funds/{fund.pk}/balances").json()

    r = book(economist, fund, type="commitment", amount_ore=500_00)  # no project, too much
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert {e["code"] for e in errors} >= {"project_required"}
    assert all(set(e) == {"field", "code", "message"} for e in errors)
    assert {"project_id"} <= {e["field"] for e in errors}

    r = book(
        economist, fund, type="commitment", amount_ore=500_00, project_id=personas.own_project.pk
    )
    assert r.status_code == 422
    assert [e["code"] for e in r.json()["errors"]] == ["exceeds_available"]

    assert LedgerEntry.objects.filter(fund=fund).count() == 1
    assert economist.get(f"/funds/{fund.pk}/balances").json() == before


def test_references_outside_the_organisation_are_not_found(economist, personas):
    from socinv.organisation.services import create_board_at_setup
    from socinv.projects.models import Project

    foreign_board = create_board_at_setup(
        organisation=personas.other_organisation, name="Socialnämnden", code="socialnamnd"
    )
    foreign = Project.objects.create(fund=personas.other_fund, title="Grannprojekt")
    r = book(
        economist,
        personas.fund,
        type="disbursement",
        amount_ore=100,
        project_id=foreign.pk,
        board_id=foreign_board.pk,
    )
    assert r.status_code == 422
    assert {(e["field"], e["code"]) for e in r.json()["errors"]} == {
        ("project_id", "not_found"),
        ("board_id", "not_found"),
    }
    r = book(economist, personas.fund, type="reversal", amount_ore=100, reverses=42)
    assert [e["code"] for e in r.json()["errors"]] == ["reversal_target_missing"]
    assert LedgerEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"amount_ore": 0}, "amount_ore", "greater_than"),
        ({"amount_ore": -5}, "amount_ore", "greater_than"),
        ({"amount_ore": "100"}, "amount_ore", "int_type"),
        ({"amount_ore": 1.5}, "amount_ore", "int_type"),
        ({"type": "gift"}, "type", "enum"),
        ({"date": "2026-13-01"}, "date", "date_from_datetime_parsing"),
        ({"bearer": "nobody"}, "bearer", "enum"),
        (
            {"decision": {"body": "", "date": "2026-01-01", "dnr": ""}},
            "decision.body",
            "string_too_short",
        ),
    ],
)
def test_invalid_input_is_422_with_field_and_code(economist, personas, change, field, code):
    body = {"type": "contribution", "date": "2026-03-01", "amount_ore": 100, **change}
    r = economist.post(f"/funds/{personas.fund.pk}/entries", body)
    assert r.status_code == 422
    assert (field, code) in {(e["field"], e["code"]) for e in r.json()["errors"]}
    assert LedgerEntry.objects.count() == 0


def test_a_missing_field_is_named(economist, personas):
    r = economist.post(f"/funds/{personas.fund.pk}/entries", {"type": "contribution"})
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"date", "amount_ore"}


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_entries_cannot_be_changed_or_deleted(economist, personas, method):
    book(economist, personas.fund, type="contribution", amount_ore=100)
    assert economist.method(method, f"/funds/{personas.fund.pk}/entries").status_code == 405
    assert economist.method(method, f"/funds/{personas.fund.pk}/entries/1").status_code == 404
    assert LedgerEntry.objects.count() == 1


def test_entries_are_filtered_and_paged(economist, personas):
    fund, project, board = personas.fund, personas.own_project, personas.social_board
    book(economist, fund, type="contribution", amount_ore=1_000_00, date="2026-01-10")
    book(
        economist,
        fund,
        type="commitment",
        amount_ore=500_00,
        project_id=project.pk,
        date="2026-02-10",
    )
    book(
        economist,
        fund,
        type="disbursement",
        amount_ore=200_00,
        project_id=project.pk,
        board_id=board.pk,
        date="2026-03-10",
    )
    book(economist, fund, type="contribution", amount_ore=50_00, date="2026-04-10")

    def seqs(**params):
        page = economist.get(f"/funds/{fund.pk}/entries", **params).json()
        return page["count"], [e["seq"] for e in page["items"]]

    assert seqs() == (4, [1, 2, 3, 4])
    assert seqs(type="contribution") == (2, [1, 4])
    assert seqs(project=project.pk) == (2, [2, 3])
    assert seqs(board=board.pk) == (1, [3])
    assert seqs(date_from="2026-02-01", date_to="2026-03-31") == (2, [2, 3])
    assert seqs(limit=2) == (4, [1, 2])
    assert seqs(limit=2, offset=3) == (4, [4])
    r = economist.get(f"/funds/{fund.pk}/entries", limit=0)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "limit"
    entry = economist.get(f"/funds/{fund.pk}/entries", board=board.pk).json()["items"][0]
    assert entry["decision"] == KF and entry["project_id"] == project.pk


def test_a_project_carries_its_calculation_result(api_as, personas):
    project = personas.own_project
    project.calculation_result = {"npv": {"municipal": 1234.5}, "payback_years": 4}
    project.save(update_fields=["calculation_result"])
    body = api_as("project_leader").get(f"/projects/{project.pk}").json()
    assert body["calculation_result"] == {"npv": {"municipal": 1234.5}, "payback_years": 4}
    assert body["responsible_board_ids"] == [personas.social_board.pk]


def test_the_statement_year_is_bounded(economist, personas):
    assert economist.get(f"/funds/{personas.fund.pk}/statements/0").status_code == 422
    assert economist.get(f"/funds/{personas.fund.pk}/statements/2026").status_code == 200


def test_the_balances_take_the_same_number_of_queries_whatever_the_portfolio(economist, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fund = personas.fund
    book(economist, fund, type="contribution", amount_ore=10_000_00)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert economist.get(f"/funds/{fund.pk}/balances").status_code == 200
        return len(ctx.captured_queries)

    projects = [personas.own_project, personas.other_project, personas.application]
    book(economist, fund, type="commitment", amount_ore=100_00, project_id=projects[0].pk)
    book(
        economist,
        fund,
        type="disbursement",
        amount_ore=50_00,
        project_id=projects[0].pk,
        board_id=personas.social_board.pk,
    )
    one = queries()
    for p in projects[1:]:
        book(economist, fund, type="commitment", amount_ore=100_00, project_id=p.pk)
        book(
            economist,
            fund,
            type="disbursement",
            amount_ore=50_00,
            project_id=p.pk,
            board_id=personas.school_board.pk,
        )
    assert len(economist.get(f"/funds/{fund.pk}/balances").json()["projects"]) == 3
    assert queries() == one


def test_the_ledgers_refusal_is_the_apis_one_422(economist, personas):
    """record_entry's Refused, answered by the API's one handler: the ledger's code, the
    API's field name, the service's message in the user's language (Swedish by default)."""
    fund = personas.fund
    book(economist, fund, type="contribution", amount_ore=100_00)
    r = book(
        economist, fund, type="commitment", amount_ore=500_00, project_id=personas.own_project.pk
    )
    assert r.status_code == 422
    assert r.json() == {
        "errors": [
            {
                "field": "amount_ore",
                "code": "exceeds_available",
                "message": "Beloppet överstiger de 100\u00a0kr som finns att bevilja i fonden.",
            }
        ]
    }
    r = book(
        economist, fund, type="disbursement", amount_ore=100
    )  # no project: whole-entry reasons
    assert r.status_code == 422
    assert ("project_id", "project_required") in {
        (e["field"], e["code"]) for e in r.json()["errors"]
    }
    assert LedgerEntry.objects.filter(fund=fund).count() == 1
