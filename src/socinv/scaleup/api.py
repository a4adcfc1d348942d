"""API for scaleup: paths under /api/v1/projects/."""

from __future__ import annotations

import datetime

from django.urls import reverse
from ninja import Path, Router, Schema

from socinv.accounts.access import object_for
from socinv.projects.models import Project
from socinv.web.api import MAX_ID, ErrorOut, ErrorsOut

from . import selectors

router = Router(tags=["scaleup"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorsOut}


class AdoptionOut(Schema):
    id: int
    unit: str
    department_id: int | None
    board_id: int | None
    date: datetime.date
    comment: str


class MultiplierEffectOut(Schema):
    id: int
    kind: str  # multiplied, enlarged, refined
    date: datetime.date
    description: str
    people_per_year: int | None
    before_value: float | None
    after_value: float | None
    unit: str


class ChangedDocumentOut(Schema):
    id: int
    kind: str  # routine, process, policy
    title: str
    reference: str
    date: datetime.date


class MultiplierOut(Schema):
    project_id: int
    phase: str
    people_per_year: int
    adoptions: list[AdoptionOut]
    effects: list[MultiplierEffectOut]
    documents: list[ChangedDocumentOut]
    followup_url: str


def _fields(obj, schema) -> dict:
    return {name: getattr(obj, name) for name in schema.model_fields}


@router.get("/{project_id}/multiplier-effects", response={200: MultiplierOut, **ERRORS})
def multiplier_effects(request, project_id: int = Path(..., ge=1, le=MAX_ID)):
    """What entered ordinary operations: the units that adopted the method, the
    multiplier effects (multiplied: additional people per year; enlarged: the scale
    before and after; refined: how the method was improved) and the routines, processes
    and policy documents that changed (projects.view_project). The indicators can still be
    followed up after the project (``followup_url``)."""
    p = object_for(
        request.auth, Project.objects.select_related("fund"), project_id, "projects.view_project"
    )
    data = selectors.scale_up(p)
    return {
        "project_id": p.pk,
        "phase": p.phase,
        "people_per_year": data.people_per_year,
        "adoptions": [_fields(a, AdoptionOut) for a in data.adoptions],
        "effects": [_fields(e, MultiplierEffectOut) for e in data.effects],
        "documents": [_fields(d, ChangedDocumentOut) for d in data.documents],
        "followup_url": reverse("followup:project", args=[p.pk]),
    }
