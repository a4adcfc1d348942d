"""Issue 11, findings 1 and 6: the ledger's limits, the same at every door (the booking
form, the API, the service, the database's CHECK on SQLite and PostgreSQL), sums that
cannot overflow, and the ledger's texts bounded and free of personnummer.

Before the fix: 10**17 kr in the booking form answered 500 (OverflowError), and two
contributions near 9·10**18 öre made SQLite's SUM overflow, after which the fund's pages
and /api/v1/funds/1/balances answered 500."""

from __future__ import annotations

import datetime
import os
import sqlite3
import subprocess
import sys
from contextlib import closing

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.ledger_helpers import record_attested

from socinv.api.services import create_token
from socinv.core.ledger import GENESIS_HASH, Decision, ErrorCode
from socinv.core.limits import MAX_ENTRY_ORE, MAX_NOTE
from socinv.core.problems import Refused
from socinv.fund.models import LedgerEntry
from socinv.web import once

pytestmark = pytest.mark.django_db

D = datetime.date(2026, 3, 1)
KF = Decision("Kommunfullmäktige", datetime.date(2026, 2, 20), "KS 2026/117")
NEAR_2_63 = 9 * 10**18  # two of these overflow a 64-bit SUM


def _norm(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture
def owner_client(personas):
    client = Client()
    client.force_login(personas["economist"])  # who books (the owner does not)
    return client


def _book(personas, amount_ore, type="contribution", **kw):
    return record_attested(
        acting_user=personas["economist"],
        fund=personas.fund,
        type=type,
        date=D,
        amount_ore=amount_ore,
        decision=KF,
        **kw,
    )


def _post_booking(client, fund, amount: str, **fields):
    data = {
        "type": "contribution",
        "date": "2026-03-01",
        "amount": amount,
        "decision_body": "Kommunfullmäktige",
        "decision_date": "2026-02-20",
        "decision_dnr": "KS 2026/117",
        # the one-time token a freshly rendered form carries (owner_client is the economist)
        "_once": once.issue(get_user_model().objects.get(username="economist")),
        **fields,
    }
    return client.post(reverse("fund:book", args=[fund.pk]), data)


def _raw_insert(personas, *, seq=1, amount_ore=100, note=""):
    """An entry written past the application (as a careless script or a restore would)."""
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO fund_ledgerentry (fund_id, seq, type, date, amount_ore, decision_body,"
            " decision_dnr, bearer, note, recorded_by_id, recorded_at, prev_hash, hash)"
            " VALUES (%s, %s, 'contribution', %s, %s, '', '', '', %s, %s, %s, %s, %s)",
            [
                personas.fund.pk,
                seq,
                D,
                amount_ore,
                note,
                personas["owner"].pk,
                timezone.now(),
                GENESIS_HASH,
                f"{seq:064x}",
            ],
        )


# -- finding 1: one booking could brick the fund ------------------------------------------


def test_the_booking_form_refuses_10_to_the_17_kronor_with_the_limit_in_swedish(
    personas, owner_client
):
    response = _post_booking(owner_client, personas.fund, "100000000000000000")
    assert response.status_code == 200  # the form again, not a 500
    errors = response.context["form"].errors["amount"]
    assert _norm(errors[0]) == "Beloppet får vara högst 10 000 000 000 kr."
    assert not LedgerEntry.objects.filter(fund=personas.fund).exists()


def test_the_booking_form_takes_exactly_the_largest_entry(personas, owner_client):
    response = _post_booking(owner_client, personas.fund, "10 000 000 000,00")
    assert response.status_code == 302
    assert LedgerEntry.objects.get(fund=personas.fund).amount_ore == MAX_ENTRY_ORE
    response = _post_booking(owner_client, personas.fund, "10 000 000 000,01")
    assert "amount" in response.context["form"].errors
    assert LedgerEntry.objects.filter(fund=personas.fund).count() == 1


@pytest.mark.parametrize("amount", [MAX_ENTRY_ORE + 1, NEAR_2_63, 10**19])
def test_the_service_refuses_an_amount_above_the_limit_and_stores_nothing(personas, amount):
    with pytest.raises(Refused) as exc:
        _book(personas, amount)
    assert exc.value.codes == [ErrorCode.AMOUNT_TOO_LARGE]
    assert [r.field for r in exc.value.refusals] == ["amount_ore"]
    assert _norm(exc.value.refusals[0].message) == "Beloppet får vara högst 10 000 000 000 kr."
    assert not LedgerEntry.objects.filter(fund=personas.fund).exists()
    personas.fund.refresh_from_db()
    assert personas.fund.ledger_count == 0


@pytest.mark.parametrize("amount", [MAX_ENTRY_ORE + 1, NEAR_2_63])
def test_the_database_refuses_an_amount_above_the_limit(personas, amount):
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw_insert(personas, amount_ore=amount)
    _raw_insert(personas, amount_ore=MAX_ENTRY_ORE)  # the limit itself is allowed
    assert LedgerEntry.objects.get(fund=personas.fund).amount_ore == MAX_ENTRY_ORE


def test_the_api_refuses_an_amount_above_the_limit(personas):
    _token, plain = create_token(acting_user=None, user=personas["owner"], name="test")
    body = {"type": "contribution", "date": "2026-03-01", "amount_ore": NEAR_2_63}
    response = Client().post(
        f"/api/v1/funds/{personas.fund.pk}/entries",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {plain}"},
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["amount_ore"]
    assert not LedgerEntry.objects.filter(fund=personas.fund).exists()


def test_two_contributions_near_2_to_the_63_cannot_brick_the_fund(personas, owner_client):
    """Finding 1 as found: two contributions of 9·10**18 öre were stored, and every page
    that sums the ledger answered 500 (SQLite's SUM overflowed). Now both are refused and
    the pages answer."""
    for _ in range(2):
        try:
            _book(personas, NEAR_2_63)
        except Refused as refused:
            assert refused.codes == [ErrorCode.AMOUNT_TOO_LARGE]
    fund = personas.fund
    for url in (
        reverse("fund:overview", args=[fund.pk]),
        reverse("fund:book", args=[fund.pk]),
        reverse("projects:projects"),
        reverse("review:portfolio", args=[fund.pk]),
        reverse("savings:fund", args=[fund.pk]),
    ):
        assert owner_client.get(url).status_code == 200, url
    assert not LedgerEntry.objects.filter(fund=fund).exists()


def test_two_of_the_largest_contributions_leave_every_page_working(personas, owner_client):
    """The largest entries, twice: the sums stay far below 2**63 and every page that sums
    the ledger answers (before the fix two entries near 9·10**18 öre made them all 500)."""
    _book(personas, MAX_ENTRY_ORE)
    _book(personas, MAX_ENTRY_ORE)
    _book(personas, MAX_ENTRY_ORE, type="commitment", project=personas.own_project)
    fund = personas.fund
    pages = [
        reverse("fund:overview", args=[fund.pk]),
        reverse("fund:book", args=[fund.pk]),
        reverse("fund:ledger", args=[fund.pk]),
        reverse("fund:statement", args=[fund.pk, 2026]),
        reverse("projects:projects"),
        reverse("review:portfolio", args=[fund.pk]),
        reverse("savings:fund", args=[fund.pk]),
    ]
    for url in pages:
        assert owner_client.get(url).status_code == 200, url
    _token, plain = create_token(acting_user=None, user=personas["owner"], name="test")
    response = Client().get(
        f"/api/v1/funds/{fund.pk}/balances", headers={"Authorization": f"Bearer {plain}"}
    )
    assert response.status_code == 200
    assert response.json()["totals"]["available_ore"] == MAX_ENTRY_ORE


# -- the append-only triggers survive migration 0004's table rebuild -----------------------


def test_the_append_only_triggers_are_still_installed_after_0004(personas):
    _book(personas, 1_000_00)
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                ["fund_ledgerentry"],
            )
            names = {row[0] for row in cur.fetchall()}
        assert names == {"fund_ledgerentry_no_update", "fund_ledgerentry_no_delete"}
    else:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'fund_ledgerentry'::regclass"
                " AND NOT tgisinternal"
            )
            names = {row[0] for row in cur.fetchall()}
        assert names == {"fund_ledgerentry_append_only", "fund_ledgerentry_no_truncate"}
    for sql in ("UPDATE fund_ledgerentry SET note = 'x'", "DELETE FROM fund_ledgerentry"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    assert LedgerEntry.objects.get(fund=personas.fund).note == ""


def test_the_migration_keeps_the_sqlite_triggers_going_forth_and_back(tmp_path):
    """0004 rebuilds SQLite's table (which drops its triggers): on a fresh file, migrated
    forward, back to 0003 and forward again, the triggers are there and refuse at each end.
    (A subprocess: the tests' own database is never migrated back.)"""
    db = tmp_path / "socinv.sqlite3"
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{db}",
        SOCINV_DATA_DIR=str(tmp_path / "data"),
        DJANGO_SETTINGS_MODULE="socinv.site.settings",
        PYTHONIOENCODING="utf-8",
    )
    env.pop("SOCINV_TEST_POSTGRES", None)

    def migrate(*target: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "django", "migrate", "--no-input", *target],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr

    def refuses_update_and_delete() -> bool:
        with closing(sqlite3.connect(db)) as conn:
            names = {
                row[0]
                for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name=?",
                    ["fund_ledgerentry"],
                )
            }
            assert names == {"fund_ledgerentry_no_update", "fund_ledgerentry_no_delete"}
            # one row for the triggers to guard (foreign keys are off in a bare connection)
            conn.execute(
                "INSERT INTO fund_ledgerentry (fund_id, seq, type, date, amount_ore,"
                " decision_body, decision_dnr, bearer, note, recorded_by_id, recorded_at,"
                " prev_hash, hash) VALUES (1, 1, 'contribution', '2026-03-01', 100, '', '',"
                " '', '', 1, '2026-03-01 12:00:00', 'a', 'b')"
            )
            for sql in ("UPDATE fund_ledgerentry SET note = 'x'", "DELETE FROM fund_ledgerentry"):
                with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                    conn.execute(sql)
            conn.rollback()
        return True

    migrate()
    assert refuses_update_and_delete()
    migrate("fund", "0003")
    assert refuses_update_and_delete()
    migrate("fund")
    assert refuses_update_and_delete()


