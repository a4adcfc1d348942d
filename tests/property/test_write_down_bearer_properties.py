"""The ledger's invariants under the report's repayment model (section 2.5): a write-down
borne by the board is money back to the fund, like a repayment, and a ramminskning of the
board's budgetram; only a central write-down is a loss to the fund.

For any ledger built through the checks (the random ledgers of test_ledger_properties),
the balances of :data:`socinv.core.ledger.MOVES` obey the identities below, per fund, and
each is also checked against a fold written out here by entry type and bearer.
"""

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from test_ledger_properties import FUNDS, ledgers

from socinv.core.ledger import (
    Bearer,
    Entry,
    EntryType,
    FundModel,
    Totals,
    check_new_entry,
    effective,
    year_end_statement,
)

T = EntryType
SETTINGS = settings(max_examples=150, deadline=None)


def _sum(entries, *types, bearer=None):
    out = 0
    for e in effective(entries):
        if e.type not in types:
            continue
        if bearer == "board" and e.bearer != Bearer.BOARD:
            continue
        if bearer == "central" and e.bearer == Bearer.BOARD:
            continue
        out += e.amount_ore
    return out


def _of(entries, fund):
    return [e for e in entries if e.fund == fund]


@SETTINGS
@given(ledgers)
def test_the_balances_are_the_report_s_identities(entries):
    for fund in FUNDS:
        own = _of(entries, fund)
        t = Totals.of_entries(own)
        contributions = _sum(own, T.CONTRIBUTION)
        repayments = _sum(own, T.REPAYMENT)
        board_wd = _sum(own, T.WRITE_DOWN, bearer="board")
        central_wd = _sum(own, T.WRITE_DOWN, bearer="central")
        disbursed = _sum(own, T.DISBURSEMENT)
        committed = _sum(own, T.COMMITMENT) - _sum(own, T.RELEASE)
        # money in the fund = contributions + repayments + board write-downs − payments
        assert t.fund_money == contributions + repayments + board_wd - disbursed
        assert t.available == contributions + repayments + board_wd - committed
        assert t.receivable == disbursed - repayments - board_wd - central_wd
        assert t.frame_reductions == repayments + board_wd
        assert t.write_downs == board_wd + central_wd
        # the fund's capital: only a central write-down lowers it
        assert t.capital == contributions - central_wd
        assert t.capital == t.fund_money + t.receivable
        # what is committed and not yet paid out is held in the fund
        assert t.fund_money - t.available == t.outstanding


@SETTINGS
@given(ledgers, st.integers(0, 10_000), st.sampled_from(["board", "central"]))
def test_a_write_down_moves_capital_and_available_by_its_bearer(entries, pick, bearer):
    """Booking one more write-down (of what some board still owes): borne by the board it
    raises available to commit and money in the fund by its amount and leaves the capital
    alone; borne centrally it lowers the capital and leaves available alone."""
    fund = "f1"  # the repayment-model fund: the budget model has no write-downs
    own = _of(entries, fund)
    owing = [
        (p, b, r)
        for (p, b), r in _receivables(own).items()
        if r > 0 and b is not None and p is not None
    ]
    if not owing:
        return
    project, board, owed = owing[pick % len(owing)]
    amount = 1 + pick % owed
    wd = Entry(
        id=entries[-1].id + 1,
        fund=fund,
        type=T.WRITE_DOWN,
        date=dt.date(2025, 12, 1),
        amount_ore=amount,
        recorded_by="economist",
        recorded_at=dt.datetime(2025, 12, 1, tzinfo=dt.UTC),
        project=project,
        board=board,
        bearer=bearer,
    )
    assert check_new_entry(entries, wd, FundModel.REPAYMENT) == []
    before, after = Totals.of_entries(own), Totals.of_entries([*own, wd])
    back = amount if bearer == "board" else 0
    assert after.available - before.available == back
    assert after.fund_money - before.fund_money == back
    assert after.frame_reductions - before.frame_reductions == back
    assert before.capital - after.capital == amount - back
    assert before.receivable - after.receivable == amount
    # and the year-end statement shows the board's ramminskning in the year it was booked
    s0 = year_end_statement(own, fund, 2025)
    s1 = year_end_statement([*own, wd], fund, 2025)
    assert s1.closing_available - s0.closing_available == back
    reduced = s1.frame_reductions_by_board.get(board, 0) - s0.frame_reductions_by_board.get(
        board, 0
    )
    assert reduced == back


@SETTINGS
@given(ledgers, st.integers(2022, 2026))
def test_the_proposed_earmarking_is_the_year_s_inflow_not_yet_earmarked(entries, year):
    for fund, model in FUNDS.items():
        s = year_end_statement(entries, fund, year, model)
        inflow = s.contributions + sum(s.frame_reductions_by_board.values())
        assert s.proposed_earmarking == max(0, inflow - s.earmarked_surplus)
        assert sum(s.frame_reductions_by_board.values()) == s.repayments + s.board_write_downs
        if s.proposed_earmarking:
            # booking what is proposed leaves nothing more to propose for the year
            memo = dataclasses.replace(
                entries[-1],
                id=entries[-1].id + 1,
                fund=fund,
                type=T.EARMARKING,
                date=dt.date(year, 12, 31),
                amount_ore=s.proposed_earmarking,
                project=None,
                board=None,
                bearer=None,
                reverses=None,
            )
            again = year_end_statement([*entries, memo], fund, year, model)
            assert again.proposed_earmarking == 0
            assert again.closing_available == s.closing_available


def _receivables(entries) -> dict:
    out: dict = {}
    for e in effective(entries):
        sign = {T.DISBURSEMENT: 1, T.REPAYMENT: -1, T.WRITE_DOWN: -1}.get(e.type, 0)
        if sign:
            out[(e.project, e.board)] = out.get((e.project, e.board), 0) + sign * e.amount_ore
    return out
