"""API for the calculations: the ex-ante and ex-post results side by side.
Paths under /api/v1/projects/ (mounted by socinv.api.api)."""

from __future__ import annotations

import datetime

from ninja import Field, Path, Router, Schema

from socinv.accounts.access import object_for
from socinv.core.calc import PERSPECTIVES
from socinv.projects.models import Project
from socinv.projects.simulations import stored_catalogue
from socinv.web.api import MAX_ID, ErrorOut, ErrorsOut

from . import expost_selectors as ex

router = Router(tags=["calculation"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorsOut}


class CalculationPerspectiveOut(Schema):
    npv_ore: int
    pv_benefits_ore: int
    pv_costs_ore: int
    expected_npv_ore: int
    bcr: float | None
    payback_year: int | None = Field(description="Year index (0 = start year); null: never.")
    payback_calendar_year: int | None
    break_even_factor: float | None


class CalculationOut(Schema):
    toml: str
    start_year: int
    horizon: int
    perspectives: dict[str, CalculationPerspectiveOut]


class ExPostOut(CalculationOut):
    sources_note: str
    updated_at: datetime.datetime
    updated_by: str | None


class CalculationDifferenceOut(Schema):
    npv_ore: int
    pv_benefits_ore: int
    pv_costs_ore: int
    reading: str


class CalculationsOut(Schema):
    project_id: int
    ex_ante: CalculationOut | None
    ex_post: ExPostOut | None
    difference: dict[str, CalculationDifferenceOut] | None = Field(
        description="Ex post − ex ante per perspective; null unless both exist."
    )


def _ore(kr: float) -> int:
    return round(kr * 100)


def _perspectives(result: dict) -> dict:
    out = {}
    for p in PERSPECTIVES:
        r = result["perspectives"][p]
        out[p] = {
            "npv_ore": _ore(r["npv"]),
            "pv_benefits_ore": _ore(r["pv_benefits"]),
            "pv_costs_ore": _ore(r["pv_costs"]),
            "expected_npv_ore": _ore(r["expected_npv"]),
            "bcr": r["bcr"],
            "payback_year": r["payback_year"],
            "payback_calendar_year": None
            if r["payback_year"] is None
            else result["start_year"] + r["payback_year"],
            "break_even_factor": r["break_even_factor"],
        }
    return out


def _calc(toml: str, result: dict | None) -> dict | None:
    if result is None:
        return None
    return {
        "toml": toml,
        "start_year": result["start_year"],
        "horizon": result["horizon"],
        "perspectives": _perspectives(result),
    }


@router.get("/{project_id}/calculations", response={200: CalculationsOut, **ERRORS})
def calculations(request, project_id: int = Path(..., ge=1, le=MAX_ID)):
    """The ex-ante and the ex-post calculation per perspective (municipal, public,
    societal), each computed by the engine from its TOML, and their difference
    (projects.view_project). Money in öre."""
    user = getattr(request, "auth", None) or request.user
    p = object_for(
        user, Project.objects.select_related("fund"), project_id, "projects.view_project"
    )
    record = ex.get_expost(p)
    ante = ex.result_of(p.calculation_toml, stored_catalogue(p))
    post = ex.result_of(record.toml) if record else None
    ex_post = None
    if record is not None and post is not None:
        ex_post = {
            **_calc(record.toml, post),
            "sources_note": record.sources_note,
            "updated_at": record.updated_at,
            "updated_by": record.updated_by.get_username() if record.updated_by else None,
        }
    difference = None
    if ante is not None and post is not None:
        comp = ex.compare(ante, post)
        difference = {}
        for pc in comp.perspectives:
            a, b = ante["perspectives"][pc.key], post["perspectives"][pc.key]
            difference[pc.key] = {
                "npv_ore": _ore(b["npv"]) - _ore(a["npv"]),
                "pv_benefits_ore": _ore(b["pv_benefits"]) - _ore(a["pv_benefits"]),
                "pv_costs_ore": _ore(b["pv_costs"]) - _ore(a["pv_costs"]),
                "reading": pc.reading,
            }
    return {
        "project_id": p.pk,
        "ex_ante": _calc(p.calculation_toml, ante),
        "ex_post": ex_post,
        "difference": difference,
    }
