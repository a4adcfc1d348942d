"""The personnummer guard finds every valid number wherever it stands, and only those."""

import csv
import datetime as dt
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from socinv.core.personnummer import find_personal_numbers, luhn_check_digit
from socinv.io.measurements import ProblemCode, read_measurements

SETTINGS = settings(max_examples=300, deadline=None)

# Surrounding text: anything but ASCII digits (a neighbouring digit would make the number
# part of a longer run), surrogates and NUL.
NON_DIGIT = st.characters(blacklist_characters="0123456789\x00", blacklist_categories=("Cs",))
SURROUNDING = st.text(NON_DIGIT, max_size=30)


@st.composite
def valid_numbers(draw) -> tuple[str, str]:
    """(number as written, its 10 digits without separator)."""
    born = draw(st.dates(min_value=dt.date(1850, 1, 1), max_value=dt.date(2099, 12, 31)))
    coordination = draw(st.booleans())
    serial = draw(st.integers(0, 999))
    day = born.day + (60 if coordination else 0)
    short = f"{born:%y%m}{day:02d}"
    nine = f"{short}{serial:03d}"
    ten = nine + str(luhn_check_digit(nine))
    if draw(st.booleans()):  # 12 digits
        sep = draw(st.sampled_from(["", "-", "\u2013"]))
        return f"{born.year // 100}{ten[:6]}{sep}{ten[6:]}", ten
    sep = draw(st.sampled_from(["", "-", "+", "\u2013"]))
    return f"{ten[:6]}{sep}{ten[6:]}", ten


def spans(text: str) -> list[tuple[int, int]]:
    return [(m.start, m.end) for m in find_personal_numbers(text)]


@SETTINGS
@given(valid_numbers(), SURROUNDING, SURROUNDING)
def test_every_valid_number_is_found_in_any_position(number, before, after) -> None:
    written, _ = number
    text = before + written + after
    assert (len(before), len(before) + len(written)) in spans(text)


@SETTINGS
@given(valid_numbers(), SURROUNDING, SURROUNDING, st.integers(1, 9))
def test_a_changed_check_digit_is_not_found(number, before, after, shift) -> None:
    written, _ = number
    wrong = written[:-1] + str((int(written[-1]) + shift) % 10)
    assert spans(before + wrong + after) == []


@SETTINGS
@given(
    st.integers(1, 20)
    .filter(lambda n: n not in (10, 12))
    .flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n)),
    SURROUNDING,
    SURROUNDING,
)
def test_digit_runs_of_other_lengths_are_not_found(digits, before, after) -> None:
    assert spans(before + digits + after) == []


@settings(max_examples=60, deadline=None)
@given(valid_numbers(), SURROUNDING, SURROUNDING, st.sampled_from([";", ","]))
def test_the_import_refuses_a_number_hidden_in_a_comment(number, before, after, sep) -> None:
    written, ten = number
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep)
    w.writerow(["indikator", "period", "värde", "kommentar"])
    w.writerow(["A", "2026-01", "1", "ok"])
    w.writerow(["A", "2026-02", "2", before + written + after])
    result = read_measurements(buf.getvalue().encode("utf-8"), "m.csv")
    assert result.rows == ()
    guard = [p for p in result.problems if p.code == ProblemCode.PERSONAL_NUMBER]
    assert [(p.row, p.column) for p in guard] == [(3, "kommentar")]
    for p in result.problems:
        said = f"{p} {p.params}"
        assert ten[:6] not in said and ten[6:] not in said


@settings(max_examples=100, deadline=None)
@given(
    valid_numbers(),
    st.text(st.sampled_from("ab ör."), max_size=8),
    st.text(st.sampled_from("ab ör."), max_size=8),
    st.integers(1, 11),
    st.sampled_from([";", ","]),
    st.sampled_from(["utf-8", "cp1252", "utf-16"]),
)
def test_the_import_refuses_a_number_split_by_a_csv_quote(
    number, before, after, cut, sep, encoding
) -> None:
    # A CSV reader appends what follows a closing quote to the cell: "811218"9876 reads
    # as 8112189876, though no run of digits in the bytes looks like a number.
    written, ten = number
    cut = min(cut, len(written) - 1)
    cell = f'"{before}{written[:cut]}"{written[cut:]}{after}'
    text = f"indikator{sep}period{sep}värde{sep}kommentar\nA{sep}2026{sep}1{sep}{cell}\n"
    result = read_measurements(text.encode(encoding), "m.csv")
    assert result.rows == ()
    assert [(p.code, p.row, p.column) for p in result.problems] == [
        (ProblemCode.PERSONAL_NUMBER, 2, "kommentar")
    ]
