"""Repayment and capital cost (återföring, kapitalkostnad), spec section of the same name.

Board "m" (municipal, public). Unless stated: 10 participants in year 0,
1 case each, so a value line of `a` kr gives 10 x a kr per value year.
"""

import pytest

from socinv.core.calc import InputError, evaluate, parse

A = 0.01

STAKEHOLDERS = """
[[stakeholders]]
id = "m"
name = "Socialnämnden"
municipal = true
public = true

[[stakeholders]]
id = "m2"
name = "Utbildningsnämnden"
municipal = true
public = true

[[stakeholders]]
id = "p"
name = "Staten"
public = true

[[stakeholders]]
id = "o"
name = "Individen"
"""


def outcome(*values, **kw):
    kw.setdefault("cases_per_participant", 1.0)
    lines = ["", "[[outcomes]]", 'label = "effekt"']
    lines += [f"{k} = {v!r}" for k, v in kw.items()]
    for s, amount, kind in values:
        lines += [
            "[[outcomes.values]]",
            f'stakeholder = "{s}"',
            f"amount = {amount!r}",
            f'kind = "{kind}"',
        ]
    return "\n".join(lines) + "\n"


def repayment(**kw):
    kw.setdefault("stakeholder", "m")
    lines = ["", "[repayment]"]
    for k, v in kw.items():
        lines.append(f'{k} = "{v}"' if isinstance(v, str) else f"{k} = {v!r}")
    return "\n".join(lines) + "\n"


def run(*parts, horizon=4, rate=0.0, participants=(10,)):
    text = (
        f'name = "t"\nstart_year = 2026\nhorizon = {horizon}\n'
        f"discount_rate = {float(rate)!r}\nparticipants = {list(participants)!r}\n"
        + STAKEHOLDERS
        + "".join(parts)
    )
    return evaluate(parse(text))


def flat(horizon=4, amount=100):
    """1000 kr per year to the board for the whole horizon."""
    return outcome(("m", amount, "resource"), duration=horizon)


# ---------------------------------------------------------------- savings method


def test_savings_basic():
    # flows 1000/yr; 2500 to repay -> 1000, 1000, 500, 0
    # capital cost 10 % of outstanding at the start of each year: 250, 150, 50, 0
    res = run(flat(), repayment(amount=2500, method="savings", internal_rate=0.1), rate=0.5)
    rep = res["repayment"]
    assert rep["annual"] == pytest.approx([1000, 1000, 500, 0], abs=A)
    assert rep["total"] == pytest.approx(2500, abs=A)
    assert rep["outstanding"] == pytest.approx(0, abs=A)
    assert rep["repaid_by_year"] == 2
    assert rep["capital_cost"] == pytest.approx([250, 150, 50, 0], abs=A)
    assert rep["capital_cost_total"] == pytest.approx(450, abs=A)


def test_defaults_savings_share_1_start_0_rate_0():
    rep = run(flat(), repayment(amount=2500))["repayment"]
    assert rep["annual"] == pytest.approx([1000, 1000, 500, 0], abs=A)
    assert rep["repaid_by_year"] == 2
    assert rep["capital_cost"] == pytest.approx([0, 0, 0, 0], abs=A)
    assert rep["capital_cost_total"] == pytest.approx(0, abs=A)


def test_share_of_savings():
    # half of 1000/yr = 500/yr; 2500 is not repaid within 4 years
    rep = run(flat(), repayment(amount=2500, share_of_savings=0.5, internal_rate=0.1))["repayment"]
    assert rep["annual"] == pytest.approx([500, 500, 500, 500], abs=A)
    assert rep["total"] == pytest.approx(2000, abs=A)
    assert rep["outstanding"] == pytest.approx(500, abs=A)
    assert rep["repaid_by_year"] is None
    assert rep["capital_cost"] == pytest.approx([250, 200, 150, 100], abs=A)
    assert rep["capital_cost_total"] == pytest.approx(700, abs=A)


def test_start():
    # nothing paid before year 2, but the capital cost runs from year 0
    rep = run(flat(), repayment(amount=2500, start=2, internal_rate=0.1))["repayment"]
    assert rep["annual"] == pytest.approx([0, 0, 1000, 1000], abs=A)
    assert rep["outstanding"] == pytest.approx(500, abs=A)
    assert rep["repaid_by_year"] is None
    assert rep["capital_cost"] == pytest.approx([250, 250, 250, 150], abs=A)
    assert rep["capital_cost_total"] == pytest.approx(900, abs=A)


def test_savings_all_kinds_of_the_board_only():
    # board: 600 transfer + 400 resource = 1000/yr; other stakeholders' flows and the
    # board's own costs do not count as savings
    rep = run(
        outcome(
            ("m", 60, "transfer"),
            ("m", 40, "resource"),
            ("m2", 500, "resource"),
            ("p", 500, "transfer"),
            ("o", 1000, "resource"),
            duration=4,
        ),
        '\n[[costs]]\nlabel = "k"\nstakeholder = "m"\nyear = 0\namount = 5000\n',
        repayment(amount=2500),
    )["repayment"]
    assert rep["annual"] == pytest.approx([1000, 1000, 500, 0], abs=A)


def test_savings_use_local_values():
    # out-migration 10 %: local flows 1000, 900, 810, 729
    rep = run(
        outcome(("m", 100, "resource"), duration=4, out_migration=0.1),
        repayment(amount=10000),
    )["repayment"]
    assert rep["annual"] == pytest.approx([1000, 900, 810, 729], abs=A)
    assert rep["total"] == pytest.approx(3439, abs=A)
    assert rep["outstanding"] == pytest.approx(6561, abs=A)
    assert rep["repaid_by_year"] is None


