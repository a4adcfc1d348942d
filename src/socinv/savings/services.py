"""Writes: record a realised saving, confirm a repayment, confirm a write-down at closing.

Each is atomic and attributed to ``acting_user``; each checks the permission itself
(``PermissionDenied``) and refuses with :class:`SavingsRefused` (every reason, per form
field; nothing stored) when the rules say no. Bookings go through
:func:`socinv.fund.services.record_entry` in the same transaction as the confirmation
record, so a refused entry leaves neither.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from socinv.applications.models import Indicator
from socinv.audit import attributed_to
from socinv.core.ledger import Decision
from socinv.core.personnummer import contains_personal_number
from socinv.core.problems import Refused
from socinv.followup.models import Measurement
from socinv.fund.models import Fund, LedgerEntry
from socinv.fund.services import record_entry
from socinv.projects.models import Project
from socinv.web.i18n import ore_to_text

from . import selectors
from .models import RealisedSaving, RepaymentConfirmation, WriteDownConfirmation

__all__ = [
    "SavingsRefused",
    "confirm_repayment",
    "confirm_write_down",
    "record_saving",
]

_LEDGER_FIELD = {"amount_ore": "amount", "board": "board", "bearer": None}


class SavingsRefused(Exception):
    """``errors`` maps a form field (None: the whole form) to its messages."""

    def __init__(self, errors: dict[str | None, list[str]]):
        self.errors = errors
        super().__init__("; ".join(m for ms in errors.values() for m in ms))


def _require(user, perm: str, project: Project) -> None:
    if not user.has_perm(perm, project):
        raise PermissionDenied


def _pnr_message() -> str:
    return gettext(
        "Contains a personal identity number: the system holds aggregated data only. "
        "Remove it; nothing was stored."
    )


def _check_decision(errors, decision: Decision | None) -> None:
    def add(field, message):
        errors.setdefault(field, []).append(message)

    if decision is None or not (decision.body or "").strip():
        add("decision_body", gettext("Enter who decided."))
    if decision is None or not isinstance(decision.date, datetime.date):
        add("decision_date", gettext("Enter the date of the decision."))
    if decision is None or not (decision.dnr or "").strip():
        add("decision_dnr", gettext("Enter the registration number (dnr)."))
    if decision is not None and (
        contains_personal_number(decision.body or "") or contains_personal_number(decision.dnr)
    ):
        add(None, _pnr_message())


def _ledger_errors(refused: Refused) -> dict[str | None, list[str]]:
    errors: dict[str | None, list[str]] = {}
    for r in refused.refusals:
        errors.setdefault(_LEDGER_FIELD.get(r.field), []).append(r.message)
    return errors


def number_text(value: float) -> str:
    """A measurement's value in Swedish: "9 200 000", "0,59"."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u00a0")
    return f"{value:.15g}".replace(".", ",")


def measurement_text(m) -> str:
    return f"{m.indicator.name}, {m.period}: {number_text(m.value)}"


def support_text(indicators, measurements) -> str:
    """The supporting indicators and measurements as lines of text (kept in the history)."""
    lines = [i.name for i in indicators]
    lines += [measurement_text(m) for m in measurements]
    return "\n".join(lines)


