"""Sensitivity (tornado), spec shared/spec/calculation.md "Sensitivity (tornado)".

On the worked example the one distribution is ``outcomes[0].relative_effect`` (normal,
mean 0.30, sd 0.15, min 0, max 1). Its low and high values are the spec's formula
(mean ∓ 1.6448536 × sd); the NPV is linear in that field, so the NPV at each is the spec's
NPV (the worked example's table) plus (value − 0.30) times the outcome's present value per
unit of relative effect, summed here by hand from the spec's model. Both routes to 0.01 kr.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socinv.core.calc import PERSPECTIVES, calculate, evaluate, load, parse
from socinv.core.calc.model import Param
from socinv.core.calc.sensitivity import percentile, quantile, sensitivity

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
EXAMPLE = SHARED / "examples" / "skolstod.toml"
KR = 0.01

# the worked example's NPV per perspective (the spec's table)
SPEC_NPV = {"municipal": 5_606_960.89, "public": 7_387_990.48, "societal": 8_563_443.99}
LOW = 0.30 - 1.6448536 * 0.15
HIGH = 0.30 + 1.6448536 * 0.15


def _d(t: int) -> float:
    return 1.035**-t


def _slope(local: bool) -> float:
    """PV of outcome 0 per unit of relative effect: 20 participants a year for three
    years, baseline 0.25, 1 100 000 kr a case, lag 1, two years, drop-off 0.2, and the
    municipal perspective's out-migration 0.05 a year since the cohort's start."""
    stay = 0.95 if local else 1.0
    return sum(
        20 * 0.25 * 1_100_000 * (stay * _d(c + 1) + 0.8 * stay**2 * _d(c + 2)) for c in range(3)
    )


# the figures, to 0.01 kr (computed from the two lines above; checked both ways below)
EXPECTED = {
    "municipal": (-656_880.73, 11_870_802.50),
    "public": (647_542.24, 14_128_438.73),
    "societal": (1_822_995.74, 15_303_892.23),
}


@pytest.fixture(scope="module")
def example():
    assert EXAMPLE.is_file(), f"worked example not found at {EXAMPLE}"
    return load(EXAMPLE)


def test_the_worked_example_matches_the_spec(example):
    rows = sensitivity(example)
    for p in PERSPECTIVES:
        assert len(rows[p]) == 1
        (row,) = rows[p]
        assert row["field"] == "outcomes[0].relative_effect"
        assert row["low"] == pytest.approx(LOW, abs=1e-12)
        assert row["high"] == pytest.approx(HIGH, abs=1e-12)
        slope = _slope(local=p == "municipal")
        assert abs(row["npv_low"] - (SPEC_NPV[p] + (LOW - 0.30) * slope)) < KR
        assert abs(row["npv_high"] - (SPEC_NPV[p] + (HIGH - 0.30) * slope)) < KR
        low, high = EXPECTED[p]
        assert abs(row["npv_low"] - low) < KR
        assert abs(row["npv_high"] - high) < KR


def test_the_cli_prints_it_in_the_json():
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "socinv", "calc", str(EXAMPLE), "--json", "--sensitivity"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    result = json.loads(out.stdout)
    assert set(result["sensitivity"]) == set(PERSPECTIVES)
    for p in PERSPECTIVES:
        (row,) = result["sensitivity"][p]
        assert set(row) == {"field", "low", "high", "npv_low", "npv_high"}
        assert abs(row["npv_low"] - EXPECTED[p][0]) < KR
        assert abs(row["npv_high"] - EXPECTED[p][1]) < KR
    plain = subprocess.run(
        [sys.executable, "-m", "socinv", "calc", str(EXAMPLE), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    assert "sensitivity" not in json.loads(plain.stdout)  # only with --sensitivity


def test_the_table_shows_it():
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "socinv", "calc", str(EXAMPLE), "--sensitivity"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    ).stdout
    assert "Känslighetsanalys (Kommunalekonomisk)" in out
    assert "outcomes[0].relative_effect" in out
    assert "−656\xa0881\xa0kr" in out and "11\xa0870\xa0803\xa0kr" in out


BASE = """
name = "t"
start_year = 2026
horizon = 5
discount_rate = 0.03
participants = [10, 10]
[[stakeholders]]
id = "k"
name = "K"
municipal = true
public = true
[[stakeholders]]
id = "s"
name = "S"
[[costs]]
label = "c"
stakeholder = "k"
years = [0, 1]
amount = {cost}
[[outcomes]]
label = "o"
cases_per_participant = {cases}
duration = 3
deadweight = {deadweight}
  [[outcomes.values]]
  stakeholder = "k"
  amount = {value}
  [[outcomes.values]]
  stakeholder = "s"
  amount = 5000
