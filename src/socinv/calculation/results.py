"""Live results of a calculation: the engine's result, its Monte Carlo summary, the NPV
draws behind it (for the histogram) and the charts, shaped for the results fragment."""

from __future__ import annotations

import numpy as np
from django.utils.translation import gettext as _

from socinv.core.calc import PERSPECTIVES, Calculation, calculate
from socinv.core.calc import montecarlo as mc
from socinv.io.charts import cumulative_net_svg, npv_histogram_svg, tornado_svg
from socinv.l10n import format_decimal, format_money, format_percent
from socinv.l10n.messages import located
from socinv.web import measures

from .units import is_percent

DRAWS = 2_000
SEED = 1
# the rows of the results fragment (named by socinv.web.measures)
LIVE_MEASURES = (
    "pv_benefits",
    "pv_costs",
    "npv",
    "expected_npv",
    "payback_year",
    "break_even_factor",
    "prob_positive",
    "p05",
    "p50",
    "p95",
)


def npv_draws(calc: Calculation, draws: int = DRAWS, seed: int = SEED) -> dict[str, np.ndarray]:
    """The NPV of every draw per perspective: the very draws ``monte_carlo(calc, draws,
    seed)`` summarises (same generator, order and chunking; the core's helpers, unchanged)."""
    plan = mc._Plan(calc)
    rng = np.random.default_rng(seed)
    out = np.empty((len(PERSPECTIVES), draws))
    done = 0
    while done < draws:
        n = min(mc.CHUNK, draws - done)
        out[:, done : done + n] = mc._chunk(plan, rng, n)
        done += n
    return {p: out[i] for i, p in enumerate(PERSPECTIVES)}


def _field_names() -> dict[str, str]:
    """The editor's names of the fields that may be uncertain."""
    return {
        "amount": _("Amount per year (kr)"),
        "amount_per_participant": _("Amount per participant (kr)"),
        "baseline_rate": _("Baseline rate (%)"),
        "relative_effect": _("Relative effect (%)"),
        "cases_per_participant": _("Changed cases per participant"),
        "drop_off": _("Drop-off per year (%)"),
        "deadweight": _("Deadweight (%)"),
        "attribution": _("Attribution (%)"),
        "displacement": _("Displacement (%)"),
        "out_migration": _("Out-migration per year (%)"),
    }


def field_label(calc: Calculation, path: str) -> str:
    """A sensitivity row's field path → "outcome's label: field's name" (the stakeholder
    too for an outcome's value), as the editor names them; the path itself when unknown."""
    names = _field_names()
    try:
        head, name = path.rsplit(".", 1)
        if head.startswith("costs["):
            cost = calc.costs[int(head[6:-1])]
            return f"{cost.label}: {names[name]}"
        if ".values[" in head:
            o_part, v_part = head.split(".values[")
            o = calc.outcomes[int(o_part[9:-1])]
            v = o.values[int(v_part[:-1])]
            who = next((s.name for s in calc.stakeholders if s.id == v.stakeholder), v.stakeholder)
            return f"{o.label}: {_('Amount per changed case and year (kr)')} ({who})"
        o = calc.outcomes[int(head[9:-1])]
        return f"{o.label}: {names[name]}"
    except (KeyError, IndexError, ValueError):
        return path


def tornado(calc: Calculation, result: dict, lang: str) -> list[dict]:
    """Per perspective: its sensitivity rows with the fields named, the central NPV and the
    tornado chart (empty rows: no field is given as a distribution, and no chart)."""
    labels = measures.perspective_labels()
    sensitivity = result.get("sensitivity") or {}
    names = {}
    out = []
    for p in PERSPECTIVES:
        rows = sensitivity.get(p) or []
        for r in rows:
            names.setdefault(r["field"], field_label(calc, r["field"]))
        npv = result["perspectives"][p]["npv"]
        title = _("Sensitivity analysis: %(perspective)s") % {"perspective": labels[p]}
        out.append(
            {
                "key": p,
                "label": labels[p],
                "title": title,
                "npv": npv,
                "rows": [
                    {
                        **r,
                        "label": names[r["field"]],
                        "low_text": _value_text(r["field"], r["low"], lang),
                        "high_text": _value_text(r["field"], r["high"], lang),
                    }
                    for r in rows
                ],
                "svg": tornado_svg(rows, npv, title, lang, names) if rows else "",
            }
        )
    return out


def _value_text(field: str, value: float, lang: str) -> str:
    """A field's value as the editor shows it: a rate or a share in percent, a number of
    cases with three decimals, an amount in whole kronor."""
    if is_percent(field):
        return format_percent(value, 1, lang)
    if abs(value) < 10:
        return format_decimal(value, 3, lang)
    return format_money(value, lang)


def live_results(calc: Calculation, lang: str) -> dict:
    """Everything the results fragment shows."""
    result = calculate(calc, draws=DRAWS, seed=SEED, sensitivity=True)
    draws = npv_draws(calc)
    labels = measures.perspective_labels()
    persp = result["perspectives"]
    mcp = result["monte_carlo"]["perspectives"]
    columns = [{"key": p, "label": labels[p]} for p in PERSPECTIVES]
    start = result["start_year"]
    rows = []
    for key in LIVE_MEASURES:
        source = mcp if measures.BY_KEY[key].simulated else persp
        values = [source[p][key] for p in PERSPECTIVES]
        kind = measures.BY_KEY[key].kind
        if kind == "year":  # the payback year as a calendar year
            values = [None if v is None else start + v for v in values]
        rows.append({"label": measures.label(key), "kind": kind, "values": values})
    years = [
        {
            "year": result["start_year"] + t,
            "values": [persp[p]["annual"]["cumulative_discounted_net"][t] for p in PERSPECTIVES],
        }
        for t in range(result["horizon"])
    ]
    # the histogram's data as a table: the draws in ten equal bins per perspective
    lo = min(float(a.min()) for a in draws.values())
    hi = max(float(a.max()) for a in draws.values())
    edges = np.linspace(lo, hi if hi > lo else lo + 1.0, 11)
    counts = {p: np.histogram(draws[p], bins=edges)[0] for p in PERSPECTIVES}
    bins = [
        {
            "low": float(edges[k]),
            "high": float(edges[k + 1]),
            "counts": [int(counts[p][k]) for p in PERSPECTIVES],
        }
        for k in range(10)
    ]
    return {
        "result": result,
        "columns": columns,
        "rows": rows,
        "years": years,
        "bins": bins,
        "draws": DRAWS,
        "seed": SEED,
        "warnings": [located(w, lang) for w in calc.warnings],
        "cumulative_svg": cumulative_net_svg(result, lang),
        "histogram_svg": npv_histogram_svg(draws, lang),
        "tornado": tornado(calc, result, lang),
    }
