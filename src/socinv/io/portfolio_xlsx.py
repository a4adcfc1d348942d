"""The fund's portfolio as an Excel workbook (XlsxWriter), with a native chart of the risk
spread against the policy's bounds.

Django-free: the caller passes plain rows. Money is öre in, kronor numbers out (two
decimals, a ``kr`` number format), shares are fractions shown as percentages.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import xlsxwriter

from socinv.l10n import excel_money_format
from socinv.l10n.catalogue import translator

PERSPECTIVES = ("municipal", "public", "societal")


def _texts(lang: str) -> dict[str, str]:
    """The workbook's words in ``lang`` ("sv" or "en"): msgids in the context "portfolio workbook",
    translated by the catalogue (socinv.l10n)."""
    pgettext = translator(lang).pgettext
    return {
        "projects_sheet": pgettext("portfolio workbook", "Portfolio"),
        "spread_sheet": pgettext("portfolio workbook", "Risk spread"),
        "title": pgettext("portfolio workbook", "Portfolio: {fund}"),
        "spread_title": pgettext("portfolio workbook", "Risk spread: {fund}"),
        "project": pgettext("portfolio workbook", "Project"),
        "phase": pgettext("portfolio workbook", "Phase"),
        "type": pgettext("portfolio workbook", "Type"),
        "risk_class": pgettext("portfolio workbook", "Risk class"),
        "committed": pgettext("portfolio workbook", "Committed (SEK)"),
        "disbursed": pgettext("portfolio workbook", "Disbursed (SEK)"),
        "npv_municipal": pgettext("portfolio workbook", "Expected NPV, municipal (SEK)"),
        "npv_public": pgettext("portfolio workbook", "Expected NPV, public sector (SEK)"),
        "npv_societal": pgettext("portfolio workbook", "Expected NPV, societal (SEK)"),
        "prob": pgettext("portfolio workbook", "Probability of a positive municipal NPV"),
        "total": pgettext("portfolio workbook", "Total"),
        "class": pgettext("portfolio workbook", "Risk class"),
        "amount": pgettext("portfolio workbook", "Committed (SEK)"),
        "share": pgettext("portfolio workbook", "Share"),
        "min": pgettext("portfolio workbook", "Lowest share (policy)"),
        "max": pgettext("portfolio workbook", "Highest share (policy)"),
        "chart_title": pgettext("portfolio workbook", "Share of committed money per risk class"),
        "money_format": excel_money_format(lang, 2),
    }


def portfolio_xlsx(
    *,
    fund_name: str,
    projects: Sequence[Mapping],
    spread: Sequence[Mapping],
    lang: str = "sv",
) -> bytes:
    """The workbook's bytes.

    ``projects``: mappings with ``title``, ``phase``, ``type``, ``risk_class`` (display
    texts), ``committed_ore``, ``disbursed_ore``, ``expected_npv`` (perspective → kronor or
    None) and ``prob_positive`` (fraction or None).
    ``spread``: one mapping per risk class with ``label``, ``amount_ore``, ``share`` and the
    policy's ``min_share`` / ``max_share`` (fractions, or None without a bound).
    """
    h = _texts("en" if lang == "en" else "sv")
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    title = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    money = book.add_format({"num_format": h["money_format"]})
    money_bold = book.add_format({"num_format": h["money_format"], "bold": True})
    pct = book.add_format({"num_format": "0.0%"})
    bold = book.add_format({"bold": True})

    def kr(ore) -> float:
        return round((ore or 0) / 100, 2)

    # --- projects
    sheet = book.add_worksheet(h["projects_sheet"])
    columns = [
        ("project", 40),
        ("phase", 16),
        ("type", 20),
        ("risk_class", 14),
        ("committed", 16),
        ("disbursed", 16),
        ("npv_municipal", 20),
        ("npv_public", 20),
        ("npv_societal", 20),
        ("prob", 18),
    ]
    sheet.write(0, 0, h["title"].format(fund=fund_name), title)
    for col, (key, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write(2, col, h[key], header)
    row = 3
    for p in projects:
        sheet.write_string(row, 0, str(p.get("title", "")))
        sheet.write_string(row, 1, str(p.get("phase", "")))
        sheet.write_string(row, 2, str(p.get("type", "")))
        sheet.write_string(row, 3, str(p.get("risk_class", "") or "–"))
        sheet.write_number(row, 4, kr(p.get("committed_ore")), money)
        sheet.write_number(row, 5, kr(p.get("disbursed_ore")), money)
        npv = p.get("expected_npv") or {}
        for offset, perspective in enumerate(PERSPECTIVES):
            value = npv.get(perspective)
            if value is None:
                sheet.write_blank(row, 6 + offset, None)
            else:
                sheet.write_number(row, 6 + offset, round(float(value), 2), money)
        prob = p.get("prob_positive")
        if prob is None:
            sheet.write_blank(row, 9, None)
        else:
            sheet.write_number(row, 9, float(prob), pct)
        row += 1
    sheet.write(row, 0, h["total"], bold)
    if projects:
        for col in (4, 5):
            letter = chr(ord("A") + col)
            total = sum(
                kr(p.get("committed_ore" if col == 4 else "disbursed_ore")) for p in projects
            )
            sheet.write_formula(row, col, f"=SUM({letter}4:{letter}{row})", money_bold, total)
    sheet.freeze_panes(3, 1)

    # --- the risk spread and its chart
    rs = book.add_worksheet(h["spread_sheet"])
    rs.write(0, 0, h["spread_title"].format(fund=fund_name), title)
    for col, (key, width) in enumerate(
        [("class", 20), ("amount", 18), ("share", 10), ("min", 16), ("max", 16)]
    ):
        rs.set_column(col, col, width)
        rs.write(2, col, h[key], header)
    first = 3
    r = first
    for s in spread:
        rs.write_string(r, 0, str(s.get("label", "")))
        rs.write_number(r, 1, kr(s.get("amount_ore")), money)
        share = s.get("share")
        rs.write_number(r, 2, float(share or 0), pct)
        for col, key in ((3, "min_share"), (4, "max_share")):
            value = s.get(key)
            if value is None:
                rs.write_blank(r, col, None)
            else:
                rs.write_number(r, col, float(value), pct)
        r += 1
    last = r - 1
    if spread:
        sheet_ref = f"'{h['spread_sheet']}'"
        chart = book.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": h["share"],
                "categories": f"={sheet_ref}!$A${first + 1}:$A${last + 1}",
                "values": f"={sheet_ref}!$C${first + 1}:$C${last + 1}",
                "fill": {"color": "#1f5f8b"},
                "data_labels": {"value": True, "num_format": "0%"},
            }
        )
        bounds = book.add_chart({"type": "line"})
        for col_letter, key, colour in (("D", "min", "#2e7d32"), ("E", "max", "#b3261e")):
            bounds.add_series(
                {
                    "name": h[key],
                    "categories": f"={sheet_ref}!$A${first + 1}:$A${last + 1}",
                    "values": f"={sheet_ref}!${col_letter}${first + 1}:${col_letter}${last + 1}",
                    "line": {"none": True},
                    "marker": {
                        "type": "dash",
                        "size": 12,
                        "border": {"color": colour},
                        "fill": {"color": colour},
                    },
                }
            )
        chart.combine(bounds)
        chart.set_title({"name": h["chart_title"]})
        chart.set_y_axis({"num_format": "0%", "min": 0, "max": 1})
        chart.set_legend({"position": "bottom"})
        rs.insert_chart(r + 1, 0, chart, {"x_scale": 1.4, "y_scale": 1.2})
    book.close()
    return buffer.getvalue()
