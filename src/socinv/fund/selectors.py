"""Reads of the fund's balances, aggregated in the database (never by looping over entries
in Python). They equal the pure fold in :mod:`socinv.core.ledger.balances`; a property test
checks that on random ledgers.

Only *effective* entries count: a reversal and the entry it reverses are both left out.
Every function here runs a fixed number of queries, whatever the number of projects.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum

from .models import Fund, LedgerEntry

T = LedgerEntry.Type


def effective_entries(fund: Fund):
    return LedgerEntry.objects.filter(fund=fund, reversed_by__isnull=True).exclude(type=T.REVERSAL)


@dataclass(frozen=True)
class Totals:
    """Money (öre) by entry type, and the balances derived from it."""

    contributions: int = 0
    commitments: int = 0
    releases: int = 0
    disbursements: int = 0
    repayments: int = 0
    write_downs: int = 0

    @classmethod
    def of(cls, by_type: dict[str, int]) -> Totals:
        return cls(
            contributions=by_type.get(T.CONTRIBUTION, 0),
            commitments=by_type.get(T.COMMITMENT, 0),
            releases=by_type.get(T.RELEASE, 0),
            disbursements=by_type.get(T.DISBURSEMENT, 0),
            repayments=by_type.get(T.REPAYMENT, 0),
            write_downs=by_type.get(T.WRITE_DOWN, 0),
        )

    @property
    def available(self) -> int:
        """Available to commit = contributions + repayments − commitments + releases."""
        return self.contributions + self.repayments - self.commitments + self.releases

    @property
    def committed(self) -> int:
        """Net commitments (commitments − releases)."""
        return self.commitments - self.releases

    @property
    def outstanding(self) -> int:
        """Outstanding commitments = commitments − releases − disbursements."""
        return self.commitments - self.releases - self.disbursements

    @property
    def receivable(self) -> int:
        """Receivable = disbursements − repayments − write-downs (repayment model)."""
        return self.disbursements - self.repayments - self.write_downs


@dataclass(frozen=True)
class FundBalances:
    fund_totals: Totals
    by_project: dict[int, Totals] = field(default_factory=dict)
    by_board: dict[int, Totals] = field(default_factory=dict)
    entry_count: int = 0

    @property
    def available(self) -> int:
        return self.fund_totals.available


def _sums(qs, *keys: str) -> dict[tuple, dict[str, int]]:
    out: dict[tuple, dict[str, int]] = defaultdict(dict)
    for row in qs.values(*keys, "type").annotate(total=Sum("amount_ore")).order_by():
        out[tuple(row[k] for k in keys)][row["type"]] = row["total"] or 0
    return out


def fund_totals(fund: Fund) -> Totals:
    """The fund's totals in one query."""
    return Totals.of(_sums(effective_entries(fund)).get((), {}))


def fund_balances(fund: Fund) -> FundBalances:
    """Totals for the fund, per project and per board: four queries in all."""
    qs = effective_entries(fund)
    totals = Totals.of(_sums(qs).get((), {}))
    by_project = {
        key[0]: Totals.of(v)
        for key, v in _sums(qs.filter(project__isnull=False), "project").items()
    }
    by_board = {
        key[0]: Totals.of(v) for key, v in _sums(qs.filter(board__isnull=False), "board").items()
    }
    return FundBalances(totals, by_project, by_board, LedgerEntry.objects.filter(fund=fund).count())


def project_totals(project) -> Totals:
    """One project's totals in one query."""
    qs = effective_entries(project.fund_id).filter(project=project)
    return Totals.of(_sums(qs).get((), {}))


def pair_totals(fund: Fund, project, board=None) -> Totals:
    """One project's totals (with ``board``: only that board's entries; ``board=None``
    means the project's entries without a board, as the pure core keys receivables by
    project and board)."""
    qs = effective_entries(fund).filter(project=project)
    qs = qs.filter(board__isnull=True) if board is None else qs.filter(board=board)
    return Totals.of(_sums(qs).get((), {}))


def risk_spread(fund: Fund) -> dict[str, int]:
    """Net committed money (öre) per risk class ("" for projects not yet classed)."""
    qs = effective_entries(fund).filter(type__in=[T.COMMITMENT, T.RELEASE])
    spread: dict[str, int] = defaultdict(int)
    rows = qs.values("project__risk_class", "type").annotate(total=Sum("amount_ore")).order_by()
    for row in rows:
        sign = 1 if row["type"] == T.COMMITMENT else -1
        spread[row["project__risk_class"] or ""] += sign * (row["total"] or 0)
    return dict(spread)
