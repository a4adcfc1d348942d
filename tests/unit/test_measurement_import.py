"""Import of measurement files: every format and dialect, and every kind of bad file,
storing nothing (``rows`` empty) whenever there is a problem."""

import codecs
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socinv.io.measurements import (
    ImportResult,
    MeasurementRow,
    ProblemCode,
    normalise_period,
    parse_number,
    read_measurements,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "measurements"
P = ProblemCode


def read(name: str) -> ImportResult:
    return read_measurements((FIXTURES / name).read_bytes(), name)


def codes(result: ImportResult) -> list[tuple[str, int | None, str | None]]:
    return [(p.code, p.row, p.column) for p in result.problems]


def xlsx(rows: list[list]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


SWEDISH_ROWS = (
    MeasurementRow(
        "Andel elever med gymnasiebehörighet",
        "2026-Q1",
        0.82,
        0.75,
        120,
        "första kvartalet",
        None,
        2,
    ),
    MeasurementRow(
        "Kostnad placeringar", "2026", 1234567.5, 1300000.0, None, "helår, prognos", None, 3
    ),
    MeasurementRow("Antal placeringar", "2026-03-31", -2.0, None, None, "minskning", None, 4),
)


# -- good files ------------------------------------------------------------------------


def test_it_reads_comma_csv_with_decimal_point() -> None:
    result = read("comma_utf8.csv")
    assert result.ok and result.format == "csv"
    assert result.rows == (
        MeasurementRow(
            "Andel elever med gymnasiebehörighet",
            "2026-Q1",
            0.82,
            0.75,
            120,
            "första kvartalet",
            None,
            2,
        ),
        MeasurementRow(
            "Andel elever med gymnasiebehörighet", "2026-Q2", 0.84, 0.76, 118, "", None, 3
        ),
        MeasurementRow(
            "Antal placeringar", "2026-03", 12.0, None, None, "mars, efter omorganisation", None, 4
        ),
    )


@pytest.mark.parametrize("name", ["swedish_cp1252.csv", "swedish_utf8_bom.csv"])
def test_it_reads_the_swedish_excel_dialect(name: str) -> None:
    # semicolons, decimal comma, thousands with a no-break space and with a space,
    # capitalised Swedish headers, CRLF; Windows-1252 or UTF-8 with BOM (and a real minus)
    result = read(name)
    assert codes(result) == []
    assert result.rows == SWEDISH_ROWS


def test_it_reads_utf16_tab_separated_text_from_excel() -> None:
    text = "Indikator\tPeriod\tVärde\nA\t2026\t1,5\n"
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    result = read_measurements(data, "export.txt")
    assert result.rows == (MeasurementRow("A", "2026", 1.5, row=2),)


def test_it_reads_xlsx() -> None:
    result = read("valid.xlsx")
    assert result.ok and result.format == "xlsx"
    assert len(result.rows) == 43
    assert result.rows[:3] == (
        MeasurementRow(
            "Andel elever med gymnasiebehörighet", "2026-Q1", 0.82, 0.75, 120, "första", None, 2
        ),
        MeasurementRow(
            "Andel elever med gymnasiebehörighet", "2026-Q2", 0.84, None, 118, "", None, 3
        ),
        MeasurementRow("Antal placeringar", "2026", 12.0, None, None, "helår", None, 4),
    )


def test_xlsx_dates_and_text_numbers() -> None:
    import datetime as dt

    data = xlsx(
        [
            ["indicator", "period", "value", "individuals"],
            ["A", dt.datetime(2026, 3, 31), "12,5", 3.0],
            ["B", dt.date(2026, 1, 1), 7, None],
        ]
    )
    result = read_measurements(data, "m.xlsx")
    assert codes(result) == []
    assert [(r.period, r.value, r.individuals) for r in result.rows] == [
        ("2026-03-31", 12.5, 3),
        ("2026-01-01", 7.0, None),
    ]


def test_it_reads_kolada_json() -> None:
    result = read("kolada.json")
    assert result.ok and result.format == "json"
    assert result.rows == (
        MeasurementRow("N00945", "2022", 12.3, municipality="0180", row=1),
        MeasurementRow("N00945", "2023", 12.9, municipality="0180", row=2),
        MeasurementRow("N00945", "2023", 14.0, municipality="1480", row=3),  # not a duplicate
    )
    # a null value (Kolada has no figure) is skipped with a warning, not a refusal
    assert [(w.code, w.row) for w in result.warnings] == [(P.VALUE_MISSING_SKIPPED, 4)]


def test_kolada_null_value_with_a_bad_period_is_one_problem_and_no_warning() -> None:
    entry = {"kpi": "U1", "municipality": "0180", "period": "sommaren",
             "values": [{"gender": "T", "value": None}]}  # fmt: skip
    result = read_measurements(json.dumps({"values": [entry]}).encode(), "k.json")
    assert codes(result) == [(P.INVALID_PERIOD, 1, "period")]
    assert result.warnings == ()


def test_kolada_bare_list_and_json_recognised_by_content() -> None:
    entries = [
        {
            "kpi": "U1",
            "municipality": "0180",
            "period": "2024",
            "values": [{"gender": "T", "value": 3}],
        }
    ]
    result = read_measurements(json.dumps(entries).encode(), "download")
    assert result.rows == (MeasurementRow("U1", "2024", 3.0, municipality="0180", row=1),)


def test_a_second_read_of_the_same_bytes_has_the_same_fingerprint() -> None:
    a, b = read("comma_utf8.csv"), read("comma_utf8.csv")
    assert a.fingerprint == b.fingerprint and len(a.fingerprint) == 64
    assert a.fingerprint != read("swedish_cp1252.csv").fingerprint


def test_blank_rows_are_skipped_and_row_numbers_are_the_spreadsheets() -> None:
    data = b"\nindicator,period,value\n\nA,2026,x\n,,\nB,2026,y\n"
    result = read_measurements(data, "m.csv")
    assert codes(result) == [(P.NOT_A_NUMBER, 4, "value"), (P.NOT_A_NUMBER, 6, "value")]


def test_a_quoted_line_break_is_one_spreadsheet_row() -> None:
    data = b'indicator,period,value,comment\nA,2026,1,"two\nlines"\nB,2026,x,\n'
    result = read_measurements(data, "m.csv")
    assert codes(result) == [(P.NOT_A_NUMBER, 3, "value")]


# -- bad files (the list) ------------------------------------------------------


def test_a_wrong_column_is_named_with_a_suggestion() -> None:
    result = read("bad_wrong_column.csv")
    assert result.rows == ()
    assert codes(result) == [
        (P.UNKNOWN_COLUMN, 1, "vrde"),
        (P.UNKNOWN_COLUMN, 1, "färg"),
        (P.MISSING_COLUMN, None, "value"),
    ]
    vrde = result.problems[0]
    assert vrde.params["suggestion"] == "värde"
    assert "värde" in vrde.params["accepted"] and "indikator" in vrde.params["accepted"]
    assert result.problems[1].params["suggestion"] is None
    assert result.problems[2].params == {"column": "value", "swedish": "värde"}


def test_text_in_a_number_names_row_column_and_text() -> None:
    result = read("bad_text_in_number.csv")
    assert result.rows == ()
    assert codes(result) == [(P.NOT_A_NUMBER, 3, "värde"), (P.NOT_A_NUMBER, 4, "antal")]
    assert result.problems[0].params["text"] == "tolv"
    assert str(result.problems[0]) == "row 3, column “värde”: “tolv” is not a number."
    assert result.problems[1].params["text"] == "många"
    assert "“många”" in str(result.problems[1])


def test_a_duplicated_period_names_both_rows() -> None:
    result = read("bad_duplicate_period.csv")
    assert result.rows == ()
    assert codes(result) == [(P.DUPLICATE_MEASUREMENT, 4, "period")]  # 2026Q1 == 2026-Q1
    assert result.problems[0].params == {
        "indicator": "A",
        "period": "2026-Q1",
        "municipality": None,
        "first_row": 2,
        "row": 4,
        "column": "period",
    }


def test_an_empty_file() -> None:
    assert codes(read("empty.csv")) == [(P.EMPTY_FILE, None, None)]
    assert codes(read_measurements(b"\xef\xbb\xbf\r\n  \r\n", "m.csv")) == [
        (P.EMPTY_FILE, None, None)
    ]
    assert codes(read_measurements(b"", "m.xlsx")) == [(P.EMPTY_FILE, None, None)]
    assert codes(read_measurements(xlsx([]), "m.xlsx")) == [(P.EMPTY_FILE, None, None)]


def test_a_file_with_only_a_header() -> None:
    result = read("header_only.csv")
    assert result.rows == () and codes(result) == [(P.NO_DATA_ROWS, None, None)]


def test_a_truncated_xlsx_is_one_clear_problem() -> None:
    result = read("truncated.xlsx")
    assert result.rows == ()
    assert codes(result) == [(P.UNREADABLE_FILE, None, None)]
    assert result.problems[0].params == {"detail": result.problems[0].params["detail"]}
    assert result.problems[0].params["detail"]  # the exception's kind, for the log


@pytest.mark.parametrize("cut", [10, 100, 1000, 3000, 5000])
def test_an_xlsx_cut_anywhere_never_raises(cut: int) -> None:
    data = (FIXTURES / "valid.xlsx").read_bytes()[:cut]
    assert codes(read_measurements(data, "m.xlsx")) == [(P.UNREADABLE_FILE, None, None)]


def test_text_named_xlsx_is_unreadable_and_xls_is_unsupported() -> None:
    assert codes(read_measurements(b"indicator,period,value\n", "m.xlsx"))[0][0] == (
        P.UNREADABLE_FILE
    )
    xls = read_measurements(b"\xd0\xcf\x11\xe0rest", "m.xls")
    assert codes(xls) == [(P.UNSUPPORTED_FORMAT, None, None)]
    assert xls.problems[0].params == {"format": "xls"}


def test_a_personnummer_in_a_comment_refuses_the_whole_file_without_echoing_it() -> None:
    raw = (FIXTURES / "personnummer_in_comment_sv_cp1252.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really Windows-1252 (the ö in Malmö)
    result = read_measurements(raw, "personnummer.csv")
    assert result.rows == ()
    assert result.refused_for_personal_number
    assert codes(result) == [(P.PERSONAL_NUMBER, 3, "Kommentar")]
    text = " ".join(str(p) for p in result.problems) + repr(result.problems)
    assert "121212" not in text and "1212-" not in text


def test_a_wrong_encoding() -> None:
    # 0x81 is undefined in Windows-1252 and not UTF-8
    result = read_measurements(b"indicator,period,value\nA\x81,2026,1\n", "m.csv")
    assert codes(result) == [(P.ENCODING, None, None)]
    assert result.problems[0].params["position"] == 25
    # NUL bytes: UTF-16 without a BOM, or a binary file
    result = read_measurements("indicator,period".encode("utf-16-le"), "m.csv")
    assert codes(result) == [(P.ENCODING, None, None)]


# -- other problems ----------------------------------------------------------------------


def test_every_problem_is_reported_at_once() -> None:
    data = (
        "indikator;period;värde;jämförelsevärde;antal;kommentar\n"
        "A;2026-13;1;;;\n"  # month 13
        ";2026;1;;;\n"  # no indicator
        "B;2026;;;;\n"  # no value
        "C;2026;1;x;;\n"  # comparison not a number
        "D;2026;1;;-3;\n"  # negative individuals
        "E;2026;1;;2,5;\n"  # not a whole number
        "F;2026;1,5e3;;12;ok\n"  # fine
        "G;2026-Q5;1.234,5;;;\n"  # two problems on one row
    ).encode()
    result = read_measurements(data, "m.csv")
    assert result.rows == ()
    assert codes(result) == [
        (P.INVALID_PERIOD, 2, "period"),
        (P.MISSING_VALUE, 3, "indikator"),
        (P.MISSING_VALUE, 4, "värde"),
        (P.NOT_A_NUMBER, 5, "jämförelsevärde"),
        (P.NEGATIVE_INDIVIDUALS, 6, "antal"),
        (P.NOT_A_WHOLE_NUMBER, 7, "antal"),
        (P.INVALID_PERIOD, 9, "period"),
        (P.NOT_A_NUMBER, 9, "värde"),
    ]
    for p in result.problems:
        assert p.code in set(ProblemCode) and p.params["row"] == p.row
        assert p.params["column"] == p.column


def test_headers_in_english_any_case_and_duplicated_columns() -> None:
    data = b"INDICATOR,Period,Value,Comparison Value,value\nA,2026,1,2,3\n"
    result = read_measurements(data, "m.csv")
    assert codes(result) == [(P.DUPLICATE_COLUMN, 1, "value")]
    ok = read_measurements(b"INDICATOR,Period,Value,Comparison Value\nA,2026,1,2\n", "m.csv")
    assert ok.rows == (MeasurementRow("A", "2026", 1.0, 2.0, row=2),)


def test_data_in_a_column_without_a_header() -> None:
    result = read_measurements(b"indicator;period;value;\nA;2026;1;\nB;2026;2;x\n", "m.csv")
    assert codes(result) == [(P.UNNAMED_COLUMN, 3, "column D")]
    extra = read_measurements(b"indicator;period;value\nA;2026;1;x\n", "m.csv")
    assert codes(extra) == [(P.UNNAMED_COLUMN, 2, "column D")]


def test_a_comma_file_does_not_take_a_decimal_comma() -> None:
    result = read_measurements(b'indicator,period,value\nA,2026,"1,5"\n', "m.csv")
    assert codes(result) == [(P.NOT_A_NUMBER, 2, "value")]
    assert result.problems[0].params == {
        "text": "1,5",
        "decimal_point": True,
        "row": 2,
        "column": "value",
    }
    semicolon = read_measurements(b"indicator;period;value\nA;2026;1.5.1\n", "m.csv")
    assert "decimal_point" not in semicolon.problems[0].params  # no hint for a comma file


@pytest.mark.parametrize(
    ("text", "decimal_comma", "expected"),
    [
        ("12", False, 12.0),
        (" -1.5 ", False, -1.5),
        ("1e3", False, 1000.0),
        ("1,5", True, 1.5),
        ("1.5", True, 1.5),
        ("1 234 567,5", True, 1234567.5),
        ("1\u00a0234", True, 1234.0),
        ("1\u202f234", False, 1234.0),
        ("\u22122,5", True, -2.5),
        ("1,5", False, None),
        ("1.234,5", True, None),
        ("12 34", True, None),
        ("nan", True, None),
        ("inf", False, None),
        ("1_000", False, None),
        ("12 %", True, None),
        ("", True, None),
        (True, True, None),
        (float("nan"), True, None),
        (3, True, 3.0),
    ],
)
def test_parse_number(text, decimal_comma, expected) -> None:
    assert parse_number(text, decimal_comma) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026", "2026"),
        ("2026-Q1", "2026-Q1"),
        ("2026q4", "2026-Q4"),
        ("2026 K2", "2026-Q2"),
        ("2026-03", "2026-03"),
        ("2026-3", "2026-03"),
        ("2026-03-31", "2026-03-31"),
        (2026, "2026"),
        (2026.0, "2026"),
        ("2026-02-30", None),
        ("2026-13", None),
        ("2026-Q5", None),
        ("26", None),
        ("1800", None),
        ("mars 2026", None),
        (2026.5, None),
        (True, None),
    ],
)
def test_normalise_period(raw, expected) -> None:
    assert normalise_period(raw) == expected


# -- the personnummer guard in every place ---------------------------------------------


def test_the_guard_checks_every_column_and_the_header() -> None:
    data = (
        "indikator;period;värde;811218-9876;kommentar\n"
        "A 19121212-1212;2026;1;;\n"
        "B;2026;8112189876;;\n"
        "C;2026;1;x 811218-9876 y;\n"
    ).encode("cp1252")
    result = read_measurements(data, "m.csv")
    assert result.rows == ()
    guard = [(p.row, p.column) for p in result.problems if p.code == P.PERSONAL_NUMBER]
    assert guard == [(1, "column D"), (2, "indikator"), (3, "värde"), (4, "column D")]
    # the personal numbers come first; no message quotes the digits
    assert result.problems[0].code == P.PERSONAL_NUMBER
    text = " ".join(str(p) for p in result.problems) + repr(result.problems)
    for digits in ("811218", "9876", "121212"):
        assert digits not in text


def test_the_guard_in_xlsx_catches_a_number_stored_as_a_number() -> None:
    data = xlsx(
        [
            ["indikator", "period", "värde", "kommentar"],
            ["A", 2026, 1, 8112189876],
            ["B", 2026, 2, "samordningsnummer 701063-2391"],
            ["C", 2026, 198112189876, None],
        ]
    )
    result = read_measurements(data, "m.xlsx")
    assert codes(result) == [
        (P.PERSONAL_NUMBER, 2, "kommentar"),
        (P.PERSONAL_NUMBER, 3, "kommentar"),
        (P.PERSONAL_NUMBER, 4, "värde"),
    ]


def test_the_guard_in_kolada_json() -> None:
    doc = {
        "values": [
            {
                "kpi": "N1",
                "municipality": "0180",
                "period": 2023,
                "values": [{"gender": "T", "value": 1}],
            },
            {
                "kpi": "N1",
                "municipality": "0180",
                "period": 2024,
                "values": [{"gender": "T", "value": 1, "status": "811218-9876"}],
            },
        ]
    }
    result = read_measurements(json.dumps(doc).encode(), "k.json")
    assert codes(result) == [(P.PERSONAL_NUMBER, 2, "values[0].status")]
    assert "9876" not in str(result.problems[0])
    assert str(result.problems[0]).startswith("entry 2, column “values[0].status”: ")


def test_an_unknown_column_named_like_a_personnummer_is_not_echoed() -> None:
    result = read_measurements(b"indicator,period,value,x 811218-9876\nA,2026,1,\n", "m.csv")
    assert codes(result) == [(P.PERSONAL_NUMBER, 1, "column D")]
    assert "9876" not in repr(result.problems)


def test_other_long_numbers_are_not_refused() -> None:
    data = b"indicator,period,value,comment\nA,2026,1234567890123456,order 1234567890\n"
    result = read_measurements(data, "m.csv")
    assert result.ok and result.rows[0].value == 1234567890123456.0


# -- Kolada problems -----------------------------------------------------------------------


def test_kolada_problems() -> None:
    entries = [
        {
            "kpi": "N1",
            "municipality": "0180",
            "period": 2023,
            "values": [{"gender": "K", "value": 1}],
        },
        {
            "kpi": "",
            "municipality": "0180",
            "period": "tjugo",
            "values": [{"gender": "T", "value": "x"}],
        },
        {
            "kpi": "N1",
            "municipality": "0180",
            "period": 2024,
            "values": [{"gender": "T", "value": 1}],
        },
        {
            "kpi": "N1",
            "municipality": "0180",
            "period": 2024,
            "values": [{"gender": "T", "value": 2}],
        },
        "not an entry",
        {"kpi": "N1", "period": 2025, "values": {}},
    ]
    result = read_measurements(json.dumps({"values": entries}).encode(), "k.json")
    assert result.rows == ()
    assert codes(result) == [
        (P.NO_TOTAL_VALUE, 1, "values"),
        (P.MISSING_VALUE, 2, "kpi"),
        (P.INVALID_PERIOD, 2, "period"),
        (P.NOT_A_NUMBER, 2, "values[T].value"),
        (P.DUPLICATE_MEASUREMENT, 4, "period"),
        (P.INVALID_STRUCTURE, 5, None),
        (P.INVALID_STRUCTURE, 6, "values"),
    ]


def test_kolada_file_level_problems() -> None:
    bad = read_measurements(b'{"values": [', "k.json")
    assert codes(bad) == [(P.INVALID_JSON, None, None)] and bad.problems[0].params["line"] == 1
    assert codes(read_measurements(b'{"kpi": "N1"}', "k.json")) == [
        (P.INVALID_STRUCTURE, None, None)
    ]
    assert codes(read_measurements(b'{"values": []}', "k.json")) == [(P.NO_DATA_ROWS, None, None)]
    assert codes(read_measurements(b"", "k.json")) == [(P.EMPTY_FILE, None, None)]


# -- speed and layering ------------------------------------------------------------------


def test_a_large_file_is_read() -> None:
    lines = ["indikator;period;värde;antal;kommentar"]
    lines += [
        f"Indikator {i % 50};{2000 + i // 600}-{i % 12 + 1:02d}-{i % 28 + 1:02d};{i},5;{i};rad {i}"
        for i in range(20_000)
    ]
    result = read_measurements("\n".join(lines).encode(), "big.csv")
    # (indicator, date) pairs repeat only when i and j share i % 50, i // 600, i % 12, i % 28
    assert result.ok, result.problems[:3]
    assert len(result.rows) == 20_000 and result.rows[-1].value == 19999.5


def test_the_modules_do_not_import_django() -> None:
    code = (
        "import sys\n"
        "import socinv.core.personnummer, socinv.core.effects\n"
        "import socinv.io.measurements, socinv.io.measurements.kolada\n"
        "from socinv.io.measurements import read_measurements\n"
        "read_measurements(b'indicator,period,value\\nA,2026,1\\n', 'm.csv')\n"
        "read_measurements(b'{\"values\": []}', 'm.json')\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('django', 'scipy', 'matplotlib', 'pandas'))\n"
        "print(heavy)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


# -- never a traceback -------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["m.csv", "m.xlsx", "m.json", "m", "m.txt"]))
def test_any_bytes_give_a_result_not_a_traceback(data: bytes, name: str) -> None:
    result = read_measurements(data, name)
    assert result.ok or result.rows == ()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=7), min_size=1, max_size=6),
    st.sampled_from([";", ",", "\t"]),
)
def test_any_table_gives_a_result_not_a_traceback(table, sep) -> None:
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep).writerows(
        [["indikator", "period", "värde", "antal", "kommentar"], *table]
    )
    result = read_measurements(buf.getvalue().encode("utf-8", "surrogatepass"), "m.csv")
    assert result.ok or result.rows == ()


def test_deeply_nested_json_is_a_problem() -> None:
    data = b'{"values": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}"
    result = read_measurements(data, "k.json")
    assert result.rows == () and result.problems


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("number", ["811218\u20139876", "811218+9876", "198112189876"])
def test_the_quick_byte_check_lets_no_number_through(encoding: str, number: str) -> None:
    text = f"indicator;period;value;comment\nA;2026;1;se {number}, tack\n"
    result = read_measurements(text.encode(encoding), "m.csv")
    assert codes(result) == [(P.PERSONAL_NUMBER, 2, "comment")]


def test_kolada_organisational_unit_data() -> None:
    doc = {
        "values": [
            {
                "kpi": "N15419",
                "ou": "V15E018000301",
                "period": 2023,
                "values": [{"gender": "T", "value": 88.0}],
            }
        ]
    }
    result = read_measurements(json.dumps(doc).encode(), "ou.json")
    assert result.rows == (
        MeasurementRow("N15419", "2023", 88.0, municipality="V15E018000301", row=1),
    )
