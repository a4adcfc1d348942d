"""The ledger core: hand-checked rules, errors, balances, hash chain and year-end statement."""

import dataclasses
import datetime as dt

import pytest

from socinv.core.ledger import (
    GENESIS_HASH,
    Decision,
    Entry,
    EntryType,
    ErrorCode,
    FundModel,
    Totals,
    available_to_commit,
    check_commitment_period,
    check_ledger,
    check_new_entry,
    entry_hash,
    outstanding_commitment,
    receivable,
    seal,
    seal_all,
    verify_chain,
    year_end_statement,
)
from socinv.l10n.messages import describe

T = EntryType
C = ErrorCode
F = "fund-1"
KS = Decision("Kommunstyrelsen", dt.date(2024, 1, 15), "KS 2024/12")


class Book:
    """A ledger under construction: each ``add`` is checked first, then appended."""

    def __init__(self, model: FundModel = FundModel.REPAYMENT):
        self.model = model
        self.entries: list[Entry] = []

    def make(self, type, amount, **kw) -> Entry:
        kw.setdefault("fund", F)
        kw.setdefault("date", dt.date(2024, 3, 1))
        return Entry(
            id=len(self.entries) + 1,
            type=type,
            amount_ore=amount,
            recorded_by="economist",
            recorded_at=dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.UTC),
            decision=KS,
            **kw,
        )

    def check(self, type, amount, **kw):
        return check_new_entry(self.entries, self.make(type, amount, **kw), self.model)

    def add(self, type, amount, **kw) -> Entry:
        e = self.make(type, amount, **kw)
        errors = check_new_entry(self.entries, e, self.model)
        assert errors == [], errors
        self.entries.append(e)
        return e


def codes(errors):
    return [e.code for e in errors]


@pytest.fixture
def book():
    """1 000 kr contributed, 600 kr committed to project p, 400 kr disbursed to board sn."""
    b = Book()
    b.add(T.CONTRIBUTION, 100_000)
    b.add(T.COMMITMENT, 60_000, project="p")
    b.add(T.DISBURSEMENT, 40_000, project="p", board="sn")
    return b


# balances -------------------------------------------------------------------------------


def test_it_folds_the_three_balances(book):
    assert available_to_commit(book.entries, F) == 40_000
    assert outstanding_commitment(book.entries, "p") == 20_000
    assert receivable(book.entries, "p") == 40_000
    assert receivable(book.entries, "p", "sn") == 40_000
    assert receivable(book.entries, "p", "un") == 0


def test_repayments_return_money_to_available_and_reduce_the_receivable(book):
    book.add(T.REPAYMENT, 15_000, project="p", board="sn")
    assert available_to_commit(book.entries, F) == 55_000
    assert receivable(book.entries, "p", "sn") == 25_000


def test_a_central_write_down_reduces_the_receivable_but_not_available(book):
    book.add(T.WRITE_DOWN, 10_000, project="p", board="sn", bearer="central")
    assert available_to_commit(book.entries, F) == 40_000
    assert receivable(book.entries, "p") == 30_000
    assert Totals.of_entries(book.entries).capital == 90_000  # the fund's loss


def test_a_board_borne_write_down_returns_the_money_as_a_repayment_does(book):
    book.add(T.WRITE_DOWN, 10_000, project="p", board="sn", bearer="board")
    assert available_to_commit(book.entries, F) == 50_000
    assert receivable(book.entries, "p") == 30_000
    totals = Totals.of_entries(book.entries)
    assert (totals.capital, totals.frame_reductions, totals.fund_money) == (100_000, 10_000, 70_000)


def test_a_write_down_left_by_project_type_is_borne_centrally(book):
    book.add(T.WRITE_DOWN, 10_000, project="p", board="sn", bearer="project_type")
    assert available_to_commit(book.entries, F) == 40_000
    assert Totals.of_entries(book.entries).write_downs_central == 10_000


