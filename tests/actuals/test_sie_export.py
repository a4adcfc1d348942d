"""The SIE 4I export of the demo fund's bookings (socinv sie export 1 2026): the project's
own reader and an independent check here (every #VER balanced, CP437 round trip of å, ä,
ö) accept it, and its sums per account match the ledger."""

from __future__ import annotations

import datetime
import io
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from socinv.actuals.export import export_year
from socinv.actuals.models import FundAccountMapping
from socinv.actuals.services import remove_account_mapping, set_account_mapping
from socinv.cli.main import main
from socinv.core.problems import Refused
from socinv.demo.services import demo_in_database
from socinv.fund.models import LedgerEntry
from socinv.io import sie

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("demo", stdout=io.StringIO())
    return demo_in_database()


def independent_check(data: bytes) -> dict[str, Decimal]:
    """A reader of its own, as strict as the export should be: CP437 text, CRLF, every line a
    record or a brace, every #VER balanced; the sums per account."""
    text = data.decode("cp437")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    sums: Counter = Counter()
    voucher: list[Decimal] | None = None
    trans = re.compile(r'^\s*#TRANS (\S+) \{(?:\S+ "[^"]*"(?: \S+ "[^"]*")*)?\} (-?\d+\.\d\d)$')
    for line in text.split("\r\n")[:-1]:
        if line.startswith("#VER"):
            assert voucher is None
            voucher = []
        elif line == "{":
            assert voucher == []
        elif line == "}":
            assert voucher and sum(voucher) == 0, line
            voucher = None
        elif line.lstrip().startswith("#TRANS"):
            m = trans.match(line)
            assert m, line
            sums[m.group(1)] += Decimal(m.group(2))
            voucher.append(Decimal(m.group(2)))
        else:
            assert line.startswith("#"), line
    assert voucher is None
    return dict(sums)


def ledger_sums(fund, year: int) -> dict[str, Decimal]:
    """The sums the ledger itself gives each mapped account in ``year``: per entry type its
    amounts (a reversal takes its target's off), on the type's debit and credit account."""
    by_type: Counter = Counter()
    for e in LedgerEntry.objects.filter(fund=fund, date__year=year).select_related("reverses"):
        if e.type == "reversal":
            by_type[e.reverses.type] -= e.amount_ore
        else:
            by_type[e.type] += e.amount_ore
    sums: Counter = Counter()
    for m in FundAccountMapping.objects.filter(fund=fund):
        sums[m.debit_account] += Decimal(by_type[m.entry_type]) / 100
        sums[m.credit_account] -= Decimal(by_type[m.entry_type]) / 100
    return dict(sums)


def assert_sums_match(exported: dict[str, Decimal], fund, year: int) -> None:
    """Every mapped account's sum in the file is the ledger's (0 when it has no row)."""
    ledger = ledger_sums(fund, year)
    assert set(exported) <= set(ledger)
    assert {a: exported.get(a, Decimal(0)) for a in ledger} == ledger
    assert any(ledger.values())


def test_socinv_sie_export_1_2026_on_the_demo(demo, tmp_path, capsys):
    out = tmp_path / "fond.si"
    assert main(["sie", "export", str(demo.fund.pk), "2026", "--out", str(out)]) == 0
    said = capsys.readouterr().err
    assert "Beviljat belopp" in said and "exporterades inte" in said
    data = out.read_bytes()
    # our own reader
    r = sie.read(data)
    assert r.ok and r.encoding == "cp437" and not r.warnings, r.problems
    assert r.sie.sietyp == "4" and r.sie.format == "PC8"
    exported = LedgerEntry.objects.filter(fund=demo.fund, date__year=2026).exclude(
        type__in=["commitment", "release", "earmarking"]
    )
    assert len(r.sie.vouchers) == exported.count() > 0
    assert all(v.total == 0 for v in r.sie.vouchers)
    # the independent check, and the sums per account against the ledger
    sums = independent_check(data)
    assert_sums_match(sums, demo.fund, 2026)
    # CP437 round trip of å ä ö: the bytes are CP437's, and they read back as the names
    assert "Fordran på nämnder".encode("cp437") in data and b"\x86" in data and b"\x84" in data
    assert "Föräldrastöd i förskolan (ICDP)".encode("cp437") in data and b"\x94" in data
    assert r.sie.accounts["1695"] == "Fordran på nämnder, sociala investeringar"
    # every account, dimension and object used is declared
    used = {t.account for v in r.sie.vouchers for t in v.rows}
    assert used <= set(r.sie.accounts)
    objects = {o for v in r.sie.vouchers for t in v.rows for o in t.objects}
    assert objects <= set(r.sie.objects) and {d for d, _c in objects} == set(r.sie.dimensions)
    # the voucher text: the entry's number and its note
    first = exported.order_by("seq").first()
    v = next(v for v in r.sie.vouchers if v.number == str(first.seq))
    assert v.text.startswith(f"{first.seq} ") and v.date == first.date
    assert v.rows[0].object("6") == first.project.code and v.rows[0].object("1") == first.board.code


