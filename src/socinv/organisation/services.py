"""Writes to the organisation. Every function is atomic."""

from __future__ import annotations

from django.db import transaction

from .models import Board, Organisation, Stakeholder


@transaction.atomic
def create_board(*, organisation: Organisation, name: str, code: str) -> Board:
    """Create a board (nämnd) and its municipal stakeholder, keyed ``kommun/<code>``
    (``region/<code>`` in a region). Both rows are written or neither."""
    board = Board(organisation=organisation, name=name, code=code)
    board.full_clean()
    board.save()
    stakeholder = Stakeholder(
        organisation=organisation,
        key=f"{organisation.key_prefix}/{code}",
        name=name,
        municipal=True,
        public=True,
        kind=Stakeholder.Kind.BOARD,
        board=board,
    )
    stakeholder.full_clean()
    stakeholder.save()
    return board
