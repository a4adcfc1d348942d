"""The fund projection as an Excel workbook (openpyxl) with native charts: the fan of
available to commit and of money in the fund (the 5th, 50th and 95th percentile as lines),
expected repayments per board and year (a column chart), and the probability that each
project's receivable is repaid. Amounts are numbers in kronor with a ``kr`` format (whole
kronor shown); years are plain numbers, never grouped."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Font

from socinv.l10n import excel_money_format

from .tables import board_rows, project_rows, year_rows
from .words import texts

YEAR_FORMAT = "0"


def _text(ws, row: int, column: int, value: str):
    """A name as text, never a formula (a title may start with "=")."""
    cell = ws.cell(row=row, column=column, value=value)
    cell.data_type = "s"
    return cell


PERCENT_FORMAT = "0.0 %"


def _line_chart(ws, title: str, y_title: str, first_col: int, rows: int, money: str):
    chart = LineChart()
    chart.title = title
    chart.y_axis.title = y_title
    chart.y_axis.number_format = money
    chart.x_axis.title = ws.cell(row=1, column=1).value
    chart.height, chart.width = 8, 18
    data = Reference(ws, min_col=first_col, max_col=first_col + 2, min_row=1, max_row=rows + 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=rows + 1))
    for series, dash in zip(chart.series, ("dash", "solid", "dash"), strict=True):
        series.graphicalProperties.line.dashStyle = dash
        series.graphicalProperties.line.width = 28_000 if dash == "solid" else 16_000
        series.smooth = False
    return chart


def projection_xlsx(fund_name: str, result: dict, titles: dict[str, str], lang: str) -> bytes:
    t = texts()
    money = excel_money_format(lang, 0)
    wb = Workbook()
    ws = wb.active
    ws.title = t["title"][:31]
    headings = [
        t["year"],
        f"{t['available']}: {t['p05']}",
        f"{t['available']}: {t['median']}",
        f"{t['available']}: {t['p95']}",
        f"{t['fund_money']}: {t['p05']}",
        f"{t['fund_money']}: {t['median']}",
        f"{t['fund_money']}: {t['p95']}",
        t["contributions"],
        t["disbursements"],
        f"{t['repayments']} ({t['mean']})",
        t["central"],
        t["board"],
    ]
    ws.append(headings)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    rows = year_rows(result)
    for r in rows:
        ws.append(
            [
                r.year,
                r.available_p05,
                r.available_p50,
                r.available_p95,
                r.money_p05,
                r.money_p50,
                r.money_p95,
                r.contributions,
                r.disbursements,
                r.repayments,
                r.central_write_downs,
                r.board_write_downs,
            ]
        )
    for row in ws.iter_rows(min_row=2, max_row=len(rows) + 1):
        row[0].number_format = YEAR_FORMAT
        for cell in row[1:]:
            cell.number_format = money
    for col in "ABCDEFGHIJKL":
        ws.column_dimensions[col].width = 8 if col == "A" else 22
    n = len(rows)
    info = n + 3
    _text(ws, info, 1, fund_name)
    ws.cell(row=info + 1, column=1, value=t["as_of"])
    ws.cell(row=info + 1, column=2, value=result["as_of"])
    ws.cell(row=info + 2, column=1, value=t["draws"])
    ws.cell(row=info + 2, column=2, value=result["draws"])
    ws.cell(row=info + 3, column=1, value=t["seed"])
    ws.cell(row=info + 3, column=2, value=result["seed"])
    if result["money_used_up_year"] is not None:
        ws.cell(row=info + 4, column=1, value=t["used_up"])
        ws.cell(
            row=info + 4, column=2, value=result["money_used_up_year"]
        ).number_format = YEAR_FORMAT
    ws.add_chart(_line_chart(ws, t["available_chart"], "kr", 2, n, money), "N2")
    ws.add_chart(_line_chart(ws, t["fund_money_chart"], "kr", 5, n, money), "N20")

    boards = wb.create_sheet(t["repayments"][:31])
    boards_list = board_rows(result)
    boards.append([t["year"]])
    for k, b in enumerate(boards_list):
        _text(boards, 1, 2 + k, f"{b.name}: {t['mean']}")
    for i, year in enumerate(result["years"]):
        boards.append([year, *(b.years[i][1] for b in boards_list)])
    for row in boards.iter_rows(min_row=2, max_row=n + 1):
        row[0].number_format = YEAR_FORMAT
        for cell in row[1:]:
            cell.number_format = money
    bands_at = len(boards_list) + 3
    boards.cell(row=1, column=bands_at, value=t["board_col"])
    for k, label in enumerate((t["year"], t["mean"], t["p05"], t["p95"])):
        boards.cell(row=1, column=bands_at + 1 + k, value=label)
    line = 2
    for b in boards_list:
        for year, mean, lo, hi in b.years:
            _text(boards, line, bands_at, b.name)
            boards.cell(row=line, column=bands_at + 1, value=year).number_format = YEAR_FORMAT
            for k, v in enumerate((mean, lo, hi)):
                boards.cell(row=line, column=bands_at + 2 + k, value=v).number_format = money
            line += 1
    for cell in boards[1]:
        cell.font = Font(bold=True)
    if boards_list:
        chart = BarChart()
        chart.type = "col"
        chart.grouping = "stacked"
        chart.overlap = 100
        chart.title = t["repayments_by_board"]
        chart.y_axis.number_format = money
        chart.height, chart.width = 9, 18
        data = Reference(boards, min_col=2, max_col=len(boards_list) + 1, min_row=1, max_row=n + 1)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(boards, min_col=1, min_row=2, max_row=n + 1))
        boards.add_chart(chart, f"A{n + 4}")

    probs = wb.create_sheet(t["project"][:31])
    probs.append([t["project"], t["prob"]])
    for cell in probs[1]:
        cell.font = Font(bold=True)
    for _pid, title, p in project_rows(result, titles):
        line = probs.max_row + 1
        _text(probs, line, 1, title)
        probs.cell(row=line, column=2, value=p).number_format = PERCENT_FORMAT
    probs.column_dimensions["A"].width = 60
    probs.column_dimensions["B"].width = 20
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