def test_a_budget_model_commitment_after_the_period_is_refused():
    fund_budget = FundModel.BUDGET
    late = Book(fund_budget).make(T.COMMITMENT, 100, project="p", date=dt.date(2027, 1, 1))
    [err] = check_commitment_period(late, fund_budget, dt.date(2026, 12, 31))
    assert (err.code, err.field, err.params) == (
        C.COMMITMENT_AFTER_PERIOD,
        "date",
        {"period_end": "2026-12-31"},
    )
    assert "2026-12-31" in describe(err, "en")
    on_time = dataclasses.replace(late, date=dt.date(2026, 12, 31))
    assert check_commitment_period(on_time, fund_budget, dt.date(2026, 12, 31)) == []
    assert check_commitment_period(late, FundModel.REPAYMENT, dt.date(2026, 12, 31)) == []
    assert check_commitment_period(late, fund_budget, None) == []


def test_a_release_returns_commitment_to_available(book):
    book.add(T.RELEASE, 20_000, project="p")
    assert available_to_commit(book.entries, F) == 60_000
    assert outstanding_commitment(book.entries, "p") == 0


def test_earmarking_touches_no_balance(book):
    book.add(T.EARMARKING, 5_000)
    assert available_to_commit(book.entries, F) == 40_000


def test_balances_are_kept_per_fund_and_per_board(book):
    book.add(T.CONTRIBUTION, 7, fund="fund-2")
    book.add(T.DISBURSEMENT, 5_000, project="p", board="un")
    assert available_to_commit(book.entries, F) == 40_000
    assert available_to_commit(book.entries, "fund-2") == 7
    assert receivable(book.entries, "p", "un") == 5_000
    assert receivable(book.entries, "p") == 45_000


# the invariants ---------------------------------------------------------------------------


def test_it_allows_committing_exactly_what_is_available(book):
    assert book.check(T.COMMITMENT, 40_000, project="q") == []


def test_it_refuses_a_commitment_beyond_available(book):
    [err] = book.check(T.COMMITMENT, 40_001, project="q")
    assert (err.code, err.field, err.entry_id) == (C.EXCEEDS_AVAILABLE, "amount_ore", 4)
    assert "40,000 öre available" in describe(err)
    assert err.params == {
        "available": 40_000,
        "after": -1,
        "fund": F,
        "type": "commitment",
        "kind": "commitment",
        "amount_ore": 40_001,
    }


def test_it_refuses_a_commitment_from_another_funds_money(book):
    assert codes(book.check(T.COMMITMENT, 1, fund="fund-2", project="q")) == [C.EXCEEDS_AVAILABLE]


def test_it_refuses_a_release_beyond_the_outstanding_commitment(book):
    assert codes(book.check(T.RELEASE, 20_001, project="p")) == [C.EXCEEDS_OUTSTANDING_COMMITMENT]
    assert book.check(T.RELEASE, 20_000, project="p") == []


def test_it_refuses_a_disbursement_beyond_the_outstanding_commitment(book):
    [err] = book.check(T.DISBURSEMENT, 20_001, project="p", board="sn")
    assert err.code == C.EXCEEDS_OUTSTANDING_COMMITMENT
    assert "outstanding commitment of 20,000 öre" in describe(err)
    assert book.check(T.DISBURSEMENT, 20_000, project="p", board="sn") == []


def test_it_refuses_a_disbursement_to_a_project_without_commitment(book):
    assert codes(book.check(T.DISBURSEMENT, 1, project="q", board="sn")) == [
        C.EXCEEDS_OUTSTANDING_COMMITMENT
    ]


def test_it_refuses_a_repayment_beyond_the_receivable(book):
    assert codes(book.check(T.REPAYMENT, 40_001, project="p", board="sn")) == [C.EXCEEDS_RECEIVABLE]
    assert book.check(T.REPAYMENT, 40_000, project="p", board="sn") == []


def test_it_refuses_a_repayment_by_a_board_that_owes_nothing(book):
    assert codes(book.check(T.REPAYMENT, 1, project="p", board="un")) == [C.EXCEEDS_RECEIVABLE]


def test_it_refuses_a_write_down_beyond_the_receivable(book):
    book.add(T.REPAYMENT, 30_000, project="p", board="sn")
    [err] = book.check(T.WRITE_DOWN, 10_001, project="p", board="sn", bearer="board")
    assert err.code == C.EXCEEDS_RECEIVABLE
    assert "write-down of 10,001" in describe(err)
    assert book.check(T.WRITE_DOWN, 10_000, project="p", board="sn", bearer="board") == []


