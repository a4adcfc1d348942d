"""API for the reports: the follow-up report as JSON, under /api/v1/projects/.

``GET /{project_id}/followup-report`` answers the report's header and every section
(:func:`socinv.io.sections.section_json`: money as ``{"ore": n}``, shares as
``{"share": x}``, a number with a unit as ``{"value": x, "unit": "…"}``, dates as ISO
text) in Swedish, or in English with ``?lang=en``. Permission: ``projects.view_project``
through :func:`socinv.projects.access.project_for` (404 out of reach; a PermissionDenied
propagates to the API's handler, 403).
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema

from socinv.projects.access import project_for
from socinv.web.api import ErrorOut, ErrorsOut

from . import followup

router = Router(tags=["reports"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorsOut}


class FactOut(Schema):
    label: str
    value: Any = None


class TableOut(Schema):
    caption: str
    columns: list[str]
    rows: list[list[Any]]


class SectionOut(Schema):
    key: str
    title: str
    paragraphs: list[str]
    facts: list[FactOut]
    tables: list[TableOut]
    charts: list[str]  # the charts' titles; the SVGs are in the page and the PDF


class FollowupReportOut(Schema):
    project_id: int
    language: str
    date: str
    dnr: str
    header: list[FactOut]
    sections: list[SectionOut]


@router.get(
    "/{project_id}/followup-report",
    response={200: FollowupReportOut, **ERRORS},
    summary="The project's follow-up report: header and every section",
)
def followup_report(
    request: HttpRequest, project_id: int, lang: Literal["sv", "en"] = "sv"
) -> dict:
    project = project_for(request.user, project_id)
    return followup.report_json(project, followup.language(lang))
