"""API for phases: paths under /api/v1/projects/."""

from __future__ import annotations

import datetime

from ninja import Path, Router, Schema

from socinv.accounts.access import object_for
from socinv.projects.models import Project
from socinv.web.api import MAX_ID, ErrorOut, ErrorsOut

from . import selectors

router = Router(tags=["phases"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorsOut}


class GateAnswerOut(Schema):
    question: str
    answer: str  # yes, partly, no
    comment: str


class GatePassageOut(Schema):
    from_phase: str
    to_phase: str
    date: datetime.date
    passed_by: str
    passed_at: datetime.datetime | None
    comment: str
    justification: str
    decision_body: str
    decision_date: datetime.date | None
    decision_dnr: str
    is_decision: bool
    answers: list[GateAnswerOut]


class PhasesOut(Schema):
    project_id: int
    phase: str
    next_gates: list[str]
    passages: list[GatePassageOut]


@router.get("/{project_id}/phases", response={200: PhasesOut, **ERRORS})
def project_phases(request, project_id: int = Path(..., ge=1, le=MAX_ID)):
    """The project's current phase and the gates it has passed, oldest first: the
    steering group's approval (application → implementation, ``is_decision``) and each
    later passage with its checklist answers (projects.view_project)."""
    p = object_for(
        request.auth, Project.objects.select_related("fund"), project_id, "projects.view_project"
    )
    return {
        "project_id": p.pk,
        "phase": p.phase,
        "next_gates": selectors.next_gates(p),
        "passages": [
            {
                "from_phase": e.from_phase,
                "to_phase": e.to_phase,
                "date": e.date,
                "passed_by": e.who,
                "passed_at": e.when,
                "comment": e.comment,
                "justification": e.justification,
                "decision_body": e.decision_body,
                "decision_date": e.decision_date,
                "decision_dnr": e.decision_dnr,
                "is_decision": e.is_decision,
                "answers": [
                    {"question": a.question_text, "answer": a.answer, "comment": a.comment}
                    for a in e.answers
                ],
            }
            for e in selectors.timeline(p)
        ],
    }
