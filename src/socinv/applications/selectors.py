"""Reads of applications, in a fixed number of queries."""

from __future__ import annotations

import tomllib

from django.utils.translation import gettext as _

from socinv.fund.models import Fund
from socinv.l10n.evidence import grade_text
from socinv.projects.access import projects_visible_to
from socinv.web.i18n import current_lang

from .models import Application, Attachment


def applications_visible_to(user):
    """The applications whose project ``user`` may see, newest first."""
    return (
        Application.objects.filter(project__in=projects_visible_to(user))
        .select_related("project", "project__fund")
        .order_by("-created_at")
    )


def ideas_for_review(fund: Fund):
    """A fund's ideas waiting for the steering group's go / no-go, oldest first, and the
    ones already decided (newest first)."""
    base = (
        Application.objects.filter(project__fund=fund)
        .select_related("project", "idea_decided_by")
        .prefetch_related("budget_years", "project__responsible_boards")
    )
    waiting = base.filter(stage=Application.Stage.IDEA_SUBMITTED).order_by("idea_submitted_at")
    decided = base.filter(idea_decided_at__isnull=False).order_by("-idea_decided_at")
    return waiting, decided


def application_for_page(pk: int) -> Application | None:
    """The application ``pk`` with what its pages show, or ``None``."""
    return (
        Application.objects.select_related(
            "project", "project__fund", "project__fund__organisation", "project__applicant_board"
        )
        .prefetch_related("budget_years", "attachments", "project__responsible_boards")
        .filter(pk=pk)
        .first()
    )


def attachment_for_page(pk: int) -> Attachment | None:
    """The attachment ``pk`` with its application and project, or ``None``."""
    queryset = Attachment.objects.select_related(
        "application__project", "application__project__fund"
    )
    return queryset.filter(pk=pk).first()


def estimated_cost(application: Application) -> dict | None:
    """What the idea is estimated to cost, for the steering group's queue: the idea's own
    estimate (öre) when the applicant gave one, else the application's budget (öre) when
    it has one, else the calculation's present value of costs in the municipal
    perspective (kronor); ``None`` when none is there yet."""
    if application.estimated_cost_ore is not None:
        return {"ore": application.estimated_cost_ore, "source": "idea"}
    budget = sum(b.amount_ore for b in application.budget_years.all())
    if budget > 0:
        return {"ore": budget, "source": "budget"}
    result = application.project.calculation_result or {}
    municipal = (result.get("perspectives") or {}).get("municipal") or {}
    if municipal.get("pv_costs") is not None:
        return {"kronor": municipal["pv_costs"], "source": "calculation"}
    return None


def evidence_grades(project) -> list[dict]:
    """Each outcome of the project's stored calculation with its evidence grade, what the
    grade means in plain Swedish (``socinv.l10n.evidence``) and the haircut it was computed
    with (the stored result's ``outcomes_adjusted``): the evidence chain's grades. The
    grades are set in the calculation editor. Empty without a calculation."""
    try:
        outcomes = tomllib.loads(project.calculation_toml or "").get("outcomes") or []
    except tomllib.TOMLDecodeError:
        return []
    adjusted = {
        a.get("outcome"): a
        for a in (project.calculation_result or {}).get("outcomes_adjusted") or []
        if isinstance(a, dict)
    }
    rows = []
    for i, o in enumerate(outcomes):
        a = adjusted.get(i)
        grade = a.get("grade") if a else None
        rows.append(
            {
                "label": o.get("label", "") if isinstance(o, dict) else "",
                "grade": "–" if grade is None else str(grade),
                "meaning": _("No grade given")
                if grade is None
                else grade_text(grade, current_lang()),
                "haircut": a.get("haircut") if a else None,
            }
        )
    return rows
