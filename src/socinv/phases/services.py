"""Writes for phases and gates. Each is atomic, takes a keyword-only ``acting_user``,
checks its permission and its rules, and is attributed in the audit trail.

Passing a gate records a :class:`~.models.GatePassage` with the checklist answers and moves
``Project.phase`` in the same transaction. Rules:

* only the owner (``followup.pass_gate``) passes a gate;
* the gate must start at the project's current phase (implementation → closing, closing →
  scale-up or wind-down); the first gate is the steering group's decision (review app);
* a project leaves a phase once: a second passage out of the same phase is refused (also
  by a unique constraint, for two owners passing at once);
* every active question of the gate's checklist is answered yes, partly or no, and an
  overall comment is written;
* a question answered *no* does not stop the passage, but then a written justification
  is required (the owners may decide to pass with a known gap, and say why);
* a decision reference is optional; when any part of it is given, the date and the dnr
  are required.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from socinv.audit import attribute, attributed_to
from socinv.fund.models import Fund
from socinv.projects.models import Project

from .checklist import DEFAULT_GATE_QUESTIONS, swedish
from .models import GATE_FROM, Gate, GateAnswer, GatePassage, GateQuestion


class GateRefused(Exception):
    """The passage breaks a rule; ``errors`` maps a field name (``None``: the whole form)
    to the messages, in the user's language. Nothing was stored."""

    def __init__(self, errors: Mapping[str | None, list[str]]):
        self.errors = {k: list(v) for k, v in errors.items()}
        super().__init__("; ".join(m for msgs in self.errors.values() for m in msgs))


def ensure_gate_questions(fund: Fund, gate: str, *, acting_user=None) -> list[GateQuestion]:
    """The fund's active questions for ``gate``, creating the default Swedish questions
    the first time (a fund with any questions for the gate, active or not, keeps its own)."""
    if gate not in Gate.values:
        raise ValueError(f"unknown gate {gate!r}")
    if not GateQuestion.objects.filter(fund=fund, gate=gate).exists():
        with transaction.atomic(), attributed_to(acting_user):
            for i, text in enumerate(DEFAULT_GATE_QUESTIONS[gate], start=1):
                GateQuestion(fund=fund, gate=gate, text=swedish(text), order=i * 10).save()
    return list(
        GateQuestion.objects.filter(fund=fund, gate=gate, active=True).order_by("order", "pk")
    )


def _wrong_phase_message(project: Project, to_phase: str) -> str:
    return gettext(
        "The gate %(gate)s does not start at the project's current phase (%(phase)s)."
    ) % {
        "gate": str(Gate(to_phase).label) if to_phase in Gate.values else to_phase,
        "phase": str(Project.Phase(project.phase).label),
    }


def _passed_message() -> str:
    return gettext(
        "The project has already passed a gate out of this phase; a phase is left only once."
    )


def closed_gate_message(project: Project, to_phase: str) -> str:
    """Why ``to_phase``'s gate is not open to ``project``."""
    if GatePassage.objects.filter(project=project, from_phase=project.phase).exists():
        return _passed_message()
    return _wrong_phase_message(project, to_phase)


