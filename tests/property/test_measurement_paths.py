"""The measurement reader's two validators agree: the fast path (column by column, on a
clean batch) and the slow path (row by row) give the same rows and the same problems.

A file is read twice: as it is (each batch tries the fast path first and falls back to
the slow one), and with the fast path switched off (``fast_batch`` answering "not for
me", so that every batch goes row by row). Small batches mix the two paths within a file
(a clean batch goes fast, the next one, holding a bad row, slow), which is where they
share state: the period cache and the duplicate check.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from unittest import mock

import openpyxl
from hypothesis import event, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from socinv.core.personnummer import find_personal_numbers, luhn_check_digit
from socinv.io.measurements import MeasurementReader, ProblemCode
from socinv.io.measurements import rows as rows_module

SETTINGS = settings(max_examples=300, deadline=None)

INDICATORS = ["A", "B", "Andel i arbete", "Ärenden per månad", " C "]
TYPO_INDICATORS = ["Andel i arbet", "andel i arbete", "Okänd indikator", "B\u00a0"]
PERIODS = ["2025", "2026", "2026-Q1", "2026Q2", "2026 K3", "2026-3", "2026-03", "2026-03-31"]
BAD_PERIODS = ["2026-13", "1899", "20x6", "2026-02-30", "Q1 2026", "2201", "26"]
MUNICIPALITIES = ["0180", "1480", ""]

# (canonical column, header names as a file may write them)
HEADERS = {
    "indicator": ["indikator", "Indicator", "INDIKATOR"],
    "period": ["period", "Period"],
    "value": ["värde", "value", "Värde"],
    "comparison_value": ["jämförelsevärde", "comparison_value"],
    "individuals": ["antal", "individuals"],
    "comparison_individuals": ["antal i jämförelsegruppen", "comparison-individuals"],
    "comment": ["kommentar", "comment"],
    "municipality": ["kommun", "municipality"],
}
OPTIONAL = [c for c in HEADERS if c not in ("indicator", "period", "value")]
HEADER_TYPOS = ["vrde", "indikatorer", "kommentarer", "antal_personer"]


def personnummer(born: dt.date, serial: int, wrong_check: bool = False) -> str:
    short = f"{born:%y%m%d}"
    nine = f"{short}{serial:03d}"
    check = (luhn_check_digit(nine) + (1 if wrong_check else 0)) % 10
    return f"{short}-{serial:03d}{check}"


def near_personnummer() -> st.SearchStrategy[str]:
    """Shaped like a personal number, but with a wrong check digit: not one."""
    return st.builds(
        lambda born, serial: personnummer(born, serial, wrong_check=True),
        st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2020, 12, 31)),
        st.integers(0, 999),
    )


@st.composite
def comments(draw) -> str:
    kind = draw(st.sampled_from(["plain", "plain", "plain", "pn", "near", "digits", "text"]))
    if kind == "plain":
        return draw(st.sampled_from(["", "ok", "vecka 12", "  mitt i  ", "a;b", 'sa "hej"']))
    if kind == "text":
        return draw(
            st.text(
                st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=12,
            )
        )
    if kind == "digits":  # digit runs that are not personal numbers
        return draw(st.sampled_from(["1234567890123", "2026-03-31", "12345-6789", "tel 08-123"]))
    born = draw(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2020, 12, 31)))
    number = personnummer(born, draw(st.integers(0, 999)), wrong_check=kind == "near")
    return draw(st.sampled_from(["", "ring ", "gäller "])) + number


def good_numbers(swedish: bool) -> st.SearchStrategy[str]:
    """Numbers as they may be written in the file's dialect."""

    def written(v: float, style: str) -> str:
        if style in ("grouped", "grouped_nbsp") and swedish:
            space = " " if style == "grouped" else "\u00a0"
            return f"{v:,.1f}".replace(",", space).replace(".", ",")
        text = repr(v) if style == "repr" else f"{v:g}"
        return text.replace(".", ",") if swedish else text

    good = st.builds(
        written,
        st.floats(-1e7, 1e7, allow_nan=False).map(lambda v: round(v, 2)),
        st.sampled_from(["g", "repr", "grouped", "grouped_nbsp"]),
    )
    odd = st.sampled_from(
        ["1 234,5", "1\u00a0234,5", "\u22123,5", "12", "-0", "+4", " 7 ", "1e3", ",5", "5,"]
        if swedish
        else ["1234.5", "-3.5", "12", "-0", "+4", " 7 ", "1e3", ".5", "5."]
    )
    return st.one_of(good, odd)