"""


def _calc(cost="100000", cases="0.5", deadweight="0.1", value="20000"):
    return parse(BASE.format(cost=cost, cases=cases, deadweight=deadweight, value=value))


def test_without_distributions_the_lists_are_empty():
    assert sensitivity(_calc()) == {p: [] for p in PERSPECTIVES}
    assert calculate(_calc(), sensitivity=True)["sensitivity"] == {p: [] for p in PERSPECTIVES}


def test_uniform_and_triangular_percentiles_and_clipping():
    u = Param(central=0.5, dist="uniform", low=0.0, high=1.0, lo=0.0, hi=1.0)
    assert percentile(u, 0.05) == pytest.approx(0.05)
    assert percentile(u, 0.95) == pytest.approx(0.95)
    # triangular (0, 1, 4): F(1) = 0.25; the 5th percentile sqrt(0.05·4·1), the 95th
    # 4 − sqrt(0.05·4·3)
    t = Param(central=1.0, dist="triangular", low=0.0, mode=1.0, high=4.0)
    assert quantile(t, 0.05) == pytest.approx(math.sqrt(0.2))
    assert quantile(t, 0.95) == pytest.approx(4 - math.sqrt(0.6))
    # a normal clipped to its min and to the field's range
    n = Param(central=0.2, dist="normal", mean=0.2, sd=0.5, lo=0.0, hi=0.6)
    assert percentile(n, 0.05) == 0.0
    assert percentile(n, 0.95) == 0.6


def test_rows_are_sorted_by_swing_ties_in_file_order():
    calc = _calc(
        cost='{ dist = "uniform", low = 90000, high = 110000 }',
        cases='{ dist = "uniform", low = 0.4, high = 0.6 }',
        deadweight='{ dist = "uniform", low = 0.0, high = 0.2 }',
        value='{ dist = "triangular", low = 10000, mode = 20000, high = 40000 }',
    )
    rows = sensitivity(calc)
    fields = {
        "costs[0].amount",
        "outcomes[0].cases_per_participant",
        "outcomes[0].deadweight",
        "outcomes[0].values[0].amount",
    }
    for p in PERSPECTIVES:
        assert {r["field"] for r in rows[p]} == fields
        swings = [abs(r["npv_high"] - r["npv_low"]) for r in rows[p]]
        assert swings == sorted(swings, reverse=True)
    # the value of stakeholder s counts only for society: municipal and public rows for
    # values[0] swing, and the costs swing by 20 000 × (1 + 1/1.03) in every perspective
    cost_row = next(r for r in rows["municipal"] if r["field"] == "costs[0].amount")
    assert abs(cost_row["npv_low"] - cost_row["npv_high"]) == pytest.approx(
        0.9 * 20_000 * (1 + 1 / 1.03)
    )
    # a tie (two fields without effect in a perspective) keeps file order
    tied = _calc(
        cost="100000",
        cases="0.5",
        deadweight="0.1",
        value='{ dist = "uniform", low = 10000, high = 30000 }',
    )
    tied = replace(
        tied,
        costs=(replace(tied.costs[0], amount=Param(central=5.0, dist="uniform", low=5, high=5)),),
    )
    order = [r["field"] for r in sensitivity(tied)["societal"]]
    assert order == ["outcomes[0].values[0].amount", "costs[0].amount"]


@settings(max_examples=40, deadline=None)
@given(
    low=st.floats(min_value=0.0, max_value=0.5),
    width=st.floats(min_value=0.0, max_value=0.5),
    value=st.floats(min_value=-50_000, max_value=50_000),
)
def test_each_row_is_the_deterministic_npv_with_that_field_fixed(low, width, value):
    """Property: npv_low/npv_high are exactly what the engine gives for a calculation that
    has the field as a plain number at the low/high value."""
    dist = f'{{ dist = "uniform", low = {low!r}, high = {low + width!r} }}'
    rows = sensitivity(_calc(cases=dist, value=repr(value)))
    for p in PERSPECTIVES:
        (row,) = rows[p]
        for side in ("low", "high"):
            fixed = evaluate(_calc(cases=repr(row[side]), value=repr(value)))
            assert row[f"npv_{side}"] == pytest.approx(
                fixed["perspectives"][p]["npv"], abs=KR, rel=1e-12
            )
        assert low <= row["low"] <= row["high"] <= low + width + 1e-12
