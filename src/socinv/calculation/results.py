"""Live results of a calculation: the engine's result, its Monte Carlo summary, the NPV
draws behind it (for the histogram) and the charts, shaped for the results fragment."""

from __future__ import annotations

import numpy as np

from socinv.core.calc import PERSPECTIVES, Calculation, calculate
from socinv.core.calc import montecarlo as mc
from socinv.io.charts import cumulative_net_svg, npv_histogram_svg
from socinv.l10n.messages import located
from socinv.web import measures

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


def live_results(calc: Calculation, lang: str) -> dict:
    """Everything the results fragment shows."""
    result = calculate(calc, draws=DRAWS, seed=SEED)
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
    }
