"""The unit-cost catalogue as an Excel workbook, and back (spec unit-costs.md).

Django-free. :func:`catalogue_xlsx` writes two sheets: the unit costs (one row each, the
columns of :data:`COLUMNS`) and the price index (the index's name, then a year and a value
per row). :func:`read_catalogue_xlsx` reads such a workbook into the mapping the core's
:func:`socinv.core.calc.catalogue.catalogue_from_dict` validates, so that a workbook and a
TOML file pass the same rules; :func:`read_index_rows` reads the years and values of any
sheet (a workbook of the index alone). A zip bomb is refused before openpyxl opens it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any, BinaryIO

import xlsxwriter

from socinv.core.calc.catalogue import Catalogue, is_stale
from socinv.core.limits import MAX_CELL_CHARS, MAX_UNIT_COSTS
from socinv.l10n import excel_money_format
from socinv.l10n.catalogue import translator

from .measurements.cells import parse_number
from .zipguard import check_zip

# the unit-cost sheet's columns: the catalogue file's keys, in order
COLUMNS = ("id", "label", "unit", "amount", "price_year", "bearer", "source", "valid_from")
UNIT_SHEET = 0
INDEX_SHEET = 1


class UnreadableWorkbook(ValueError):
    """The file is no workbook openpyxl can read, or a zip bomb (``code``, ``params``)."""

    def __init__(self, code: str, params: dict | None = None):
        self.code = code
        self.params = params or {}
        super().__init__(code)


def _texts(lang: str) -> dict[str, str]:
    pgettext = translator(lang).pgettext
    return {
        "units": pgettext("catalogue workbook", "Unit costs"),
        "index": pgettext("catalogue workbook", "Price index"),
        "id": pgettext("catalogue workbook", "Id"),
        "label": pgettext("catalogue workbook", "Label"),
        "unit": pgettext("catalogue workbook", "Unit"),
        "amount": pgettext("catalogue workbook", "Amount (SEK per unit)"),
        "price_year": pgettext("catalogue workbook", "Price year"),
        "bearer": pgettext("catalogue workbook", "Bearer"),
        "source": pgettext("catalogue workbook", "Source"),
        "valid_from": pgettext("catalogue workbook", "Valid from"),
        "stale": pgettext("catalogue workbook", "Older than five years"),
        "index_name": pgettext("catalogue workbook", "Index"),
        "year": pgettext("catalogue workbook", "Year"),
        "value": pgettext("catalogue workbook", "Index value"),
        "yes": pgettext("catalogue workbook", "yes"),
    }


def catalogue_xlsx(catalogue: Catalogue, this_year: int, lang: str = "sv") -> bytes:
    """The workbook: amounts as numbers with a ``kr`` format, years unformatted, dates as
    dates; a last column marks the unit costs priced more than five years before
    ``this_year`` (it is not read back)."""
    t = _texts(lang)
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = wb.add_format({"bold": True})
    money = wb.add_format({"num_format": excel_money_format(lang, 2)})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws = wb.add_worksheet(t["units"][:31])
    ws.write_row(0, 0, [t[c] for c in COLUMNS] + [t["stale"]], bold)
    for r, u in enumerate(catalogue.unit_costs, start=1):
        ws.write_string(r, 0, u.id)
        ws.write_string(r, 1, u.label)
        ws.write_string(r, 2, u.unit)
        ws.write_number(r, 3, u.amount, money)
        ws.write_number(r, 4, u.price_year)
        ws.write_string(r, 5, u.bearer or "")
        ws.write_string(r, 6, u.source)
        if u.valid_from:
            ws.write_datetime(r, 7, dt.datetime.combine(u.valid_from, dt.time()), date)
        if is_stale(u.price_year, this_year):
            ws.write_string(r, 8, t["yes"])
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 40)
    ws.set_column(3, 3, 18)
    ws.set_column(6, 6, 40)
    xs = wb.add_worksheet(t["index"][:31])
    xs.write_row(0, 0, [t["index_name"], catalogue.index or ""], bold)
    xs.write_row(1, 0, [t["year"], t["value"]], bold)
    for r, (year, value) in enumerate(sorted(catalogue.index_values.items()), start=2):
        xs.write_number(r, 0, year)
        xs.write_number(r, 1, value)
    wb.close()
    return out.getvalue()


def _rows(file: BinaryIO, sheet: int) -> list[list[Any]] | None:
    """The cell values of sheet ``sheet`` (None when the workbook has no such sheet)."""
    problems = check_zip(file)
    if problems:
        raise UnreadableWorkbook(problems[0].code, problems[0].params)
    try:
        import openpyxl

        wb = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure of a corrupt file is one problem
        raise UnreadableWorkbook("zip_invalid", {"detail": type(exc).__name__}) from None
    try:
        if sheet >= len(wb.worksheets):
            return None
        ws = wb.worksheets[sheet]
        ws.reset_dimensions()  # a declared A1:XFD1048576 is not trusted
        rows = []
        for cells in ws.iter_rows(min_col=1, max_col=len(COLUMNS), values_only=True):
            if len(rows) > MAX_UNIT_COSTS + 1:
                break
            rows.append([_cell(c) for c in cells])
        return rows
    except Exception as exc:  # noqa: BLE001
        raise UnreadableWorkbook("zip_invalid", {"detail": type(exc).__name__}) from None
    finally:
        wb.close()


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()[:MAX_CELL_CHARS]
        return value or None
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _number(value: Any) -> Any:
    """A number from a cell (text with a decimal comma too); anything else as it is, so
    that the core names what is wrong."""
    if isinstance(value, str):
        v = parse_number(value, decimal_comma=True)
        return value if v is None else v
    return value


def _year(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value


def read_catalogue_xlsx(file: BinaryIO, name: str = "") -> dict[str, Any]:
    """The workbook's catalogue as a mapping for ``catalogue_from_dict``: the first sheet's
    rows after the header are ``unit_costs`` (row ``i + 2`` is ``unit_costs[i]``), the
    second sheet (when there is one) the index."""
    rows = _rows(file, UNIT_SHEET) or []
    units = []
    for row in rows[1:]:
        if not any(c is not None for c in row):
            continue
        cells = dict(zip(COLUMNS, row + [None] * (len(COLUMNS) - len(row)), strict=False))
        entry = {k: v for k, v in cells.items() if v is not None}
        if "amount" in entry:
            entry["amount"] = _number(entry["amount"])
        if "price_year" in entry:
            entry["price_year"] = _year(entry["price_year"])
        for key in ("id", "label", "unit", "bearer", "source"):
            if key in entry and not isinstance(entry[key], str):
                entry[key] = str(_year(entry[key]))
        units.append(entry)
    data: dict[str, Any] = {"name": name or "-", "unit_costs": units}
    file.seek(0)
    index_rows = _rows(file, INDEX_SHEET)
    if index_rows is not None:
        index_name, values = read_index_rows(index_rows)
        if index_name:
            data["index"] = index_name
        if values:
            data["index_values"] = values
    return data


def read_index_xlsx(file: BinaryIO) -> tuple[str | None, dict[str, Any]]:
    """The first sheet of a workbook of the index alone: years and values."""
    return read_index_rows(_rows(file, 0) or [])


def read_index_rows(rows: Iterable[list[Any]]) -> tuple[str | None, dict[str, Any]]:
    """(the index's name, {year: value}) from rows of two cells: a row whose first cell is
    a year gives a value; a row "Index | PKV" the name; other rows (headings) are skipped.
    The values are validated by the core (``index_values``)."""
    name = None
    values: dict[str, Any] = {}
    for row in rows:
        first = row[0] if row else None
        second = row[1] if len(row) > 1 else None
        year = _year(first)
        if isinstance(year, int) and not isinstance(year, bool):
            values[str(year)] = _number(second)
        elif isinstance(first, str) and first.lower() == "index" and isinstance(second, str):
            name = second
    return name, values
