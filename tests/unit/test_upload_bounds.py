"""The measurement reader's bounds on hostile xlsx and CSV (issue 11, finding 2): a cell
longer than Excel allows, a huge header, a sheet declaring an absurd size."""

from __future__ import annotations

import io
import time
import zipfile

from tests import zipbombs

from socinv.core.limits import MAX_CELL_CHARS
from socinv.io.measurements import ProblemCode, read_measurements
from socinv.io.measurements.sheets import MAX_ROW_CELLS, _widest


def xlsx(sheet_xml: str, shared: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        zipbombs._frame(archive)
        archive.writestr("xl/sharedStrings.xml", f"<sst {zipbombs.NS}>{shared}</sst>")
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0"?><worksheet {zipbombs.NS}>{sheet_xml}</worksheet>',
        )
    return buffer.getvalue()


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER = inline("A1", "indikator") + inline("B1", "period") + inline("C1", "värde")
ROW2 = inline("A2", "Andel") + inline("B2", "2026") + '<c r="C2"><v>3</v></c>'


def test_a_cell_longer_than_excel_allows_refuses_the_file_unread():
    long = "b" * (MAX_CELL_CHARS + 1)
    data = xlsx(
        f'<sheetData><row r="1">{HEADER}</row><row r="2">{inline("A2", long)}</row></sheetData>'
    )
    result = read_measurements(data, "m.xlsx")
    assert [(p.code, p.row, p.column) for p in result.problems] == [
        (ProblemCode.CELL_TOO_LONG, 2, "column A")
    ]
    assert "32,767" in str(result.problems[0])  # str(): the English words


def test_a_cell_as_long_as_excel_allows_is_read():
    data = xlsx(
        f'<sheetData><row r="1">{HEADER}</row><row r="2">{ROW2}'
        f"{inline('D2', 'c' * MAX_CELL_CHARS)}</row></sheetData>"
    )
    codes = [p.code for p in read_measurements(data, "m.xlsx").problems]
    assert ProblemCode.CELL_TOO_LONG not in codes
    assert ProblemCode.UNNAMED_COLUMN in codes


def test_an_absurd_declared_dimension_is_not_trusted():
    data = xlsx(
        f'<dimension ref="A1:XFD1048576"/><sheetData><row r="1">{HEADER}</row>'
        f'<row r="2">{ROW2}</row></sheetData>'
    )
    start = time.monotonic()
    result = read_measurements(data, "m.xlsx")
    assert time.monotonic() - start < 5
    assert result.problems == () and len(result.rows) == 1


def test_a_huge_unknown_header_gets_no_suggestion_and_a_short_echo():
    header = "x" * 100_000
    data = f"indikator;period;värde;{header}\nAndel;2026;3;a\n".encode()
    start = time.monotonic()
    result = read_measurements(data, "m.csv")
    assert time.monotonic() - start < 2
    [problem] = result.problems
    assert problem.code == ProblemCode.UNKNOWN_COLUMN
    assert problem.params["suggestion"] is None
    assert len(problem.column) <= 40


def test_a_header_of_100_characters_still_gets_its_suggestion():
    # a near miss of a short name is suggested; the bound only skips long headers
    data = "indikator;period;värde;kommentr\nAndel;2026;3;a\n".encode()
    [problem] = read_measurements(data, "m.csv").problems
    assert problem.params["suggestion"] == "kommentar"


def test_a_row_wider_than_excel_allows_is_refused_unparsed():
    cells = "".join(f"<c><v>{i % 10}</v></c>" for i in range(MAX_ROW_CELLS + 1))
    data = xlsx(f'<sheetData><row r="1">{HEADER}</row><row r="2">{cells}</row></sheetData>')
    result = read_measurements(data, "m.xlsx")
    assert [p.code for p in result.problems] == [ProblemCode.ROW_TOO_WIDE]


def test_the_widest_row_is_counted_across_blocks_and_prefixes():
    row = "".join(f'<x:c r="A{i}"><x:v>1</x:v></x:c>' for i in range(5000))
    xml = f"<x:worksheet><x:sheetData><x:row r='1'>{row}</x:row><x:row>" + "<x:c/>" * 3
    xml += "</x:row><x:rowBreaks/></x:sheetData></x:worksheet>"
    assert _widest(io.BytesIO(xml.encode())) == 5000
    assert _widest(io.BytesIO(b"<row><c>1</c><c>2</c></row><row><c/></row>")) == 2
