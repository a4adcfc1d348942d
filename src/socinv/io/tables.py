"""A table of rows written for a spreadsheet: CSV for a Swedish Excel (UTF-8 with a byte
order mark, ``;`` between cells, a decimal comma) and xlsx (XlsxWriter). Django-free: the
caller gives the headings and the rows, each cell a :class:`str`, an :class:`int`, a
:class:`Decimal` amount in kronor (:class:`Kronor`) or a date.

Texts that a spreadsheet would run as a formula (OWASP: CSV injection: a cell starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) are written with a leading
apostrophe in CSV and always as strings in xlsx, never as formulas."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

import xlsxwriter

from socinv.l10n import excel_money_format

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Kronor:
    """An amount in öre, written as kronor with two decimals."""

    ore: int

    @property
    def value(self) -> Decimal:
        return Decimal(self.ore).scaleb(-2)


Cell = str | int | Kronor | datetime.date | None


def safe_text(value) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_cell(value: Cell) -> str:
    if isinstance(value, Kronor):
        return f"{value.value:.2f}".replace(".", ",")
    if isinstance(value, bool):
        return safe_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return safe_text(value)


def csv_lines(headings: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterator[str]:
    """The CSV text in pieces (the byte order mark first, then one line per row), to be
    streamed: a large ledger is never held whole in memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")

    def line(cells) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    yield BOM + line([safe_text(h) for h in headings])
    for row in rows:
        yield line([_csv_cell(v) for v in row])


def table_xlsx(
    headings: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    sheet_name: str,
    title: str,
    lang: str = "sv",
    widths: Sequence[int] = (),
) -> bytes:
    """The workbook's bytes: the title, then the headings and the rows (amounts as numbers
    in kronor with a ``kr`` format, dates as dates, texts as strings, never formulas)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet(sheet_name[:31])
    bold_title = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format({"bold": True, "bottom": 1, "text_wrap": True})
    money = book.add_format({"num_format": excel_money_format(lang, 2)})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.write_string(0, 0, title, bold_title)
    for col, heading in enumerate(headings):
        sheet.write_string(2, col, heading, header)
    sheet.freeze_panes(3, 0)
    r = 2
    for r, row in enumerate(rows, start=3):  # noqa: B007 - the last row is used below
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, Kronor):
                sheet.write_number(r, col, float(value.value), money)
            elif isinstance(value, bool):
                sheet.write_string(r, col, str(value))
            elif isinstance(value, int):
                sheet.write_number(r, col, value)
            elif isinstance(value, datetime.datetime):
                sheet.write_datetime(r, col, value.replace(tzinfo=None), stamp)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(r, col, value, date)
            else:
                sheet.write_string(r, col, str(value))
    if headings:
        sheet.autofilter(2, 0, r, len(headings) - 1)
    book.close()
    return buffer.getvalue()