@pytest.mark.parametrize("t", [T.REPAYMENT, T.WRITE_DOWN])
def test_it_refuses_repayments_and_write_downs_in_the_budget_model(t):
    b = Book(FundModel.BUDGET)
    b.add(T.CONTRIBUTION, 100)
    b.add(T.COMMITMENT, 100, project="p")
    b.add(T.DISBURSEMENT, 100, project="p")  # no board needed: nothing to repay
    [err] = b.check(t, 50, project="p", board="sn", bearer="central" if t is T.WRITE_DOWN else None)
    assert (err.code, err.field) == (C.NOT_IN_BUDGET_MODEL, "type")
    assert "budget model has no repayments" in describe(err)


@pytest.mark.parametrize("amount", [0, -1, 1.5, True])
def test_it_refuses_an_amount_that_is_not_a_positive_whole_number_of_ore(book, amount):
    [err] = book.check(T.CONTRIBUTION, amount)
    assert (err.code, err.field) == (C.AMOUNT_NOT_POSITIVE, "amount_ore")


@pytest.mark.parametrize("t", [T.COMMITMENT, T.RELEASE, T.DISBURSEMENT])
def test_it_refuses_a_project_entry_without_a_project(book, t):
    assert C.PROJECT_REQUIRED in codes(book.check(t, 1, board="sn"))


@pytest.mark.parametrize("t", [T.REPAYMENT, T.WRITE_DOWN])
def test_it_refuses_a_repayment_or_write_down_without_project_and_board(book, t):
    bearer = "central" if t is T.WRITE_DOWN else None
    assert codes(book.check(t, 1, bearer=bearer)) == [C.PROJECT_REQUIRED, C.BOARD_REQUIRED]


def test_it_refuses_a_disbursement_without_a_board_in_the_repayment_model(book):
    [err] = book.check(T.DISBURSEMENT, 1, project="p")
    assert (err.code, err.field) == (C.BOARD_REQUIRED, "board")


def test_it_refuses_a_write_down_without_a_known_bearer(book):
    assert codes(book.check(T.WRITE_DOWN, 1, project="p", board="sn")) == [C.BEARER_REQUIRED]
    assert codes(book.check(T.WRITE_DOWN, 1, project="p", board="sn", bearer="state")) == [
        C.BEARER_INVALID
    ]


def test_it_refuses_a_bearer_or_a_target_on_other_entries(book):
    assert codes(book.check(T.CONTRIBUTION, 1, bearer="central", reverses=1)) == [
        C.BEARER_NOT_ALLOWED,
        C.REVERSES_NOT_ALLOWED,
    ]


def test_it_refuses_a_project_moving_between_funds(book):
    book.add(T.CONTRIBUTION, 100, fund="fund-2")
    [err] = book.check(T.COMMITMENT, 100, fund="fund-2", project="p")
    assert (err.code, err.field) == (C.PROJECT_IN_OTHER_FUND, "project")


def test_it_refuses_an_entry_without_a_fund(book):
    assert codes(book.check(T.CONTRIBUTION, 1, fund="")) == [C.FUND_REQUIRED]


def test_it_refuses_an_id_that_does_not_grow(book):
    e = dataclasses.replace(book.make(T.CONTRIBUTION, 1), id=3)
    assert codes(check_new_entry(book.entries, e)) == [C.ID_NOT_INCREASING]


def test_it_reports_every_problem_at_once(book):
    errs = book.check(T.WRITE_DOWN, 0, fund="", reverses=2)
    assert set(codes(errs)) == {
        C.FUND_REQUIRED,
        C.AMOUNT_NOT_POSITIVE,
        C.PROJECT_REQUIRED,
        C.BOARD_REQUIRED,
        C.BEARER_REQUIRED,
        C.REVERSES_NOT_ALLOWED,
    }


def test_an_unknown_entry_type_is_a_programming_error():
    with pytest.raises(ValueError):
        Book().make("gift", 1)


