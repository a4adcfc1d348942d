"""``socinv calc FILE``: the calculation as JSON or as a readable table (sv/en)."""

from __future__ import annotations

import json
import sys
import time

from socinv.core.calc import PERSPECTIVES, InputError, calculate, load
from socinv.l10n import format_decimal, format_money, format_percent

EXIT_INPUT = 2

TEXT = {
    "sv": {
        "title": "Kalkyl",
        "start": "Startår {start}, {horizon} år, diskonteringsränta {rate}, "
        "sannolikhet att metoden fungerar {p}",
        "municipal": "Kommunalekonomisk",
        "public": "Offentlig sektor",
        "societal": "Samhällsekonomisk",
        "pv_benefits": "Nuvärde intäkter/besparingar",
        "pv_costs": "Nuvärde kostnader",
        "npv": "Nettonuvärde",
        "expected_npv": "Förväntat nettonuvärde",
        "bcr": "Nytta/kostnad",
        "payback_year": "Återbetalningsår",
        "break_even_factor": "Brytpunktsfaktor",
        "year": "år {i} ({year})",
        "never": "aldrig",
        "stakeholders": "Per aktör (nuvärden; kommunala aktörer efter utflyttning)",
        "stakeholder": "Aktör",
        "repayment": "Återföring till fonden ({method}) från {who}",
        "savings": "ur besparingar",
        "depreciation": "återbetalningsplan",
        "paid": "Återfört",
        "capital_cost": "Kapitalkostnad",
        "total": "Summa",
        "repaid_by": "Återbetalt år {i} ({year}).",
        "not_repaid": "Inte återbetalt inom kalkylperioden: {amount} kvarstår.",
        "mc": "Osäkerhet (Monte Carlo, {draws} dragningar, frö {seed})",
        "prob_positive": "Sannolikhet för positivt nettonuvärde",
        "mean": "Medelvärde",
        "p05": "5:e percentilen",
        "p50": "Median",
        "p95": "95:e percentilen",
        "opposite": "OBS: Det kommunalekonomiska och det samhällsekonomiska nettonuvärdet har "
        "olika tecken ({m} respektive {s}). Beslutet behöver båda kalkylerna.",
        "warning": "varning",
        "progress": "Monte Carlo",
    },
    "en": {
        "title": "Calculation",
        "start": "Start year {start}, {horizon} years, discount rate {rate}, "
        "probability that the method works {p}",
        "municipal": "Municipal",
        "public": "Public sector",
        "societal": "Societal",
        "pv_benefits": "PV of benefits/savings",
        "pv_costs": "PV of costs",
        "npv": "Net present value",
        "expected_npv": "Expected NPV",
        "bcr": "Benefit-cost ratio",
        "payback_year": "Payback year",
        "break_even_factor": "Break-even factor",
        "year": "year {i} ({year})",
        "never": "never",
        "stakeholders": "Per stakeholder (present values; municipal ones after out-migration)",
        "stakeholder": "Stakeholder",
        "repayment": "Repayment to the fund ({method}) by {who}",
        "savings": "from savings",
        "depreciation": "depreciation plan",
        "paid": "Repaid",
        "capital_cost": "Capital cost",
        "total": "Total",
        "repaid_by": "Repaid in year {i} ({year}).",
        "not_repaid": "Not repaid within the horizon: {amount} outstanding.",
        "mc": "Uncertainty (Monte Carlo, {draws} draws, seed {seed})",
        "prob_positive": "Probability of a positive NPV",
        "mean": "Mean",
        "p05": "5th percentile",
        "p50": "Median",
        "p95": "95th percentile",
        "opposite": "NOTE: the municipal and the societal NPV have opposite signs "
        "({m} and {s}). The decision needs both calculations.",
        "warning": "warning",
        "progress": "Monte Carlo",
    },
}


def run(args) -> int:
    try:
        calc = load(args.file)
    except InputError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return EXIT_INPUT
    t = TEXT[args.lang]
    for w in calc.warnings:
        print(f"{args.file}: {t['warning']}: {w}", file=sys.stderr)
    progress = _ProgressBar(t["progress"]) if args.draws and sys.stderr.isatty() else None
    result = calculate(calc, draws=args.draws, seed=args.seed, progress=progress)
    if progress is not None:
        progress.close()
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_table(result, calc, args.lang))
    return 0


