"""The Monte Carlo run (spec section "Monte Carlo"), fast by design.

* Vectorised over draws: every quantity of the model is a vector of ``chunk`` draws.
* No year-by-year loop per draw: the present value of one cohort's value over its
  duration is the geometric series Σ_k x^k · d_(c+lag) with x = (1 − drop_off)/(1 + r)
  (times (1 − out_migration) for local value). The cohorts' series are folded into one
  polynomial in x, evaluated by Horner's rule: a handful of multiply-adds per draw,
  exact also at x = 1 where the closed form (1 − x^K)/(1 − x) is 0/0. Where drop-off and
  out-migration are certain, the series is a constant computed once.
* Draws are processed in chunks, so memory stays bounded: only the NPV per perspective
  and draw (3 × 8 bytes) is kept for the percentiles.
* One ``numpy.random.Generator`` (PCG64) seeded with ``seed``, drawn in a fixed order
  with a fixed chunk size: same seed and input, same result.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .evaluate import cases_per_participant, counts_kind, discount_factors, includes, uses_local
from .model import PERSPECTIVES, Calculation, Outcome, Param
from .problems import InputError
from .result_checks import check_run

CHUNK = 65_536


def sample(p: Param | None, rng: np.random.Generator, n: int):
    """n draws of ``p`` (a float for a certain value), clipped to its bounds."""
    if p is None:
        return None
    if p.dist is None:
        return p.central
    if p.dist == "normal":
        x = rng.normal(p.mean, p.sd, n)
        needs_clip = True
    elif p.dist == "triangular":
        if p.high == p.low:
            x = np.full(n, p.low)
        else:
            x = rng.triangular(p.low, p.mode, p.high, n)
        needs_clip = _outside(p.low, p.high, p)
    else:
        x = rng.uniform(p.low, p.high, n)
        needs_clip = _outside(p.low, p.high, p)
    if needs_clip and (p.lo is not None or p.hi is not None):
        np.clip(x, p.lo, p.hi, out=x)
    return x


def drawer(rng: np.random.Generator, n: int) -> Callable[[Param], object]:
    """``get(param)``: n draws of ``param``, drawn once (the same draws for every use of
    one field within an outcome), in the order they are first asked for."""
    drawn: dict[int, object] = {}

    def get(p: Param):
        key = id(p)
        if key not in drawn:
            drawn[key] = sample(p, rng, n)
        return drawn[key]

    return get


def _outside(low: float, high: float, p: Param) -> bool:
    return (p.lo is not None and low < p.lo) or (p.hi is not None and high > p.hi)


def _series_coefficients(o: Outcome, cohorts: list[int], d: np.ndarray) -> list[float]:
    """Coefficients C_k with Σ_c n_c d_(c+lag) Σ_(k<K_c) x^k = Σ_k C_k x^k,
    K_c = min(duration, horizon − c − lag) (value after the horizon is not counted)."""
    T = len(d)
    coef = [0.0] * min(o.duration, T)  # a duration beyond the horizon is cut there
    for c, n in enumerate(cohorts):
        start = c + o.lag
        if n == 0 or start >= T:
            continue
        w = n * d[start]
        for k in range(min(o.duration, T - start)):
            coef[k] += w
    while coef and coef[-1] == 0.0:
        coef.pop()
    return coef


def _horner(coef: list[float], x):
    if not coef:
        return 0.0
    if np.isscalar(x):
        acc = coef[-1]
        for c in reversed(coef[:-1]):
            acc = acc * x + c
        return acc
    acc = np.full_like(x, coef[-1])
    for c in reversed(coef[:-1]):
        acc *= x
        acc += c
    return acc


class _Plan:
    """What does not change between chunks: weights, which lines count where."""

    def __init__(self, calc: Calculation):
        self.calc = calc
        T = calc.horizon
        d = discount_factors(calc.discount_rate, T)
        cohorts = calc.cohorts()
        self.inv_growth = 1.0 / (1.0 + calc.discount_rate)
        self.cost_weights = []  # (cost, Σ d_t over its years, Σ n_t d_t, perspective mask)
        for cost in calc.costs:
            s = calc.stakeholder(cost.stakeholder)
            mask = np.array([includes(p, s) for p in PERSPECTIVES], dtype=float)
            wa = float(sum(d[t] for t in cost.years))
            wp = float(sum(cohorts[t] * d[t] for t in cost.years))
            self.cost_weights.append((cost, wa, wp, mask))
        self.outcomes = []
        for o in calc.outcomes:
            coef = _series_coefficients(o, cohorts, d)
            if not coef:
                continue  # all value falls after the horizon
            lines = []
            for v in o.values:
                s = calc.stakeholder(v.stakeholder)
                gross = np.array(
                    [
                        includes(p, s) and counts_kind(p, v.kind) and not uses_local(p, s)
                        for p in PERSPECTIVES
                    ],
                    dtype=float,
                )
                local = np.array(
                    [
                        includes(p, s) and counts_kind(p, v.kind) and uses_local(p, s)
                        for p in PERSPECTIVES
                    ],
                    dtype=float,
                )
                if gross.any() or local.any():
                    lines.append((v, gross, local))
            if lines:
                self.outcomes.append((o, coef, lines))


def monte_carlo(
    calc: Calculation,
    draws: int,
    seed: int,
    *,
    chunk: int = CHUNK,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Per perspective: prob_positive, mean, p05, p50, p95 of the NPV over ``draws`` draws."""
    problems = check_run(draws, seed)
    if problems:
        raise InputError(problems, "<options>")
    plan = _Plan(calc)
    rng = np.random.default_rng(seed)
    npv = np.empty((len(PERSPECTIVES), draws))
    done = 0
    while done < draws:
        n = min(chunk, draws - done)
        npv[:, done : done + n] = _chunk(plan, rng, n)
        done += n
        if progress is not None:
            progress(done, draws)
    perspectives = {}
    for i, p in enumerate(PERSPECTIVES):
        x = npv[i]
        p05, p50, p95 = np.percentile(x, [5, 50, 95])
        perspectives[p] = {
            "prob_positive": float(np.count_nonzero(x > 0) / draws),
            "mean": float(x.mean()),
            "p05": float(p05),
            "p50": float(p50),
            "p95": float(p95),
        }
    return {"draws": draws, "seed": seed, "perspectives": perspectives}