def test_plain_strings_are_accepted_for_type_and_bearer(book):
    e = book.make("write_down", 1, project="p", board="sn", bearer="central")
    assert e.type is T.WRITE_DOWN and e.bearer == "central"


# reversals ---------------------------------------------------------------------------------


def test_a_reversal_cancels_its_target_in_every_balance(book):
    book.add(T.REVERSAL, 40_000, project="p", board="sn", reverses=3)
    assert available_to_commit(book.entries, F) == 40_000
    assert outstanding_commitment(book.entries, "p") == 60_000
    assert receivable(book.entries, "p", "sn") == 0


def test_it_refuses_a_reversal_without_a_target(book):
    assert codes(book.check(T.REVERSAL, 1)) == [C.REVERSES_REQUIRED]


def test_it_refuses_a_reversal_of_a_missing_entry(book):
    assert codes(book.check(T.REVERSAL, 1, reverses=99)) == [C.REVERSAL_TARGET_MISSING]


def test_it_refuses_a_reversal_with_another_amount(book):
    [err] = book.check(T.REVERSAL, 39_999, project="p", board="sn", reverses=3)
    assert (err.code, err.field) == (C.REVERSAL_AMOUNT_MISMATCH, "amount_ore")


def test_it_refuses_a_reversal_in_another_fund(book):
    assert C.REVERSAL_TARGET_OTHER_FUND in codes(
        book.check(T.REVERSAL, 40_000, fund="fund-2", project="p", board="sn", reverses=3)
    )


def test_it_refuses_a_reversal_naming_another_project_or_board(book):
    assert codes(book.check(T.REVERSAL, 40_000, project="p", board="un", reverses=3)) == [
        C.REVERSAL_PROJECT_MISMATCH
    ]


def test_it_refuses_reversing_an_entry_twice(book):
    book.add(T.REVERSAL, 40_000, project="p", board="sn", reverses=3)
    assert codes(book.check(T.REVERSAL, 40_000, project="p", board="sn", reverses=3)) == [
        C.REVERSAL_TARGET_ALREADY_REVERSED
    ]


def test_it_refuses_reversing_a_reversal(book):
    book.add(T.REVERSAL, 40_000, project="p", board="sn", reverses=3)
    assert codes(book.check(T.REVERSAL, 40_000, project="p", board="sn", reverses=4)) == [
        C.REVERSAL_OF_REVERSAL
    ]


def test_it_refuses_reversing_a_contribution_already_committed(book):
    [err] = book.check(T.REVERSAL, 100_000, reverses=1)
    assert (err.code, err.field) == (C.REVERSAL_BREAKS_BALANCE, "reverses")
    assert "already committed" in describe(err)


def test_it_refuses_reversing_a_commitment_already_disbursed(book):
    assert codes(book.check(T.REVERSAL, 60_000, project="p", reverses=2)) == [
        C.REVERSAL_BREAKS_BALANCE
    ]


def test_it_refuses_reversing_a_disbursement_already_repaid(book):
    book.add(T.REPAYMENT, 1, project="p", board="sn")
    assert codes(book.check(T.REVERSAL, 40_000, project="p", board="sn", reverses=3)) == [
        C.REVERSAL_BREAKS_BALANCE
    ]


def test_it_allows_reversing_an_unused_commitment():
    b = Book()
    b.add(T.CONTRIBUTION, 100)
    b.add(T.COMMITMENT, 100, project="p")
    b.add(T.REVERSAL, 100, project="p", reverses=2)
    assert available_to_commit(b.entries, F) == 100
    assert outstanding_commitment(b.entries, "p") == 0


# check_ledger ------------------------------------------------------------------------------


def test_a_ledger_built_through_the_checks_is_clean(book):
    book.add(T.REPAYMENT, 10_000, project="p", board="sn")
    book.add(T.REVERSAL, 10_000, project="p", board="sn", reverses=4)
    assert check_ledger(book.entries) == []