def numbers(swedish: bool) -> st.SearchStrategy[str]:
    """Numbers as they are written in the file's dialect, and some that are not."""
    bad = st.sampled_from(
        ["abc", "1.5x", "1,2,3", "1.234,5", "nan", "inf", "1_000", "12 34", "", " "]
    )
    return st.one_of(good_numbers(swedish), good_numbers(swedish), bad)


def counts() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(0, 5000).map(str),
        st.sampled_from(["", "", "-3", "2.5", "2,5", "3.0", "3,0", "x", " 4", "1_0", "0"]),
        st.integers(2**53 - 2, 2**60).map(str),  # past a float's exact whole numbers
    )


@st.composite
def measurement_files(draw) -> dict:
    """A file as a dict: the header and the rows (lists of cell texts), the dialect."""
    swedish = draw(st.booleans())
    optional = draw(st.lists(st.sampled_from(OPTIONAL), unique=True, max_size=len(OPTIONAL)))
    columns = ["indicator", "period", "value", *optional]
    columns = draw(st.permutations(columns))
    header = [draw(st.sampled_from(HEADERS[c])) for c in columns]
    if draw(st.integers(0, 9)) == 0:  # an unknown (mistyped) column
        header.insert(draw(st.integers(0, len(header))), draw(st.sampled_from(HEADER_TYPOS)))
    cells_of = {
        "indicator": st.one_of(
            st.sampled_from(INDICATORS), st.sampled_from(TYPO_INDICATORS), st.just("")
        ),
        "period": st.one_of(
            st.sampled_from(PERIODS), st.sampled_from(PERIODS), st.sampled_from(BAD_PERIODS)
        ),
        "value": numbers(swedish),
        "comparison_value": st.one_of(st.just(""), numbers(swedish)),
        "individuals": counts(),
        "comparison_individuals": counts(),
        "comment": comments(),
        "municipality": st.sampled_from(MUNICIPALITIES),
    }
    good_cells = {
        "indicator": st.sampled_from(INDICATORS),
        "period": st.one_of(
            st.sampled_from(PERIODS),
            st.builds("{}-{:02d}".format, st.integers(1990, 2030), st.integers(1, 12)),
            st.builds("{}-Q{}".format, st.integers(1990, 2030), st.integers(1, 4)),
        ),
        "value": st.one_of(
            st.sampled_from(["1,5", "2", "-3,25"] if swedish else ["1.5", "2", "-3.25"]),
            good_numbers(swedish),
        ),
        "comparison_value": st.one_of(st.just(""), good_numbers(swedish)),
        "individuals": st.one_of(
            st.just(""),
            st.integers(0, 5000).map(str),
            st.integers(2**53 - 2, 2**60).map(str),  # past a float's exact whole numbers
        ),
        "comparison_individuals": st.sampled_from(["", "100", "3,0" if swedish else "3.0"]),
        "comment": st.one_of(
            st.sampled_from(["", "ok", "tel 08-123", "1234567890123"]), near_personnummer()
        ),
        "municipality": st.sampled_from(MUNICIPALITIES),
    }
    names = [
        next((c for c, aliases in HEADERS.items() if h in aliases), None) for h in header
    ]  # the canonical name of each header cell (None: unknown)
    rows = []
    bad_rate = draw(st.sampled_from([0, 0, 2, 10, 40]))  # per cent of the rows
    for _ in range(draw(st.integers(0, 24))):
        kind = "good"
        if draw(st.integers(0, 99)) < bad_rate:
            kind = draw(st.sampled_from(["mixed", "mixed", "blank", "ragged", "dup"]))
        if kind == "blank":
            rows.append([] if draw(st.booleans()) else [""] * len(header))
            continue
        if kind == "dup" and rows:
            rows.append(list(draw(st.sampled_from(rows))))
            continue
        source = good_cells if kind == "good" else cells_of
        row = [draw(source[n]) if n else draw(st.sampled_from(["", "x"])) for n in names]
        if kind == "ragged":
            if draw(st.booleans()):
                row = row[: draw(st.integers(0, len(row)))]
            else:
                row += draw(st.lists(st.sampled_from(["", "extra"]), min_size=1, max_size=2))
        rows.append(row)
    return {"header": header, "rows": rows, "swedish": swedish}