def pass_gate(
    *,
    acting_user,
    project: Project,
    to_phase: str,
    date: datetime.date | None,
    comment: str,
    answers: Mapping[int, tuple[str, str]] | None = None,
    justification: str = "",
    decision_body: str = "",
    decision_date: datetime.date | None = None,
    decision_dnr: str = "",
) -> GatePassage:
    """Pass the gate into ``to_phase`` (closing, scale_up or wind_down) and move the
    project there. ``answers`` maps a question id to (yes/partly/no, comment). Raises
    :class:`GateRefused` (nothing stored) or ``PermissionDenied``."""
    if not acting_user.has_perm("followup.pass_gate", project):
        raise PermissionDenied
    answers = dict(answers or {})
    errors: dict[str | None, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if to_phase not in Gate.values or GATE_FROM[to_phase] != project.phase:
        raise GateRefused({None: [_wrong_phase_message(project, to_phase)]})
    if GatePassage.objects.filter(project=project, from_phase=project.phase).exists():
        raise GateRefused({None: [_passed_message()]})
    questions = ensure_gate_questions(project.fund, to_phase, acting_user=acting_user)
    by_id = {q.pk: q for q in questions}
    for qid in answers:
        if qid not in by_id:
            add(None, gettext("A question is not in the gate's checklist."))
    any_no = False
    for q in questions:
        answer, _note = answers.get(q.pk, ("", ""))
        if answer not in GateAnswer.Answer.values:
            add(f"q{q.pk}", gettext("Answer yes, partly or no."))
        elif answer == GateAnswer.Answer.NO:
            any_no = True
    if not (comment or "").strip():
        add("comment", gettext("Write an overall comment on the gate."))
    if not isinstance(date, datetime.date):
        add("date", gettext("Enter the date of the gate."))
    elif date > timezone.localdate():
        add("date", gettext("The date of the gate cannot be in the future."))
    if any_no and not (justification or "").strip():
        add(
            "justification",
            gettext(
                "A checklist question is answered no: explain why the project may pass the gate anyway."
            ),
        )
    body, dnr = (decision_body or "").strip(), (decision_dnr or "").strip()
    if body or dnr or decision_date:
        if not dnr:
            add("decision_dnr", gettext("Enter the decision's registration number (dnr)."))
        if not isinstance(decision_date, datetime.date):
            add("decision_date", gettext("Enter the decision date."))
        if not body:
            add("decision_body", gettext("Enter who made the decision."))
    if errors:
        raise GateRefused(errors)
    try:
        with transaction.atomic(), attributed_to(acting_user):
            # lock the project: two owners passing at once cannot both pass the checks
            locked = Project.objects.select_for_update().get(pk=project.pk)
            if GATE_FROM[to_phase] != locked.phase:
                raise GateRefused({None: [_wrong_phase_message(locked, to_phase)]})
            if GatePassage.objects.filter(project=locked, from_phase=locked.phase).exists():
                raise GateRefused({None: [_passed_message()]})
            passage = GatePassage(
                project=locked,
                from_phase=locked.phase,
                to_phase=to_phase,
                date=date,
                comment=comment.strip(),
                justification=(justification or "").strip() if any_no else "",
                decision_body=body,
                decision_date=decision_date if (body or dnr) else None,
                decision_dnr=dnr,
                passed_by=acting_user,
                passed_at=timezone.now(),
            )
            attribute(passage, acting_user)
            passage.save()
            for q in questions:
                answer, note = answers[q.pk]
                GateAnswer(
                    passage=passage,
                    question=q,
                    question_text=q.text,
                    answer=answer,
                    comment=(note or "").strip(),
                ).save()
            attribute(locked, acting_user)
            locked.phase = to_phase
            locked.save(update_fields=["phase"])
            project.phase = to_phase
    except IntegrityError as exc:  # the unique constraint: passed meanwhile
        raise GateRefused({None: [_passed_message()]}) from exc
    return passage


def record_passage(
    *,
    acting_user,
    project: Project,
    from_phase: str,
    to_phase: str,
    date: datetime.date,
    comment: str,
    answers: list[tuple[str, str]] | None = None,
    justification: str = "",
    decision_body: str = "",
    decision_date: datetime.date | None = None,
    decision_dnr: str = "",
    passed_at: datetime.datetime | None = None,
) -> GatePassage:
    """Record a passage that happened before the system was used (the demo, a migration
    of old projects), without moving the project. ``answers`` are (answer, comment) for the
    gate's questions in their order (extra ones are ignored, missing ones left unanswered).
    No permission check: not for views."""
    questions = ensure_gate_questions(project.fund, to_phase, acting_user=acting_user)
    with transaction.atomic(), attributed_to(acting_user):
        passage = GatePassage(
            project=project,
            from_phase=from_phase,
            to_phase=to_phase,
            date=date,
            comment=comment,
            justification=justification,
            decision_body=decision_body,
            decision_date=decision_date,
            decision_dnr=decision_dnr,
            passed_by=acting_user,
            passed_at=passed_at or timezone.now(),
        )
        passage.save()
        for q, (answer, note) in zip(questions, answers or [], strict=False):
            GateAnswer(
                passage=passage, question=q, question_text=q.text, answer=answer, comment=note
            ).save()
    return passage
