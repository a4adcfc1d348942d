"""Budget frames (budgetram) in and out of Excel: Django-free.

:func:`read_frames` reads a workbook's first sheet: a header row naming the columns
(board, year, budget frame; Swedish or English: *Nämnd*, *År*, *Budgetram (kr)*), then one
row per board and year. It never raises for bad input: it returns the rows it could read
and every problem, each naming its row and column (the caller stores nothing unless
there are none). A file holding a personnummer anywhere is refused.

:func:`frames_xlsx` writes the budget process's workbook: per board and year the frame,
the ramminskningar decided and expected, and the frame after them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import xlsxwriter

from socinv.core.frames import FrameYear, check_frame
from socinv.core.limits import MAX_CELL_CHARS, MAX_FRAME_ROWS, MAX_UPLOAD_BYTES
from socinv.core.personnummer import contains_personal_number
from socinv.core.problems import Problem
from socinv.l10n import excel_money_format
from socinv.l10n.catalogue import translator

from .measurements.header import column_label
from .zipguard import check_zip

__all__ = ["FrameRow", "frames_xlsx", "read_frames"]

# header text (lower case, no punctuation) → column
HEADERS = {
    "board": "board",
    "nämnd": "board",
    "namnd": "board",
    "year": "year",
    "år": "year",
    "budget frame": "amount",
    "budget frame kr": "amount",
    "budget frame sek": "amount",
    "budgetram": "amount",
    "budgetram kr": "amount",
    "ram": "amount",
    "ram kr": "amount",
}
COLUMNS = ("board", "year", "amount")


@dataclass(frozen=True, slots=True)
class FrameRow:
    row: int  # the row's number in the sheet (1 is the header)
    board: str  # the board's code or name as written
    year: int
    amount_ore: int
    board_column: str = "A"  # where the board is named (for a refusal naming it)


def _letter(i: int) -> str:
    """The spreadsheet letter of a 0-based column index (the measurements reader's)."""
    return column_label(i).removeprefix("column ")


def _header_key(value: Any) -> str:
    text = re.sub(r"[^\w ]", " ", str(value or "").strip().lower())
    return " ".join(text.split())


def _problem(code: str, row: int | None, column: str | None, **params: Any) -> Problem:
    return Problem(code, column, {"row": row, "column": column, **params})


def _year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value or "").strip()
    return int(text) if re.fullmatch(r"\d{4}", text) else None


