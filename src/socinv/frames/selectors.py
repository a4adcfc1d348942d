"""Reads: per board and year its budgetram, the ramminskningar decided (the ledger) and
those expected (the repayment plans).

**The seam for the expected reductions.** :func:`expected_from_plans` takes them from the
repayment plans as they stand (:func:`socinv.savings.selectors.projects_savings`, every
paying project's :func:`~socinv.savings.selectors.project_savings` in a fixed number of
queries: the open proposals of each project's plan, built by :mod:`socinv.core.repayment`
from its terms and the savings recorded, and the write-down proposals at closing that the
board bears).
A fund projection (the fondprognos) can give its expected repayments per board and year
instead: pass them as ``expected`` to :func:`fund_frames` (a mapping (board id, year) →
öre), and nothing else here changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from socinv.core.frames import FrameYear, frame_years
from socinv.fund import selectors as fund_selectors
from socinv.fund.models import Fund
from socinv.organisation.models import Board
from socinv.projects.models import Project
from socinv.savings import selectors as savings_selectors

from .models import BudgetFrame


@dataclass
class BoardFrames:
    board: Board
    years: list[FrameYear]

    @property
    def decided_ore(self) -> int:
        return sum(y.decided_ore for y in self.years)

    @property
    def expected_ore(self) -> int:
        return sum(y.expected_ore for y in self.years)


def frames_of(organisation_id: int) -> dict[int, dict[int, int]]:
    """Board id → year → budgetram (öre), one query."""
    out: dict[int, dict[int, int]] = defaultdict(dict)
    for board_id, year, amount in BudgetFrame.objects.filter(
        board__organisation_id=organisation_id
    ).values_list("board_id", "year", "amount_ore"):
        out[board_id][year] = amount
    return out


def decided_reductions(fund: Fund) -> dict[tuple[int, int], int]:
    """(board id, year) → the ramminskningar booked: repayments and board-borne
    write-downs (the balances' one definition, ``Totals.frame_reductions``)."""
    return {
        key: t.frame_reductions
        for key, t in fund_selectors.totals_by_board_year(fund).items()
        if t.frame_reductions
    }


def expected_from_plans(fund: Fund) -> dict[tuple[int, int], int]:
    """(board id, year) → the ramminskningar the repayment plans still expect: each open
    proposal in its year, and a write-down proposal the board bears in this year."""
    out: dict[tuple[int, int], int] = defaultdict(int)
    if fund.economic_model == Fund.Model.BUDGET:
        return {}
    this_year = savings_selectors.today().year
    # only a project that has paid a board out can owe it back: the others' plans are empty
    paid = [
        pk for pk, t in fund_selectors.fund_balances(fund).by_project.items() if t.disbursements
    ]
    projects = Project.objects.filter(fund=fund, pk__in=paid).select_related("fund")
    # the plans of them all in a fixed number of queries, however many projects
    for figures in savings_selectors.projects_savings(fund, projects).values():
        for fig in figures.boards:
            for row in fig.years:
                if row.proposal.proposal_ore > 0:
                    out[(fig.board.pk, row.year)] += row.proposal.proposal_ore
            if fig.write_down is not None and fig.write_down.frame_reduction_ore:
                out[(fig.board.pk, this_year)] += fig.write_down.frame_reduction_ore
    return dict(out)


def fund_frames(
    fund: Fund, expected: Mapping[tuple[int, int], int] | None = None
) -> list[BoardFrames]:
    """Every board of the fund's organisation with a frame or a reduction, by name."""
    frames = frames_of(fund.organisation_id)
    decided = decided_reductions(fund)
    if expected is None:
        expected = expected_from_plans(fund)
    ids = set(frames) | {b for b, _y in decided} | {b for b, _y in expected}
    boards = Board.objects.filter(organisation_id=fund.organisation_id, pk__in=ids)
    out = []
    for board in boards.order_by("name"):
        out.append(BoardFrames(board, _years(board.pk, frames, decided, expected)))
    return out


def board_frames(
    fund: Fund, board: Board, expected: Mapping[tuple[int, int], int] | None = None
) -> BoardFrames:
    frames = frames_of(fund.organisation_id)
    if expected is None:
        expected = expected_from_plans(fund)
    return BoardFrames(board, _years(board.pk, frames, decided_reductions(fund), expected))


def _years(board_id, frames, decided, expected) -> list[FrameYear]:
    def of(values: Mapping[tuple[int, int], int]) -> dict[int, int]:
        return {y: v for (b, y), v in values.items() if b == board_id}

    return frame_years(frames.get(board_id, {}), of(decided), of(expected))
