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

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from socinv.accounts.access import require
from socinv.audit import attribute, attributed_to
from socinv.core import phases
from socinv.core.problems import Refusal, Refused, refuse_if
from socinv.fund.models import Fund
from socinv.projects.models import Project
from socinv.web.refusals import past_date

from .checklist import DEFAULT_GATE_QUESTIONS, swedish
from .models import Gate, GateAnswer, GatePassage, GateQuestion


def ensure_gate_questions(fund: Fund, gate: str, *, acting_user=None) -> list[GateQuestion]:
    """The fund's active questions for ``gate``, creating the default Swedish questions
    the first time (a fund with any questions for the gate, active or not, keeps its own)."""
    if not phases.is_gate(gate):
        raise ValueError(f"unknown gate {gate!r}")
    if not GateQuestion.objects.filter(fund=fund, gate=gate).exists():
        with transaction.atomic(), attributed_to(acting_user):
            for i, text in enumerate(DEFAULT_GATE_QUESTIONS[gate], start=1):
                GateQuestion(fund=fund, gate=gate, text=swedish(text), order=i * 10).save()
    return list(
        GateQuestion.objects.filter(fund=fund, gate=gate, active=True).order_by("order", "pk")
    )


def _passed() -> Refused:
    return Refused.one(
        "phase_already_left",
        gettext(
            "The project has already passed a gate out of this phase; a phase is left only once."
        ),
    )


def gate_refusal(project: Project, to_phase: str) -> Refused | None:
    """Why ``to_phase``'s gate is not open to ``project`` (``None``: it is): the core's
    ``gate_unknown`` or ``gate_wrong_phase``, or ``phase_already_left``."""
    problems = phases.check_gate(project.phase, to_phase)
    if problems:
        message = gettext(
            "The gate %(gate)s does not start at the project's current phase (%(phase)s)."
        ) % {
            "gate": str(Gate(to_phase).label) if to_phase in Gate.values else to_phase,
            "phase": str(Project.Phase(project.phase).label),
        }
        return Refused([Refusal(p.code, None, message) for p in problems])
    if GatePassage.objects.filter(project=project, from_phase=project.phase).exists():
        return _passed()
    return None


def _answer_refusals(questions, answers: Mapping[int, tuple[str, str]]) -> list[Refusal]:
    by_id = {q.pk for q in questions}
    found = [
        Refusal(
            "question_not_in_checklist", None, gettext("A question is not in the gate's checklist.")
        )
        for qid in answers
        if qid not in by_id
    ]
    for q in questions:
        answer, _note = answers.get(q.pk, ("", ""))
        if answer not in GateAnswer.Answer.values:
            found.append(
                Refusal("answer_invalid", f"q{q.pk}", gettext("Answer yes, partly or no."))
            )
    return found


def _decision_refusals(body: str, date, dnr: str) -> list[Refusal]:
    """A decision reference is optional; when any part of it is given, all are required."""
    if not (body or dnr or date):
        return []
    found = []
    if not dnr:
        message = gettext("Enter the decision's registration number (dnr).")
        found.append(Refusal("decision_dnr_required", "decision_dnr", message))
    if not isinstance(date, datetime.date):
        message = gettext("Enter the decision date.")
        found.append(Refusal("decision_date_required", "decision_date", message))
    if not body:
        message = gettext("Enter who made the decision.")
        found.append(Refusal("decision_body_required", "decision_body", message))
    return found


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
    :class:`~socinv.core.problems.Refused` (nothing stored) or ``PermissionDenied``.

    Codes: ``gate_unknown``, ``gate_wrong_phase``, ``phase_already_left``,
    ``question_not_in_checklist``, ``answer_invalid``, ``comment_required``,
    ``date_required``, ``date_in_future``, ``justification_required``,
    ``decision_dnr_required``, ``decision_date_required``, ``decision_body_required``."""
    require(acting_user, "followup.pass_gate", project)
    answers = dict(answers or {})
    closed = gate_refusal(project, to_phase)
    if closed is not None:
        raise closed
    questions = ensure_gate_questions(project.fund, to_phase, acting_user=acting_user)
    found = _answer_refusals(questions, answers)
    any_no = any(answers.get(q.pk, ("", ""))[0] == GateAnswer.Answer.NO for q in questions)
    if not (comment or "").strip():
        message = gettext("Write an overall comment on the gate.")
        found.append(Refusal("comment_required", "comment", message))
    found += past_date("date", date)
    if any_no and not (justification or "").strip():
        message = gettext(
            "A checklist question is answered no: explain why the project may pass the gate anyway."
        )
        found.append(Refusal("justification_required", "justification", message))
    body, dnr = (decision_body or "").strip(), (decision_dnr or "").strip()
    refuse_if(found + _decision_refusals(body, decision_date, dnr))
    try:
        with transaction.atomic(), attributed_to(acting_user):
            # lock the project: two owners passing at once cannot both pass the checks
            locked = Project.objects.select_for_update().get(pk=project.pk)
            closed = gate_refusal(locked, to_phase)
            if closed is not None:
                raise closed
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
        raise _passed() from exc
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
    The same permission as passing a gate (the steering group's owners)."""
    require(acting_user, "followup.pass_gate", project)
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
