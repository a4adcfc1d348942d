"""Phases and gates: application → implementation → closing → scale-up or wind-down.

The first gate (application → implementation) is the steering group's decision
(:class:`socinv.review.models.Decision`); the later gates are recorded here as a
:class:`GatePassage` with the answers to the fund's gate checklist. Write with
:mod:`socinv.phases.services` only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from socinv.core import phases
from socinv.core.limits import MAX_NOTE, MAX_SHORT_TEXT
from socinv.fund.models import Fund
from socinv.projects.models import Project
from socinv.web.fields import FreeCharField, FreeTextField

P = Project.Phase


class Gate(models.TextChoices):
    """A gate (:data:`socinv.core.phases.GATES`), named by the phase it leads to."""

    CLOSING = phases.Phase.CLOSING.value, _("Implementation → closing")
    SCALE_UP = phases.Phase.SCALE_UP.value, _("Closing → implementation in ordinary operations")
    WIND_DOWN = phases.Phase.WIND_DOWN.value, _("Closing → wind-down")


def _valid_gate() -> Q:
    """The core's gates as a database condition: from a phase, to one of its gates."""
    condition = Q()
    for frm in dict.fromkeys(frm for frm, _to in phases.GATES):
        tos = [str(to) for f, to in phases.GATES if f == frm]
        to = Q(to_phase=tos[0]) if len(tos) == 1 else Q(to_phase__in=tos)
        condition |= Q(from_phase=str(frm)) & to
    return condition


class GateQuestion(models.Model):
    """One checklist question of a gate, for one fund. The default Swedish set is created
    for a gate the first time the fund uses it; edit it in the admin."""

    fund = models.ForeignKey(
        Fund, on_delete=models.CASCADE, related_name="gate_questions", verbose_name=_("fund")
    )
    gate = models.CharField(_("gate"), max_length=20, choices=Gate.choices)
    text = FreeTextField(_("question"), max_length=MAX_NOTE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gate checklist question")
        verbose_name_plural = _("gate checklist questions")
        ordering = ["fund", "gate", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gate__in=[str(to) for _frm, to in phases.GATES]),
                name="gate_question_gate_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class GatePassage(models.Model):
    """A project passing a gate: who, when, the checklist answers, the overall comment and
    (optionally) the decision behind it. A project leaves a phase once."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="gate_passages", verbose_name=_("project")
    )
    from_phase = models.CharField(_("from phase"), max_length=20, choices=P.choices)
    to_phase = models.CharField(_("to phase"), max_length=20, choices=P.choices)
    date = models.DateField(_("date of the gate"))
    comment = FreeTextField(_("overall comment"), max_length=MAX_NOTE)
    justification = FreeTextField(
        _("justification for passing with a no"),
        blank=True,
        help_text=_("Required when any checklist question is answered no."),
        max_length=MAX_NOTE,
    )
    decision_body = FreeCharField(_("decided by"), max_length=MAX_SHORT_TEXT, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_dnr = FreeCharField(
        _("registration number (dnr)"), max_length=MAX_SHORT_TEXT, blank=True
    )
    passed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("passed by"),
    )
    passed_at = models.DateTimeField(_("recorded at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gate passage")
        verbose_name_plural = _("gate passages")
        ordering = ["project", "date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "from_phase"], name="gate_passage_once_per_phase"
            ),
            models.CheckConstraint(
                condition=_valid_gate(),
                name="gate_passage_valid_gate",
            ),
            models.CheckConstraint(condition=~Q(comment=""), name="gate_passage_comment_required"),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.from_phase} → {self.to_phase} ({self.date:%Y-%m-%d})"

    @property
    def gate_label(self) -> str:
        return str(Gate(self.to_phase).label)

    @property
    def has_decision(self) -> bool:
        return bool(self.decision_body or self.decision_dnr or self.decision_date)


class GateAnswer(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    passage = models.ForeignKey(
        GatePassage, on_delete=models.CASCADE, related_name="answers", verbose_name=_("passage")
    )
    question = models.ForeignKey(
        GateQuestion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    # the question as it was asked (the fund may edit its questions later)
    question_text = FreeTextField(_("question as asked"), max_length=MAX_NOTE)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    comment = FreeTextField(_("comment"), blank=True, max_length=MAX_NOTE)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gate checklist answer")
        verbose_name_plural = _("gate checklist answers")
        ordering = ["passage", "question__order", "question__pk"]
        constraints = [
            models.UniqueConstraint(fields=["passage", "question"], name="gate_answer_unique"),
            models.CheckConstraint(
                condition=Q(answer__in=["yes", "partly", "no"]), name="gate_answer_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_text}: {self.answer}"
