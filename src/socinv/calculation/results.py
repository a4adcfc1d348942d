"""Live results of a calculation: the engine's result, its Monte Carlo summary, the NPV
draws behind it (for the histogram) and the charts, shaped for the results fragment."""

from __future__ import annotations

import numpy as np
from django.utils.translation import gettext as _

from socinv.core.calc import PERSPECTIVES, Calculation, calculate
from socinv.core.calc import montecarlo as mc
from socinv.l10n.messages import located

DRAWS = 2_000
SEED = 1


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


def perspective_labels() -> dict[str, str]:
    return {
        "municipal": _("Municipal"),
        "public": _("Public sector"),
        "societal": _("Societal"),
    }


def live_results(calc: Calculation, lang: str) -> dict:
    """Everything the results fragment shows."""
    from socinv.io.charts import cumulative_net_svg, npv_histogram_svg

    result = calculate(calc, draws=DRAWS, seed=SEED)
    draws = npv_draws(calc)
    labels = perspective_labels()
    persp = result["perspectives"]
    mcp = result["monte_carlo"]["perspectives"]
    columns = [{"key": p, "label": labels[p]} for p in PERSPECTIVES]
    rows = [
        {
            "label": _("Present value of benefits"),
            "kind": "money",
            "values": [persp[p]["pv_benefits"] for p in PERSPECTIVES],
        },
        {
            "label": _("Present value of costs"),
            "kind": "money",
            "values": [persp[p]["pv_costs"] for p in PERSPECTIVES],
        },
        {
            "label": _("Net present value"),
            "kind": "money",
            "values": [persp[p]["npv"] for p in PERSPECTIVES],
        },
        {
            "label": _("Expected net present value"),
            "kind": "money",
            "values": [persp[p]["expected_npv"] for p in PERSPECTIVES],
        },
        {
            "label": _("Payback year (year index)"),
            "kind": "year",
            "values": [persp[p]["payback_year"] for p in PERSPECTIVES],
        },
        {
            "label": _("Break-even factor"),
            "kind": "ratio",
            "values": [persp[p]["break_even_factor"] for p in PERSPECTIVES],
        },
        {
            "label": _("Probability of a positive net present value"),
            "kind": "percent",
            "values": [mcp[p]["prob_positive"] for p in PERSPECTIVES],
        },
        {
            "label": _("Simulated net present value, 5th percentile"),
            "kind": "money",
            "values": [mcp[p]["p05"] for p in PERSPECTIVES],
        },
        {
            "label": _("Simulated net present value, median"),
            "kind": "money",
            "values": [mcp[p]["p50"] for p in PERSPECTIVES],
        },
        {
            "label": _("Simulated net present value, 95th percentile"),
            "kind": "money",
            "values": [mcp[p]["p95"] for p in PERSPECTIVES],
        },
    ]
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