def test_check_ledger_reports_every_break_in_order(book):
    bad = [
        *book.entries,
        book.make(T.COMMITMENT, 50_000, project="q"),  # 40 000 available
        book.make(T.REPAYMENT, 1, project="q", board="sn"),  # q owes nothing
        book.make(T.REVERSAL, 5, reverses=42),
    ]
    bad = [dataclasses.replace(e, id=i) for i, e in enumerate(bad, 1)]
    errs = check_ledger(bad)
    assert [(e.entry_id, e.code) for e in errs] == [
        (4, C.EXCEEDS_AVAILABLE),
        (5, C.EXCEEDS_RECEIVABLE),
        (6, C.REVERSAL_TARGET_MISSING),
    ]


def test_check_ledger_refuses_a_reversal_pointing_forward():
    b = Book()
    rev = b.make(T.REVERSAL, 5, reverses=2)
    con = dataclasses.replace(b.make(T.CONTRIBUTION, 5), id=2)
    assert codes(check_ledger([rev, con])) == [C.REVERSAL_TARGET_MISSING]


def test_check_ledger_takes_a_model_per_fund():
    b = Book()
    b.add(T.CONTRIBUTION, 100)
    b.add(T.COMMITMENT, 100, project="p")
    b.add(T.DISBURSEMENT, 100, project="p", board="sn")
    b.add(T.REPAYMENT, 100, project="p", board="sn")
    assert check_ledger(b.entries, {F: FundModel.REPAYMENT}) == []
    assert codes(check_ledger(b.entries, {F: FundModel.BUDGET})) == [C.NOT_IN_BUDGET_MODEL]


# hash chain --------------------------------------------------------------------------------


def test_a_sealed_chain_verifies(book):
    chain = seal_all(book.entries)
    assert chain[0].prev_hash == GENESIS_HASH
    assert chain[1].prev_hash == chain[0].hash
    assert verify_chain(chain) == []
    assert verify_chain(chain, expected_head=chain[-1].hash) == []
    assert verify_chain([]) == []


def test_the_hash_covers_the_previous_hash_and_is_hex_sha256(book):
    e = book.entries[0]
    assert entry_hash(e, GENESIS_HASH) != entry_hash(e, "1" * 64)
    assert len(entry_hash(e, GENESIS_HASH)) == 64
    assert seal(e, GENESIS_HASH).hash == entry_hash(e, GENESIS_HASH)


def test_the_hash_ignores_the_stored_hash_and_prev_hash_fields(book):
    e = book.entries[0]
    assert entry_hash(e, "x") == entry_hash(dataclasses.replace(e, hash="y", prev_hash="z"), "x")


def test_it_catches_a_changed_amount(book):
    chain = seal_all(book.entries)
    chain[1] = dataclasses.replace(chain[1], amount_ore=1)
    [err] = verify_chain(chain)
    assert (err.code, err.entry_id) == (C.HASH_MISMATCH, 2)


def test_it_catches_a_changed_decision(book):
    chain = seal_all(book.entries)
    chain[0] = dataclasses.replace(chain[0], decision=dataclasses.replace(KS, dnr="KS 2024/13"))
    assert codes(verify_chain(chain)) == [C.HASH_MISMATCH]


def test_it_catches_a_deleted_entry(book):
    chain = seal_all(book.entries)
    del chain[1]
    [err] = verify_chain(chain)
    assert (err.code, err.entry_id) == (C.CHAIN_LINK_MISMATCH, 3)


def test_it_catches_reordered_entries(book):
    chain = seal_all(book.entries)
    chain[1], chain[2] = chain[2], chain[1]
    [err] = verify_chain(chain)
    assert (err.code, err.entry_id) == (C.CHAIN_LINK_MISMATCH, 3)


def test_it_catches_a_rehashed_entry_by_the_next_link(book):
    chain = seal_all(book.entries)
    chain[0] = seal(dataclasses.replace(chain[0], amount_ore=1), GENESIS_HASH)
    [err] = verify_chain(chain)
    assert (err.code, err.entry_id) == (C.CHAIN_LINK_MISMATCH, 2)


def test_it_catches_entries_cut_from_the_end_only_with_the_head(book):
    chain = seal_all(book.entries)
    assert verify_chain(chain[:-1]) == []
    assert codes(verify_chain(chain[:-1], expected_head=chain[-1].hash)) == [C.CHAIN_HEAD_MISMATCH]