def test_stdout_and_a_reversal_on_its_targets_accounts_swapped(demo, capsysbinary):
    assert main(["sie", "export", str(demo.fund.pk), "2025"]) == 0
    data = capsysbinary.readouterr().out
    result = export_year(demo.fund, 2025)
    r = sie.read(result.data)
    reversal = LedgerEntry.objects.get(fund=demo.fund, type="reversal")
    v = next(v for v in r.sie.vouchers if v.number == str(reversal.seq))
    # the disbursement it reverses was debit 1695, credit 1930
    assert [(t.account, t.amount) for t in v.rows] == [
        ("1930", Decimal("540000.00")),
        ("1695", Decimal("-540000.00")),
    ]
    assert_sums_match(independent_check(result.data), demo.fund, 2025)
    assert sie.read(data).ok and len(sie.read(data).sie.vouchers) == len(r.sie.vouchers)


def test_the_mapping_service_refuses_and_removes(demo):
    economist, auditor = demo.user("economist"), demo.user("auditor")

    def refused(entry_type, debit, debit_name, credit, credit_name) -> list:
        with pytest.raises(Refused) as caught:
            set_account_mapping(
                acting_user=economist,
                fund=demo.fund,
                entry_type=entry_type,
                debit_account=debit,
                debit_name=debit_name,
                credit_account=credit,
                credit_name=credit_name,
            )
        return caught.value.refusals

    (same,) = refused("commitment", "1930", "Bank", "1930", "Bank")
    assert same.message == "Debet- och kreditkontot måste vara olika."
    assert [r.field for r in refused("reversal", "1", "a", "2", "b")] == ["entry_type"]
    personal = refused("commitment", "2990", "19121212-1212", "2991", "x")
    assert [(r.field, r.code) for r in personal] == [("debit_name", "personal_number")]
    assert [r.field for r in refused("commitment", "29 90", "a", "2991", "b")] == ["debit_account"]
    assert not FundAccountMapping.objects.filter(entry_type="commitment").exists()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        remove_account_mapping(acting_user=auditor, fund=demo.fund, entry_type="disbursement")
    before = len(sie.read(export_year(demo.fund, 2026).data).sie.vouchers)
    assert remove_account_mapping(acting_user=economist, fund=demo.fund, entry_type="disbursement")
    after = export_year(demo.fund, 2026)
    assert len(sie.read(after.data).sie.vouchers) < before and after.skipped["disbursement"] > 0


def test_the_download_on_the_ledger_page(demo):
    client = Client()
    client.force_login(demo.user("auditor"))
    ledger = client.get(reverse("fund:ledger", args=[demo.fund.pk])).content.decode()
    assert reverse("actuals:fund", args=[demo.fund.pk]) in ledger
    this_year = datetime.date.today().year
    download = f"{reverse('actuals:export', args=[demo.fund.pk])}?year={this_year}"
    assert download in ledger and f"bokföringen för {this_year} som SIE-fil" in ledger
    response = client.get(reverse("actuals:export", args=[demo.fund.pk]), {"year": 2026})
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == f'attachment; filename="socinv-{demo.fund.pk}-2026.si"'
    )
    assert sie.read(response.content).ok
    leader = Client()
    leader.force_login(demo.user("project_leader"))
    assert leader.get(
        reverse("actuals:export", args=[demo.fund.pk]), {"year": 2026}
    ).status_code in (403, 404)
    portfolio = client.get(reverse("review:portfolio", args=[demo.fund.pk])).content.decode()
    assert "budget-actual-portfolio" in portfolio
