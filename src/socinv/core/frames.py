"""Budget frames (budgetram, ram) and their reductions (ramminskning): pure rules.

Under the repayment model (the report *Organisering och styrning av sociala
investeringar*, section 2.5) a board repays the fund by having its budgetram reduced: each
repayment, and each write-down the board bears, is a ramminskning of the board in the
year it is booked (the balances' one definition, :data:`socinv.core.ledger.MOVES`,
``frame_reductions``). The budget process asks per board and year: the frame, the
reductions decided (booked in the ledger), and the reductions expected (from the repayment
plans; see :class:`FrameYear`).

Under the budget model the fund's money is spent over a set period: :func:`budget_runway`
says when the money available to commit is used up.

Standard library only; money is integer öre.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .limits import MAX_FRAME_ORE, MAX_FRAME_YEAR, MIN_FRAME_YEAR
from .problems import Problem

__all__ = [
    "FrameYear",
    "Runway",
    "budget_runway",
    "check_frame",
    "frame_years",
]


def check_frame(year: object, amount_ore: object) -> list[Problem]:
    """Whether ``year`` and ``amount_ore`` make a board's budgetram: codes
    ``frame_year_out_of_range`` (field ``year``, with ``min_year``, ``max_year``),
    ``frame_amount_not_positive`` and ``frame_amount_too_large`` (field ``amount``, with
    ``max_ore``)."""
    problems = []
    if type(year) is not int or not MIN_FRAME_YEAR <= year <= MAX_FRAME_YEAR:
        params = {"year": year, "min_year": MIN_FRAME_YEAR, "max_year": MAX_FRAME_YEAR}
        problems.append(Problem("frame_year_out_of_range", "year", params))
    if type(amount_ore) is not int or amount_ore <= 0:
        problems.append(Problem("frame_amount_not_positive", "amount", {"amount_ore": amount_ore}))
    elif amount_ore > MAX_FRAME_ORE:
        params = {"amount_ore": amount_ore, "max_ore": MAX_FRAME_ORE}
        problems.append(Problem("frame_amount_too_large", "amount", params))
    return problems


@dataclass(frozen=True, slots=True)
class FrameYear:
    """One board's year in the budget process (öre).

    ``decided_ore``: the ramminskningar booked in the ledger for the year (repayments and
    write-downs borne by the board). ``expected_ore``: those still expected for the year
    (the repayment plans' open proposals; a fund projection may give them instead).
    """

    year: int
    frame_ore: int | None  # None: no budgetram recorded for the year
    decided_ore: int = 0
    expected_ore: int = 0

    @property
    def reductions_ore(self) -> int:
        return self.decided_ore + self.expected_ore

    @property
    def frame_after_ore(self) -> int | None:
        """The frame left for the board's own operations after the reductions."""
        return None if self.frame_ore is None else self.frame_ore - self.reductions_ore

    @property
    def share(self) -> float | None:
        """The reductions as a share of the frame (None without a positive frame)."""
        if not self.frame_ore or self.frame_ore <= 0:
            return None
        return self.reductions_ore / self.frame_ore


def frame_years(
    frames: Mapping[int, int],
    decided: Mapping[int, int],
    expected: Mapping[int, int],
    years: Iterable[int] = (),
) -> list[FrameYear]:
    """One :class:`FrameYear` per year that has a frame, a reduction or is in ``years``,
    in year order."""
    all_years = set(frames) | set(decided) | set(expected) | set(years)
    return [
        FrameYear(y, frames.get(y), decided.get(y, 0), expected.get(y, 0))
        for y in sorted(all_years)
    ]


@dataclass(frozen=True, slots=True)
class Runway:
    """When the budget model's money available to commit is used up.

    ``reason``: ``used_up`` (nothing is left: ``year`` is the year of the last commitment),
    ``pace`` (at the pace of the years so far, the money lasts until ``year``),
    ``after_period`` (at that pace money is left when the period ends, ``year`` is the
    period's last year), ``period_ended`` (the period is over and ``available_ore`` was
    left: nothing more can be committed), ``no_pace`` (nothing committed yet: no year can be told).
    """

    reason: str
    year: int | None
    available_ore: int
    pace_ore: int  # committed a year, on average over the years so far


def budget_runway(
    *,
    available_ore: int,
    committed_by_year: Mapping[int, int],
    today: datetime.date,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
) -> Runway:
    """When the money available to commit is used up, at the pace of the commitments so
    far (net of releases, per calendar year from the period's start, or from the first
    commitment, to this year).

    The rule: pace = what has been committed, divided by the number of years so far
    (this year included); from next year the money lasts ``ceil(available / pace)`` more
    years, the last one being the year it runs out. A fund projection (the fondprognos) gives a better
    answer from the decided disbursement plans; this is the ledger's own.
    """
    years = [y for y, v in committed_by_year.items() if v]
    last = max(years) if years else None
    if available_ore <= 0:
        return Runway("used_up", last, available_ore, 0)
    if period_end is not None and today > period_end:
        return Runway("period_ended", period_end.year, available_ore, 0)
    first = period_start.year if period_start else (min(years) if years else today.year)
    span = max(1, today.year - first + 1)
    total = sum(committed_by_year.values())
    pace = total // span
    if pace <= 0:
        return Runway("no_pace", None, available_ore, 0)
    more = -(-available_ore // pace)  # ceiling
    year = today.year + more
    if period_end is not None and year > period_end.year:
        return Runway("after_period", period_end.year, available_ore, pace)
    return Runway("pace", year, available_ore, pace)
