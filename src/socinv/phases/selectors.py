"""Reads for phases and gates: the phase timeline and the gates open to a project."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from socinv.core.phases import GATES
from socinv.projects.models import Project
from socinv.review.selectors import granting_decision
from socinv.web.people import display_name

from .models import GatePassage


@dataclass
class TimelineEntry:
    """One gate on the timeline: the decision (application → implementation) or a passage."""

    from_phase: str
    to_phase: str
    date: datetime.date
    who: str
    when: datetime.datetime | None
    comment: str = ""
    decision_body: str = ""
    decision_date: datetime.date | None = None
    decision_dnr: str = ""
    justification: str = ""
    answers: list = field(default_factory=list)
    is_decision: bool = False

    @property
    def from_label(self) -> str:
        return str(Project.Phase(self.from_phase).label)

    @property
    def to_label(self) -> str:
        return str(Project.Phase(self.to_phase).label)


def _name(user) -> str:
    return display_name(user)


def passages(project: Project) -> list[GatePassage]:
    return list(
        GatePassage.objects.filter(project=project)
        .select_related("passed_by")
        .prefetch_related("answers")
        .order_by("date", "pk")
    )


def timeline(project: Project) -> list[TimelineEntry]:
    """The gates the project has passed, in order: the decision first, then each passage."""
    out: list[TimelineEntry] = []
    decision = granting_decision(project)
    if decision is not None:
        out.append(
            TimelineEntry(
                from_phase=Project.Phase.APPLICATION,
                to_phase=Project.Phase.IMPLEMENTATION,
                date=decision.date,
                who=_name(decision.decided_by),
                when=decision.decided_at,
                comment=decision.conditions,
                decision_body=decision.body_text,
                decision_date=decision.date,
                decision_dnr=decision.dnr,
                is_decision=True,
            )
        )
    for p in passages(project):
        out.append(
            TimelineEntry(
                from_phase=p.from_phase,
                to_phase=p.to_phase,
                date=p.date,
                who=_name(p.passed_by),
                when=p.passed_at,
                comment=p.comment,
                decision_body=p.decision_body,
                decision_date=p.decision_date,
                decision_dnr=p.decision_dnr,
                justification=p.justification,
                answers=list(p.answers.all()),
            )
        )
    return out


def next_gates(project: Project) -> list[str]:
    """The gates (named by their target phase) that start at the project's current phase
    and that the project has not passed out of that phase yet."""
    if GatePassage.objects.filter(project=project, from_phase=project.phase).exists():
        return []
    return [to for frm, to in GATES if frm == project.phase]
