"""The deterministic evaluation: flows per stakeholder and year, the three perspectives,
present values, payback, break-even and the repayment plan (spec sections "The model"
and "Repayment and capital cost")."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .model import PERSPECTIVES, Calculation, Kind, Method, Outcome, Stakeholder


def discount_factors(rate: float, horizon: int) -> np.ndarray:
    """d_t = (1 + r)^-t for t = 0 … horizon-1."""
    return (1.0 + rate) ** -np.arange(horizon, dtype=float)


def cases_per_participant(o: Outcome, get=lambda p: p.central):
    """q: changed cases per participant after deadweight, attribution and displacement.

    ``get`` maps a :class:`Param` to its value: the central value here, a vector of draws
    in the Monte Carlo run, so both use this one formula.
    """
    base = (
        get(o.cases_per_participant)
        if o.cases_per_participant is not None
        else get(o.baseline_rate) * get(o.relative_effect)
    )
    return (
        base
        * (1.0 - get(o.deadweight))
        * (1.0 - get(o.attribution))
        * (1.0 - get(o.displacement))
        * (1.0 - o.evidence_haircut)  # a fixed number, never drawn (spec unit-costs.md)
    )


def includes(perspective: str, s: Stakeholder) -> bool:
    if perspective == "municipal":
        return s.municipal
    if perspective == "public":
        return s.public
    return True


def counts_kind(perspective: str, kind: Kind) -> bool:
    return perspective != "societal" or kind is Kind.RESOURCE


def uses_local(perspective: str, s: Stakeholder) -> bool:
    """Out-migration reduces value for municipal stakeholders in the municipal perspective
    (and in their own per-stakeholder figures), never for society."""
    return perspective == "municipal" and s.municipal


def outcome_profiles(o: Outcome, cohorts: list[int], horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """Per year: Σ_c n_c (1-drop_off)^k, gross and local (× (1-out_migration)^(t-c))."""
    drop = o.drop_off.central
    stay = 1.0 - o.out_migration.central
    gross = np.zeros(horizon)
    local = np.zeros(horizon)
    for c, n in enumerate(cohorts):
        if n == 0:
            continue
        for k in range(o.duration):
            t = c + o.lag + k
            if t >= horizon:
                break  # value after the horizon is not counted
            v = n * (1.0 - drop) ** k
            gross[t] += v
            local[t] += v * stay ** (t - c)
    return gross, local


def cost_flows(calc: Calculation) -> dict[str, np.ndarray]:
    """Costs per stakeholder and year (central values)."""
    cohorts = calc.cohorts()
    flows = {s.id: np.zeros(calc.horizon) for s in calc.stakeholders}
    for cost in calc.costs:
        for t in cost.years:
            if cost.amount is not None:
                flows[cost.stakeholder][t] += cost.amount.central
            if cost.amount_per_participant is not None:
                flows[cost.stakeholder][t] += cost.amount_per_participant.central * cohorts[t]
    return flows


@dataclass
class BenefitFlows:
    """Outcome value per stakeholder and year, split by kind and by gross/local."""

    resource_gross: np.ndarray
    transfer_gross: np.ndarray
    resource_local: np.ndarray
    transfer_local: np.ndarray


def benefit_flows(calc: Calculation) -> dict[str, BenefitFlows]:
    T = calc.horizon
    cohorts = calc.cohorts()
    flows = {s.id: BenefitFlows(*(np.zeros(T) for _ in range(4))) for s in calc.stakeholders}
    for o in calc.outcomes:
        q = cases_per_participant(o)
        gross, local = outcome_profiles(o, cohorts, T)
        for v in o.values:
            f = flows[v.stakeholder]
            amount = q * v.amount.central
            if v.kind is Kind.RESOURCE:
                f.resource_gross += amount * gross
                f.resource_local += amount * local
            else:
                f.transfer_gross += amount * gross
                f.transfer_local += amount * local
    return flows


def stakeholder_benefits(perspective: str, s: Stakeholder, f: BenefitFlows) -> np.ndarray:
    local = uses_local(perspective, s)
    resource = f.resource_local if local else f.resource_gross
    if not counts_kind(perspective, Kind.TRANSFER):
        return resource
    return resource + (f.transfer_local if local else f.transfer_gross)


def payback_year(cumulative: np.ndarray) -> int | None:
    """Smallest t with the cumulative discounted net ≥ 0 at t and at every later year."""
    if len(cumulative) == 0 or cumulative[-1] < 0:
        return None
    t = len(cumulative) - 1
    while t > 0 and cumulative[t - 1] >= 0:
        t -= 1
    return t


def perspective_result(
    benefits: np.ndarray, costs: np.ndarray, d: np.ndarray, success_probability: float
) -> dict:
    net = benefits - costs
    pv_b = float(np.dot(d, benefits))
    pv_c = float(np.dot(d, costs))
    cumulative = np.cumsum(d * net)
    return {
        "pv_benefits": pv_b,
        "pv_costs": pv_c,
        "npv": pv_b - pv_c,
        "bcr": pv_b / pv_c if pv_c != 0 else None,
        "expected_npv": success_probability * pv_b - pv_c,
        "payback_year": payback_year(cumulative),
        "break_even_factor": pv_c / pv_b if pv_b > 0 else None,
        "annual": {
            "benefits": benefits.tolist(),
            "costs": costs.tolist(),
            "net": net.tolist(),
            "cumulative_discounted_net": cumulative.tolist(),
        },
    }


def evaluate(calc: Calculation) -> dict:
    """The deterministic part of the spec's JSON output."""
    T = calc.horizon
    d = discount_factors(calc.discount_rate, T)
    costs = cost_flows(calc)
    benefits = benefit_flows(calc)

    perspectives = {}
    for p in PERSPECTIVES:
        b = np.zeros(T)
        c = np.zeros(T)
        for s in calc.stakeholders:
            if includes(p, s):
                b += stakeholder_benefits(p, s, benefits[s.id])
                c += costs[s.id]
        perspectives[p] = perspective_result(b, c, d, calc.success_probability)

    stakeholders = {}
    for s in calc.stakeholders:
        # all kinds; local values for municipal stakeholders
        b = stakeholder_benefits("municipal" if s.municipal else "public", s, benefits[s.id])
        pv_b = float(np.dot(d, b))
        pv_c = float(np.dot(d, costs[s.id]))
        stakeholders[s.id] = {"pv_benefits": pv_b, "pv_costs": pv_c, "npv": pv_b - pv_c}

    result = {
        "name": calc.name,
        "start_year": calc.start_year,
        "horizon": T,
        "discount_rate": calc.discount_rate,
        "perspectives": perspectives,
        "stakeholders": stakeholders,
    }
    result["price_year"] = calc.price_year if calc.price_year is not None else calc.start_year
    if calc.unit_costs:
        result["unit_costs"] = [use.as_json() for use in calc.unit_costs]
    graded = [(i, o) for i, o in enumerate(calc.outcomes) if o.evidence_grade is not None]
    if graded:
        result["outcomes_adjusted"] = [
            {"outcome": i, "grade": o.evidence_grade, "haircut": o.evidence_haircut}
            for i, o in graded
        ]
    if calc.repayment is not None:
        board = calc.stakeholder(calc.repayment.stakeholder)
        savings = stakeholder_benefits("municipal", board, benefits[board.id])
        result["repayment"] = repayment_plan(calc, savings)
    return result


def repayment_plan(calc: Calculation, board_savings: np.ndarray) -> dict:
    """Year-by-year repayment to the fund and the fund's capital cost on what is outstanding."""
    rp = calc.repayment
    assert rp is not None
    outstanding = rp.amount
    paid = []
    capital_cost = []
    repaid_by = None if outstanding > 0.005 else 0
    for t in range(calc.horizon):
        capital_cost.append(rp.internal_rate * outstanding)
        p = 0.0
        if t >= rp.start:
            if rp.method is Method.SAVINGS:
                p = min(outstanding, rp.share_of_savings * max(0.0, float(board_savings[t])))
            elif t < rp.start + rp.period:
                p = min(outstanding, rp.amount / rp.period)
        outstanding -= p
        paid.append(p)
        if repaid_by is None and outstanding <= 0.005:
            repaid_by = t
    return {
        "annual": paid,
        "total": float(sum(paid)),
        "outstanding": outstanding,
        "repaid_by_year": repaid_by,
        "capital_cost": capital_cost,
        "capital_cost_total": float(sum(capital_cost)),
    }
