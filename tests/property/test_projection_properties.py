"""The fund projection's invariants (shared/spec/projection.md, "Invariants"), for random
portfolios: money is conserved per project and draw, the percentiles are ordered,
available to commit never decreases, no uncertainty gives the central path in every
percentile, the repayments follow the calculation's own repayment plan, and the same seed
gives the same output."""

from __future__ import annotations

import dataclasses
import datetime

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socinv.core import projection as pj
from socinv.core.calc import evaluate
from socinv.core.calc.model import Calculation, Outcome, Param, Repayment, Stakeholder, Value

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BOARDS = ("kommun/sn", "kommun/un")
money = st.floats(0, 5e6, allow_nan=False)


def param(lo: float, hi: float, uncertain: bool):
    fixed = st.floats(lo, hi).map(Param.fixed)
    if not uncertain:
        return fixed

    def tri(a, b, c):
        low, mode, high = sorted((a, b, c))
        return Param(central=mode, dist="triangular", low=low, mode=mode, high=high, lo=0.0)

    return st.one_of(fixed, st.builds(tri, st.floats(lo, hi), st.floats(lo, hi), st.floats(lo, hi)))


@st.composite
def calculations(draw, uncertain=True):
    horizon = draw(st.integers(1, 8))
    fractions = param(0, 0.4, uncertain)
    outcomes = []
    for i in range(draw(st.integers(0, 2))):
        values = tuple(
            Value(
                stakeholder=draw(st.sampled_from((*BOARDS, "stat"))),
                amount=draw(param(-2e4, 3e5, uncertain)),
            )
            for _ in range(draw(st.integers(1, 3)))
        )
        outcomes.append(
            Outcome(
                label=f"o{i}",
                values=values,
                cases_per_participant=draw(param(0, 1, uncertain)),
                lag=draw(st.integers(0, 2)),
                duration=draw(st.integers(1, 10)),
                drop_off=draw(fractions),
                out_migration=draw(fractions),
            )
        )
    return Calculation(
        name="c",
        start_year=draw(st.integers(2024, 2029)),
        horizon=horizon,
        discount_rate=0.03,
        stakeholders=(
            Stakeholder("kommun/sn", "SN", municipal=True, public=True),
            Stakeholder("kommun/un", "UN", municipal=True, public=True),
            Stakeholder("stat", "Staten", public=True),
        ),
        success_probability=draw(st.floats(0, 1)) if uncertain else 1.0,
        participants=tuple(draw(st.lists(st.integers(0, 40), max_size=horizon))),
        outcomes=tuple(outcomes),
    )


@st.composite
def projects(draw, pid: str, uncertain=True):
    method = draw(st.sampled_from((pj.SAVINGS, pj.DEPRECIATION)))
    boards = tuple(
        pj.BoardPart(board=b, receivable=draw(money), stakeholder=b)
        for b in draw(st.lists(st.sampled_from(BOARDS), min_size=1, max_size=2, unique=True))
    )
    return pj.ProjectInput(
        id=pid,
        boards=boards,
        calculation=draw(st.one_of(st.none(), calculations(uncertain))),
        to_pay_out=tuple(draw(st.lists(st.tuples(st.integers(2023, 2032), money), max_size=3))),
        method=method,
        share=draw(st.floats(0.05, 1)),
        period=draw(st.integers(1, 6)) if method == pj.DEPRECIATION else None,
        start_year=draw(st.integers(2023, 2030)) if method == pj.DEPRECIATION else None,
        bearer=draw(st.sampled_from((pj.CENTRAL, pj.BOARD))),
    )


@st.composite
def funds(draw, uncertain=True, budget_model=None):
    n = draw(st.integers(0, 4))
    return pj.FundInput(
        as_of=datetime.date(draw(st.integers(2025, 2027)), 6, 30),
        available=draw(money),
        contributions=draw(money),
        repayments=draw(money),
        disbursements=draw(money),
        contribution_plan=tuple(
            draw(st.lists(st.tuples(st.integers(2024, 2040), money), max_size=4))
        ),
        budget_model=draw(st.booleans()) if budget_model is None else budget_model,
        projects=tuple(draw(projects(str(i), uncertain)) for i in range(n)),
    )


@SETTINGS
@given(p=projects("1"), year=st.integers(2025, 2027), seed=st.integers(0, 2**32 - 1))
def test_money_is_conserved_per_project_and_draw(p, year, seed):
    paths = pj.project_paths(p, year, 10, 200, np.random.default_rng(seed))
    repaid = sum(a.sum(axis=0) for a in paths.repaid.values())
    board = sum(a.sum(axis=0) for a in paths.board_written_down.values())
    central = paths.central_written_down.sum(axis=0)
    total = repaid + board + central
    if paths.window_end is not None:
        owed = sum(b.receivable for b in p.boards) + sum(
            a for y, a in p.to_pay_out if max(y, year) < year + 10
        )
        assert np.allclose(total, owed, rtol=1e-9, atol=1e-6)
        assert paths.total_owed == np.float64(owed) or np.isclose(paths.total_owed, owed)
    else:  # the window is still open: never more than is owed
        assert np.all(total <= paths.total_owed + 1e-6)
    for a in (*paths.repaid.values(), *paths.board_written_down.values(), central):
        assert np.all(a >= -1e-9)