# -- finding 6 (the ledger's part): texts with limits, no personnummer ---------------------


def test_the_service_refuses_a_note_with_a_personal_number_and_stores_nothing(personas):
    with pytest.raises(Refused) as exc:
        _book(personas, 1_000_00, note="Gäller 19121212-1212")
    assert exc.value.codes == ["personal_number"]
    assert [r.field for r in exc.value.refusals] == ["note"]
    assert not LedgerEntry.objects.filter(fund=personas.fund).exists()


def test_the_service_refuses_a_note_of_a_megabyte_naming_the_field_and_the_limit(personas):
    with pytest.raises(Refused) as exc:
        _book(personas, 1_000_00, note="x" * 1_000_000)
    assert exc.value.codes == ["max_length"]  # the one code of a text too long
    refusal = exc.value.refusals[0]
    assert refusal.field == "note"
    assert _norm(refusal.message) == (
        "Anteckning får vara högst 2 000 tecken (texten har 1 000 000)."
    )
    assert not LedgerEntry.objects.filter(fund=personas.fund).exists()
    _book(personas, 1_000_00, note="x" * MAX_NOTE)  # the limit itself is allowed


def test_the_service_refuses_a_personal_number_in_the_decision(personas):
    decision = Decision("Kommunfullmäktige", datetime.date(2026, 2, 20), "19121212-1212")
    with pytest.raises(Refused) as exc:
        record_attested(
            acting_user=personas["economist"],
            fund=personas.fund,
            type="contribution",
            date=D,
            amount_ore=100,
            decision=decision,
        )
    assert [(r.code, r.field) for r in exc.value.refusals] == [("personal_number", "decision_dnr")]