class _ProgressBar:
    """A plain progress bar on stderr (only when stderr is a terminal)."""

    def __init__(self, label: str, width: int = 30):
        self.label = label
        self.width = width
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if time.monotonic() - self.started < 0.3 and done < total:
            return  # short runs stay quiet
        filled = int(self.width * done / total)
        bar = "#" * filled + "-" * (self.width - filled)
        sys.stderr.write(f"\r{self.label} [{bar}] {100 * done // total:3d} %")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for k, row in enumerate([header, *rows]):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=False)
        ]
        lines.append("  ".join(cells).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def render_table(result: dict, calc, lang: str = "sv") -> str:
    t = TEXT[lang]
    start = result["start_year"]
    money = lambda v: format_money(v, lang)  # noqa: E731

    def year(i):
        return t["never"] if i is None else t["year"].format(i=i, year=start + i)

    out = [
        f"{t['title']}: {result['name']}",
        t["start"].format(
            start=start,
            horizon=result["horizon"],
            rate=format_percent(result["discount_rate"], 1, lang),
            p=format_percent(calc.success_probability, 0, lang),
        ),
        "",
    ]
    ps = result["perspectives"]
    header = ["", *(t[p] for p in PERSPECTIVES)]
    rows = [
        [t[key], *(money(ps[p][key]) for p in PERSPECTIVES)]
        for key in ("pv_benefits", "pv_costs", "npv", "expected_npv")
    ]
    rows.append([t["bcr"], *(format_decimal(ps[p]["bcr"], 2, lang) for p in PERSPECTIVES)])
    rows.append([t["payback_year"], *(year(ps[p]["payback_year"]) for p in PERSPECTIVES)])
    rows.append(
        [
            t["break_even_factor"],
            *(format_decimal(ps[p]["break_even_factor"], 2, lang) for p in PERSPECTIVES),
        ]
    )
    out.append(_table(rows, header))

    m, s = ps["municipal"]["npv"], ps["societal"]["npv"]
    if (m > 0 > s) or (m < 0 < s):
        out.append(t["opposite"].format(m=money(m), s=money(s)))
        out.append("")

    out.append(t["stakeholders"])
    names = {st.id: st.name for st in calc.stakeholders}
    srows = [
        [f"{names[sid]} ({sid})", money(v["pv_benefits"]), money(v["pv_costs"]), money(v["npv"])]
        for sid, v in result["stakeholders"].items()
    ]
    out.append(_table(srows, [t["stakeholder"], t["pv_benefits"], t["pv_costs"], t["npv"]]))

    rp = result.get("repayment")
    if rp is not None:
        out.append(
            t["repayment"].format(
                method=t[calc.repayment.method.value], who=names[calc.repayment.stakeholder]
            )
        )
        rrows = [
            [year(i), money(paid), money(cc)]
            for i, (paid, cc) in enumerate(zip(rp["annual"], rp["capital_cost"], strict=False))
        ]
        rrows.append([t["total"], money(rp["total"]), money(rp["capital_cost_total"])])
        out.append(_table(rrows, ["", t["paid"], t["capital_cost"]]))
        if rp["repaid_by_year"] is not None:
            out.append(
                t["repaid_by"].format(i=rp["repaid_by_year"], year=start + rp["repaid_by_year"])
            )
        else:
            out.append(t["not_repaid"].format(amount=money(rp["outstanding"])))
        out.append("")

    mc = result.get("monte_carlo")
    if mc is not None:
        out.append(t["mc"].format(draws=format_decimal(mc["draws"], 0, lang), seed=mc["seed"]))
        mp = mc["perspectives"]
        mrows = [
            [
                t["prob_positive"],
                *(format_percent(mp[p]["prob_positive"], 1, lang) for p in PERSPECTIVES),
            ]
        ]
        mrows += [
            [t[k], *(money(mp[p][k]) for p in PERSPECTIVES)] for k in ("mean", "p05", "p50", "p95")
        ]
        out.append(_table(mrows, header))
    return "\n".join(out)
