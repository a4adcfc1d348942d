"""Review (beredning) and decisions (beslut) on projects, and the fund's checklist questions.

Write with :mod:`socinv.review.services` only: a decision books its commitments in the
fund's ledger in the same transaction. Money is integer öre.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from socinv.core.limits import MAX_NOTE, MAX_SHORT_TEXT, MAX_TEXT
from socinv.fund.models import Fund
from socinv.organisation.models import Board
from socinv.projects.models import Project
from socinv.web.fields import FreeCharField, FreeTextField


class ChecklistQuestion(models.Model):
    """One checklist question (checkfråga) of a fund, under one of the governance model's
    four areas. A default set is created for a fund on first use; edit it in the admin."""

    class Area(models.TextChoices):
        WHY = "why", _("Why and in what context the municipality invests")
        OWNERSHIP = "ownership", _("Who owns the investments and what active ownership means")
        ORGANISATION = "organisation", _("How the projects are organised")
        KNOWLEDGE = (
            "knowledge",
            _("How we know we do right: outputs, outcomes and multiplier effects"),
        )

    fund = models.ForeignKey(
        Fund, on_delete=models.CASCADE, related_name="checklist_questions", verbose_name=_("fund")
    )
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    text = FreeTextField(_("question"), max_length=MAX_NOTE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist questions")
        ordering = ["fund", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(area__in=["why", "ownership", "organisation", "knowledge"]),
                name="checklist_question_area_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Review(models.Model):
    """The steering group's assessment of a project before the decision. Each saving of
    the review page adds a review; the latest one counts."""

    class Recommendation(models.TextChoices):
        APPROVE = "approve", _("Approve")
        APPROVE_WITH_CONDITIONS = "approve_with_conditions", _("Approve with conditions")
        RETURN = "return", _("Return for completion")
        REJECT = "reject", _("Reject")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("project")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"))
    risk_class = models.CharField(_("risk class"), max_length=10, choices=Project.RiskClass.choices)
    risk_rationale = FreeTextField(_("rationale for the risk class"), max_length=MAX_TEXT)
    recommendation = models.CharField(
        _("recommendation"), max_length=30, choices=Recommendation.choices, blank=True
    )
    amount_ore = models.BigIntegerField(
        _("proposed amount (öre)"),
        null=True,
        blank=True,
        help_text=_("Used when the application has no budget per year."),
    )
    comment = FreeTextField(_("comment"), blank=True, max_length=MAX_NOTE)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["project", "-reviewed_at", "-pk"]
        get_latest_by = ["reviewed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(risk_class__in=["low", "medium", "high"]),
                name="review_risk_class_valid",
            ),
            models.CheckConstraint(
                condition=~Q(risk_rationale=""), name="review_risk_rationale_required"
            ),
            models.CheckConstraint(
                condition=Q(amount_ore__isnull=True) | Q(amount_ore__gt=0),
                name="review_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} ({self.reviewed_at:%Y-%m-%d})"


class ReviewAnswer(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="answers", verbose_name=_("review")
    )
    question = models.ForeignKey(
        ChecklistQuestion,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("question"),
    )
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    comment = FreeTextField(_("comment"), blank=True, max_length=MAX_NOTE)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        ordering = ["review", "question__order", "question__pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "question"], name="review_answer_unique"),
            models.CheckConstraint(
                condition=Q(answer__in=["yes", "partly", "no"]), name="review_answer_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.answer}"


class Decision(models.Model):
    """A decision on a project. Approval books one commitment per year in the ledger."""

    class Body(models.TextChoices):
        COUNCIL = "council", _("Municipal council")
        EXECUTIVE_BOARD = "executive_board", _("Executive board")
        BOARD = "board", _("A board")
        STEERING_GROUP = "steering_group", _("Steering group (under delegation)")

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned for completion")

    class RepaymentMethod(models.TextChoices):
        SHARE_OF_SAVINGS = "share_of_savings", _("A share of the savings")
        DEPRECIATION = "depreciation", _("Depreciation over a period")

    class Bearer(models.TextChoices):
        CENTRAL = "central", _("Central (the fund)")
        BOARD = "board", _("The responsible board")

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("project")
    )
    body = models.CharField(_("decided by"), max_length=20, choices=Body.choices)
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("board (when a board decides)"),
    )
    date = models.DateField(_("decision date"))
    dnr = FreeCharField(_("registration number (dnr)"), max_length=MAX_SHORT_TEXT)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    conditions = FreeTextField(_("conditions"), blank=True, max_length=MAX_NOTE)
    repayment_method = models.CharField(
        _("repayment method"), max_length=20, choices=RepaymentMethod.choices, blank=True
    )
    repayment_share = models.FloatField(_("share of the savings repaid"), null=True, blank=True)
    repayment_period_years = models.PositiveSmallIntegerField(
        _("repayment period (years)"), null=True, blank=True
    )
    repayment_start_year = models.PositiveSmallIntegerField(
        _("first year of repayment"), null=True, blank=True
    )
    write_down_bearer = models.CharField(
        _("write-downs borne by"), max_length=20, choices=Bearer.choices, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    decided_at = models.DateTimeField(_("recorded at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["project", "-decided_at", "-pk"]
        get_latest_by = ["decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["approved", "rejected", "returned"]),
                name="decision_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(body__in=["council", "executive_board", "board", "steering_group"]),
                name="decision_body_valid",
            ),
            models.CheckConstraint(
                condition=Q(repayment_share__isnull=True)
                | (Q(repayment_share__gt=0) & Q(repayment_share__lte=1)),
                name="decision_repayment_share_range",
            ),
            # a project is approved or rejected once (returned decisions may precede it)
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(outcome__in=["approved", "rejected"]),
                name="decision_final_once_per_project",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_outcome_display()} {self.date:%Y-%m-%d} ({self.dnr})"

    @property
    def body_text(self) -> str:
        """The deciding body as written in the ledger and on the decision page."""
        if self.body == self.Body.BOARD and self.board_id:
            return self.board.name
        return str(self.get_body_display())

    @property
    def total_ore(self) -> int:
        return sum(y.amount_ore for y in self.years.all())


class DecisionYear(models.Model):
    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="years", verbose_name=_("decision")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount_ore = models.BigIntegerField(_("amount (öre)"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decided amount for a year")
        verbose_name_plural = _("decided amounts per year")
        ordering = ["decision", "year"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "year"], name="decision_year_unique"),
            models.CheckConstraint(condition=Q(amount_ore__gt=0), name="decision_year_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount_ore}"
