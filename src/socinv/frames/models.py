"""A board's budget frame (budgetram, driftram) for one year. Write with
:mod:`socinv.frames.services` only."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from socinv.core.limits import MAX_FRAME_ORE, MAX_FRAME_YEAR, MIN_FRAME_YEAR
from socinv.organisation.models import Board


class BudgetFrame(models.Model):
    class Source(models.TextChoices):
        TYPED = "typed", _("Typed in")
        IMPORTED = "imported", _("Imported from a file")

    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="budget_frames", verbose_name=_("board")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(MIN_FRAME_YEAR), MaxValueValidator(MAX_FRAME_YEAR)]
    )
    amount_ore = models.BigIntegerField(
        _("budget frame (öre)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_FRAME_ORE)]
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget frame")
        verbose_name_plural = _("budget frames")
        ordering = ["board", "year"]
        constraints = [
            models.UniqueConstraint(fields=["board", "year"], name="budget_frame_unique"),
            models.CheckConstraint(
                condition=Q(amount_ore__gt=0) & Q(amount_ore__lte=MAX_FRAME_ORE),
                name="budget_frame_amount_bounded",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_FRAME_YEAR) & Q(year__lte=MAX_FRAME_YEAR),
                name="budget_frame_year_bounded",
            ),
            models.CheckConstraint(
                condition=Q(source__in=["typed", "imported"]), name="budget_frame_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.board} {self.year}"

    @property
    def organisation_id(self) -> int:
        return self.board.organisation_id
