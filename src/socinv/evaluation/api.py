"""API for the learning evaluation: paths under /api/v1/projects/ (read only: the
evaluation is written on its page)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from ninja import Path, Router, Schema

from socinv.accounts.access import object_for
from socinv.projects.models import Project
from socinv.web.api import MAX_ID, ErrorOut, ErrorsOut

from . import selectors

router = Router(tags=["evaluation"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorsOut}


class EvaluationResponseOut(Schema):
    id: int
    party: str  # "project" (its leader) or "owners"
    author: str
    date: datetime.date
    text: str
    status: str  # for a recommendation: accepted, partly, not_accepted
    planned_action: str


class EvaluationEntryOut(Schema):
    id: int
    phase: str
    kind: str  # observation or recommendation
    title: str
    text: str
    date: datetime.date
    author: str
    status: str  # a recommendation's latest stand ("" when none yet)
    responses: list[EvaluationResponseOut]


class FinalReportOut(Schema):
    summary: str
    conclusions: str
    recommendations: str
    date: datetime.date
    author: str
    is_final: bool
    finalised_at: datetime.datetime | None


class ResearchOut(Schema):
    id: int
    title: str
    authors: str
    reference: str
    file_name: str
    kind: str  # pdf, xlsx or "" for a reference without a file
    size: int | None
    download_url: str | None
    added_by: str
    added_at: datetime.datetime


class EvaluationOut(Schema):
    project_id: int
    entries: list[EvaluationEntryOut]
    final_report: FinalReportOut | None
    research: list[ResearchOut]


def _name(user) -> str:
    return user.get_username() if user is not None else ""


@router.get("/{project_id}/evaluation", response={200: EvaluationOut, **ERRORS})
def project_evaluation(request, project_id: int = Path(..., ge=1, le=MAX_ID)):
    """The learning evaluation: the evaluator's entries (in phase order) with the
    project's and the owners' responses, the final report, and the accompanying research
    (projects.view_project)."""
    p = object_for(
        request.auth, Project.objects.select_related("fund"), project_id, "projects.view_project"
    )
    ev = selectors.evaluation_of(p)
    report = ev.final_report
    return {
        "project_id": p.pk,
        "entries": [
            {
                "id": e.pk,
                "phase": e.phase,
                "kind": e.kind,
                "title": e.title,
                "text": e.text,
                "date": e.date,
                "author": _name(e.author),
                "status": selectors.response_status(e),
                "responses": [
                    {
                        "id": r.pk,
                        "party": r.party,
                        "author": _name(r.author),
                        "date": r.date,
                        "text": r.text,
                        "status": r.status,
                        "planned_action": r.planned_action,
                    }
                    for r in e.responses.all()
                ],
            }
            for e in ev.entries
        ],
        "final_report": None
        if report is None
        else {
            "summary": report.summary,
            "conclusions": report.conclusions,
            "recommendations": report.recommendations,
            "date": report.date,
            "author": _name(report.author),
            "is_final": report.is_final,
            "finalised_at": report.finalised_at,
        },
        "research": [
            {
                "id": a.pk,
                "title": a.title,
                "authors": a.authors,
                "reference": a.reference,
                "file_name": a.original_name,
                "kind": a.kind,
                "size": a.size,
                "download_url": reverse("evaluation:research_file", kwargs={"pk": a.pk})
                if a.file
                else None,
                "added_by": _name(a.uploaded_by),
                "added_at": a.uploaded_at,
            }
            for a in ev.research
        ],
    }
