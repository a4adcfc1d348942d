"""API for the follow-up: paths under /api/v1/projects/.

* ``GET /{project_id}/measurements``: per indicator of the evidence chain its level,
  name, unit, direction, baseline and target, the status against the target and the
  effect estimates, and every measurement with its own status (``projects.view_project``).
* ``POST /{project_id}/measurements/import``: a measurements file (multipart field
  ``file``; ``dry_run``, ``municipality`` as form fields), all or nothing, the same
  report as the page and the command line: 200 when stored (or a clean dry run), 422
  when refused (nothing stored) (``followup.report_measurements``).
"""

from __future__ import annotations

import datetime

from ninja import File, Form, Path, Router, Schema, Status
from ninja.files import UploadedFile

from socinv.accounts.access import object_for
from socinv.core import effects
from socinv.projects.models import Project
from socinv.web.api import MAX_ID, ErrorOut, FieldError
from socinv.web.i18n import current_lang

from . import selectors, services

router = Router(tags=["followup"])


class MeasurementOut(Schema):
    id: int
    period: str
    value: float
    comparison_value: float | None
    individuals: int | None
    comparison_individuals: int | None
    comment: str
    status: str | None  # on_track, at_risk, off_track against the target; None if unknown
    reported_by: str | None
    reported_at: datetime.datetime
    import_id: int | None


class DidOut(Schema):
    estimate: float
    low: float | None
    high: float | None
    from_period: str
    to_period: str
    group_sizes: str | None  # "reported", "assumed" (the project group's), None


class IndicatorMeasurementsOut(Schema):
    id: int
    level: str
    level_label: str
    name: str
    unit: str
    direction: str
    baseline_value: float | None
    baseline_date: datetime.date | None
    baseline_source: str
    target_value: float | None
    reporting_frequency: str
    status: str | None
    latest_period: str | None
    change: float | None
    relative_change: float | None
    difference_in_differences: DidOut | None
    measurements: list[MeasurementOut]


class ProblemOut(Schema):
    code: str
    row: int | None
    column: str | None
    row_label: str  # "row", or "entry" for Kolada JSON
    message: str


class ImportReportOut(Schema):
    ok: bool
    dry_run: bool
    format: str
    fingerprint: str
    rows: int  # the rows stored (or, in a dry run, that would be)
    stored: int
    refused_for_personal_number: bool
    problems: list[ProblemOut]
    warnings: list[ProblemOut]
    errors: list[FieldError]  # the problems in the API's usual 422 shape


class ImportRefusedOut(Schema):
    """422: the report of a refused file, or only ``errors`` when the request itself is
    invalid (no file, a field of the wrong type): the API's usual 422 shape either way."""

    errors: list[FieldError]
    ok: bool = False
    dry_run: bool | None = None
    format: str | None = None
    fingerprint: str | None = None
    rows: int | None = None
    stored: int | None = None
    refused_for_personal_number: bool | None = None
    problems: list[ProblemOut] = []
    warnings: list[ProblemOut] = []


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _status(indicator, value: float) -> str | None:
    if indicator.baseline_value is None or indicator.target_value is None:
        return None
    return str(
        effects.status(indicator.baseline_value, indicator.target_value, value, indicator.direction)
    )


@router.get(
    "/{project_id}/measurements",
    response={200: list[IndicatorMeasurementsOut], **ERRORS},
)
def project_measurements(request, project_id: int = Path(..., ge=1, le=MAX_ID)):
    """The project's indicators with their measurements (projects.view_project)."""
    p = object_for(
        request.auth, Project.objects.select_related("fund"), project_id, "projects.view_project"
    )
    out = []
    for level, label, rows in selectors.project_figures(p):
        for f in rows:
            i = f.indicator
            did = None
            if f.did is not None:
                did = {
                    "estimate": f.did.estimate,
                    "low": f.did.low if f.did.has_interval else None,
                    "high": f.did.high if f.did.has_interval else None,
                    "from_period": f.did_from,
                    "to_period": f.did_to,
                    "group_sizes": f.did_sizes,
                }
            out.append(
                {
                    "id": i.pk,
                    "level": level,
                    "level_label": str(label),
                    "name": i.name,
                    "unit": i.unit,
                    "direction": i.direction,
                    "baseline_value": i.baseline_value,
                    "baseline_date": i.baseline_date,
                    "baseline_source": i.baseline_source,
                    "target_value": i.target_value,
                    "reporting_frequency": i.reporting_frequency,
                    "status": f.status,
                    "latest_period": f.latest.period if f.latest else None,
                    "change": f.change,
                    "relative_change": f.relative_change,
                    "difference_in_differences": did,
                    "measurements": [
                        {
                            "id": m.pk,
                            "period": m.period,
                            "value": m.value,
                            "comparison_value": m.comparison_value,
                            "individuals": m.individuals,
                            "comparison_individuals": m.comparison_individuals,
                            "comment": m.comment,
                            "status": _status(i, m.value),
                            "reported_by": m.reported_by.get_username() if m.reported_by else None,
                            "reported_at": m.reported_at,
                            "import_id": m.batch_id,
                        }
                        for m in f.measurements
                    ],
                }
            )
    return out


def _problem(p: services.Problem, lang: str) -> dict:
    return {
        "code": p.code,
        "row": p.row,
        "column": p.column,
        "row_label": p.row_label,
        "message": p.message(lang),
    }


@router.post(
    "/{project_id}/measurements/import",
    response={200: ImportReportOut, 422: ImportRefusedOut, **ERRORS},
)
def import_measurements(
    request,
    project_id: int = Path(..., ge=1, le=MAX_ID),
    file: UploadedFile = File(...),  # noqa: B008 - django-ninja declares parameters so
    dry_run: bool = Form(False),
    municipality: str | None = Form(None, max_length=20),
):
    """Import a measurements file (CSV, xlsx or Kolada JSON), all or nothing
    (followup.report_measurements). 200 with the report when stored (or a clean dry
    run); 422 with the same report, naming every problem's row and column, when the file
    is refused: nothing is stored then."""
    p = object_for(
        request.auth,
        Project.objects.select_related("fund"),
        project_id,
        "followup.report_measurements",
    )
    lang = current_lang()
    report = services.import_measurements(
        acting_user=request.auth,
        project=p,
        file=file,
        filename=file.name or "",
        dry_run=dry_run,
        municipality=municipality or None,
    )
    problems = [_problem(x, lang) for x in report.problems]
    body = {
        "ok": report.ok,
        "dry_run": report.dry_run,
        "format": report.format,
        "fingerprint": report.fingerprint,
        "rows": report.rows,
        "stored": report.stored,
        "refused_for_personal_number": report.refused_for_personal_number,
        "problems": problems,
        "warnings": [_problem(x, lang) for x in report.warnings],
        "errors": [
            {
                "field": "file" if x["row"] is None else f"{x['row_label']} {x['row']}",
                "code": x["code"],
                "message": x["message"],
            }
            for x in problems
        ],
    }
    return Status(200 if report.ok else 422, body)
