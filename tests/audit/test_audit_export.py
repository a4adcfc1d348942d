"""The CSV export: Swedish Excel's dialect, one row per field change, no formulas."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from socinv.audit import attribute
from socinv.audit.views import safe_cell

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The personas' nine passwords, hashed fast (PBKDF2 costs seconds per test)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def as_user(client):
    """``as_user(user)``: the test client, logged in as ``user``."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


def _rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def _change_fund(personas, user, **values):
    fund = attribute(personas.fund, user)
    for name, value in values.items():
        setattr(fund, name, value)
    fund.save()


def test_it_writes_utf8_with_bom_and_semicolons(personas, as_user):
    _change_fund(personas, personas["owner"], discount_rate=0.03)
    response = as_user(personas["auditor"]).get(reverse("audit:csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith('.csv"')
    assert response.content.startswith(b"\xef\xbb\xbf")
    header = response.content.decode("utf-8")[1:].splitlines()[0]
    assert header.count(";") == 9
    rows = _rows(response)
    assert all(len(row) == 10 for row in rows)


def test_it_writes_a_row_per_field_change_with_swedish_field_names(personas, as_user):
    _change_fund(
        personas, personas["owner"], discount_rate=0.03, name="Fonden för sociala investeringar"
    )
    response = as_user(personas["owner"]).get(
        reverse("audit:csv"), {"action": "changed", "model": "fund.fund"}
    )
    header, *rows = _rows(response)
    assert len(rows) == 2
    when = rows[0][0]
    assert len(when) == len("2026-11-27 22:53:50+01:00") and when[10] == " "
    assert {tuple(row[1:]) for row in rows} == {
        (
            "owner",
            rows[0][2],
            "fond",
            str(personas.fund.pk),
            "Fonden för sociala investeringar",
            field,
            before,
            after,
            "",
        )
        for field, before, after in [
            ("diskonteringsränta (standard)", "0,035", "0,03"),
            ("namn", "Sociala investeringsfonden", "Fonden för sociala investeringar"),
        ]
    }


def test_it_defuses_formulas(personas, as_user):
    _change_fund(
        personas,
        personas["owner"],
        name='=HYPERLINK("http://evil.example","klicka")',
        decision_body="+46 8 123",
        decision_dnr="-1+1",
    )
    _change_fund(personas, personas["owner"], decision_dnr="@SUM(A1)")
    response = as_user(personas["auditor"]).get(reverse("audit:csv"), {"model": "fund.fund"})
    cells = [cell for row in _rows(response) for cell in row]
    assert '\'=HYPERLINK("http://evil.example","klicka")' in cells
    assert "'+46 8 123" in cells
    assert "'-1+1" in cells
    assert "'@SUM(A1)" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("ok", "ok"),
        ("", ""),
        (None, ""),
        (12, "12"),
        ("a=b", "a=b"),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_it_applies_the_same_filters_as_the_page(personas, as_user):
    _change_fund(personas, personas["owner"], discount_rate=0.03)
    _change_fund(personas, personas["administrator"], discount_rate=0.04)
    client = as_user(personas["auditor"])
    response = client.get(reverse("audit:csv"), {"user": personas["administrator"].pk})
    _header, *rows = _rows(response)
    assert [(row[1], row[7], row[8]) for row in rows] == [("administrator", "0,03", "0,04")]
    everything = _rows(client.get(reverse("audit:csv")))
    assert len(everything) > 20


def test_it_exports_nothing_of_another_organisation(personas, as_user):
    _change_fund(personas, personas["owner"], discount_rate=0.03)
    response = as_user(personas["other_owner"]).get(reverse("audit:csv"))
    text = response.content.decode("utf-8")
    assert "Grannfonden" in text
    for secret in ["Exempelkommun", "Sociala investeringsfonden", "Socialnämnden", "owner;"]:
        assert secret not in text.replace("other_owner", "")


def test_it_has_every_column_of_the_page_with_the_reason_for_a_change(personas, as_user):
    fund = attribute(personas.fund, personas["owner"])
    fund.discount_rate = 0.03
    fund.name = "Fonden för sociala investeringar"
    fund._change_reason = "Rättat efter beslut i kommunstyrelsen"
    fund.save()
    response = as_user(personas["auditor"]).get(
        reverse("audit:csv"), {"action": "changed", "model": "fund.fund"}
    )
    header, *rows = _rows(response)
    assert header == [
        "När",
        "Vem",
        "Händelse",
        "Typ av post",
        "Post-id",
        "Post",
        "Fält",
        "Före",
        "Efter",
        "Skäl",
    ]
    # the reason is on every row of the change (one row per field)
    assert sorted((row[6], row[9]) for row in rows) == [
        ("diskonteringsränta (standard)", "Rättat efter beslut i kommunstyrelsen"),
        ("namn", "Rättat efter beslut i kommunstyrelsen"),
    ]
    page = as_user(personas["auditor"]).get(reverse("audit:trail")).content.decode()
    assert "<strong>Skäl:</strong> Rättat efter beslut i kommunstyrelsen" in page
