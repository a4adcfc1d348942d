"""The SIE 4 reader and writer (socinv.io.sie): the format's rules on the real sample files
(tests/fixtures/sie, see its README), quoting and escaping, and a writer/reader round trip."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socinv.core.limits import MAX_SIE_FILE_BYTES
from socinv.io import sie

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sie"


def read(name: str) -> sie.ReadResult:
    return sie.read((FIXTURES / name).read_bytes())


def codes(issues) -> list[str]:
    return [i.code for i in issues]


def test_the_exercise_company_reads_clean_in_cp437():
    r = read("transaktioner_ovnbolag.se")
    assert r.ok and r.encoding == "cp437" and not r.warnings
    assert len(r.sie.vouchers) == 163
    assert sum(len(v.rows) for v in r.sie.vouchers) == 671
    assert sum(1 for v in r.sie.vouchers for t in v.rows if t.object("6")) == 7
    assert r.sie.company.startswith("Övningsbolaget")
    assert all(v.total == 0 for v in r.sie.vouchers)


def test_the_unbalanced_copy_is_refused_naming_b_1():
    r = read("transaktioner_ovnbolag-bad-balance.se")
    assert codes(r.problems) == ["unbalanced"]
    (p,) = r.problems
    assert (p.params["series"], p.params["number"], p.line) == ("B", "1", 3905)
    assert p.params["total"] == Decimal("-12771.00")


def test_broken_encodings_fall_back_with_a_warning():
    utf8 = read("SIE4_Exempelfil_med_underdim.SE")
    assert utf8.ok and utf8.encoding == "utf-8"
    assert codes(utf8.warnings)[:2] == ["encoding_fallback", "replacement_characters"]
    assert utf8.warnings[1].params["count"] == 702
    # bare object codes {1 Nord 6 0001}; a backslash kept literally
    assert sum(1 for v in utf8.sie.vouchers for t in v.rows if t.object("6")) == 17
    latin = read("BLBLOV_SIE4_ISO_8859_15.SE")
    assert latin.ok and latin.encoding == "latin-1"
    assert "ä" in "".join(latin.sie.accounts.values())
    quotes = read("Quotes_test.si")
    assert quotes.ok and quotes.encoding == "utf-8"
    assert quotes.sie.program == ("Kassasystem", '1.0 - "Oblique Ozelot" - alpha')
    assert quotes.sie.vouchers[0].text == 'Försäljning 25% "DF:157"'
    assert quotes.sie.company == "Övningsbolaget"  # unquoted with a space: the first word


def test_rtrans_and_btrans_do_not_count_and_integers_are_amounts():
    r = read("BL0001_typ4.SE")
    assert r.ok
    assert all(v.total == 0 for v in r.sie.vouchers)
    assert any(t.objects == (("1", "1100"), ("6", "1118")) for v in r.sie.vouchers for t in v.rows)


def test_the_checksum_verifies_and_a_changed_file_fails_it():
    data = (FIXTURES / "norstedts_bokslut_SIE4E.se").read_bytes()
    assert sie.read(data).ok
    changed = data.replace(b"#KONTO", b"#KONTO ", 1).replace(b"Kassa", b"Kasse", 1)
    assert "ksumma_mismatch" in codes(sie.read(changed).problems)


def test_codes_keep_their_zeros_and_long_codes_their_digits():
    r = read("visma_anlaggningsregister_SIE4.si")
    assert r.ok
    assert {t.object("6") for t in r.sie.vouchers[0].rows} >= {"0015", "0001", "0002"}
    kst = read("SIE_test_av_KST_projekt_Testbolaget.SE")
    assert kst.ok
    assert any(t.object("6") == "1234567891234567" for v in kst.sie.vouchers for t in v.rows)


def test_an_empty_voucher_number_and_the_payroll_file_read():
    assert read("Exempelbolaget_SIE_110322_B_33.si").ok
    lon = read("LON Lönekörning.SI")
    assert lon.ok and lon.sie.vouchers[0].rows[10].object("20") == "1234567890"


def test_an_html_page_is_no_sie_file():
    r = read("BokSald.SE")
    assert codes(r.problems) == ["not_sie"] and r.problems[0].params["lines"] == 7


def test_a_missing_open_brace_names_the_voucher():
    r = read("e-conomic_SIE4.se")
    assert codes(r.problems) == ["missing_open_brace"]
    assert (r.problems[0].params["number"], r.problems[0].line) == ("19", 1459)


def test_a_personnummer_refuses_without_quoting_it():
    data = b'#FLAGGA 0\n#SIETYP 4\n#VER A 1 20260101 "Lon 19121212-1212"\n{\n#TRANS 1930 {} 1.00\n#TRANS 7010 {} -1.00\n}\n'
    r = sie.read(data)
    assert codes(r.problems) == ["personal_number"] and r.personal_number
    assert "1212" not in repr(r.problems)
    # the ledger owner's #ORGNR is read past (a sole trader's is a personnummer)
    assert sie.read(b"#FLAGGA 0\n#ORGNR 121212-1212\n").ok


def test_a_file_above_the_limit_is_not_read():
    r = sie.read(b"#" * (MAX_SIE_FILE_BYTES + 1))
    assert codes(r.problems) == ["too_large"]


@pytest.mark.parametrize("line_end", [b"\r\n", b"\n", b"\r"])
def test_line_ends_braces_and_quoting(line_end):
    lines = [
        b"#FLAGGA 0",
        b"#FORMAT PC8",
        b"#SIETYP 4",
        b'#VER "" "" 20260131 "R\x84tt text"',
        b"{",
        b'\t#TRANS 4010 {1 "Nord" "6" P1} 100.5 20260115 "a \\" b"',
        b"   #TRANS 2440 -100.50",
        b"}",
    ]
    r = sie.read(line_end.join(lines))
    assert r.ok, r.problems
    v = r.sie.vouchers[0]
    assert v.text == "Rätt text" and (v.series, v.number) == ("", "")
    first, second = v.rows
    assert first.objects == (("1", "Nord"), ("6", "P1"))
    assert first.date == datetime.date(2026, 1, 15) and first.text == 'a " b'
    assert second.objects == () and second.amount == Decimal("-100.50")


def test_three_decimals_and_a_bad_amount_are_problems():
    head = b"#FLAGGA 0\n#VER A 7 20260101\n{\n"
    r = sie.read(head + b"#TRANS 1930 {} 1.005\n#TRANS 1931 {} 1,00\n}\n")
    assert codes(r.problems)[:2] == ["amount_decimals", "bad_amount"]
    assert r.problems[0].params["number"] == "7"


texts = st.text(alphabet=st.characters(codec="cp437", exclude_categories=("Cc", "Cs")), max_size=40)
amounts = st.integers(min_value=-(10**12), max_value=10**12).map(lambda o: Decimal(o) / 100)
codes_st = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,15}", fullmatch=True)


@settings(max_examples=150, deadline=None)
@given(
    company=texts,
    vtext=texts,
    names=st.lists(texts, min_size=1, max_size=3),
    code=codes_st,
    amounts_=st.lists(amounts, min_size=1, max_size=5),
)
def test_what_the_writer_writes_the_reader_reads_back(company, vtext, names, code, amounts_):
    # a Swedish ledger's file: its name has å, ä or ö (without any, a CP437 file of only box
    # drawing and Greek letters cannot be told from Latin-1; see socinv.io.sie.decode)
    company = "Ärlinghem " + company
    rows = [sie.Trans("4010", a, (("6", code),)) for a in amounts_]
    rows.append(sie.Trans("1930", -sum(amounts_, Decimal(0)), ()))
    out = sie.SieFile(
        company=company,
        generated=datetime.date(2026, 12, 1),
        accounts={str(4000 + i): n for i, n in enumerate(names)},
        objects={("6", code): names[0]},
        dimensions={"6": "Projekt"},
        vouchers=[sie.Voucher("S", "1", datetime.date(2026, 3, 1), vtext, rows)],
    )
    data = sie.write(out)
    data.decode("cp437")  # CP437 through and through
    r = sie.read(data)
    assert r.ok or r.personal_number, r.problems
    if r.personal_number:
        return
    assert r.encoding == "cp437"
    assert r.sie.company == sie.plain(company)
    assert r.sie.vouchers[0].text == sie.plain(vtext)
    assert r.sie.accounts == {k: sie.plain(v) for k, v in out.accounts.items()}
    assert r.sie.objects == {("6", code): sie.plain(names[0])}
    assert [(t.account, t.amount, t.objects) for t in r.sie.vouchers[0].rows] == [
        (t.account, t.amount, t.objects) for t in rows
    ]


def test_swedish_letters_are_cp437_bytes():
    out = sie.SieFile(company="Åre Älvdalen Örebro åäö", generated=datetime.date(2026, 1, 1))
    data = sie.write(out)
    assert "Åre Älvdalen Örebro åäö".encode("cp437") in data
    assert b"\x86\x84\x94" in data and b"\x8f" in data and b"\x8e" in data and b"\x99" in data
