"""``socinv calc FILE``: the calculation as JSON or as a readable table (sv/en).

The table's words are gettext msgids translated by the web application's catalogue
(read with the standard library, never Django); input problems go to stderr in English."""

from __future__ import annotations

import json
import sys
import time

from socinv.core.calc import PERSPECTIVES, InputError, calculate, check_run, load
from socinv.core.calc.catalogue_file import load_catalogue
from socinv.l10n import format_decimal, format_money, format_percent
from socinv.l10n.catalogue import translator
from socinv.l10n.measures import TABLE, names
from socinv.l10n.messages import input_error_lines, located

EXIT_INPUT = 2
# the measures the table names (socinv.l10n.measures)
MEASURE_KEYS = (*TABLE, "prob_positive")


def texts(lang: str) -> dict[str, str]:
    """The table's words in ``lang`` ("sv" or "en"), from the catalogue. Their msgids have
    the context "socinv calc" so that the table keeps its words (and tests/cli their check)
    where a web page words the same English otherwise."""
    pgettext = translator(lang).pgettext
    measure_names = names(lang)  # the measures' one definition
    return {
        **{key: measure_names[key] for key in MEASURE_KEYS},
        "title": pgettext("socinv calc", "Calculation"),
        "start": pgettext(
            "socinv calc",
            "Start year %(start)s, %(horizon)s years, discount rate %(rate)s, "
            "probability that the method works %(p)s",
        ),
        "municipal": pgettext("socinv calc", "Municipal"),
        "public": pgettext("socinv calc", "Public sector"),
        "societal": pgettext("socinv calc", "Societal"),
        "year": pgettext("socinv calc", "year %(i)s (%(year)s)"),
        "never": pgettext("socinv calc", "never"),
        "stakeholders": pgettext(
            "socinv calc",
            "Per stakeholder (present values; municipal ones after out-migration)",
        ),
        "stakeholder": pgettext("socinv calc", "Stakeholder"),
        "repayment": pgettext("socinv calc", "Repayment to the fund (%(method)s) by %(who)s"),
        "savings": pgettext("socinv calc", "from savings"),
        "depreciation": pgettext("socinv calc", "depreciation plan"),
        "paid": pgettext("socinv calc", "Repaid"),
        "capital_cost": pgettext("socinv calc", "Capital cost"),
        "total": pgettext("socinv calc", "Total"),
        "repaid_by": pgettext("socinv calc", "Fully repaid in %(year)s."),
        "not_repaid": pgettext(
            "socinv calc", "Not repaid within the horizon: %(amount)s outstanding."
        ),
        "mc": pgettext("socinv calc", "Uncertainty (Monte Carlo, %(draws)s draws, seed %(seed)s)"),
        "mean": pgettext("socinv calc", "Mean"),
        "p05": pgettext("socinv calc", "5th percentile"),
        "p50": pgettext("socinv calc", "Median"),
        "p95": pgettext("socinv calc", "95th percentile"),
        "opposite": pgettext(
            "socinv calc",
            "NOTE: the municipal and the societal NPV have opposite signs "
            "(%(m)s and %(s)s). The decision needs both calculations.",
        ),
        "warning": pgettext("socinv calc", "warning"),
        "progress": pgettext("socinv calc", "Monte Carlo"),
        "sensitivity": pgettext(
            "socinv calc",
            "Sensitivity (%(perspective)s): the net present value with one uncertain field "
            "at its 5th and its 95th percentile",
        ),
        "field": pgettext("socinv calc", "Field"),
        "low": pgettext("socinv calc", "Low value"),
        "high": pgettext("socinv calc", "High value"),
        "npv_low": pgettext("socinv calc", "NPV at the low value"),
        "npv_high": pgettext("socinv calc", "NPV at the high value"),
        "no_uncertain": pgettext("socinv calc", "No field is given as a distribution."),
    }


