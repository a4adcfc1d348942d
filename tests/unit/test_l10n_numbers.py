"""The numbers in sentences (review of b999d3a, finding 1): a limit, a count or an amount
is grouped ("10 000 000" in Swedish, "10,000,000" in English), a file size is in words
("5 MB", "512 kB"), an amount in kronor; a year, an entry or a line number stays as
written. One place decides by the param's name: :func:`socinv.l10n.format_params`."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from socinv.core.calc.problems import Problem
from socinv.core.calc.problems import ProblemCode as P
from socinv.core.ledger.errors import ErrorCode as L
from socinv.core.ledger.errors import LedgerError
from socinv.core.limits import (
    MAX_CALC_FILE_BYTES,
    MAX_CALC_UPLOAD_BYTES,
    MAX_ENTRY_ORE,
    MAX_LEDGER_ENTRIES,
    MAX_SEED,
    MAX_UPLOAD_BYTES,
)
from socinv.l10n import NBSP, format_params, format_size, measurements, messages

S = NBSP


def test_a_file_size_in_words():
    assert format_size(MAX_UPLOAD_BYTES) == f"20{S}MB"
    assert format_size(MAX_CALC_UPLOAD_BYTES) == f"512{S}kB"
    assert format_size(6_000_000) == f"5,7{S}MB"
    assert format_size(6_000_000, "en") == f"5.7{S}MB"
    assert format_size(50 * 1024**3) == f"50{S}GB"
    assert format_size(800) == f"800{S}byte" and format_size(800, "en") == f"800{S}bytes"


@given(st.integers(min_value=0, max_value=2**50))
def test_a_size_in_words_is_within_a_twentieth_of_the_bytes(size):
    number, unit = format_size(size, "en").split(NBSP)
    factor = {"bytes": 1, "kB": 1024, "MB": 1024**2, "GB": 1024**3}[unit]
    shown = float(number.replace(",", "")) * factor
    assert abs(shown - size) <= max(0.05 * size, 0.5)


def test_an_integer_is_grouped_with_every_digit():
    from socinv.l10n import format_number

    assert format_number(2**63 - 1, lang="en") == "9,223,372,036,854,775,807"  # not …808
    assert format_number(-(10**17), lang="sv") == "\u2212100" + f"{S}000" * 5
    assert format_number(True, lang="sv") == "1"


def test_params_by_name():
    params = {
        "maximum": 10_000_000,
        "year": 2026,
        "entry_id": 12_345,
        "line": 10_000,
        "max_ore": MAX_ENTRY_ORE,
        "size_bytes": 5 * 1024**2,
        "flag": True,
        "got": "x",
    }
    worded = format_params(params, "sv")
    assert worded["maximum"] == f"10{S}000{S}000"
    assert worded["year"] == 2026 and worded["entry_id"] == 12_345 and worded["line"] == 10_000
    assert worded["max_ore"] == f"1{S}000{S}000{S}000{S}000"
    assert worded["max_kr"] == f"10{S}000{S}000{S}000{S}kr"
    assert worded["size_bytes"] == f"5{S}MB"
    assert worded["flag"] is True and worded["got"] == "x"
    assert format_params({"maximum": 10_000_000}, "en")["maximum"] == "10,000,000"


def test_the_calculations_sentences_group_their_numbers():
    big = Problem("", P.FILE_TOO_LARGE, {"max_bytes": MAX_CALC_FILE_BYTES, "size_bytes": 6_000_000})
    assert messages.describe(big, "sv") == f"filen är för stor: 5,7{S}MB, högst 5{S}MB läses"
    assert (
        messages.describe(big, "en") == f"the file is too large: 5.7{S}MB, at most 5{S}MB are read"
    )
    draws = Problem("--draws", P.TOO_LARGE, {"maximum": 10_000_000, "got": 20_000_000})
    assert messages.describe(draws, "sv") == f"får vara högst 10{S}000{S}000, fick 20{S}000{S}000"
    assert messages.describe(draws, "en") == "must be at most 10,000,000, got 20,000,000"
    seed = Problem("--seed", P.TOO_LARGE, {"maximum": MAX_SEED, "got": MAX_SEED + 1})
    assert f"högst 4{S}294{S}967{S}295" in messages.describe(seed, "sv")


def test_a_year_and_its_bounds_are_never_grouped():
    year = Problem("start_year", P.TOO_LARGE, {"maximum": 2200, "got": 2300})
    assert messages.describe(year, "sv") == "får vara högst 2200, fick 2300"
    outside = Problem("costs[0].years[1]", P.YEAR_OUTSIDE_HORIZON, {"year": 1200, "last": 1000})
    assert "1200" in messages.describe(outside, "en")


def test_the_ledgers_sentences_show_kronor_and_grouped_counts():
    amount = LedgerError(
        L.AMOUNT_TOO_LARGE, "amount_ore", params={"amount_ore": 10**13, "max_ore": MAX_ENTRY_ORE}
    )
    assert messages.describe(amount, "sv") == (
        f"Beloppet 100{S}000{S}000{S}000{S}kr är större än den största verifikation "
        f"huvudboken tar emot, 10{S}000{S}000{S}000{S}kr."
    )
    assert f"SEK{S}10,000,000,000." in messages.describe(amount, "en")
    full = LedgerError(L.LEDGER_FULL, "id", params={"max_entries": MAX_LEDGER_ENTRIES})
    assert f"högst 1{S}000{S}000 verifikationer" in messages.describe(full, "sv")
    # a value shown as given (%r) stays as given; an entry number is not grouped
    negative = LedgerError(L.AMOUNT_NOT_POSITIVE, "amount_ore", params={"amount_ore": -5000})
    assert "inte -5000;" in messages.describe(negative, "sv")
    target = LedgerError(L.REVERSAL_TARGET_MISSING, "reverses", params={"reverses": 12345})
    assert "12345" in messages.describe(target, "en")


def test_the_count_of_problems_beyond_those_shown():
    from socinv.core.calc.problems import InputError

    problems = [Problem(f"x{i}", P.REQUIRED, {}) for i in range(12_050)]
    lines = messages.input_error_lines(InputError(problems, "a.toml"), "sv")
    assert lines[-1] == f"a.toml: … och 12{S}000 till"


def test_the_measurements_sentences_group_their_numbers():
    sv = measurements.describe
    assert sv("cell_too_long", {"limit": 32_767}, "sv").startswith(
        f"Cellen innehåller mer än 32{S}767 tecken"
    )
    assert f"16{S}384 celler" in sv("row_too_wide", {"limit": 16_384}, "sv")
    assert sv("comment_too_long", {"limit": 2_000, "length": 5_000}, "sv") == (
        f"Kommentaren får vara högst 2{S}000 tecken (den har 5{S}000)."
    )
    assert f"5{S}000 gånger" in sv("zip_ratio", {"member": "m", "ratio": 5_000, "limit": 100}, "sv")
    assert sv("too_many_problems", {"more": 12_000}, "sv") == f"… och ytterligare 12{S}000 problem."
    big = {"limit_bytes": 100 * 1024**2, "size_bytes": 150 * 1024**2 + 512 * 1024}
    assert f"mer än 100{S}MB (150,5{S}MB hittades)" in sv("zip_too_large", big, "sv")
    assert f"more than 100{S}MB (150.5{S}MB found)" in sv("zip_too_large", big, "en")