def record_saving(
    *,
    acting_user,
    project: Project,
    board,
    year: int,
    amount_ore: int,
    basis: str,
    indicators=(),
    measurements=(),
) -> RealisedSaving:
    """Record (or correct) the realised saving of ``board`` in ``year``.

    A second recording for the same project, board and year corrects the first: the row
    is changed and its history keeps the earlier version.
    """
    _require(acting_user, "followup.record_saving", project)
    errors: dict[str | None, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if board is None or board.pk not in {b.pk for b in selectors.boards_of(project)}:
        add("board", gettext("Choose one of the project's boards."))
    if not isinstance(year, int) or not 2000 <= year <= selectors.today().year:
        add("year", gettext("Give a year from 2000 up to this year."))
    if not isinstance(amount_ore, int) or amount_ore <= 0:
        add("amount", gettext("The saving must be greater than zero."))
    basis = (basis or "").strip()
    if not basis:
        add("basis", gettext("Describe the basis of the saving."))
    elif contains_personal_number(basis):
        add("basis", _pnr_message())
    indicators = list(indicators)
    measurements = list(measurements)
    if any(i.project_id != project.pk for i in indicators):
        add("indicators", gettext("Choose indicators of this project only."))
    own = set(Indicator.objects.filter(project=project).values_list("pk", flat=True))
    if any(m.indicator_id not in own for m in measurements):
        add("measurements", gettext("Choose measurements of this project only."))
    if errors:
        raise SavingsRefused(errors)
    with transaction.atomic(), attributed_to(acting_user):
        saving = (
            RealisedSaving.objects.select_for_update()
            .filter(project=project, board=board, year=year)
            .first()
        ) or RealisedSaving(project=project, board=board, year=year)
        saving.amount_ore = amount_ore
        saving.basis = basis
        saving.recorded_by = acting_user
        saving.recorded_at = timezone.now()
        saving.support = support_text(indicators, measurements)
        saving.save()
        saving.indicators.set(indicators)
        saving.measurements.set(Measurement.objects.filter(pk__in=[m.pk for m in measurements]))
    return saving


def _confirm_repayment(
    *,
    acting_user,
    project: Project,
    board,
    year: int,
    amount_ore: int,
    decision: Decision | None,
    date: datetime.date | None = None,
    note: str = "",
) -> RepaymentConfirmation:
    """Book the repayment of ``board`` for ``year`` (at most the proposal) as a ledger entry
    of type repayment carrying the decision, and record the confirmation."""
    _require(acting_user, "followup.confirm_repayment", project)
    errors: dict[str | None, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if project.fund.economic_model == Fund.Model.BUDGET:
        raise SavingsRefused(
            {None: [gettext("The fund follows the budget model: nothing is repaid.")]}
        )
    figures = selectors.project_savings(project)
    fig = figures.board(board) if board is not None else None
    row = fig.row(year) if fig is not None else None
    proposal = row.proposal.proposal_ore if row is not None else 0
    if fig is None:
        add("board", gettext("Choose one of the project's boards."))
    elif year > selectors.today().year:
        add(None, gettext("A repayment can be confirmed once its year has begun."))
    elif proposal <= 0:
        add(None, gettext("Nothing is proposed for repayment for this board and year."))
    if not isinstance(amount_ore, int) or amount_ore <= 0:
        add("amount", gettext("The amount must be greater than zero."))
    elif proposal > 0 and amount_ore > proposal:
        add(
            "amount",
            gettext("The amount exceeds the proposal of %(proposal)s.")
            % {"proposal": ore_to_text(proposal)},
        )
    _check_decision(errors, decision)
    if contains_personal_number(note or ""):
        add("note", _pnr_message())
    if errors:
        raise SavingsRefused(errors)
    try:
        with transaction.atomic(), attributed_to(acting_user):
            entry = record_entry(
                acting_user=acting_user,
                fund=project.fund,
                type=LedgerEntry.Type.REPAYMENT,
                date=date or selectors.today(),
                amount_ore=amount_ore,
                project=project,
                board=board,
                decision=decision,
                note=note or gettext("Repayment of the realised saving %(year)s.") % {"year": year},
            )
            confirmation = RepaymentConfirmation(
                project=project,
                board=board,
                year=year,
                proposed_ore=proposal,
                entry=entry,
                confirmed_by=acting_user,
                confirmed_at=timezone.now(),
            )
            confirmation.save()
    except Refused as refused:
        raise SavingsRefused(_ledger_errors(refused)) from refused
    return confirmation


def _confirm_write_down(
    *,
    acting_user,
    project: Project,
    board,
    amount_ore: int,
    decision: Decision | None,
    date: datetime.date | None = None,
    note: str = "",
) -> WriteDownConfirmation:
    """Write down (part of) what ``board`` still owes for ``project``, at closing, borne as
    the fund's rules say."""
    _require(acting_user, "followup.confirm_write_down", project)
    errors: dict[str | None, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if project.fund.economic_model == Fund.Model.BUDGET:
        raise SavingsRefused(
            {None: [gettext("The fund follows the budget model: there is nothing to write down.")]}
        )
    if project.phase not in selectors.WRITE_DOWN_PHASES:
        raise SavingsRefused(
            {
                None: [
                    gettext(
                        "A receivable is written down at closing: the project must be in the closing, scale-up or wind-down phase."
                    )
                ]
            }
        )
    figures = selectors.project_savings(project)
    fig = figures.board(board) if board is not None else None
    receivable = fig.receivable_ore if fig is not None else 0
    if fig is None:
        add("board", gettext("Choose one of the project's boards."))
    if not isinstance(amount_ore, int) or amount_ore <= 0:
        add("amount", gettext("The amount must be greater than zero."))
    elif amount_ore > receivable:
        add(
            "amount",
            gettext("The amount exceeds the %(receivable)s that the board still owes.")
            % {"receivable": ore_to_text(receivable)},
        )
    if figures.bearer is None:
        add(
            None,
            gettext(
                "The fund's rules give no bearer for this project type: add a write-down rule for the type first."
            ),
        )
    _check_decision(errors, decision)
    if contains_personal_number(note or ""):
        add("note", _pnr_message())
    if errors:
        raise SavingsRefused(errors)
    try:
        with transaction.atomic(), attributed_to(acting_user):
            entry = record_entry(
                acting_user=acting_user,
                fund=project.fund,
                type=LedgerEntry.Type.WRITE_DOWN,
                date=date or selectors.today(),
                amount_ore=amount_ore,
                project=project,
                board=board,
                decision=decision,
                bearer=figures.bearer,
                note=note or gettext("Write-down of the receivable at closing."),
            )
            confirmation = WriteDownConfirmation(
                project=project,
                board=board,
                receivable_ore=receivable,
                bearer_source=figures.bearer_source,
                entry=entry,
                confirmed_by=acting_user,
                confirmed_at=timezone.now(),
            )
            confirmation.save()
    except Refused as refused:
        raise SavingsRefused(_ledger_errors(refused)) from refused
    return confirmation


def _locked(project: Project) -> None:
    """Lock the fund's row (as record_entry does) so that the proposal is computed and
    booked in one step: two people confirming at once cannot both book the same due."""
    Fund.objects.select_for_update().filter(pk=project.fund_id).first()


def confirm_repayment(**kwargs) -> RepaymentConfirmation:
    """Book the repayment of ``board`` for ``year`` (at most the proposal) as a ledger entry
    of type repayment carrying the decision, and record the confirmation.

    Keyword arguments: ``acting_user``, ``project``, ``board``, ``year``, ``amount_ore``,
    ``decision`` (a :class:`socinv.core.ledger.Decision`), optionally ``date`` and ``note``.
    """
    with transaction.atomic():
        _locked(kwargs["project"])
        return _confirm_repayment(**kwargs)


def confirm_write_down(**kwargs) -> WriteDownConfirmation:
    """Write down (part of) what ``board`` still owes for ``project``, at closing, borne as
    the fund's rules say, and record the confirmation.

    Keyword arguments: ``acting_user``, ``project``, ``board``, ``amount_ore``,
    ``decision``, optionally ``date`` and ``note``.
    """
    with transaction.atomic():
        _locked(kwargs["project"])
        return _confirm_write_down(**kwargs)
