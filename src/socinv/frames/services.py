"""Writes: a board's budgetram for a year, typed in or imported from an xlsx file.

Each takes a keyword-only ``acting_user``, checks ``frames.maintain_frames`` itself, is
atomic and attributed to ``acting_user`` (history), and refuses with
:class:`~socinv.core.problems.Refused` before anything is stored: a file with one bad row
stores none of its rows.

Codes: those of :func:`socinv.core.frames.check_frame` and of
:func:`socinv.io.frames_xlsx.read_frames`, ``board_unknown``, ``board_not_of_organisation``.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext

from socinv.accounts.access import require
from socinv.audit import attributed_to
from socinv.core.frames import check_frame
from socinv.core.problems import Problem, Refusal, Refused
from socinv.io.frames_xlsx import FrameRow, read_frames
from socinv.l10n.frames import describe
from socinv.organisation.models import Board, Organisation

from .models import BudgetFrame

__all__ = ["import_frames", "set_frame"]

_FIELDS = {"year": "year", "amount": "amount"}


def _refusal(p: Problem, field: str | None) -> Refusal:
    return Refusal(p.code, field, describe(p.code, p.params, get_language()))


def _store(board: Board, year: int, amount_ore: int, source: str, acting_user) -> BudgetFrame:
    frame, _created = BudgetFrame.objects.update_or_create(
        board=board,
        year=year,
        defaults={
            "amount_ore": amount_ore,
            "source": source,
            "changed_by": acting_user,
            "changed_at": timezone.now(),
        },
    )
    return frame


def set_frame(*, acting_user, board: Board, year: int, amount_ore: int) -> BudgetFrame:
    """Record (or change) ``board``'s budgetram for ``year``."""
    require(acting_user, "frames.maintain_frames", board)
    problems = check_frame(year, amount_ore)
    if problems:
        raise Refused(_refusal(p, _FIELDS.get(p.field or "")) for p in problems)
    with transaction.atomic(), attributed_to(acting_user):
        return _store(board, year, amount_ore, BudgetFrame.Source.TYPED, acting_user)


def import_frames(*, acting_user, organisation: Organisation, data: bytes) -> list[BudgetFrame]:
    """Record every row of a budget frames workbook (a board, a year, a frame), or none:
    each bad row is refused naming its row and column. A board is named by its code or
    its name."""
    require(acting_user, "frames.maintain_frames", organisation)
    rows, problems = read_frames(data)
    boards = _boards(organisation)
    found = [_refusal(p, "file") for p in problems]
    resolved: list[tuple[FrameRow, Board]] = []
    for row in rows:
        board = boards.get(row.board.casefold())
        if board is None:
            where = {"row": row.row, "column": row.board_column, "board": row.board}
            p = Problem("board_unknown", row.board_column, where)
            found.append(_refusal(p, "file"))
        else:
            resolved.append((row, board))
    if found:
        raise Refused(found)
    if not resolved:
        raise Refused.one("no_data_rows", gettext("The file has no data rows."), "file")
    with transaction.atomic(), attributed_to(acting_user):
        return [
            _store(board, row.year, row.amount_ore, BudgetFrame.Source.IMPORTED, acting_user)
            for row, board in resolved
        ]


def _boards(organisation: Organisation) -> dict[str, Board]:
    out: dict[str, Board] = {}
    for board in Board.objects.filter(organisation=organisation):
        out.setdefault(board.code.casefold(), board)
        out.setdefault(board.name.casefold(), board)
    return out
