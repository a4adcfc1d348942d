"""The year-end statement (bokslut) as an Excel workbook, written with XlsxWriter.

Django-free: the caller passes the statement from :func:`socinv.core.ledger.year_end_statement`
and the names to show for boards and bearers. Money is written as numbers (kronor, two
decimals) with a ``kr`` number format, so that the sheet can be summed and checked (the
format code's ``,`` is Excel's thousands separator: a Swedish Excel shows a space).
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import xlsxwriter

from socinv.core.ledger.statement import YearEndStatement
from socinv.l10n import excel_money_format
from socinv.l10n.catalogue import translator
from socinv.l10n.messages import chain_head_line


def _texts(lang: str) -> dict[str, str]:
    """The workbook's words in ``lang`` ("sv" or "en"): msgids in the context "statement workbook",
    translated by the catalogue (socinv.l10n)."""
    pgettext = translator(lang).pgettext
    return {
        "sheet": pgettext("statement workbook", "Statement"),
        "title": pgettext("statement workbook", "Year-end statement {year}: {fund}"),
        "item": pgettext("statement workbook", "Item"),
        "amount": pgettext("statement workbook", "Amount (SEK)"),
        "opening": pgettext("statement workbook", "Available at the start of the year"),
        "contributions": pgettext("statement workbook", "Contributions"),
        "repayments": pgettext("statement workbook", "Repayments"),
        "board_write_downs": pgettext(
            "statement workbook", "Write-downs borne by the boards (returned to the fund)"
        ),
        "proposed_earmarking": pgettext("statement workbook", "Proposed earmarking"),
        "frame_reductions_by_board": pgettext("statement workbook", "Frame reductions by board"),
        "commitments": pgettext("statement workbook", "Commitments"),
        "releases": pgettext("statement workbook", "Commitment releases"),
        "movements": pgettext("statement workbook", "Change over the year"),
        "closing": pgettext("statement workbook", "Available at the end of the year"),
        "disbursements": pgettext("statement workbook", "Disbursements"),
        "earmarked": pgettext("statement workbook", "Earmarked surplus"),
        "repayments_by_board": pgettext("statement workbook", "Repayments by board"),
        "write_downs_by_bearer": pgettext("statement workbook", "Write-downs by risk bearer"),
        "receivables_by_board": pgettext("statement workbook", "Receivables by board at year end"),
        "board": pgettext("statement workbook", "Board"),
        "bearer": pgettext("statement workbook", "Risk bearer"),
        "total": pgettext("statement workbook", "Total"),
        "none": pgettext("statement workbook", "(none)"),
        "money_format": excel_money_format(lang, 2),
    }


def statement_xlsx(
    statement: YearEndStatement,
    *,
    fund_name: str,
    board_names: Mapping[str, str] | None = None,
    bearer_names: Mapping[str, str] | None = None,
    lang: str = "sv",
) -> bytes:
    """The workbook's bytes. Rows: the available balance's movements, then one table each
    for repayments and receivables by board and write-downs by bearer."""
    h = _texts("en" if lang == "en" else "sv")
    board_names = board_names or {}
    bearer_names = bearer_names or {}
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(h["sheet"])
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    money = book.add_format({"num_format": h["money_format"]})
    money_bold = book.add_format({"num_format": h["money_format"], "bold": True})
    header = book.add_format({"bold": True, "bottom": 1})
    sheet.set_column(0, 0, 44)
    sheet.set_column(1, 1, 20)

    def kr(ore: int) -> float:
        return round(ore / 100, 2)

    row = 0
    sheet.write(row, 0, h["title"].format(year=statement.year, fund=fund_name), title)
    row += 2
    sheet.write(row, 0, h["item"], header)
    sheet.write(row, 1, h["amount"], header)
    row += 1
    main = [
        ("opening", statement.opening_available, False),
        ("contributions", statement.contributions, False),
        ("repayments", statement.repayments, False),
        ("board_write_downs", statement.board_write_downs, False),
        ("commitments", -statement.commitments, False),
        ("releases", statement.releases, False),
        ("movements", statement.movements, True),
        ("closing", statement.closing_available, True),
        ("disbursements", statement.disbursements, False),
        ("earmarked", statement.earmarked_surplus, False),
        ("proposed_earmarking", statement.proposed_earmarking, False),
    ]
    for key, ore, strong in main:
        sheet.write(row, 0, h[key], bold if strong else None)
        sheet.write_number(row, 1, kr(ore), money_bold if strong else money)
        row += 1

    def table(heading: str, column: str, values: Mapping[str, int], names: Mapping[str, str]):
        nonlocal row
        row += 1
        sheet.write(row, 0, h[heading], bold)
        row += 1
        sheet.write(row, 0, h[column], header)
        sheet.write(row, 1, h["amount"], header)
        row += 1
        total = 0
        for key, ore in sorted(values.items(), key=lambda kv: names.get(kv[0], kv[0])):
            sheet.write(row, 0, names.get(key, key) or h["none"])
            sheet.write_number(row, 1, kr(ore), money)
            total += ore
            row += 1
        sheet.write(row, 0, h["total"], bold)
        sheet.write_number(row, 1, kr(total), money_bold)
        row += 1

    table("repayments_by_board", "board", statement.repayments_by_board, board_names)
    table("frame_reductions_by_board", "board", statement.frame_reductions_by_board, board_names)
    table("write_downs_by_bearer", "bearer", statement.write_downs_by_bearer, bearer_names)
    table("receivables_by_board", "board", statement.receivables_by_board, board_names)
    # the chain's head ("Huvudboken: N verifikationer, sista hash …"): a cut tail is visible
    sheet.write(row + 1, 0, chain_head_line(statement.entry_count, statement.head, lang))
    book.close()
    return buffer.getvalue()