@SETTINGS
@given(f=funds(), years=st.integers(1, 15), draws=st.integers(1, 300), seed=st.integers(0, 99))
def test_percentiles_ordered_available_never_decreases(f, years, draws, seed):
    out = pj.projection(f, years=years, draws=draws, seed=seed)
    for key in ("available", "fund_money"):
        band = out[key]
        assert all(len(band[k]) == years for k in ("mean", "p05", "p50", "p95"))
        for lo, mid, hi in zip(band["p05"], band["p50"], band["p95"], strict=True):
            assert lo <= mid + 1e-6 and mid <= hi + 1e-6
    for k in ("mean", "p05", "p50", "p95"):
        a = out["available"][k]
        assert all(b >= a_ - 1e-6 for a_, b in zip(a, a[1:], strict=False))
        assert a[0] >= f.available - 1e-6
    for band in (out["repayments"]["total"], *out["repayments"]["by_board"].values()):
        assert all(lo <= hi + 1e-6 for lo, hi in zip(band["p05"], band["p95"], strict=True))
    assert len(out["disbursements"]) == len(out["contributions"]) == years
    for p in out["prob_receivable_repaid"].values():
        assert 0.0 <= p <= 1.0
    if f.budget_model:
        assert all(v == 0 for v in out["repayments"]["total"]["mean"])
        assert out["prob_receivable_repaid"] == {}
        central = pj.projection(f, years=years, draws=0, seed=seed)["fund_money"]["mean"]
        used_up = next((y for y, m in zip(out["years"], central, strict=True) if m <= 0.005), None)
        assert out["money_used_up_year"] == used_up
    else:
        assert out["money_used_up_year"] is None


@SETTINGS
@given(f=funds(uncertain=False), draws=st.integers(1, 50), seed=st.integers(0, 99))
def test_no_uncertainty_every_percentile_is_the_central_path(f, draws, seed):
    central = pj.projection(f, years=8, draws=0, seed=seed)
    drawn = pj.projection(f, years=8, draws=draws, seed=seed)
    for key in ("available", "fund_money"):
        for k in ("mean", "p05", "p50", "p95"):
            assert np.allclose(drawn[key][k], central[key]["mean"], rtol=1e-12, atol=1e-6)
    for k in ("mean", "p05", "p95"):
        assert np.allclose(
            drawn["repayments"]["total"][k], central["repayments"]["total"]["mean"], atol=1e-6
        )
    assert drawn["prob_receivable_repaid"] == central["prob_receivable_repaid"]


@SETTINGS
@given(calc=calculations(uncertain=False), receivable=st.floats(1, 5e6))
def test_repayments_follow_the_calculations_plan_capped_by_the_receivable(calc, receivable):
    calc = dataclasses.replace(
        calc, repayment=Repayment(stakeholder="kommun/sn", amount=receivable)
    )
    plan = evaluate(calc)["repayment"]["annual"]
    p = pj.ProjectInput(
        id="1",
        boards=(pj.BoardPart("sn", receivable=receivable, stakeholder="kommun/sn"),),
        calculation=calc,
    )
    f = pj.FundInput(as_of=datetime.date(calc.start_year, 1, 1), available=0.0, projects=(p,))
    out = pj.projection(f, years=calc.horizon, draws=5, seed=1)
    board = out["repayments"]["by_board"]["sn"]
    wd = out["write_downs"]
    left = receivable - sum(plan)
    for t, paid in enumerate(plan):
        last = t == calc.horizon - 1
        # the window's last year: what is left is written down (central by default)
        assert np.isclose(board["mean"][t], paid, atol=1e-6)
        assert np.isclose(wd["central"]["mean"][t], left if last else 0.0, atol=1e-6)
        assert np.isclose(board["p05"][t], paid, atol=1e-6)
        assert np.isclose(board["p95"][t], paid, atol=1e-6)


@SETTINGS
@given(f=funds(), seed=st.integers(0, 2**32 - 1))
def test_same_seed_same_output(f, seed):
    a = pj.projection(f, years=6, draws=64, seed=seed)
    b = pj.projection(f, years=6, draws=64, seed=seed)
    assert a == b


def test_options_outside_their_limits_are_refused():
    f = pj.FundInput(as_of=datetime.date(2026, 1, 1), available=0.0)
    for kwargs, field, code in (
        ({"years": 0}, "years", "too_small"),
        ({"years": 31}, "years", "too_large"),
        ({"draws": -1}, "draws", "too_small"),
        ({"draws": 100_001}, "draws", "too_large"),
        ({"seed": 2**32}, "seed", "too_large"),
        ({"seed": 1.5}, "seed", "not_integer"),
    ):
        try:
            pj.projection(f, **kwargs)
        except pj.ProjectionError as e:
            assert [(p.field, p.code) for p in e.problems] == [(field, code)]
        else:
            raise AssertionError(kwargs)
