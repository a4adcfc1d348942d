"""The fund projection's figures checked by hand (shared/spec/projection.md), and the
worked example's repayment plan (calculation.md) reproduced by the projection."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest

from socinv.core import projection as pj
from socinv.core.calc import load
from socinv.core.calc.model import Calculation, Outcome, Param, Stakeholder, Value

# shared/ sits beside the repository (as in test_worked_example.py)
WORKED_EXAMPLE = (
    Path(__file__).resolve().parents[2].parent / "shared" / "examples" / "skolstod.toml"
)


def test_depreciation_with_pay_outs_by_hand():
    # 600 000 owed, 100 000 still to pay out from 2025 (paid in D's year) and 300 000 in
    # 2027: a plan of 1 000 000 / 4 = 250 000 a year from 2026, the last year 2029.
    p = pj.ProjectInput(
        id="1",
        boards=(pj.BoardPart("sn", receivable=600_000),),
        to_pay_out=((2025, 100_000), (2027, 300_000)),
        method=pj.DEPRECIATION,
        period=4,
        start_year=2026,
    )
    f = pj.FundInput(
        as_of=datetime.date(2026, 3, 1),
        available=1_000_000,
        contributions=3_000_000,
        disbursements=600_000,
        contribution_plan=((2027, 500_000), (2040, 1)),
        projects=(p,),
        board_names={"sn": "Socialnämnden"},
    )
    out = pj.projection(f, years=6, draws=100, seed=7)
    assert out["years"] == [2026, 2027, 2028, 2029, 2030, 2031]
    assert out["disbursements"] == [100_000, 300_000, 0, 0, 0, 0]
    assert out["contributions"] == [0, 500_000, 0, 0, 0, 0]
    assert out["repayments"]["total"]["mean"] == [250_000] * 4 + [0, 0]
    assert out["repayments"]["by_board"]["sn"]["name"] == "Socialnämnden"
    assert out["available"]["p50"] == [
        1_250_000,
        2_000_000,
        2_250_000,
        2_500_000,
        2_500_000,
        2_500_000,
    ]
    assert out["fund_money"]["p05"] == [
        2_550_000,
        3_000_000,
        3_250_000,
        3_500_000,
        3_500_000,
        3_500_000,
    ]
    assert out["write_downs"]["central"]["mean"] == [0.0] * 6
    assert out["prob_receivable_repaid"] == {"1": 1.0}
    assert out["money_used_up_year"] is None


def _savings_project(bearer: str) -> pj.ProjectInput:
    # 10 participants × 0.1 cases × 100 000 kr: 100 000 kr a year in 2026–2028, half a chance
    calc = Calculation(
        name="c",
        start_year=2026,
        horizon=3,
        discount_rate=0.0,
        stakeholders=(Stakeholder("kommun/sn", "SN", municipal=True, public=True),),
        success_probability=0.5,
        participants=(10,),
        outcomes=(
            Outcome(
                label="o",
                values=(Value("kommun/sn", Param.fixed(100_000)),),
                cases_per_participant=Param.fixed(0.1),
                duration=3,
            ),
        ),
    )
    return pj.ProjectInput(
        id="9",
        boards=(pj.BoardPart("sn", receivable=200_000, stakeholder="kommun/sn"),),
        calculation=calc,
        bearer=bearer,
    )


def test_savings_central_path_by_hand():
    f = pj.FundInput(
        as_of=datetime.date(2026, 1, 1), available=0, projects=(_savings_project("central"),)
    )
    out = pj.projection(f, years=4, draws=0)
    # savings × success probability: 50 000 a year; 50 000 left is written down in 2028
    assert out["repayments"]["total"]["mean"] == [50_000, 50_000, 50_000, 0]
    assert out["write_downs"]["central"]["mean"] == [0, 0, 50_000, 0]
    assert out["fund_money"]["mean"] == [50_000, 100_000, 100_000, 100_000]
    assert out["prob_receivable_repaid"] == {"9": 0.0}


@pytest.mark.parametrize("bearer", ["central", "board"])
def test_savings_draws_by_hand(bearer):
    f = pj.FundInput(
        as_of=datetime.date(2026, 1, 1), available=0, projects=(_savings_project(bearer),)
    )
    out = pj.projection(f, years=4, draws=20_000, seed=3)
    share = out["prob_receivable_repaid"]["9"]
    assert abs(share - 0.5) < 0.02  # success: 100 000 in 2026 and 2027; failure: nothing
    rep = out["repayments"]["total"]
    assert rep["mean"][0] == pytest.approx(100_000 * share)
    assert rep["mean"][1] == pytest.approx(100_000 * share)
    assert (rep["p05"][0], rep["p95"][0]) == (0, 100_000)
    failed = 200_000 * (1 - share)  # written down in the window's last year, 2028
    if bearer == "central":
        assert out["write_downs"]["central"]["mean"][2] == pytest.approx(failed)
        assert rep["mean"][2] == 0
    else:  # the board repays it from its frame: a repayment, no loss to the fund
        assert out["write_downs"]["board"]["mean"][2] == pytest.approx(failed)
        assert rep["mean"][2] == pytest.approx(failed)
        assert out["write_downs"]["central"]["mean"] == [0] * 4
        assert out["available"]["mean"][-1] == pytest.approx(200_000)


def test_budget_model_says_when_the_money_is_used_up():
    p = pj.ProjectInput(
        id="1",
        boards=(pj.BoardPart("sn", receivable=0),),
        to_pay_out=((2026, 400_000), (2027, 400_000), (2028, 400_000)),
    )
    f = pj.FundInput(
        as_of=datetime.date(2026, 5, 1),
        available=0,
        contributions=1_000_000,
        budget_model=True,
        projects=(p,),
    )
    out = pj.projection(f, years=5, draws=10)
    assert out["fund_money"]["mean"] == [600_000, 200_000, -200_000, -200_000, -200_000]
    assert out["money_used_up_year"] == 2028
    assert out["repayments"]["total"]["mean"] == [0] * 5
    assert out["prob_receivable_repaid"] == {}


def test_the_worked_examples_repayment_plan():
    # calculation.md: repayment annual = [0, 1 567 500, 1 132 500, 0, …] (success 1)
    calc = dataclasses.replace(load(WORKED_EXAMPLE), success_probability=1.0)
    rp = calc.repayment
    p = pj.ProjectInput(
        id="1",
        boards=(pj.BoardPart("sn", receivable=rp.amount, stakeholder=rp.stakeholder),),
        calculation=calc,
    )
    f = pj.FundInput(as_of=datetime.date(calc.start_year, 1, 1), available=0, projects=(p,))
    out = pj.projection(f, years=calc.horizon, draws=0)
    assert out["repayments"]["total"]["mean"][:4] == pytest.approx(
        [0, 1_567_500, 1_132_500, 0], abs=0.01
    )
    assert out["prob_receivable_repaid"] == {"1": 1.0}
