"""The projection's result as rows: for the CLI's text, the page's tables (each chart also
as a table) and the workbook. Amounts stay kronor (floats); formatting is the caller's."""

from __future__ import annotations

from dataclasses import dataclass

from socinv.l10n import format_money, format_number, format_percent

from .words import texts


@dataclass(frozen=True)
class YearRow:
    year: int
    available_p05: float
    available_p50: float
    available_p95: float
    money_p05: float
    money_p50: float
    money_p95: float
    disbursements: float
    contributions: float
    repayments: float
    central_write_downs: float
    board_write_downs: float


@dataclass(frozen=True)
class BoardRow:
    board: str
    name: str
    years: list[tuple[int, float, float, float]]  # (year, mean, p05, p95)


def year_rows(result: dict) -> list[YearRow]:
    a, m = result["available"], result["fund_money"]
    rep, wd = result["repayments"]["total"], result["write_downs"]
    return [
        YearRow(
            year,
            a["p05"][i],
            a["p50"][i],
            a["p95"][i],
            m["p05"][i],
            m["p50"][i],
            m["p95"][i],
            result["disbursements"][i],
            result["contributions"][i],
            rep["mean"][i],
            wd["central"]["mean"][i],
            wd["board"]["mean"][i],
        )
        for i, year in enumerate(result["years"])
    ]


def board_rows(result: dict) -> list[BoardRow]:
    years = result["years"]
    return [
        BoardRow(
            key,
            b["name"],
            [(y, b["mean"][i], b["p05"][i], b["p95"][i]) for i, y in enumerate(years)],
        )
        for key, b in result["repayments"]["by_board"].items()
    ]


def project_rows(result: dict, titles: dict[str, str]) -> list[tuple[str, str, float]]:
    """(project id, title, probability), by title."""
    rows = [(pid, titles.get(pid, pid), p) for pid, p in result["prob_receivable_repaid"].items()]
    return sorted(rows, key=lambda r: (r[1], r[0]))


def _table(headings: list[str], rows: list[list[str]]) -> list[str]:
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headings)
    ]

    def line(cells):
        first = f"{cells[0]:<{widths[0]}}"
        return "  ".join(
            [first, *(f"{c:>{w}}" for c, w in zip(cells[1:], widths[1:], strict=True))]
        )

    return [line(headings), *(line(r) for r in rows)]


def text_report(fund, result: dict, titles: dict[str, str], lang: str = "sv") -> str:
    """The CLI's tables (in the active language: the caller overrides it)."""
    t = texts()
    kr = lambda v: format_money(v, lang)  # noqa: E731
    out = [
        f"{fund.name}: {t['title']}",
        f"{t['as_of']} {result['as_of']}, {t['draws'].lower()} {format_number(result['draws'], 0, lang)}, {t['seed'].lower()} {result['seed']}",
        "",
    ]
    rows = year_rows(result)
    out += _table(
        [
            t["year"],
            f"{t['available']} ({t['median'].lower()})",
            t["p05"],
            t["p95"],
            f"{t['fund_money']} ({t['median'].lower()})",
            t["p05"],
            t["p95"],
        ],
        [
            [
                str(r.year),
                kr(r.available_p50),
                kr(r.available_p05),
                kr(r.available_p95),
                kr(r.money_p50),
                kr(r.money_p05),
                kr(r.money_p95),
            ]
            for r in rows
        ],
    )
    out.append("")
    out += _table(
        [
            t["year"],
            t["contributions"],
            t["disbursements"],
            f"{t['repayments']} ({t['mean'].lower()})",
            t["central"],
            t["board"],
        ],
        [
            [
                str(r.year),
                kr(r.contributions),
                kr(r.disbursements),
                kr(r.repayments),
                kr(r.central_write_downs),
                kr(r.board_write_downs),
            ]
            for r in rows
        ],
    )
    out += ["", t["repayments_by_board"]]
    for b in board_rows(result):
        out += _table(
            [b.name, t["mean"], t["p05"], t["p95"]],
            [[str(y), kr(mean), kr(lo), kr(hi)] for y, mean, lo, hi in b.years],
        )
        out.append("")
    projects = project_rows(result, titles)
    if projects:
        out += _table(
            [t["project"], t["prob"]],
            [[title, format_percent(p, 1, lang)] for _id, title, p in projects],
        )
        out.append("")
    if result["money_used_up_year"] is not None:
        out.append(f"{t['used_up']} {result['money_used_up_year']}.")
    elif result.get("budget_model"):
        out.append(t["not_used_up"])
    return "\n".join(out)
