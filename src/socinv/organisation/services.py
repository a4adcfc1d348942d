"""Writes to the organisation, on the contract of every write service: keyword-only
``acting_user`` whose permission is checked here (``organisation.configure``, the
administrator), :class:`~socinv.core.problems.Refused` before anything is stored, atomic.

Codes: ``name_required``, ``code_invalid``, ``code_taken``, ``stakeholder_key_taken``
(field ``name`` or ``code``), and Django's own validation codes for anything else a field
refuses (``max_length`` ...).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext

from socinv.core.problems import Refusal, refuse_if
from socinv.web.access import require
from socinv.web.refusals import validated

from .models import Board, Organisation, Stakeholder


def create_board(*, acting_user, organisation: Organisation, name: str, code: str) -> Board:
    """Create a board (nämnd) and its municipal stakeholder, keyed ``kommun/<code>``
    (``region/<code>`` in a region). Both rows are written or neither."""
    require(acting_user, "organisation.configure", organisation)
    return create_board_at_setup(organisation=organisation, name=name, code=code)


@transaction.atomic
def create_board_at_setup(*, organisation: Organisation, name: str, code: str) -> Board:
    """:func:`create_board` without a permission check: the one path for setting up an
    organisation before anyone in it can act (test fixtures and seeds that make an
    organisation from nothing). Pages, the API, the CLI and the demo use
    :func:`create_board`."""
    name, code = (name or "").strip(), (code or "").strip()
    refuse_if(_board_refusals(organisation, name, code))
    board = Board(organisation=organisation, name=name, code=code)
    stakeholder = Stakeholder(
        organisation=organisation,
        key=f"{organisation.key_prefix}/{code}",
        name=name,
        municipal=True,
        public=True,
        kind=Stakeholder.Kind.BOARD,
    )
    refuse_if(validated(board.full_clean))
    board.save()
    stakeholder.board = board
    refuse_if(validated(stakeholder.full_clean))
    stakeholder.save()
    return board


def _board_refusals(organisation: Organisation, name: str, code: str) -> list[Refusal]:
    found = []
    if not name:
        found.append(Refusal("name_required", "name", gettext("Enter the board's name.")))
    try:
        validate_slug(code)
    except ValidationError:
        message = gettext(
            "Enter a short code of letters, digits, hyphens or underscores, e.g. socialnamnd."
        )
        found.append(Refusal("code_invalid", "code", message))
        return found
    if Board.objects.filter(organisation=organisation, code=code).exists():
        message = gettext("The organisation already has a board with the code %(code)s.")
        found.append(Refusal("code_taken", "code", message % {"code": code}))
    key = f"{organisation.key_prefix}/{code}"
    if Stakeholder.objects.filter(organisation=organisation, key=key).exists():
        message = gettext("The organisation already has a stakeholder keyed %(key)s.")
        found.append(Refusal("stakeholder_key_taken", "code", message % {"key": key}))
    return found