def _chunk(plan: _Plan, rng: np.random.Generator, n: int) -> np.ndarray:
    """NPV per perspective (rows) for n draws (columns)."""
    calc = plan.calc
    total = np.zeros((len(PERSPECTIVES), n))
    # Costs: PV = amount · Σ_years d_t + amount_per_participant · Σ_years n_t d_t
    for cost, wa, wp, mask in plan.cost_weights:
        pv = 0.0
        if cost.amount is not None:
            pv = pv + sample(cost.amount, rng, n) * wa
        if cost.amount_per_participant is not None:
            pv = pv + sample(cost.amount_per_participant, rng, n) * wp
        for i in np.flatnonzero(mask):
            total[i] -= pv
    success = None
    if calc.success_probability < 1.0:
        success = (rng.random(n) < calc.success_probability).astype(float)
    for o, coef, lines in plan.outcomes:
        get = drawer(rng, n)
        q = cases_per_participant(o, get)
        drop = get(o.drop_off)
        leave = get(o.out_migration)
        # Σ of amounts per perspective, split by gross and local value
        gross_sum: list = [None] * len(PERSPECTIVES)
        local_sum: list = [None] * len(PERSPECTIVES)
        for v, gross, local in lines:
            a = get(v.amount)
            for i in range(len(PERSPECTIVES)):
                if gross[i]:
                    gross_sum[i] = a if gross_sum[i] is None else gross_sum[i] + a
                if local[i]:
                    local_sum[i] = a if local_sum[i] is None else local_sum[i] + a
        x_gross = (1.0 - drop) * plan.inv_growth
        s_gross = _horner(coef, x_gross) if any(g is not None for g in gross_sum) else 0.0
        s_local = 0.0
        if any(v is not None for v in local_sum):
            stay = 1.0 - leave
            s_local = stay**o.lag * _horner(coef, x_gross * stay)
        w = q if success is None else q * success
        for i in range(len(PERSPECTIVES)):
            if gross_sum[i] is None and local_sum[i] is None:
                continue
            pv = 0.0
            if gross_sum[i] is not None:
                pv = gross_sum[i] * s_gross
            if local_sum[i] is not None:
                pv = pv + local_sum[i] * s_local
            total[i] += w * pv
    return total