def run(args) -> int:
    """Exit 0 with the result on stdout, or 2 with the problems on stderr and nothing on
    stdout (the limits are the core's: socinv.core.limits, spec "Errors")."""
    try:
        problems = check_run(args.draws, args.seed)
        if problems:
            raise InputError(problems, "socinv calc")
        catalogue = None
        if getattr(args, "catalogue", None):
            catalogue = load_catalogue(args.catalogue)
        calc = load(args.file, catalogue)
        t = texts(args.lang)
        warnings = [f"{args.file}: {t['warning']}: {located(w)}" for w in calc.warnings]
        progress = _ProgressBar(t["progress"]) if args.draws and sys.stderr.isatty() else None
        try:
            result = calculate(
                calc,
                draws=args.draws,
                seed=args.seed,
                progress=progress,
                source=args.file,
                sensitivity=getattr(args, "sensitivity", False),
            )
        finally:
            if progress is not None:
                progress.close()
    except InputError as exc:
        _print_problems(exc)
        return EXIT_INPUT
    for line in warnings:
        print(line, file=sys.stderr)
    if args.json:  # finite by calculate(); allow_nan=False keeps it JSON all the same
        out = json.dumps(result, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    else:
        out = render_table(result, calc, args.lang)
    sys.stdout.write(out)  # all at once, after every check: nothing half-written
    return 0


def _print_problems(exc: InputError) -> None:
    for line in input_error_lines(exc):  # in English, as the spec gives them
        print(line, file=sys.stderr)


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
    t = texts(lang)
    start = result["start_year"]
    money = lambda v: format_money(v, lang)  # noqa: E731

    def year(i):
        return t["never"] if i is None else t["year"] % {"i": i, "year": start + i}

    out = [
        f"{t['title']}: {result['name']}",
        t["start"]
        % {
            "start": start,
            "horizon": result["horizon"],
            "rate": format_percent(result["discount_rate"], 1, lang),
            "p": format_percent(calc.success_probability, 0, lang),
        },
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
        out.append(t["opposite"] % {"m": money(m), "s": money(s)})
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
            t["repayment"]
            % {"method": t[calc.repayment.method.value], "who": names[calc.repayment.stakeholder]}
        )
        rrows = [
            [year(i), money(paid), money(cc)]
            for i, (paid, cc) in enumerate(zip(rp["annual"], rp["capital_cost"], strict=False))
        ]
        rrows.append([t["total"], money(rp["total"]), money(rp["capital_cost_total"])])
        out.append(_table(rrows, ["", t["paid"], t["capital_cost"]]))
        if rp["repaid_by_year"] is not None:
            out.append(t["repaid_by"] % {"year": start + rp["repaid_by_year"]})
        else:
            out.append(t["not_repaid"] % {"amount": money(rp["outstanding"])})
        out.append("")

    mc = result.get("monte_carlo")
    if mc is not None:
        out.append(t["mc"] % {"draws": format_decimal(mc["draws"], 0, lang), "seed": mc["seed"]})
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
    if "sensitivity" in result:
        out.extend(_sensitivity_lines(result["sensitivity"], t, lang))
    return "\n".join(out)


def _sensitivity_lines(sensitivity: dict, t: dict, lang: str) -> list[str]:
    out = []
    for p in PERSPECTIVES:
        out.append(t["sensitivity"] % {"perspective": t[p]})
        rows = [
            [
                r["field"],
                format_decimal(r["low"], 3 if abs(r["low"]) < 10 else 0, lang),
                format_decimal(r["high"], 3 if abs(r["high"]) < 10 else 0, lang),
                format_money(r["npv_low"], lang),
                format_money(r["npv_high"], lang),
            ]
            for r in sensitivity[p]
        ]
        if rows:
            header = [t["field"], t["low"], t["high"], t["npv_low"], t["npv_high"]]
            out.append(_table(rows, header))
        else:
            out.append(t["no_uncertain"])
            out.append("")
    return out
