"""Repayment proposals (socinv.core.repayment) on random terms, savings and repayments:
never more than is owed, never negative, never more than the amount over the years; a
depreciation plan repays exactly the amount over its period; the budget model repays
nothing."""

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from socinv.core.repayment import (
    Method,
    Reason,
    Terms,
    instalment,
    plan,
    propose,
    propose_write_down,
    resolve_bearer,
    share_of,
)

SETTINGS = settings(max_examples=200, deadline=None)
YEARS = st.integers(2020, 2035)
ORE = st.integers(0, 10**12)

share_terms = st.builds(
    Terms,
    method=st.just(Method.SHARE_OF_SAVINGS),
    share=st.floats(0.01, 1.0, allow_nan=False),
    start_year=st.one_of(st.none(), YEARS),
)
depreciation_terms = st.builds(
    Terms,
    method=st.just(Method.DEPRECIATION),
    period=st.integers(1, 12),
    start_year=YEARS,
)
terms = st.one_of(st.none(), share_terms, depreciation_terms)
savings = st.dictionaries(YEARS, st.integers(-(10**10), 10**11), max_size=8)
repaid = st.dictionaries(YEARS, st.integers(0, 10**10), max_size=4)


@SETTINGS
@given(terms, st.booleans(), ORE, ORE, YEARS, st.integers(-(10**11), 10**11), ORE)
def test_one_proposal_is_bounded(t, budget, amount, outstanding, year, saving, already):
    p = propose(
        t,
        budget_model=budget,
        amount_ore=amount,
        year=year,
        saving_ore=saving,
        outstanding_ore=outstanding,
        repaid_ore=already,
    )
    assert isinstance(p.proposal_ore, int)
    assert 0 <= p.proposal_ore <= outstanding
    assert p.receivable_after_ore == outstanding - p.proposal_ore >= 0
    if budget:
        assert p.proposal_ore == 0 and p.reason is Reason.BUDGET_MODEL


@SETTINGS
@given(terms, st.booleans(), ORE, st.integers(0, 10**12), savings, repaid)
def test_a_plan_never_exceeds_what_is_owed(t, budget, amount, paid, s, r):
    assume(paid <= amount)
    outstanding = amount - paid
    proposals = plan(
        t, budget_model=budget, amount_ore=amount, outstanding_ore=outstanding, savings=s,
        repaid=r,
    )  # fmt: skip
    total = sum(p.proposal_ore for p in proposals)
    assert all(p.proposal_ore >= 0 for p in proposals)
    assert total <= outstanding <= amount
    assert [p.year for p in proposals] == sorted({p.year for p in proposals})
    if budget:
        assert total == 0


@SETTINGS
@given(depreciation_terms, st.integers(1, 10**12))
def test_depreciation_repays_exactly_the_amount_over_its_period(t, amount):
    proposals = plan(t, budget_model=False, amount_ore=amount, outstanding_ore=amount, savings={})
    assert [p.year for p in proposals] == list(range(t.start_year, t.start_year + t.period))
    assert sum(p.proposal_ore for p in proposals) == amount
    # each instalment is amount / period rounded down or up to whole öre
    for p in proposals:
        assert amount // t.period <= p.proposal_ore <= -(-amount // t.period)
    # and nothing after the period
    after = propose(
        t, budget_model=False, amount_ore=amount, year=t.start_year + t.period, saving_ore=0,
        outstanding_ore=amount,
    )  # fmt: skip
    assert after.proposal_ore == 0 and after.reason is Reason.AFTER_PERIOD


@SETTINGS
@given(st.integers(1, 10**12), st.integers(1, 40))
def test_instalments_sum_to_the_amount(amount, period):
    assert sum(instalment(amount, period, k) for k in range(1, period + 1)) == amount


@SETTINGS
@given(st.floats(0.01, 1.0, allow_nan=False), st.integers(-(10**12), 10**12))
def test_a_share_is_rounded_down_and_never_above_the_saving(share, saving):
    got = share_of(share, saving)
    assert 0 <= got <= max(0, saving)
    if saving > 0:
        assert got <= share * saving + 1e-6 * saving + 1
        assert got > share * saving - 1 - 1e-9 * saving


def test_hand_computed_examples():
    t = Terms(share=0.8, start_year=2025)
    p = propose(t, budget_model=False, amount_ore=10**8, year=2025, saving_ore=150_000_000,
                outstanding_ore=10**8)  # fmt: skip
    assert p.proposal_ore == 10**8 and p.reason is Reason.CAPPED  # 0.8 × 1,5 Mkr > 1 Mkr
    p = propose(t, budget_model=False, amount_ore=10**9, year=2025, saving_ore=150_000_000,
                outstanding_ore=10**9)  # fmt: skip
    assert p.proposal_ore == 120_000_000 and p.reason is Reason.SHARE
    p = propose(t, budget_model=False, amount_ore=10**9, year=2024, saving_ore=150_000_000,
                outstanding_ore=10**9)  # fmt: skip
    assert p.proposal_ore == 0 and p.reason is Reason.BEFORE_START
    d = Terms(method="depreciation", period=3, start_year=2026)
    assert [instalment(100, 3, k) for k in (1, 2, 3)] == [33, 33, 34]
    p = propose(d, budget_model=False, amount_ore=100, year=2027, saving_ore=0,
                outstanding_ore=100, repaid_ore=10)  # fmt: skip
    assert p.proposal_ore == 23  # 33 due, 10 already repaid for the year
    p = propose(d, budget_model=True, amount_ore=100, year=2027, saving_ore=0, outstanding_ore=100)
    assert p.proposal_ore == 0 and p.reason is Reason.BUDGET_MODEL


def test_bearer_rules():
    assert resolve_bearer(fund_bearer="central") == ("central", "fund")
    assert resolve_bearer(fund_bearer="board") == ("board", "fund")
    assert resolve_bearer(decision_bearer="board", fund_bearer="central") == ("board", "decision")
    rules = {"method_trial": "board", "social_innovation": "central"}
    assert resolve_bearer(fund_bearer="project_type", project_type="method_trial",
                          type_rules=rules) == ("board", "project_type")  # fmt: skip
    assert resolve_bearer(fund_bearer="project_type", project_type="method_development",
                          type_rules=rules) == (None, "no_type_rule")  # fmt: skip
    proposals = propose_write_down({"sn": 500, "un": 0}, budget_model=False, bearer="central",
                                   bearer_reason="fund")  # fmt: skip
    assert [(w.board, w.amount_ore, w.bearer) for w in proposals] == [("sn", 500, "central")]
    assert propose_write_down({"sn": 500}, budget_model=True, bearer="central",
                              bearer_reason="fund") == []  # fmt: skip


@given(
    st.dictionaries(st.sampled_from(["sn", "un", "kf"]), st.integers(-10, 10**9)),
    st.sampled_from(["central", "board", None]),
)
def test_a_write_down_proposal_is_a_frame_reduction_or_a_loss_by_its_bearer(receivables, bearer):
    proposals = propose_write_down(
        receivables, budget_model=False, bearer=bearer, bearer_reason="fund"
    )
    assert {w.board for w in proposals} == {b for b, r in receivables.items() if r > 0}
    for w in proposals:
        assert w.frame_reduction_ore + w.loss_ore == w.amount_ore == receivables[w.board]
        assert w.frame_reduction_ore == (w.amount_ore if bearer == "board" else 0)
