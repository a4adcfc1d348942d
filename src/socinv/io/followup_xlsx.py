"""A project's follow-up report as an Excel workbook (XlsxWriter): an overview sheet with
the report's header, then one sheet per section (:mod:`socinv.io.sections`) in the
report's order.

Django-free: the caller passes translated sections. Cells keep their kind: money is
written as kronor numbers with a ``#,##0 "kr"`` format (Excel shows the thousands
separator of the reader's locale, a space in Swedish: ``1 234 567 kr``), numbers with
their decimals, shares as fractions with a percentage format, dates as dates
(``yyyy-mm-dd``), integers as integers. Charts are not copied into the workbook: their
data are in the section's tables.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Sequence

import xlsxwriter

from socinv.l10n import excel_money_format
from socinv.l10n.catalogue import translator

from .sections import Cell, Money, Number, Percent, Section, Year


def _texts(lang: str) -> dict[str, str]:
    """The workbook's words in ``lang`` ("sv" or "en"): msgids in the context "follow-up workbook",
    translated by the catalogue (socinv.l10n)."""
    pgettext = translator(lang).pgettext
    return {
        "overview": pgettext("follow-up workbook", "Overview"),
        "nothing": pgettext("follow-up workbook", "Nothing recorded yet."),
        "charts": pgettext(
            "follow-up workbook", "Charts in the report (their values are in the tables):"
        ),
        "money": excel_money_format(lang),
        "money_ore": excel_money_format(lang, 2),
    }


_INVALID = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique worksheet name: no ``[]:*?/\\``, at most 31 characters, not
    starting or ending with an apostrophe."""
    base = _INVALID.sub(" ", title).strip().strip("'") or "Blad"
    base = " ".join(base.split())[:31].rstrip()
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)].rstrip() + suffix
        n += 1
    taken.add(name.casefold())
    return name


class _Writer:
    def __init__(self, book, lang: str):
        self.book = book
        self.t = _texts("en" if lang == "en" else "sv")
        self.formats: dict[str, object] = {}
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.caption = book.add_format({"bold": True, "font_size": 11})
        self.header = book.add_format(
            {"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"}
        )
        self.label = book.add_format({"bold": True, "valign": "top"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.note = book.add_format({"italic": True, "font_color": "#4a4a4a"})

    def fmt(self, num_format: str):
        if num_format not in self.formats:
            self.formats[num_format] = self.book.add_format({"num_format": num_format})
        return self.formats[num_format]

    def cell(self, sheet, row: int, col: int, cell: Cell, widths: dict[int, int]) -> None:
        text_len = 0
        if cell is None or cell == "":
            sheet.write_blank(row, col, None)
        elif isinstance(cell, Money):
            kronor = cell.ore / 100
            money = self.t["money"] if cell.ore % 100 == 0 else self.t["money_ore"]
            sheet.write_number(row, col, kronor, self.fmt(money))
            text_len = len(f"{kronor:,.0f}") + 4
        elif isinstance(cell, Number):
            pattern = "#,##0" + ("." + "0" * cell.decimals if cell.decimals > 0 else "")
            unit = cell.unit.replace('"', "")
            if unit:
                pattern = f'{pattern} "{unit}"'
            sheet.write_number(row, col, float(cell.value), self.fmt(pattern))
            text_len = len(f"{cell.value:,.{max(cell.decimals, 0)}f}") + len(unit) + 1
        elif isinstance(cell, Percent):
            pattern = "0" + ("." + "0" * cell.decimals if cell.decimals > 0 else "") + "%"
            sheet.write_number(row, col, float(cell.value), self.fmt(pattern))
            text_len = 8
        elif isinstance(cell, Year):
            sheet.write_number(row, col, cell.value, self.fmt("0"))
            text_len = 4
        elif isinstance(cell, bool):
            sheet.write_boolean(row, col, cell)
        elif isinstance(cell, int):
            sheet.write_number(row, col, cell, self.fmt("#,##0"))
            text_len = len(f"{cell:,}")
        elif isinstance(cell, float):
            sheet.write_number(row, col, cell, self.fmt("#,##0.00"))
            text_len = len(f"{cell:,.2f}")
        elif isinstance(cell, datetime.datetime):
            sheet.write_datetime(row, col, cell.replace(tzinfo=None), self.fmt("yyyy-mm-dd hh:mm"))
            text_len = 16
        elif isinstance(cell, datetime.date):
            sheet.write_datetime(row, col, cell, self.fmt("yyyy-mm-dd"))
            text_len = 10
        else:
            text = str(cell)
            sheet.write_string(row, col, text, self.wrap if len(text) > 60 else None)
            text_len = min(len(text), 60)
        widths[col] = max(widths.get(col, 8), text_len + 2)

    def section(self, sheet, section: Section, top: list[tuple[str, Cell]] | None = None) -> None:
        widths: dict[int, int] = {0: 24}
        sheet.write_string(0, 0, section.title, self.title)
        row = 2
        for label, value in top or []:
            sheet.write_string(row, 0, label, self.label)
            self.cell(sheet, row, 1, value, widths)
            row += 1
        if top:
            row += 1
        for paragraph in section.paragraphs:
            sheet.write_string(row, 0, paragraph)
            row += 1
        if section.paragraphs:
            row += 1
        for label, value in section.facts:
            sheet.write_string(row, 0, label, self.label)
            widths[0] = max(widths[0], min(len(label), 50) + 2)
            self.cell(sheet, row, 1, value, widths)
            row += 1
        if section.facts:
            row += 1
        for table in section.tables:
            sheet.write_string(row, 0, table.caption, self.caption)
            row += 1
            for col, heading in enumerate(table.columns):
                sheet.write_string(row, col, heading, self.header)
                widths[col] = max(widths.get(col, 8), min(len(heading), 24) + 2)
            row += 1
            if not table.rows and table.empty_text:
                sheet.write_string(row, 0, table.empty_text, self.note)
                row += 1
            for cells in table.rows:
                for col, c in enumerate(cells):
                    self.cell(sheet, row, col, c, widths)
                row += 1
            row += 1
        if section.charts:
            sheet.write_string(row, 0, self.t["charts"], self.note)
            row += 1
            for chart in section.charts:
                sheet.write_string(row, 0, chart.title)
                row += 1
        if not (section.paragraphs or section.facts or section.tables or section.charts or top):
            sheet.write_string(row, 0, self.t["nothing"], self.note)
        for col, width in widths.items():
            sheet.set_column(col, col, min(width, 60))


def followup_xlsx(
    *,
    title: str,
    header: Sequence[tuple[str, Cell]],
    sections: Sequence[Section],
    lang: str = "sv",
) -> bytes:
    """The workbook's bytes: the overview sheet (``title`` and the ``header`` facts),
    then one sheet per section, named after its title."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    writer = _Writer(book, lang)
    taken: set[str] = set()
    overview = book.add_worksheet(sheet_name(writer.t["overview"], taken))
    writer.section(overview, Section(key="overview", title=title), top=list(header))
    for section in sections:
        sheet = book.add_worksheet(sheet_name(section.title, taken))
        writer.section(sheet, section)
    book.close()
    return buffer.getvalue()
