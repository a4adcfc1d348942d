"""Realised savings, confirmed repayments and confirmed write-downs.

A :class:`RealisedSaving` is what one board actually saved in one year thanks to the
project, as the economist records it, with its basis: a text and the indicators and
measurements that support it. There is one per project, board and year: a correction
changes that row, and its history (django-simple-history) keeps every earlier version
with who changed it and when; the links to indicators and measurements are copied into
``support`` on every save, so each version in the history also says what supported it. One row per year keeps "the saving of
2026" unambiguous for the repayment proposal, while the trail keeps the corrections.

A :class:`RepaymentConfirmation` links the ledger entry (type repayment) booked when a
proposal is confirmed to the year it repays and the proposal it was based on; the
decision behind it (body, date, dnr) and who booked it are on the entry itself, which can
never change. A repayment above the fund's attestation threshold is first a preliminary
booking (``booking``) and enters the ledger when a second person attests it: the
confirmation's entry is then the booking's (:attr:`RepaymentConfirmation.ledger_entry`). A :class:`WriteDownConfirmation` does the same for a write-down at closing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from socinv.applications.models import Indicator
from socinv.core.limits import MAX_TEXT
from socinv.followup.models import Measurement
from socinv.fund.models import LedgerEntry, PreliminaryBooking
from socinv.organisation.models import Board
from socinv.projects.models import Project
from socinv.web.fields import FreeTextField


class RealisedSaving(models.Model):
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        related_name="realised_savings",
        verbose_name=_("project"),
    )
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="realised_savings", verbose_name=_("board")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount_ore = models.BigIntegerField(_("realised saving (öre)"))
    basis = FreeTextField(
        _("basis"),
        help_text=_("How the saving was established: sources, comparison, method."),
        max_length=MAX_TEXT,
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="realised_savings", verbose_name=_("indicators")
    )
    measurements = models.ManyToManyField(
        Measurement, blank=True, related_name="realised_savings", verbose_name=_("measurements")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    # The links above as text, written with every save: the history of this row keeps,
    # version by version, which indicators and measurements supported the saving.
    support = FreeTextField(_("supported by"), blank=True, editable=False, max_length=MAX_TEXT)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("realised saving")
        verbose_name_plural = _("realised savings")
        ordering = ["project", "board", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "board", "year"], name="realised_saving_once_per_year"
            ),
            models.CheckConstraint(condition=Q(amount_ore__gt=0), name="realised_saving_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.board} {self.year}"


class RepaymentConfirmation(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="+", verbose_name=_("board")
    )
    year = models.PositiveSmallIntegerField(_("year repaid for"))
    proposed_ore = models.BigIntegerField(_("proposed (öre)"))
    entry = models.OneToOneField(
        LedgerEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repayment_confirmation",
        verbose_name=_("ledger entry"),
    )
    booking = models.OneToOneField(
        PreliminaryBooking,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repayment_confirmation",
        verbose_name=_("booking awaiting attestation"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("confirmed repayment")
        verbose_name_plural = _("confirmed repayments")
        ordering = ["project", "board", "year", "pk"]
        constraints = [
            # booked at once (an entry) or held for attestation (a booking), never neither
            models.CheckConstraint(
                condition=Q(entry__isnull=False) | Q(booking__isnull=False),
                name="repayment_confirmation_booked",
            ),
        ]

    @property
    def ledger_entry(self) -> LedgerEntry | None:
        """The repayment's ledger entry: booked at once, or once its booking is attested
        (None while it waits, or after a rejection)."""
        if self.entry_id is not None:
            return self.entry
        return self.booking.entry if self.booking is not None else None

    def __str__(self) -> str:
        dnr = self.booking.decision_dnr if self.booking_id else self.entry.decision_dnr
        return f"{self.project}: {self.board} {self.year} ({dnr})"


class WriteDownConfirmation(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="+", verbose_name=_("board")
    )
    receivable_ore = models.BigIntegerField(_("receivable before (öre)"))
    bearer_source = models.CharField(_("bearer from"), max_length=20)
    entry = models.OneToOneField(
        LedgerEntry,
        on_delete=models.PROTECT,
        related_name="write_down_confirmation",
        verbose_name=_("ledger entry"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("confirmed write-down")
        verbose_name_plural = _("confirmed write-downs")
        ordering = ["project", "board", "pk"]

    def __str__(self) -> str:
        return f"{self.project}: {self.board} ({self.entry.decision_dnr})"
