"""Properties of catalogue references and evidence grades (spec unit-costs.md):
a reference gives the result of the amount written out; a haircut of 0 changes nothing;
results scale linearly with a unit cost."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socinv.core.calc import calculate, from_dict
from socinv.core.calc.catalogue import catalogue_from_dict

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PERSPECTIVES = ("municipal", "public", "societal")


def _round(x: float) -> float:
    return round(x, 3)  # no tiny magnitudes (see sizes)


amounts = st.one_of(st.just(0.0), st.floats(0.01, 1e6))
# no subnormal sizes: a benefit of 1e-300 kr makes the break-even factor overflow (refused)
sizes = st.one_of(st.just(0.0), st.floats(0.01, 1000))
quantities = st.one_of(
    st.one_of(st.just(0.0), st.floats(0.01, 1000)),
    st.builds(
        lambda a, b, c: {
            "dist": "triangular",
            "low": min(a, b, c),
            "mode": sorted((a, b, c))[1],
            "high": max(a, b, c),
        },
        st.floats(-10, 100).map(_round),
        st.floats(-10, 100).map(_round),
        st.floats(-10, 100).map(_round),
    ),
    st.builds(
        lambda m, s: {"dist": "normal", "mean": m, "sd": s},
        st.floats(-10, 100).map(_round),
        st.floats(0, 30).map(_round),
    ),
    st.builds(
        lambda a, b: {"dist": "uniform", "low": min(a, b), "high": max(a, b)},
        st.floats(-10, 100).map(_round),
        st.floats(-10, 100).map(_round),
    ),
)
years = st.integers(2015, 2026)
index = st.floats(50, 200, allow_nan=False)


def calculation(cost_amount, value_amount, grade=None, haircuts=None) -> dict:
    outcome = {
        "label": "Färre placeringar",
        "baseline_rate": 0.4,
        "relative_effect": 0.3,
        "duration": 3,
        "values": [{"stakeholder": "kommun/socialnamnd", "amount": value_amount}],
    }
    if grade is not None:
        outcome["evidence_grade"] = grade
    data = {
        "name": "Egenskap",
        "start_year": 2026,
        "horizon": 5,
        "discount_rate": 0.035,
        "participants": [10, 12],
        "stakeholders": [
            {"id": "kommun/socialnamnd", "name": "Socialnämnden", "municipal": True, "public": True}
        ],
        "costs": [
            {
                "label": "Insats",
                "stakeholder": "kommun/socialnamnd",
                "years": [0, 1],
                "amount": cost_amount,
            }
        ],
        "outcomes": [outcome],
    }
    if haircuts is not None:
        data["evidence_haircut"] = haircuts
    return data


def catalogue(amount: float, year: int, base: float, now: float) -> dict:
    return {
        "name": "Katalog",
        "index_values": {str(year): base, "2026": now} if year != 2026 else {"2026": now},
        "unit_costs": [
            {
                "id": "hvb-dygn",
                "label": "HVB",
                "unit": "dygn",
                "amount": amount,
                "price_year": year,
                "source": "Påhittad",
            }
        ],
    }


def written_out(quantity, factor):
    """The quantity × factor as the calculation would be written without a reference."""
    if not isinstance(quantity, dict):
        return quantity * factor
    scaled = {k: (v * factor if k != "dist" else v) for k, v in quantity.items()}
    if quantity["dist"] == "normal":
        scaled["min"] = 0.0  # the quantity's clipping to >= 0, scaled
    return scaled


def close(a, b) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


@SETTINGS
@given(quantities, quantities, amounts, years, index, index)
def test_a_reference_gives_the_result_of_the_amount_written_out(q1, q2, amount, year, base, now):
    cat = catalogue_from_dict(catalogue(amount, year, base, now))
    factor = amount * (now / base if year != 2026 else 1.0)
    ref = calculation(
        {"unit_cost": "hvb-dygn", "quantity": q1}, {"unit_cost": "hvb-dygn", "quantity": q2}
    )
    plain = calculation(written_out(q1, factor), written_out(q2, factor))
    if isinstance(q2, dict) and q2["dist"] != "normal":
        # a value line has no range of its own: only a reference clips its quantity at 0
        plain["outcomes"][0]["values"][0]["amount"] = written_out(
            {**q2, **{k: max(0.0, q2[k]) for k in ("low", "mode", "high") if k in q2}}, factor
        )
        if any(q2[k] < 0 for k in ("low", "high")):
            return  # draws below 0 differ from clipped parameters; the central value is checked below
    a = calculate(from_dict(ref, catalogue=cat), draws=200, seed=3)
    b = calculate(from_dict(plain), draws=200, seed=3)
    for p in PERSPECTIVES:
        assert close(a["perspectives"][p]["npv"], b["perspectives"][p]["npv"])
        assert close(
            a["monte_carlo"]["perspectives"][p]["mean"], b["monte_carlo"]["perspectives"][p]["mean"]
        )
    assert [u["field"] for u in a["unit_costs"]] == [
        "costs[0].amount",
        "outcomes[0].values[0].amount",
    ]


@SETTINGS
@given(st.integers(1, 5), amounts, st.floats(1, 1e5))
def test_a_haircut_of_zero_changes_nothing(grade, cost, value):
    zero = {str(g): 0.0 for g in range(1, 6)}
    graded = calculate(from_dict(calculation(cost, value, grade, zero)))
    ungraded = calculate(from_dict(calculation(cost, value)))
    assert graded["perspectives"] == ungraded["perspectives"]
    assert graded["outcomes_adjusted"] == [{"outcome": 0, "grade": grade, "haircut": 0.0}]
    assert "outcomes_adjusted" not in ungraded


@SETTINGS
@given(st.integers(1, 5), st.floats(1, 1e5))
def test_a_haircut_scales_the_benefits_by_one_minus_it(grade, value):
    graded = calculate(from_dict(calculation(0, value, grade)))
    ungraded = calculate(from_dict(calculation(0, value)))
    h = {1: 0.4, 2: 0.3, 3: 0.2, 4: 0.1, 5: 0.0}[grade]
    for p in PERSPECTIVES:
        assert close(
            graded["perspectives"][p]["pv_benefits"],
            (1 - h) * ungraded["perspectives"][p]["pv_benefits"],
        )


@SETTINGS
@given(sizes, sizes, amounts, st.floats(0, 50), years, index, index)
def test_results_scale_linearly_with_a_unit_cost(q_cost, q_value, amount, k, year, base, now):
    ref = calculation(
        {"unit_cost": "hvb-dygn", "quantity": q_cost},
        {"unit_cost": "hvb-dygn", "quantity": q_value},
    )
    one = calculate(
        from_dict(ref, catalogue=catalogue_from_dict(catalogue(amount, year, base, now)))
    )
    k_times = calculate(
        from_dict(ref, catalogue=catalogue_from_dict(catalogue(k * amount, year, base, now)))
    )
    for p in PERSPECTIVES:
        for key in ("pv_benefits", "pv_costs", "npv"):
            assert math.isclose(
                k_times["perspectives"][p][key],
                k * one["perspectives"][p][key],
                rel_tol=1e-9,
                abs_tol=1e-3,
            )
    assert close(
        k_times["unit_costs"][0]["indexed_unit_amount"],
        k * one["unit_costs"][0]["indexed_unit_amount"],
    )
