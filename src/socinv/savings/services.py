"""Writes: record a realised saving, confirm a repayment, confirm a write-down at closing.

Each takes a keyword-only ``acting_user``, checks the permission itself
(:func:`socinv.accounts.access.require`: ``PermissionDenied``), is atomic and attributed to
``acting_user``, and refuses with :class:`socinv.core.problems.Refused` (every reason, per
form field; nothing stored) when the rules say no. Bookings go through
:func:`socinv.fund.services.record_entry` in the same transaction as the confirmation
record, so a refused entry leaves neither.

Codes: ``board_not_of_project``, ``year_out_of_range``, ``amount_not_positive``,
``basis_required``, ``personal_number``, ``indicator_not_of_project``,
``measurement_not_of_project``; ``budget_model``, ``year_not_begun``, ``nothing_proposed``,
``exceeds_proposal``; ``phase_before_closing``, ``exceeds_receivable``, ``no_bearer``;
``decision_body_required``, ``decision_date_required``, ``decision_dnr_required``; and the
ledger's own codes (:mod:`socinv.core.ledger`).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from socinv.accounts.access import require
from socinv.applications.models import Indicator
from socinv.audit import attributed_to
from socinv.core.ledger import Decision
from socinv.core.problems import Refusal, Refused, refuse_if
from socinv.followup import values
from socinv.followup.models import Measurement
from socinv.fund.models import Fund, LedgerEntry, PreliminaryBooking
from socinv.fund.services import record_decided_entry
from socinv.projects.models import Project
from socinv.web.i18n import current_lang, ore_to_text
from socinv.web.refusals import personal_number

from . import selectors
from .models import RealisedSaving, RepaymentConfirmation, WriteDownConfirmation

__all__ = [
    "confirm_repayment",
    "confirm_write_down",
    "record_saving",
]

_LEDGER_FIELD = {"amount_ore": "amount", "board": "board", "bearer": None}


def _board_refusal() -> Refusal:
    return Refusal("board_not_of_project", "board", gettext("Choose one of the project's boards."))


def _amount_refusals(amount_ore, message: str = "") -> list[Refusal]:
    if isinstance(amount_ore, int) and amount_ore > 0:
        return []
    message = message or gettext("The amount must be greater than zero.")
    return [Refusal("amount_not_positive", "amount", message)]


def _budget_model_refusal(project: Project, message: str) -> None:
    if project.fund.economic_model == Fund.Model.BUDGET:
        raise Refused.one("budget_model", message)


def _decision_refusals(decision: Decision | None, note: str) -> list[Refusal]:
    """The decision behind a booking is complete, and it and the note hold no personal
    identity number."""
    found = []
    if decision is None or not (decision.body or "").strip():
        message = gettext("Enter who decided.")
        found.append(Refusal("decision_body_required", "decision_body", message))
    if decision is None or not isinstance(decision.date, datetime.date):
        message = gettext("Enter the date of the decision.")
        found.append(Refusal("decision_date_required", "decision_date", message))
    if decision is None or not (decision.dnr or "").strip():
        message = gettext("Enter the registration number (dnr).")
        found.append(Refusal("decision_dnr_required", "decision_dnr", message))
    if decision is not None:
        found += personal_number(None, decision.body, decision.dnr)
    return found + personal_number("note", note)


def _ledger_errors(refused: Refused) -> list[Refusal]:
    """The ledger's reasons on this app's form fields."""
    return [Refusal(r.code, _LEDGER_FIELD.get(r.field), r.message) for r in refused.refusals]


def _locked(project: Project) -> None:
    """Lock the fund's row (as record_entry does) so that the proposal is computed and
    booked in one step: two people confirming at once cannot both book the same due."""
    Fund.objects.select_for_update().filter(pk=project.fund_id).first()


def _book(
    confirmation,
    *,
    acting_user,
    permission: str,
    type: str,
    date,
    amount_ore: int,
    decision,
    note,
    **kw,
):
    """Book the ledger entry of ``confirmation`` (its project and board) and store the
    confirmation with it, in one transaction attributed to ``acting_user``."""
    project = confirmation.project
    with transaction.atomic(), attributed_to(acting_user):
        booked = record_decided_entry(
            acting_user=acting_user,
            permission=permission,
            obj=project,
            fund=project.fund,
            type=type,
            date=date or selectors.today(),
            amount_ore=amount_ore,
            project=project,
            board=confirmation.board,
            decision=decision,
            note=note,
            **kw,
        )
        if isinstance(booked, PreliminaryBooking):  # above the attestation threshold
            confirmation.booking = booked
        else:
            confirmation.entry = booked
        confirmation.confirmed_by = acting_user
        confirmation.confirmed_at = timezone.now()
        confirmation.save()
    return confirmation


def measurement_text(m, lang: str | None = None) -> str:
    """A measurement with its value in its unit's precision (:mod:`socinv.followup.values`):
    "Andel i arbete, 2025: 59 %"; in the active language unless ``lang`` is given."""
    value = values.value_text(m.indicator, m.value, lang or current_lang())
    return f"{m.indicator.name}, {m.period}: {value}"


def support_text(indicators, measurements) -> str:
    """The supporting indicators and measurements as lines of text (kept in the history,
    in Swedish whoever records it)."""
    lines = [i.name for i in indicators]
    lines += [measurement_text(m, "sv") for m in measurements]
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
    require(acting_user, "followup.record_saving", project)
    found: list[Refusal] = []
    if board is None or board.pk not in {b.pk for b in selectors.boards_of(project)}:
        found.append(_board_refusal())
    if not isinstance(year, int) or not 2000 <= year <= selectors.today().year:
        message = gettext("Give a year from 2000 up to this year.")
        found.append(Refusal("year_out_of_range", "year", message))
    found += _amount_refusals(amount_ore, gettext("The saving must be greater than zero."))
    basis = (basis or "").strip()
    if not basis:
        message = gettext("Describe the basis of the saving.")
        found.append(Refusal("basis_required", "basis", message))
    found += personal_number("basis", basis)
    indicators = list(indicators)
    measurements = list(measurements)
    if any(i.project_id != project.pk for i in indicators):
        message = gettext("Choose indicators of this project only.")
        found.append(Refusal("indicator_not_of_project", "indicators", message))
    own = set(Indicator.objects.filter(project=project).values_list("pk", flat=True))
    if any(m.indicator_id not in own for m in measurements):
        message = gettext("Choose measurements of this project only.")
        found.append(Refusal("measurement_not_of_project", "measurements", message))
    refuse_if(found)
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


def _repayment_refusals(figures, board, year: int, amount_ore) -> tuple[int, list[Refusal]]:
    """The proposal for ``board`` and ``year``, and why the repayment may not be booked."""
    fig = figures.board(board) if board is not None else None
    row = fig.row(year) if fig is not None else None
    proposal = row.proposal.proposal_ore if row is not None else 0
    found: list[Refusal] = []
    if fig is None:
        found.append(_board_refusal())
    elif year > selectors.today().year:
        message = gettext("A repayment can be confirmed once its year has begun.")
        found.append(Refusal("year_not_begun", None, message))
    elif proposal <= 0:
        message = gettext("Nothing is proposed for repayment for this board and year.")
        found.append(Refusal("nothing_proposed", None, message))
    amount = _amount_refusals(amount_ore)
    if not amount and 0 < proposal < amount_ore:
        message = gettext("The amount exceeds the proposal of %(proposal)s.") % {
            "proposal": ore_to_text(proposal)
        }
        amount = [Refusal("exceeds_proposal", "amount", message)]
    found += amount
    return proposal, found


def _awaiting_refusals(figures, board, year: int) -> list[Refusal]:
    """A repayment confirmed for the same board and year that still waits for attestation
    (the plan's row knows it: :attr:`socinv.savings.selectors.YearRow.awaiting`):
    confirming again could repay the year twice."""
    fig = figures.board(board) if board is not None else None
    row = fig.row(year) if fig is not None else None
    if row is None or not row.awaiting:
        return []
    message = gettext(
        "A repayment for this board and year awaits attestation: attest or reject it first."
    )
    return [Refusal("repayment_awaits_attestation", None, message)]


def confirm_repayment(
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
    of type repayment carrying the decision (a :class:`socinv.core.ledger.Decision`), and
    record the confirmation. Above the fund's attestation threshold the repayment is a
    preliminary booking (the confirmation's ``booking``) until a second person attests it;
    while it waits, the same board and year cannot be confirmed again."""
    require(acting_user, "followup.confirm_repayment", project)
    _budget_model_refusal(project, gettext("The fund follows the budget model: nothing is repaid."))
    with transaction.atomic():
        _locked(project)
        figures = selectors.project_savings(project)
        proposal, found = _repayment_refusals(figures, board, year, amount_ore)
        found += _awaiting_refusals(figures, board, year)
        refuse_if(found + _decision_refusals(decision, note))
        try:
            confirmation = _book(
                RepaymentConfirmation(
                    project=project, board=board, year=year, proposed_ore=proposal
                ),
                acting_user=acting_user,
                permission="followup.confirm_repayment",
                type=LedgerEntry.Type.REPAYMENT,
                date=date,
                amount_ore=amount_ore,
                decision=decision,
                note=note or gettext("Repayment of the realised saving %(year)s.") % {"year": year},
            )
        except Refused as refused:
            raise Refused(_ledger_errors(refused)) from refused
    return confirmation


def _write_down_refusals(figures, board, amount_ore) -> tuple[int, list[Refusal]]:
    """What ``board`` still owes, and why the write-down may not be booked."""
    fig = figures.board(board) if board is not None else None
    receivable = fig.receivable_ore if fig is not None else 0
    found: list[Refusal] = [] if fig is not None else [_board_refusal()]
    amount = _amount_refusals(amount_ore)
    if not amount and amount_ore > receivable:
        message = gettext("The amount exceeds the %(receivable)s that the board still owes.") % {
            "receivable": ore_to_text(receivable)
        }
        amount = [Refusal("exceeds_receivable", "amount", message)]
    found += amount
    if figures.bearer is None:
        message = gettext(
            "The fund's rules give no bearer for this project type: add a write-down rule for the type first."
        )
        found.append(Refusal("no_bearer", None, message))
    return receivable, found


def confirm_write_down(
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
    the fund's rules say, and record the confirmation."""
    require(acting_user, "followup.confirm_write_down", project)
    _budget_model_refusal(
        project, gettext("The fund follows the budget model: there is nothing to write down.")
    )
    if not project.is_after_closing:
        raise Refused.one(
            "phase_before_closing",
            gettext(
                "A receivable is written down at closing: the project must be in the closing, scale-up or wind-down phase."
            ),
        )
    with transaction.atomic():
        _locked(project)
        figures = selectors.project_savings(project)
        receivable, found = _write_down_refusals(figures, board, amount_ore)
        refuse_if(found + _decision_refusals(decision, note))
        try:
            confirmation = _book(
                WriteDownConfirmation(
                    project=project,
                    board=board,
                    receivable_ore=receivable,
                    bearer_source=figures.bearer_source,
                ),
                acting_user=acting_user,
                permission="followup.confirm_write_down",
                type=LedgerEntry.Type.WRITE_DOWN,
                date=date,
                amount_ore=amount_ore,
                decision=decision,
                bearer=figures.bearer,
                note=note or gettext("Write-down of the receivable at closing."),
            )
        except Refused as refused:
            raise Refused(_ledger_errors(refused)) from refused
    return confirmation
