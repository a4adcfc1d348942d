"""One project's calculation as an Excel workbook, written with XlsxWriter.

Django-free. Sheets: the input (general terms, stakeholders, costs, outcomes with their
values; an uncertain number is written as its distribution in words plus its central
value), the results per perspective, and the flows per perspective per year with a native
Excel line chart of the cumulative discounted net. Amounts are numbers (kronor) with a
``kr`` number format, so the sheet can be checked and summed.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import xlsxwriter

from socinv.core.calc import PERSPECTIVES, Calculation, Param
from socinv.core.calc.model import OUTCOME_PARAMS
from socinv.l10n import excel_money_format
from socinv.l10n.catalogue import translator
from socinv.l10n.measures import TABLE, names

MEASURE_KEYS = (*TABLE, "prob_positive")


def _texts(lang: str) -> dict[str, str]:
    """The workbook's words in ``lang`` ("sv" or "en"): msgids in the context "calculation workbook",
    translated by the catalogue (socinv.l10n)."""
    pgettext = translator(lang).pgettext
    measure_names = names(lang)  # the measures' one definition
    return {
        "input": pgettext("calculation workbook", "Input"),
        "results": pgettext("calculation workbook", "Results"),
        "years": pgettext("calculation workbook", "By year"),
        "name": pgettext("calculation workbook", "Name"),
        "start_year": pgettext("calculation workbook", "Start year"),
        "horizon": pgettext("calculation workbook", "Horizon (years)"),
        "discount_rate": pgettext("calculation workbook", "Discount rate"),
        "success_probability": pgettext(
            "calculation workbook", "Probability that the method works"
        ),
        "participants": pgettext("calculation workbook", "Participants per cohort"),
        "stakeholders": pgettext("calculation workbook", "Stakeholders"),
        "id": pgettext("calculation workbook", "Id"),
        "municipal_flag": pgettext("calculation workbook", "Municipal"),
        "public_flag": pgettext("calculation workbook", "Public"),
        "yes": pgettext("calculation workbook", "yes"),
        "no": pgettext("calculation workbook", "no"),
        "costs": pgettext("calculation workbook", "Costs"),
        "label": pgettext("calculation workbook", "Label"),
        "stakeholder": pgettext("calculation workbook", "Stakeholder"),
        "year_indices": pgettext("calculation workbook", "Years (index)"),
        "amount": pgettext("calculation workbook", "Amount (SEK)"),
        "amount_per_participant": pgettext("calculation workbook", "Amount per participant (SEK)"),
        "outcomes": pgettext("calculation workbook", "Outcomes"),
        "parameter": pgettext("calculation workbook", "Parameter"),
        "central": pgettext("calculation workbook", "Central value"),
        "distribution": pgettext("calculation workbook", "Distribution"),
        "values": pgettext("calculation workbook", "Values"),
        "kind": pgettext("calculation workbook", "Kind"),
        "resource": pgettext("calculation workbook", "resource"),
        "transfer": pgettext("calculation workbook", "transfer"),
        "repayment": pgettext("calculation workbook", "Repayment"),
        "measure": pgettext("calculation workbook", "Measure"),
        "municipal": pgettext("calculation workbook (municipal)", "Municipal"),
        "public": pgettext("calculation workbook", "Public sector"),
        "societal": pgettext("calculation workbook", "Societal"),
        **{key: measure_names[key] for key in MEASURE_KEYS},
        "year": pgettext("calculation workbook", "Year"),
        "benefits": pgettext("calculation workbook", "Benefits"),
        "costs_flow": pgettext("calculation workbook", "Costs"),
        "net": pgettext("calculation workbook", "Net"),
        "cumulative": pgettext("calculation workbook", "Cumulative discounted net"),
        "chart_title": pgettext("calculation workbook", "Cumulative discounted net by perspective"),
        "fixed": pgettext("calculation workbook", "fixed"),
        "money_format": excel_money_format(lang),
    }


def describe(p: Param | None, t: Mapping[str, str]) -> str:
    """A distribution in words: ``normal(mean 0.3, sd 0.15, min 0, max 1)``."""
    if p is None:
        return ""
    if p.dist is None:
        return t["fixed"]
    if p.dist == "normal":
        parts = [f"mean {p.mean:g}", f"sd {p.sd:g}"]
        if p.lo is not None:
            parts.append(f"min {p.lo:g}")
        if p.hi is not None:
            parts.append(f"max {p.hi:g}")
        return f"normal({', '.join(parts)})"
    if p.dist == "triangular":
        return f"triangular(low {p.low:g}, mode {p.mode:g}, high {p.high:g})"
    return f"uniform(low {p.low:g}, high {p.high:g})"


def calculation_xlsx(calc: Calculation, result: Mapping, lang: str = "sv") -> bytes:
    """The workbook's bytes for one calculation and its result (the spec's JSON)."""
    t = _texts("en" if lang == "en" else "sv")
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "bottom": 1})
    money = wb.add_format({"num_format": t["money_format"]})
    pct = wb.add_format({"num_format": "0.0%"})
    ratio = wb.add_format({"num_format": "0.00"})
    title = wb.add_format({"bold": True, "font_size": 14})

    # -- Input ---------------------------------------------------------------------------
    ws = wb.add_worksheet(t["input"])
    ws.set_column(0, 0, 38)
    ws.set_column(1, 6, 20)
    row = 0
    ws.write(row, 0, calc.name, title)
    row += 2
    for key, value, fmt in (
        ("start_year", calc.start_year, None),
        ("horizon", calc.horizon, None),
        ("discount_rate", calc.discount_rate, pct),
        ("success_probability", calc.success_probability, pct),
    ):
        ws.write(row, 0, t[key], bold)
        ws.write_number(row, 1, value, fmt)
        row += 1
    ws.write(row, 0, t["participants"], bold)
    for i, n in enumerate(calc.participants):
        ws.write_number(row, 1 + i, n)
    row += 2

    ws.write(row, 0, t["stakeholders"], title)
    row += 1
    for col, key in enumerate(("id", "name", "municipal_flag", "public_flag")):
        ws.write(row, col, t[key], head)
    row += 1
    for s in calc.stakeholders:
        ws.write_row(
            row,
            0,
            [s.id, s.name, t["yes" if s.municipal else "no"], t["yes" if s.public else "no"]],
        )
        row += 1
    row += 1

    ws.write(row, 0, t["costs"], title)
    row += 1
    headers = (
        "label",
        "stakeholder",
        "year_indices",
        "amount",
        "distribution",
        "amount_per_participant",
        "distribution",
    )
    for col, key in enumerate(headers):
        ws.write(row, col, t[key], head)
    row += 1
    for c in calc.costs:
        ws.write(row, 0, c.label)
        ws.write(row, 1, c.stakeholder)
        ws.write(row, 2, ", ".join(str(y) for y in c.years))
        if c.amount is not None:
            ws.write_number(row, 3, c.amount.central, money)
            ws.write(row, 4, describe(c.amount, t))
        if c.amount_per_participant is not None:
            ws.write_number(row, 5, c.amount_per_participant.central, money)
            ws.write(row, 6, describe(c.amount_per_participant, t))
        row += 1
    row += 1

    ws.write(row, 0, t["outcomes"], title)
    row += 1
    for o in calc.outcomes:
        ws.write(row, 0, o.label, bold)
        row += 1
        for col, key in enumerate(("parameter", "central", "distribution")):
            ws.write(row, col, t[key], head)
        row += 1
        for name in OUTCOME_PARAMS:
            p = getattr(o, name)
            if p is None:
                continue
            ws.write(row, 0, name)
            ws.write_number(row, 1, p.central)
            ws.write(row, 2, describe(p, t))
            row += 1
        for name in ("lag", "duration"):
            ws.write(row, 0, name)
            ws.write_number(row, 1, getattr(o, name))
            row += 1
        ws.write(row, 0, t["values"], head)
        ws.write(row, 1, t["stakeholder"], head)
        ws.write(row, 2, t["amount"], head)
        ws.write(row, 3, t["distribution"], head)
        ws.write(row, 4, t["kind"], head)
        row += 1
        for v in o.values:
            ws.write(row, 1, v.stakeholder)
            ws.write_number(row, 2, v.amount.central, money)
            ws.write(row, 3, describe(v.amount, t))
            ws.write(row, 4, t[str(v.kind)])
            row += 1
        row += 1

    if calc.repayment is not None:
        rp = calc.repayment
        ws.write(row, 0, t["repayment"], title)
        row += 1
        for key, value in (
            ("stakeholder", rp.stakeholder),
            ("amount", rp.amount),
            ("method", str(rp.method)),
            ("share_of_savings", rp.share_of_savings),
            ("period", rp.period),
            ("start", rp.start),
            ("internal_rate", rp.internal_rate),
        ):
            if value is None:
                continue
            ws.write(row, 0, t.get(key, key), bold)
            ws.write(row, 1, value, money if key == "amount" else None)
            row += 1

    # -- Results ---------------------------------------------------------------------------
    persp = result.get("perspectives") or {}
    mc = ((result.get("monte_carlo") or {}).get("perspectives")) or {}
    rs = wb.add_worksheet(t["results"])
    rs.set_column(0, 0, 40)
    rs.set_column(1, 3, 22)
    rs.write(0, 0, t["measure"], head)
    for i, p in enumerate(PERSPECTIVES):
        rs.write(0, 1 + i, t[p], head)
    measures = [
        ("pv_benefits", money),
        ("pv_costs", money),
        ("npv", money),
        ("expected_npv", money),
        ("bcr", ratio),
        ("payback_year", None),
        ("break_even_factor", ratio),
    ]
    r = 1
    for key, fmt in measures:
        rs.write(r, 0, t[key], bold)
        for i, p in enumerate(PERSPECTIVES):
            value = (persp.get(p) or {}).get(key)
            if value is None:
                rs.write(r, 1 + i, "–")
            elif key == "payback_year":  # the payback year as a calendar year
                rs.write_number(r, 1 + i, calc.start_year + value, fmt)
            else:
                rs.write_number(r, 1 + i, value, fmt)
        r += 1
    if mc:
        rs.write(r, 0, t["prob_positive"], bold)
        for i, p in enumerate(PERSPECTIVES):
            value = (mc.get(p) or {}).get("prob_positive")
            if value is not None:
                rs.write_number(r, 1 + i, value, pct)

    # -- By year, with the chart -------------------------------------------------------------
    ys = wb.add_worksheet(t["years"])
    ys.set_column(0, 0, 8)
    ys.set_column(1, 12, 18)
    ys.write(0, 0, t["year"], head)
    flows = (
        ("benefits", "benefits"),
        ("costs", "costs_flow"),
        ("net", "net"),
        ("cumulative_discounted_net", "cumulative"),
    )
    col = 1
    cumulative_cols = {}
    for p in PERSPECTIVES:
        for key, label in flows:
            ys.write(0, col, f"{t[p]}: {t[label]}", head)
            values = ((persp.get(p) or {}).get("annual") or {}).get(key) or []
            for j, v in enumerate(values):
                ys.write_number(1 + j, col, v, money)
            if key == "cumulative_discounted_net":
                cumulative_cols[p] = col
            col += 1
    horizon = int(result.get("horizon") or calc.horizon)
    start = int(result.get("start_year") or calc.start_year)
    for j in range(horizon):
        ys.write_number(1 + j, 0, start + j)
    ys.freeze_panes(1, 1)

    chart = wb.add_chart({"type": "line"})
    sheet = t["years"]
    for p, c in cumulative_cols.items():
        chart.add_series(
            {
                "name": [sheet, 0, c],
                "categories": [sheet, 1, 0, horizon, 0],
                "values": [sheet, 1, c, horizon, c],
                "marker": {"type": {"municipal": "circle", "public": "square"}.get(p, "triangle")},
                "line": {"dash_type": {"municipal": "solid", "public": "dash"}.get(p, "round_dot")},
            }
        )
    chart.set_title({"name": t["chart_title"]})
    chart.set_x_axis({"name": t["year"]})
    chart.set_y_axis({"name": t["money_format"].split('"')[1], "num_format": "#,##0"})
    chart.set_size({"width": 720, "height": 400})
    ys.insert_chart(horizon + 3, 1, chart)
    wb.close()
    return buf.getvalue()
