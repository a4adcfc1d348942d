"""The ledger as CSV (Swedish Excel: UTF-8 with BOM, ``;``, decimal comma) and xlsx, as
the ledger page's filter shows it; texts that a spreadsheet would run as a formula are
neutralised (issue 13)."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from socinv.core.ledger import Decision
from socinv.fund.services import record_entry
from socinv.io.tables import Kronor, csv_lines, safe_text, table_xlsx

pytestmark = pytest.mark.django_db

D = datetime.date(2026, 3, 1)
KF = Decision("Kommunfullmäktige", datetime.date(2026, 2, 20), "KS 2026/117")


@pytest.fixture
def booked(personas):
    p = personas
    for type, ore, project, board, note in [
        ("contribution", 123_456_750, None, None, '=HYPERLINK("http://x")'),
        ("commitment", 40_000_000, p.own_project, None, "+1 formel"),
        ("disbursement", 5_000_050, p.own_project, p.social_board, "Första; med semikolon"),
    ]:
        record_entry(
            acting_user=p["economist"],
            fund=p.fund,
            type=type,
            date=D,
            amount_ore=ore,
            project=project,
            board=board,
            decision=KF,
            note=note,
        )
    p["economist"].first_name, p["economist"].last_name = "Karin", "Berg"
    p["economist"].save()
    return p


def test_the_writers_guard_formulas_and_write_kronor():
    assert safe_text("=1+1") == "'=1+1" and safe_text("-5") == "'-5" and safe_text("@x") == "'@x"
    assert safe_text("Skolstöd") == "Skolstöd"
    text = "".join(csv_lines(["A", "B"], [[Kronor(123_456_750), "=SUM(A1)"], [7, None]]))
    assert text.startswith("\ufeffA;B\r\n")
    assert "1234567,50;'=SUM(A1)\r\n" in text
    data = table_xlsx(["A", "B"], [[Kronor(150), "=SUM(A1)"]], sheet_name="S", title="T")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A4"].value == 1.5 and sheet["B4"].value == "=SUM(A1)"
    assert sheet["B4"].data_type == "s"  # a string, never a formula


def test_the_ledger_downloads_as_csv_for_swedish_excel(client, booked):
    p = booked
    client.force_login(p["auditor"])
    ledger = client.get(reverse("fund:ledger", args=[p.fund.pk])).content.decode()
    assert reverse("fund:ledger_csv", args=[p.fund.pk]) in ledger
    assert reverse("fund:ledger_xlsx", args=[p.fund.pk]) in ledger
    response = client.get(reverse("fund:ledger_csv", args=[p.fund.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 4
    head, first, second, third = rows
    assert head[0] in ("No.", "Nr")
    assert first[0] == "1" and first[1] == "2026-03-01"
    assert first[3] == "1234567,50"
    assert first[11] == '\'=HYPERLINK("http://x")'  # not a formula
    assert second[11] == "'+1 formel"
    assert third[3] == "50000,50" and third[11] == "Första; med semikolon"
    assert third[12] == "Karin Berg"  # the person's name, not the username


def test_the_ledger_downloads_as_xlsx_with_the_filter(client, booked):
    p = booked
    client.force_login(p["owner"])
    url = reverse("fund:ledger_xlsx", args=[p.fund.pk])
    response = client.get(url, {"type": "disbursement"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert len(values) == 1
    assert values[0][0] == 3 and values[0][3] == 50000.5
    assert values[0][4] == p.own_project.title and values[0][12] == "Karin Berg"


def test_who_may_not_read_the_ledger_gets_no_download(client, booked):
    client.force_login(booked["project_leader"])
    assert client.get(reverse("fund:ledger_csv", args=[booked.fund.pk])).status_code == 403
    assert client.get(reverse("fund:ledger_xlsx", args=[booked.fund.pk])).status_code == 403