def _kronor(value: Any) -> int | None:
    """Kronor (a number, or text such as "1 234 567,50") → whole öre; None if not an
    amount with at most two decimals."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        raw = repr(value)
    else:
        raw = re.sub(r"[\s\u00a0\u202f]", "", str(value)).removesuffix("kr").replace(",", ".")
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        return None
    if not amount.is_finite():
        return None
    ore = amount * 100
    if ore != ore.to_integral_value():
        return None
    return int(ore)


def read_frames(data: bytes) -> tuple[list[FrameRow], list[Problem]]:
    """The rows of a budget frames workbook and every problem (empty: all may be stored).

    Codes: ``file_too_large``, the zip guard's ``zip_invalid`` / ``zip_too_large`` /
    ``zip_ratio``, ``unreadable_file``, ``no_data_rows``, ``too_many_rows``,
    ``personal_number``, ``column_missing`` (with ``name``), ``board_missing``,
    ``year_not_a_year``, ``amount_not_an_amount``, ``cell_too_long``, ``duplicate_row``
    (with ``first_row``) and :func:`socinv.core.frames.check_frame`'s codes; each problem's
    params name the ``row`` and ``column`` (a letter, as Excel shows it).
    """
    if len(data) > MAX_UPLOAD_BYTES:
        return [], [_problem("file_too_large", None, None, limit=MAX_UPLOAD_BYTES)]
    stream = io.BytesIO(data)
    found = check_zip(stream)
    if found:
        p = found[0]
        return [], [_problem(p.code, None, None, **p.params)]
    import openpyxl  # only once the zip guard has let the file through

    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = [
            list(r)
            for r in sheet.iter_rows(max_row=MAX_FRAME_ROWS + 2, max_col=16, values_only=True)
        ]
        book.close()
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the same refusal
        return [], [_problem("unreadable_file", None, None, detail=type(exc).__name__)]
    return _rows(rows)


def _rows(rows: Sequence[Sequence[Any]]) -> tuple[list[FrameRow], list[Problem]]:
    problems: list[Problem] = []
    for n, cells in enumerate(rows, start=1):
        for i, value in enumerate(cells):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                problems.append(_problem("cell_too_long", n, _letter(i), limit=MAX_CELL_CHARS))
            elif value is not None and contains_personal_number(str(value)):
                problems.append(_problem("personal_number", n, _letter(i)))
    if any(p.code == "personal_number" for p in problems):
        # the whole file is refused; where it is, but never what it says
        return [], [p for p in problems if p.code == "personal_number"]
    if problems:
        return [], problems
    if not rows:
        return [], [_problem("no_data_rows", None, None)]
    if len(rows) > MAX_FRAME_ROWS + 1:
        return [], [_problem("too_many_rows", None, None, limit=MAX_FRAME_ROWS)]
    where: dict[str, int] = {}
    for i, value in enumerate(rows[0]):
        key = HEADERS.get(_header_key(value))
        if key and key not in where:
            where[key] = i
    missing = [c for c in COLUMNS if c not in where]
    if missing:
        return [], [_problem("column_missing", 1, None, name=c) for c in missing]
    out: list[FrameRow] = []
    first: dict[tuple[str, int], int] = {}
    for n, cells in enumerate(rows[1:], start=2):
        cell = {c: (cells[where[c]] if where[c] < len(cells) else None) for c in COLUMNS}
        if all(v is None or str(v).strip() == "" for v in cell.values()):
            continue  # an empty row
        row_problems = []
        board = str(cell["board"] or "").strip()
        if not board:
            row_problems.append(_problem("board_missing", n, _letter(where["board"])))
        year = _year(cell["year"])
        if year is None:
            row_problems.append(_problem("year_not_a_year", n, _letter(where["year"])))
        amount = _kronor(cell["amount"])
        if amount is None:
            row_problems.append(_problem("amount_not_an_amount", n, _letter(where["amount"])))
        if year is not None and amount is not None:
            for p in check_frame(year, amount):
                column = _letter(where["year" if p.field == "year" else "amount"])
                row_problems.append(_problem(p.code, n, column, **p.params))
        if not row_problems:
            key = (board.casefold(), year)
            if key in first:
                row_problems.append(_problem("duplicate_row", n, None, first_row=first[key]))
            else:
                first[key] = n
        problems += row_problems
        if not row_problems:
            assert year is not None and amount is not None
            out.append(FrameRow(n, board, year, amount, _letter(where["board"])))
    if not out and not problems:
        problems.append(_problem("no_data_rows", None, None))
    return ([] if problems else out), problems


def _texts(lang: str) -> dict[str, str]:
    pgettext = translator(lang).pgettext
    return {
        "sheet": pgettext("frames workbook", "Budget frames"),
        "title": pgettext("frames workbook", "Budget frames and frame reductions: {fund}"),
        "board": pgettext("frames workbook", "Board"),
        "year": pgettext("frames workbook", "Year"),
        "frame": pgettext("frames workbook", "Budget frame (SEK)"),
        "decided": pgettext("frames workbook", "Frame reductions decided (SEK)"),
        "expected": pgettext("frames workbook", "Frame reductions expected (SEK)"),
        "after": pgettext("frames workbook", "Frame after reductions (SEK)"),
        "note": pgettext(
            "frames workbook",
            "Frame reductions decided: repayments and write-downs borne by the board, "
            "booked in the fund's ledger. Expected: the open proposals of the repayment "
            "plans.",
        ),
        "money_format": excel_money_format(lang, 0),
    }


def frames_xlsx(
    boards: Iterable[tuple[str, Sequence[FrameYear]]],
    *,
    fund_name: str,
    lang: str = "sv",
) -> bytes:
    """The workbook's bytes: one row per board and year (a blank frame cell where no
    budgetram is recorded). Money as numbers in kronor with a ``kr`` format."""
    h = _texts("en" if lang == "en" else "sv")
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(h["sheet"][:31])
    title = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format({"bold": True, "bottom": 1, "text_wrap": True})
    money = book.add_format({"num_format": h["money_format"]})
    sheet.set_column(0, 0, 36)
    sheet.set_column(1, 1, 8)
    sheet.set_column(2, 5, 22)
    sheet.write(0, 0, h["title"].format(fund=fund_name), title)
    sheet.write(1, 0, h["note"])
    columns = ["board", "year", "frame", "decided", "expected", "after"]
    for i, key in enumerate(columns):
        sheet.write(3, i, h[key], header)
    row = 4
    for name, years in boards:
        for fy in years:
            sheet.write(row, 0, name)
            sheet.write_number(row, 1, fy.year)
            if fy.frame_ore is not None:
                sheet.write_number(row, 2, fy.frame_ore / 100, money)
            sheet.write_number(row, 3, fy.decided_ore / 100, money)
            sheet.write_number(row, 4, fy.expected_ore / 100, money)
            if fy.frame_after_ore is not None:
                sheet.write_number(row, 5, fy.frame_after_ore / 100, money)
            row += 1
    sheet.freeze_panes(4, 1)
    book.close()
    return buffer.getvalue()


def template_xlsx(boards: Mapping[str, str], years: Sequence[int], lang: str = "sv") -> bytes:
    """An import template: the header row and one row per board code and year."""
    h = _texts("en" if lang == "en" else "sv")
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(h["sheet"][:31])
    sheet.write_row(0, 0, [h["board"], h["year"], h["frame"]])
    row = 1
    for code in boards:
        for y in years:
            sheet.write_row(row, 0, [code, y])
            row += 1
    book.close()
    return buffer.getvalue()
