"""Sensitivity (tornado): spec shared/spec/calculation.md, section "Sensitivity (tornado)".

For every field given as a distribution, the deterministic NPV of each perspective with
that one field at its distribution's 5th and then its 95th percentile, every other field
at its central value. The percentile is clipped like a central value: to the
distribution's ``min``/``max`` and to the field's range (both are :attr:`Param.lo` and
:attr:`Param.hi`).

Order of the fields: costs before outcomes, each in file order, and within a table the
spec's order of its keys (``amount``, ``amount_per_participant``; ``baseline_rate``,
``relative_effect``, ``cases_per_participant``, ``drop_off``, ``deadweight``,
``attribution``, ``displacement``, ``out_migration``, then ``values[j].amount``). Each
perspective's list is sorted by ``|npv_high − npv_low|``, largest first; the sort is
stable, so ties keep that order.

Pure: the standard library and the engine's own :func:`~.evaluate.evaluate`, unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace

from .evaluate import evaluate
from .model import COST_PARAMS, OUTCOME_PARAMS, PERSPECTIVES, Calculation, Outcome, Param

LOW, HIGH = 0.05, 0.95
# the standard normal's 95th percentile, as the spec writes it
Z95 = 1.6448536


def quantile(p: Param, u: float) -> float:
    """The ``u``-quantile (0.05 or 0.95) of ``p``'s distribution, before clipping; a
    plain number is its own quantile."""
    if p.dist == "normal":
        z = -Z95 if u == LOW else Z95 if u == HIGH else _normal_z(u)
        return p.mean + z * p.sd
    if p.dist == "uniform":
        return p.low + u * (p.high - p.low)
    if p.dist == "triangular":
        a, c, b = p.low, p.mode, p.high
        if b == a:
            return a
        if u < (c - a) / (b - a):
            return a + math.sqrt(u * (b - a) * (c - a))
        return b - math.sqrt((1.0 - u) * (b - a) * (b - c))
    return p.central


def _normal_z(u: float) -> float:  # only for quantiles other than the spec's two
    from statistics import NormalDist

    return NormalDist().inv_cdf(u)


def clipped(p: Param, x: float) -> float:
    """``x`` clipped as a central value is (to ``min``/``max`` and the field's range)."""
    if p.lo is not None and x < p.lo:
        x = p.lo
    if p.hi is not None and x > p.hi:
        x = p.hi
    return x


def percentile(p: Param, u: float) -> float:
    """The spec's low (``u`` = 0.05) or high (0.95) value of an uncertain field."""
    return clipped(p, quantile(p, u))


def uncertain_fields(calc: Calculation) -> Iterator[tuple[str, Param, object]]:
    """(path as in error messages, the distribution, a function value → the calculation
    with that one field fixed at value) for every field given as a distribution."""
    for i, cost in enumerate(calc.costs):
        for name in COST_PARAMS:
            p = getattr(cost, name)
            if p is not None and p.uncertain:
                yield f"costs[{i}].{name}", p, _cost_setter(calc, i, name)
    for i, o in enumerate(calc.outcomes):
        for name in OUTCOME_PARAMS:
            p = getattr(o, name)
            if p is not None and p.uncertain:
                yield f"outcomes[{i}].{name}", p, _outcome_setter(calc, i, name)
        for j, v in enumerate(o.values):
            if v.amount.uncertain:
                yield f"outcomes[{i}].values[{j}].amount", v.amount, _value_setter(calc, i, j)


def _cost_setter(calc: Calculation, i: int, name: str):
    def at(x: float) -> Calculation:
        costs = list(calc.costs)
        costs[i] = replace(costs[i], **{name: Param.fixed(x)})
        return replace(calc, costs=tuple(costs))

    return at


def _with_outcome(calc: Calculation, i: int, o: Outcome) -> Calculation:
    outcomes = list(calc.outcomes)
    outcomes[i] = o
    return replace(calc, outcomes=tuple(outcomes))


def _outcome_setter(calc: Calculation, i: int, name: str):
    def at(x: float) -> Calculation:
        return _with_outcome(calc, i, replace(calc.outcomes[i], **{name: Param.fixed(x)}))

    return at


def _value_setter(calc: Calculation, i: int, j: int):
    def at(x: float) -> Calculation:
        o = calc.outcomes[i]
        values = list(o.values)
        values[j] = replace(values[j], amount=Param.fixed(x))
        return _with_outcome(calc, i, replace(o, values=tuple(values)))

    return at


def npv_by_perspective(calc: Calculation) -> dict[str, float]:
    perspectives = evaluate(calc)["perspectives"]
    return {p: perspectives[p]["npv"] for p in PERSPECTIVES}


def sensitivity(calc: Calculation) -> dict[str, list[dict]]:
    """The spec's ``sensitivity`` object: per perspective, the sorted tornado rows."""
    rows: dict[str, list[dict]] = {p: [] for p in PERSPECTIVES}
    for path, param, at in uncertain_fields(calc):
        low, high = percentile(param, LOW), percentile(param, HIGH)
        npv_low = npv_by_perspective(at(low))
        npv_high = npv_by_perspective(at(high))
        for p in PERSPECTIVES:
            rows[p].append(
                {
                    "field": path,
                    "low": low,
                    "high": high,
                    "npv_low": npv_low[p],
                    "npv_high": npv_high[p],
                }
            )
    for p in PERSPECTIVES:
        rows[p].sort(key=lambda r: abs(r["npv_high"] - r["npv_low"]), reverse=True)
    return rows
