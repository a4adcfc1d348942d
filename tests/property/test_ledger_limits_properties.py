"""The ledger's limits in the pure core (issue 11, finding 1): one entry's amount is at most
MAX_ENTRY_ORE and a fund's ledger at most MAX_LEDGER_ENTRIES long, so that no sum the
application computes over a fund's entries can leave a 64-bit integer."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from socinv.core.ledger import (
    Entry,
    ErrorCode,
    FundModel,
    State,
    check_against,
    check_amount,
    check_ledger,
    check_new_entry,
    seal_all,
    year_end_statement,
)
from socinv.core.limits import MAX_ENTRY_ORE, MAX_LEDGER_ENTRIES

INT64_MAX = 2**63 - 1
D = datetime.date(2026, 3, 1)
NOW = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)


def entry(id: int, amount_ore, type: str = "contribution", **kw) -> Entry:
    return Entry(
        id=id,
        fund="f1",
        type=type,
        date=D,
        amount_ore=amount_ore,
        recorded_by="u",
        recorded_at=NOW,
        **kw,
    )


@given(st.integers(min_value=-(2**70), max_value=2**70))
def test_check_amount_accepts_exactly_the_amounts_in_the_bounds(amount):
    problems = check_amount(amount)
    if 0 < amount <= MAX_ENTRY_ORE:
        assert problems == []
    elif amount <= 0:
        assert [p.code for p in problems] == ["amount_not_positive"]
    else:
        assert [(p.code, p.field) for p in problems] == [("amount_too_large", "amount_ore")]
        assert problems[0].params == {"amount_ore": amount, "max_ore": MAX_ENTRY_ORE}


@given(st.integers(min_value=MAX_ENTRY_ORE + 1, max_value=2**80))
def test_the_ledger_refuses_an_entry_above_the_limit(amount):
    errors = check_new_entry([], entry(1, amount))
    assert [(e.code, e.field) for e in errors] == [(ErrorCode.AMOUNT_TOO_LARGE, "amount_ore")]


def test_check_ledger_and_hence_verify_report_an_entry_above_the_limit():
    """Before: ``ledger verify`` said OK to entries near 9·10**18 öre (Python's ints do
    not overflow); a stored entry above the limit is now a problem of its own."""
    entries = seal_all([entry(1, 9 * 10**18), entry(2, 9 * 10**18)])
    codes = [(e.code, e.entry_id) for e in check_ledger(entries, FundModel.REPAYMENT)]
    assert codes == [(ErrorCode.AMOUNT_TOO_LARGE, 1), (ErrorCode.AMOUNT_TOO_LARGE, 2)]


def test_the_ledger_is_full_after_the_largest_number_of_entries():
    state = State()
    state.last_id = MAX_LEDGER_ENTRIES - 1
    assert check_against(state, entry(MAX_LEDGER_ENTRIES, 100)) == []
    state.last_id = MAX_LEDGER_ENTRIES
    errors = check_against(state, entry(MAX_LEDGER_ENTRIES + 1, 100))
    assert [e.code for e in errors] == [ErrorCode.LEDGER_FULL]


def test_the_bounds_keep_every_sum_below_2_to_the_63():
    """The argument: a balance is a signed sum of a fund's entries, each at most
    MAX_ENTRY_ORE, and there are at most MAX_LEDGER_ENTRIES of them; the database sums
    groups of them, and the application adds a handful of such sums (available =
    contributions + repayments + releases − commitments ...). Room for eight full sums."""
    assert 8 * MAX_LEDGER_ENTRIES * MAX_ENTRY_ORE <= INT64_MAX


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["contribution", "commitment", "release", "earmarking"]),
            st.integers(min_value=1, max_value=2**64),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_any_ledger_built_through_the_checks_keeps_its_sums_in_64_bits(proposals):
    """Whatever is proposed, what the checks accept has every amount within the bound, so
    every partial sum of the accepted entries, scaled to a full ledger, fits in 64 bits."""
    accepted: list[Entry] = []
    for kind, amount in proposals:
        extra = {"project": "p1"} if kind in {"commitment", "release"} else {}
        new = entry(len(accepted) + 1, amount, kind, **extra)
        if not check_new_entry(accepted, new):
            accepted.append(new)
    assert all(0 < e.amount_ore <= MAX_ENTRY_ORE for e in accepted)
    total = sum(e.amount_ore for e in accepted)
    assert total <= len(accepted) * MAX_ENTRY_ORE
    assert MAX_LEDGER_ENTRIES * max((e.amount_ore for e in accepted), default=0) <= INT64_MAX
    s = year_end_statement(seal_all(accepted), "f1", 2026)
    assert abs(s.closing_available) <= INT64_MAX
    assert s.entry_count == len(accepted)