# year-end statement ------------------------------------------------------------------------


def _history() -> Book:
    b = Book()
    d = dt.date
    b.add(T.CONTRIBUTION, 1_000_000, date=d(2023, 2, 1))
    b.add(T.COMMITMENT, 600_000, project="p", date=d(2023, 3, 1))
    b.add(T.DISBURSEMENT, 300_000, project="p", board="sn", date=d(2023, 4, 1))
    b.add(T.CONTRIBUTION, 500_000, date=d(2024, 1, 10))
    b.add(T.DISBURSEMENT, 200_000, project="p", board="un", date=d(2024, 2, 1))
    b.add(T.REPAYMENT, 50_000, project="p", board="sn", date=d(2024, 6, 1))
    b.add(T.REPAYMENT, 20_000, project="p", board="un", date=d(2024, 7, 1))
    b.add(T.WRITE_DOWN, 30_000, project="p", board="sn", bearer="central", date=d(2024, 8, 1))
    b.add(T.WRITE_DOWN, 10_000, project="p", board="un", bearer="board", date=d(2024, 8, 2))
    b.add(T.RELEASE, 100_000, project="p", date=d(2024, 9, 1))
    b.add(T.COMMITMENT, 400_000, project="q", date=d(2024, 10, 1))
    b.add(T.REVERSAL, 500_000, reverses=4, date=d(2024, 11, 1))  # the 2024 contribution
    b.add(T.EARMARKING, 70_000, date=d(2024, 12, 31))
    b.add(T.CONTRIBUTION, 9, date=d(2025, 1, 1))
    return b


def test_the_year_end_statement_adds_up():
    s = year_end_statement(_history().entries, F, 2024)
    assert s.opening_available == 400_000
    assert s.contributions == 0  # 500 000 contributed and reversed in the same year
    assert s.commitments == 400_000
    assert s.releases == 100_000
    assert s.disbursements == 200_000
    assert s.repayments == 70_000
    assert s.repayments_by_board == {"sn": 50_000, "un": 20_000}
    assert s.write_downs_by_bearer == {"central": 30_000, "board": 10_000}
    # the board-borne 10 000 comes back to the fund as a ramminskning for un (the report's
    # repayment model); the central 30 000 is the fund's loss and does not
    assert s.closing_available == 180_000
    assert s.frame_reductions_by_board == {"sn": 50_000, "un": 30_000}
    assert s.receivables_by_board == {"sn": 220_000, "un": 170_000}
    assert s.earmarked_surplus == 70_000
    assert s.opening_available + s.movements == s.closing_available
    # contributions 0 + ramminskningar 80 000 − already earmarked 70 000
    assert s.proposed_earmarking == 10_000


def test_the_closing_balance_is_the_next_opening_balance():
    entries = _history().entries
    for year in (2022, 2023, 2024, 2025):
        s = year_end_statement(entries, F, year)
        assert s.opening_available + s.movements == s.closing_available
        assert year_end_statement(entries, F, year + 1).opening_available == s.closing_available
    assert year_end_statement(entries, F, 2025).closing_available == available_to_commit(entries, F)


def test_a_reversal_counts_in_its_own_year():
    b = Book()
    b.add(T.CONTRIBUTION, 100, date=dt.date(2023, 5, 1))
    b.add(T.REVERSAL, 100, reverses=1, date=dt.date(2024, 5, 1))
    assert year_end_statement(b.entries, F, 2023).contributions == 100
    s = year_end_statement(b.entries, F, 2024)
    assert (s.opening_available, s.contributions, s.closing_available) == (100, -100, 0)


def test_the_budget_model_statement_has_no_receivables():
    b = Book(FundModel.BUDGET)
    b.add(T.CONTRIBUTION, 100)
    b.add(T.COMMITMENT, 100, project="p")
    b.add(T.DISBURSEMENT, 100, project="p")
    s = year_end_statement(b.entries, F, 2024, FundModel.BUDGET)
    assert s.receivables_by_board == {}
    assert s.disbursements == 100