def test_negative_years_contribute_zero():
    # flows: -5000 in year 0 (a loss), then 1000 in years 1..3
    # a negative year pays 0 (it does not add to what is outstanding)
    rep = run(
        outcome(("m", -500, "resource")),
        outcome(("m", 100, "resource"), lag=1, duration=3),
        repayment(amount=2500),
    )["repayment"]
    assert rep["annual"] == pytest.approx([0, 1000, 1000, 500], abs=A)
    assert rep["outstanding"] == pytest.approx(0, abs=A)
    assert rep["repaid_by_year"] == 3


def test_savings_are_the_yearly_sum_of_flows():
    # -300/yr in years 0..1 and +1000/yr in years 0..3: year sums 700, 700, 1000, 1000
    rep = run(
        outcome(("m", -30, "resource"), duration=2),
        outcome(("m", 100, "transfer"), duration=4),
        repayment(amount=10000),
    )["repayment"]
    assert rep["annual"] == pytest.approx([700, 700, 1000, 1000], abs=A)


def test_savings_without_outcomes_never_repaid():
    rep = run(repayment(amount=1000, internal_rate=0.02), horizon=3)["repayment"]
    assert rep["annual"] == pytest.approx([0, 0, 0], abs=A)
    assert rep["total"] == pytest.approx(0, abs=A)
    assert rep["outstanding"] == pytest.approx(1000, abs=A)
    assert rep["repaid_by_year"] is None
    assert rep["capital_cost"] == pytest.approx([20, 20, 20], abs=A)
    assert rep["capital_cost_total"] == pytest.approx(60, abs=A)


# ---------------------------------------------------------------- depreciation method


def test_depreciation():
    # 3000 over 3 years from year 1: 0, 1000, 1000, 1000, 0 (savings are irrelevant)
    # capital cost 5 %: 150, 150, 100, 50, 0
    rep = run(
        flat(horizon=5, amount=500),
        repayment(amount=3000, method="depreciation", period=3, start=1, internal_rate=0.05),
        horizon=5,
    )["repayment"]
    assert rep["annual"] == pytest.approx([0, 1000, 1000, 1000, 0], abs=A)
    assert rep["total"] == pytest.approx(3000, abs=A)
    assert rep["outstanding"] == pytest.approx(0, abs=A)
    assert rep["repaid_by_year"] == 3
    assert rep["capital_cost"] == pytest.approx([150, 150, 100, 50, 0], abs=A)
    assert rep["capital_cost_total"] == pytest.approx(450, abs=A)


def test_depreciation_without_any_savings():
    rep = run(repayment(amount=1200, method="depreciation", period=4), horizon=4)["repayment"]
    assert rep["annual"] == pytest.approx([300, 300, 300, 300], abs=A)
    assert rep["repaid_by_year"] == 3


def test_depreciation_period_longer_than_horizon():
    rep = run(repayment(amount=1000, method="depreciation", period=4), horizon=3)["repayment"]
    assert rep["annual"] == pytest.approx([250, 250, 250], abs=A)
    assert rep["total"] == pytest.approx(750, abs=A)
    assert rep["outstanding"] == pytest.approx(250, abs=A)
    assert rep["repaid_by_year"] is None


def test_depreciation_rounding_counts_as_repaid():
    # 1000 / 3 per year: outstanding is 0 within 0.005 kr after year 2
    rep = run(repayment(amount=1000, method="depreciation", period=3), horizon=4)["repayment"]
    assert rep["annual"] == pytest.approx([1000 / 3, 1000 / 3, 1000 / 3, 0], abs=A)
    assert rep["outstanding"] == pytest.approx(0, abs=A)
    assert rep["repaid_by_year"] == 2


def test_depreciation_starting_in_the_last_year():
    # 1000 over 2 years from year 2 of 3: only the first instalment falls in the horizon
    rep = run(
        repayment(amount=1000, method="depreciation", period=2, start=2, internal_rate=0.1),
        horizon=3,
    )["repayment"]
    assert rep["annual"] == pytest.approx([0, 0, 500], abs=A)
    assert rep["outstanding"] == pytest.approx(500, abs=A)
    assert rep["repaid_by_year"] is None
    assert rep["capital_cost"] == pytest.approx([100, 100, 100], abs=A)
    assert rep["capital_cost_total"] == pytest.approx(300, abs=A)


# ---------------------------------------------------------------- output shape


def test_no_repayment_key_without_table():
    assert "repayment" not in run(flat())


def test_lists_have_horizon_length():
    rep = run(flat(horizon=6), repayment(amount=100), horizon=6)["repayment"]
    assert len(rep["annual"]) == 6
    assert len(rep["capital_cost"]) == 6
    assert rep["repaid_by_year"] == 0


def test_repayment_does_not_change_the_perspectives():
    with_rep = run(flat(), repayment(amount=2500, internal_rate=0.1))
    without = run(flat())
    assert with_rep["perspectives"] == without["perspectives"]
    assert with_rep["stakeholders"] == without["stakeholders"]


def test_period_must_be_positive():
    with pytest.raises(InputError) as exc:
        run(repayment(amount=1000, method="depreciation", period=0))
    assert any(p.path == "repayment.period" for p in exc.value.problems)


def test_negative_repayment_amount_is_an_error():
    with pytest.raises(InputError) as exc:
        run(repayment(amount=-1000))
    assert any(p.path == "repayment.amount" for p in exc.value.problems)
