"""A hypothesis state machine that books random sequences of ledger operations through the
real service (``record_entry``, database and all) and checks every invariant after each
step, against a shadow model kept by the test:

- an operation is accepted exactly when the shadow says the rules allow it; a refused one
  stores nothing;
- the balances aggregated in the database (``selectors``) equal the pure fold of the
  entries and the shadow: available to commit, outstanding commitment and receivable
  per project, receivable per board; none is ever negative;
- the hash chain verifies and the replayed ledger breaks no rule.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from tests.ledger_helpers import record_attested

from socinv.core import ledger as core
from socinv.core.problems import Refused
from socinv.fund import selectors
from socinv.fund.services import fund_entries, verify_fund

_RUNS = itertools.count()
D = dt.date(2026, 5, 4)
KF = core.Decision("Kommunstyrelsen", dt.date(2026, 4, 1), "KS 2026/42")
# a share of what the rules allow, in tenths: 1–10 fits, 11–12 is too much
shares = st.integers(1, 12)


def _share(limit: int, tenths: int) -> int:
    return max(1, limit * tenths // 10 + (1 if tenths > 10 else 0))


class LedgerMachine(RuleBasedStateMachine):
    @initialize(model=st.sampled_from(["repayment", "budget"]), start=st.integers(100, 100_000))
    def make_fund(self, model, start):
        from django.contrib.auth import get_user_model

        from socinv.accounts.models import Membership
        from socinv.fund.models import Fund
        from socinv.organisation.models import Organisation
        from socinv.organisation.services import create_board_at_setup
        from socinv.projects.models import Project

        # a fresh name per run: id(self) can repeat once an earlier machine is collected
        self.user = get_user_model().objects.create_user(f"ekonom{next(_RUNS)}")
        org = Organisation.objects.create(name="Exempelkommun", kind="municipality")
        Membership.objects.create(user=self.user, organisation=org, role="economist")
        self.boards = [
            create_board_at_setup(organisation=org, name=f"Nämnd {i}", code=f"namnd{i}")
            for i in range(2)
        ]
        self.fund = Fund.objects.create(organisation=org, name="Fonden", economic_model=model)
        self.model = model
        self.projects = [Project.objects.create(fund=self.fund, title=f"P{i}") for i in range(2)]
        for p in self.projects:
            p.responsible_boards.add(*self.boards)
        # the shadow: what the rules say the balances are
        self.available = 0
        self.outstanding = {p.pk: 0 for p in self.projects}
        self.receivable = {(p.pk, b.pk): 0 for p in self.projects for b in self.boards}
        self.booked = []  # (entry, effect on the shadow) for entries that may be reversed
        self.count = 0
        # start from a living fund, so that most random steps have something to act on
        self.contribute(tenths=10, base=start)
        self.commit(0, tenths=8)
        self.disburse(0, 0, tenths=5)

    def _book(self, expect_ok: bool, **kw) -> bool:
        try:
            entry = record_attested(
                acting_user=self.user, fund=self.fund, date=D, decision=KF, **kw
            )
        except Refused:
            assert not expect_ok, f"refused although the rules allow it: {kw}"
            return False
        assert expect_ok, f"accepted although the rules forbid it: {kw}"
        self.count += 1
        self.last = entry
        return True

    @rule(tenths=shares, base=st.integers(1, 20_000))
    def contribute(self, tenths, base):
        amount = _share(base, tenths)
        if self._book(True, type="contribution", amount_ore=amount):
            self.booked.append((self.last, {"available": amount}))
            self.available += amount

    @rule(i=st.integers(0, 1), tenths=shares)
    def commit(self, i, tenths):
        p = self.projects[i]
        amount = _share(self.available, tenths)
        ok = amount <= self.available
        if self._book(ok, type="commitment", amount_ore=amount, project=p):
            self.available -= amount
            self.outstanding[p.pk] += amount
            self.booked.append((self.last, {"available": -amount, ("out", p.pk): amount}))

    @rule(i=st.integers(0, 1), tenths=shares)
    def release(self, i, tenths):
        p = self.projects[i]
        amount = _share(self.outstanding[p.pk], tenths)
        ok = amount <= self.outstanding[p.pk]
        if self._book(ok, type="release", amount_ore=amount, project=p):
            self.available += amount
            self.outstanding[p.pk] -= amount
            self.booked.append((self.last, {"available": amount, ("out", p.pk): -amount}))

    @rule(i=st.integers(0, 1), j=st.integers(0, 1), tenths=shares)
    def disburse(self, i, j, tenths):
        p, b = self.projects[i], self.boards[j]
        amount = _share(self.outstanding[p.pk], tenths)
        ok = amount <= self.outstanding[p.pk]
        if self._book(ok, type="disbursement", amount_ore=amount, project=p, board=b):
            self.outstanding[p.pk] -= amount
            self.receivable[(p.pk, b.pk)] += amount
            self.booked.append((self.last, {("out", p.pk): -amount, ("recv", p.pk, b.pk): amount}))

    @rule(i=st.integers(0, 1), j=st.integers(0, 1), tenths=shares)
    def repay(self, i, j, tenths):
        p, b = self.projects[i], self.boards[j]
        amount = _share(self.receivable[(p.pk, b.pk)], tenths)
        ok = self.model == "repayment" and amount <= self.receivable[(p.pk, b.pk)]
        if self._book(ok, type="repayment", amount_ore=amount, project=p, board=b):
            self.available += amount
            self.receivable[(p.pk, b.pk)] -= amount
            self.booked.append((self.last, {"available": amount, ("recv", p.pk, b.pk): -amount}))

    @rule(i=st.integers(0, 1), j=st.integers(0, 1), tenths=shares)
    def write_down(self, i, j, tenths):
        p, b = self.projects[i], self.boards[j]
        amount = _share(self.receivable[(p.pk, b.pk)], tenths)
        ok = self.model == "repayment" and amount <= self.receivable[(p.pk, b.pk)]
        if self._book(
            ok, type="write_down", amount_ore=amount, project=p, board=b, bearer="central"
        ):
            self.receivable[(p.pk, b.pk)] -= amount
            self.booked.append((self.last, {("recv", p.pk, b.pk): -amount}))

    @precondition(lambda self: self.booked)
    @rule(k=st.integers(0, 10_000))
    def reverse(self, k):
        target, eff = self.booked[k % len(self.booked)]
        undone = self._undo(eff)
        ok = all(v >= 0 for v in undone.values())
        if self._book(ok, type="reversal", amount_ore=target.amount_ore, reverses=target):
            self._apply(undone)
            self.booked.remove((target, eff))

    def _undo(self, eff):
        after = {}
        for key, v in eff.items():
            if key == "available":
                after[key] = self.available - v
            elif key[0] == "out":
                after[key] = self.outstanding[key[1]] - v
            else:
                after[key] = self.receivable[(key[1], key[2])] - v
        return after

    def _apply(self, after):
        for key, v in after.items():
            if key == "available":
                self.available = v
            elif key[0] == "out":
                self.outstanding[key[1]] = v
            else:
                self.receivable[(key[1], key[2])] = v

    @invariant()
    def balances_agree_everywhere(self):
        if not hasattr(self, "fund"):
            return
        entries = fund_entries(self.fund)
        assert len(entries) == self.count
        balances = selectors.fund_balances(self.fund)
        assert balances.available == self.available >= 0
        assert core.available_to_commit(entries, str(self.fund.pk)) == self.available
        for p in self.projects:
            totals = balances.by_project.get(p.pk, selectors.Totals())
            assert totals.outstanding == self.outstanding[p.pk] >= 0
            assert core.outstanding_commitment(entries, str(p.pk)) == self.outstanding[p.pk]
            expected = sum(self.receivable[(p.pk, b.pk)] for b in self.boards)
            assert totals.receivable == expected >= 0
            assert core.receivable(entries, str(p.pk)) == expected
        for b in self.boards:
            totals = balances.by_board.get(b.pk, selectors.Totals())
            assert totals.receivable == sum(self.receivable[(p.pk, b.pk)] for p in self.projects)

    @invariant()
    def the_chain_verifies_and_no_rule_is_broken(self):
        if hasattr(self, "fund"):
            assert verify_fund(self.fund) == []


@pytest.mark.django_db
def test_random_ledger_operations_keep_every_invariant():
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(max_examples=40, stateful_step_count=30, deadline=None),
    )
