"""Reads of applications, in a fixed number of queries."""

from __future__ import annotations

from socinv.fund.models import Fund
from socinv.projects.access import projects_visible_to

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
    """What the idea is estimated to cost, for the steering group's queue: the
    application's budget (öre) when it has one, else the calculation's present value of
    costs in the municipal perspective (kronor); ``None`` when neither is there yet."""
    budget = sum(b.amount_ore for b in application.budget_years.all())
    if budget > 0:
        return {"ore": budget, "source": "budget"}
    result = application.project.calculation_result or {}
    municipal = (result.get("perspectives") or {}).get("municipal") or {}
    if municipal.get("pv_costs") is not None:
        return {"kronor": municipal["pv_costs"], "source": "calculation"}
    return None
