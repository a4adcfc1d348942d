"""Projects: the ones you may see, and one project with its calculation result."""

from __future__ import annotations

from ninja import Path, Query, Router

from socinv.accounts.access import object_for
from socinv.projects import simulations
from socinv.projects.access import projects_visible_to
from socinv.projects.models import Project
from socinv.review.selectors import decisions_of

from .schemas import (
    MAX_ID,
    ErrorOut,
    ErrorsOut,
    EvidenceChainOut,
    ProjectDecisionOut,
    ProjectOut,
    ProjectSummaryOut,
)

router = Router(tags=["projects"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorsOut}

SUMMARY = ["id", "fund_id", "title", "type", "route", "logic", "phase", "risk_class"]


def _summary(p: Project) -> dict:
    out = {name: getattr(p, name) for name in SUMMARY}
    out["responsible_board_ids"] = sorted(b.pk for b in p.responsible_boards.all())
    return out


@router.get("", response={200: list[ProjectSummaryOut], 401: ErrorOut, 422: ErrorsOut})
def list_projects(request, fund: int | None = Query(None, ge=1, le=MAX_ID)):
    """The projects you may see: a fund's whole portfolio for fund-wide roles, your own
    projects otherwise. ``fund`` filters by fund id."""
    qs = projects_visible_to(request.auth).prefetch_related("responsible_boards")
    if fund is not None:
        qs = qs.filter(fund_id=fund)
    return [_summary(p) for p in qs.order_by("fund_id", "title", "pk")]


@router.get("/{project_id}", response={200: ProjectOut, **ERRORS})
def get_project(request, project_id: int = Path(..., ge=1, le=MAX_ID)):
    """One project with its stored calculation result (projects.view_project)."""
    qs = Project.objects.select_related("fund").prefetch_related("responsible_boards")
    p = object_for(request.auth, qs, project_id, "projects.view_project")
    return {
        **_summary(p),
        "applicant_board_id": p.applicant_board_id,
        "applicant_organisation": p.applicant_organisation,
        "target_group": p.target_group,
        "success_probability": p.success_probability,
        "calculation_toml": p.calculation_toml,
        "calculation_result": p.calculation_result,
        "calculation_updated_at": p.calculation_updated_at,
        "stored_simulation": _stored(p),
    }


def _stored(p: Project) -> dict | None:
    current = simulations.stored(p)
    if current is None:
        return None
    run = current.run
    return {
        "computed_at": run.recorded_at,
        "computed_by": run.recorded_by.get_username(),
        "reason": run.reason,
        "engine_version": run.engine_version,
        "input_sha256": run.input_sha256,
        "draws": run.draws,
        "seed": run.seed,
        "prob_positive": current.prob_positive,
        "stamp": current.stamp(),
        "stale": current.stale,
        "older_engine": current.older_engine,
    }


@router.get("/{project_id}/decisions", response={200: list[ProjectDecisionOut], **ERRORS})
def project_decisions(request, project_id: int = Path(..., ge=1, le=MAX_ID)):
    """The project's decisions, newest first, with the amount per year (projects.view_project)."""
    p = object_for(
        request.auth, Project.objects.select_related("fund"), project_id, "projects.view_project"
    )
    return [
        {
            **{
                name: getattr(d, name)
                for name in ProjectDecisionOut.model_fields
                if name not in {"years", "board_id"}
            },
            "board_id": d.board_id,
            "years": [{"year": y.year, "amount_ore": y.amount_ore} for y in d.years.all()],
        }
        for d in decisions_of(p)
    ]


@router.get("/{project_id}/evidence-chain", response={200: EvidenceChainOut, **ERRORS})
def evidence_chain(request, project_id: int = Path(..., ge=1, le=MAX_ID)):
    """The evidence chain: statements and indicators per level (projects.view_project)."""
    p = object_for(
        request.auth, Project.objects.select_related("fund"), project_id, "projects.view_project"
    )
    statements = p.evidence_statements.order_by("level", "order", "pk")
    indicators = p.indicators.order_by("level", "order", "pk")
    return {
        "statements": [{"level": s.level, "text": s.text} for s in statements],
        "indicators": [{name: getattr(i, name) for name in INDICATOR_FIELDS} for i in indicators],
    }


INDICATOR_FIELDS = [
    "id",
    "level",
    "name",
    "unit",
    "direction",
    "baseline_value",
    "baseline_source",
    "baseline_date",
    "target_value",
    "reporting_frequency",
]