def to_csv(file: dict, terminator: str, encoding: str) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";" if file["swedish"] else ",", lineterminator=terminator)
    writer.writerow(file["header"])
    writer.writerows(file["rows"])
    text = buf.getvalue()
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


def to_xlsx(file: dict) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(file["header"])
    for row in file["rows"]:  # (control characters cannot be stored in xlsx)
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row] or [None])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read(data: bytes, name: str, batch_size: int, fast: bool = True) -> tuple[dict, list]:
    """Everything a reader tells about a file, and for each batch given to the fast path
    whether it took it (``fast`` false: the fast path takes none, all go row by row)."""
    used: list[bool] = []
    fast_batch = rows_module.fast_batch

    def stand_in(*args):
        out = fast_batch(*args) if fast else None
        used.append(out is not None)
        return out

    with mock.patch.object(rows_module, "fast_batch", stand_in):
        reader = MeasurementReader(io.BytesIO(data), name, batch_size=batch_size)
        rows = [tuple(row) for batch in reader.batches() for row in batch]
    outcome = {
        "rows": rows,
        "problems": [
            (p.code, str(p), p.row, p.column, p.params, p.row_label) for p in reader.problems
        ],
        "warnings": [(p.code, str(p), p.row, p.params) for p in reader.warnings],
        "ok": reader.ok,
        "counted": reader.rows,
        "format": reader.format,
        "fingerprint": reader.fingerprint,
        "refused": reader.refused_for_personal_number,
    }
    return outcome, used


def both_paths(data: bytes, name: str, batch_size: int) -> tuple[dict, dict]:
    with_fast, used = read(data, name, batch_size)
    slow_only, _ = read(data, name, batch_size, fast=False)
    event(f"fast path took {'no' if not any(used) else 'all' if all(used) else 'some'} batches")
    event("refused" if with_fast["problems"] else "accepted")
    return with_fast, slow_only


def holds_personal_number(file: dict) -> bool:
    return any(find_personal_numbers(cell) for row in file["rows"] for cell in row)


@SETTINGS
@given(
    measurement_files(),
    st.integers(1, 8),
    st.sampled_from(["\n", "\r\n"]),
    st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_fast_and_slow_paths_agree_on_csv(file, batch_size, terminator, encoding) -> None:
    data = to_csv(file, terminator, encoding)
    with_fast, slow_only = both_paths(data, "matvarden.csv", batch_size)
    assert with_fast == slow_only
    if holds_personal_number(file):
        assert with_fast["refused"] and not with_fast["ok"]


@settings(max_examples=40, deadline=None)
@given(measurement_files(), st.integers(1, 8))
def test_fast_and_slow_paths_agree_on_xlsx(file, batch_size) -> None:
    with_fast, slow_only = both_paths(to_xlsx(file), "matvarden.xlsx", batch_size)
    assert with_fast == slow_only
    if holds_personal_number(file):
        assert with_fast["refused"] and not with_fast["ok"]


def test_a_clean_file_goes_the_fast_way_and_a_bad_batch_the_slow_way() -> None:
    # the property above means something only if the fast path does take clean batches
    lines = ["indikator;period;värde;antal;kommentar"]
    lines += [f"A{i % 3};{2000 + i // 3};{i},5;{i};rad {i}" for i in range(30)]
    lines[25] = "A0;2008;1 234,5;3;x"  # grouped thousands: the fast path leaves it
    data = "\n".join(lines).encode()
    result, used = read(data, "m.csv", 10)
    assert result["ok"] and len(result["rows"]) == 30
    assert used == [True, True, False, True]  # rows 2–10 and 11–20 fast, 21–30 slow, 31
    assert result == read(data, "m.csv", 10, fast=False)[0]
    assert result["rows"][24][2] == 1234.5 and result["rows"][24][7] == 26
    assert ProblemCode.PERSONAL_NUMBER not in {p[0] for p in result["problems"]}