def test_the_database_refuses_a_note_beyond_the_limit(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw_insert(personas, note="x" * (MAX_NOTE + 1))
    _raw_insert(personas, note="å" * MAX_NOTE)  # characters, not bytes
    assert len(LedgerEntry.objects.get(fund=personas.fund).note) == MAX_NOTE


def test_the_booking_form_refuses_a_personal_number_and_a_long_note(personas, owner_client):
    response = _post_booking(owner_client, personas.fund, "100", note="19121212-1212")
    assert "note" in response.context["form"].errors
    response = _post_booking(owner_client, personas.fund, "100", note="x" * (MAX_NOTE + 1))
    assert "note" in response.context["form"].errors
    assert not LedgerEntry.objects.filter(fund=personas.fund).exists()


def test_the_api_refuses_a_personal_number_in_a_note(personas):
    _token, plain = create_token(acting_user=None, user=personas["owner"], name="test")
    body = {
        "type": "contribution",
        "date": "2026-03-01",
        "amount_ore": 100,
        "note": "19121212-1212",
    }
    response = Client().post(
        f"/api/v1/funds/{personas.fund.pk}/entries",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {plain}"},
    )
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("note", "personal_number")
    ]
    assert not LedgerEntry.objects.filter(fund=personas.fund).exists()


def test_the_funds_own_texts_are_bounded_and_guarded(personas):
    from django.core.exceptions import ValidationError

    fund = personas.fund
    fund.decision_dnr = "KS 19121212-1212"
    with pytest.raises(ValidationError) as exc:
        fund.full_clean()
    assert "decision_dnr" in exc.value.error_dict
    fund.decision_dnr = "KS 2025/117"
    fund.name = "x" * 201
    with pytest.raises(ValidationError) as exc:
        fund.full_clean()
    assert "name" in exc.value.error_dict


def test_the_api_names_the_decision_field_holding_a_personal_number(personas):
    _token, plain = create_token(acting_user=None, user=personas["owner"], name="test")
    body = {
        "type": "contribution",
        "date": "2026-03-01",
        "amount_ore": 100,
        "decision": {"body": "KF", "date": "2026-02-20", "dnr": "19121212-1212"},
    }
    response = Client().post(
        f"/api/v1/funds/{personas.fund.pk}/entries",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {plain}"},
    )
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("decision.dnr", "personal_number")
    ]
    assert not LedgerEntry.objects.filter(fund=personas.fund).exists()


def test_the_model_validates_the_amount_and_the_note(personas):
    from django.core.exceptions import ValidationError

    others = [f.name for f in LedgerEntry._meta.fields if f.name not in {"amount_ore", "note"}]
    entry = LedgerEntry(amount_ore=MAX_ENTRY_ORE + 1, note="19121212-1212")
    with pytest.raises(ValidationError) as exc:
        entry.clean_fields(exclude=others)
    assert set(exc.value.error_dict) == {"amount_ore", "note"}
    LedgerEntry(amount_ore=MAX_ENTRY_ORE, note="x" * MAX_NOTE).clean_fields(exclude=others)
