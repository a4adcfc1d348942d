"""Reads of the fund's balances, aggregated in the database (never by looping over entries
in Python): sums per entry type, turned into balances by the core's one definition
(:class:`socinv.core.ledger.Totals`). They equal the pure fold; a property test checks that
on random ledgers.

Only *effective* entries count: a reversal and the entry it reverses are both left out.
Every function here runs a fixed number of queries, whatever the number of projects.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum
from django.db.models.functions import ExtractYear

from socinv.core import portfolio
from socinv.core.ledger import Totals, write_down_movement
from socinv.core.limits import (
    ATTESTATION_THRESHOLD_DEFAULT_ORE,
    STORED_DRAWS_DEFAULT,
    STORED_SEED_DEFAULT,
)

from .models import AttestationSettings, Fund, LedgerEntry, PreliminaryBooking, SimulationSettings

T = LedgerEntry.Type


@dataclass(frozen=True)
class FundBalances:
    fund_totals: Totals
    by_project: dict[int, Totals] = field(default_factory=dict)
    by_board: dict[int, Totals] = field(default_factory=dict)
    entry_count: int = 0

    @property
    def available(self) -> int:
        return self.fund_totals.available


def _movement(type_: str, bearer: str) -> str:
    """The core's movement of an entry (:func:`socinv.core.ledger.movement`): its type, a
    write-down by its bearer."""
    return write_down_movement(bearer) if type_ == T.WRITE_DOWN else type_


def _grouped(entries, by_year: bool = False) -> dict[tuple, dict[str, int]]:
    """Effective money per (project id, board id) and movement, in three grouped queries.

    The first sums every entry that is neither a reversal nor a write-down, by type; the
    second the write-downs by bearer (few rows; the bearer decides how a write-down moves
    the balances, :data:`socinv.core.ledger.MOVES`); the third sums the reversals by the
    movement of the entry each one cancels (a reversal has its target's amount, project
    and board: the core's rules) and takes them off. No anti-join over the whole ledger:
    the reversals are few, and the queries run on the (fund, type, project, board, amount)
    index.

    ``by_year``: the keys are (project id, board id, year), each entry in the year of its
    own date and a reversal in the year of the reversal (as the year-end statement books
    them, so that a closed year's figures never change).
    """
    out: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    year = ["year"] if by_year else []
    if by_year:
        entries = entries.annotate(year=ExtractYear("date"))
    rows = (
        entries.exclude(type__in=[T.REVERSAL, T.WRITE_DOWN])
        .values_list("project_id", "board_id", *year, "type")
        .annotate(total=Sum("amount_ore"))
        .order_by()
    )
    for *key, type_, total in rows:
        out[tuple(key)][type_] += total or 0
    write_downs = (
        entries.filter(type=T.WRITE_DOWN)
        .values_list("project_id", "board_id", *year, "bearer")
        .annotate(total=Sum("amount_ore"))
        .order_by()
    )
    for *key, bearer, total in write_downs:
        out[tuple(key)][_movement(T.WRITE_DOWN, bearer)] += total or 0
    cancelled = (
        entries.filter(type=T.REVERSAL, reverses__isnull=False)
        .values_list("project_id", "board_id", *year, "reverses__type", "reverses__bearer")
        .annotate(total=Sum("amount_ore"))
        .order_by()
    )
    for *key, type_, bearer, total in cancelled:
        out[tuple(key)][_movement(type_, bearer)] -= total or 0
    return out


def _fold(groups, key=None) -> dict:
    """Add grouped sums up by ``key`` (a function of (project, board); None: one total)."""
    merged: dict = defaultdict(lambda: defaultdict(int))
    for pair, by_type in groups.items():
        k = () if key is None else key(pair)
        if k is None:
            continue
        for type_, total in by_type.items():
            merged[k][type_] += total
    return {k: Totals.of(v) for k, v in merged.items()}


def fund_totals(fund: Fund) -> Totals:
    """The fund's totals (two grouped queries)."""
    return _fold(_grouped(LedgerEntry.objects.filter(fund=fund))).get((), Totals())


def fund_balances(fund: Fund) -> FundBalances:
    """Totals for the fund, per project and per board: four queries in all, however
    many projects and entries there are."""
    groups = _grouped(LedgerEntry.objects.filter(fund=fund))
    totals = _fold(groups).get((), Totals())
    by_project = _fold(groups, lambda pair: pair[0])
    by_project.pop(None, None)
    by_board = _fold(groups, lambda pair: pair[1])
    by_board.pop(None, None)
    count = LedgerEntry.objects.filter(fund=fund).count()
    return FundBalances(totals, by_project, by_board, count)


def totals_by_board_year(fund: Fund) -> dict[tuple[int, int], Totals]:
    """(board id, year) → the totals of the fund's entries with that board booked in that
    year (three grouped queries): e.g. ``.frame_reductions``, a board's ramminskningar."""
    groups = _grouped(LedgerEntry.objects.filter(fund=fund, board__isnull=False), by_year=True)
    return _fold(groups, lambda key: (key[1], key[2]))


def totals_by_year(fund: Fund) -> dict[int, Totals]:
    """Year → the totals of the fund's entries booked in that year (three grouped queries)."""
    groups = _grouped(LedgerEntry.objects.filter(fund=fund), by_year=True)
    return _fold(groups, lambda key: key[2])


def project_totals(project) -> Totals:
    """One project's totals (two grouped queries on the project's entries)."""
    entries = LedgerEntry.objects.filter(fund_id=project.fund_id, project=project)
    return _fold(_grouped(entries)).get((), Totals())


def pair_totals(fund: Fund, project, board=None) -> Totals:
    """One project's totals (with ``board``: only that board's entries; ``board=None``
    means the project's entries without a board, as the pure core keys receivables by
    project and board)."""
    entries = LedgerEntry.objects.filter(fund=fund, project=project)
    entries = entries.filter(board__isnull=True) if board is None else entries.filter(board=board)
    return _fold(_grouped(entries)).get((), Totals())


def risk_spread(fund: Fund, balances: FundBalances | None = None) -> dict[str, int]:
    """Net committed money (öre) per risk class ("" for projects not yet classed).

    Pass the ``balances`` already read to save their queries."""
    if balances is None:
        balances = fund_balances(fund)
    classes = dict(fund.projects.values_list("pk", "risk_class"))
    spread: dict[str, int] = defaultdict(int)
    for project_id, totals in balances.by_project.items():
        spread[classes.get(project_id) or ""] += totals.committed
    return dict(spread)


def policy_bounds(fund: Fund) -> dict[str, portfolio.Bound]:
    """The fund's risk policy: risk class → the bounds on its share (one query)."""
    return {b.risk_class: portfolio.Bound(b.min_share, b.max_share) for b in fund.risk_bounds.all()}


def simulation_settings(fund: Fund) -> tuple[int, int]:
    """(draws, seed) of the Monte Carlo run stored with every saved calculation of the
    fund: its :class:`~.models.SimulationSettings`, else the defaults."""
    row = SimulationSettings.objects.filter(fund_id=fund.pk).first()
    if row is None:
        return STORED_DRAWS_DEFAULT, STORED_SEED_DEFAULT
    return row.draws, row.seed


def attestation_threshold(fund: Fund) -> int:
    """The fund's attestation threshold in öre: its :class:`~.models.AttestationSettings`,
    else ``socinv.core.limits.ATTESTATION_THRESHOLD_DEFAULT_ORE``."""
    row = AttestationSettings.objects.filter(fund_id=fund.pk).only("threshold_ore").first()
    return ATTESTATION_THRESHOLD_DEFAULT_ORE if row is None else row.threshold_ore


def attestation_threshold_history(fund: Fund) -> list:
    """The threshold's values, newest first, each with who set it and when (its history)."""
    row = AttestationSettings.objects.filter(fund_id=fund.pk).first()
    if row is None:
        return []
    return list(row.history.select_related("history_user").order_by("-history_date"))


def awaiting_attestation(fund: Fund):
    """The fund's preliminary bookings that await attestation, oldest first (for the
    booking page and the overview): they are not in the ledger and move no balance."""
    return (
        PreliminaryBooking.objects.filter(fund=fund, status=PreliminaryBooking.Status.PRELIMINARY)
        .select_related("project", "board", "booked_by")
        .order_by("booked_at", "pk")
    )
