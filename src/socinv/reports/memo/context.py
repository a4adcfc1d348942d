"""Everything the memo shows, read once through typed reads and formatted here, so that
the HTML preview and the PDF render the very same context."""

from __future__ import annotations

from django.utils import timezone, translation

from socinv.fund import selectors as fund_selectors
from socinv.projects.models import Project
from socinv.review.selectors import granting_decision, latest_review

from .application import application_of, evidence_chain, need_section
from .calculation import calculation_section
from .decision import proposal
from .portfolio import portfolio_effect, risk_label
from .text import LANG, day, ore, percent


def memo_context(project: Project) -> dict:
    """The memo's context, in Swedish whatever the reader's language."""
    with translation.override(LANG):
        return _context(project)


def _applicant(project: Project) -> str:
    if project.applicant_board_id:
        return project.applicant_board.name
    return project.applicant_organisation or "–"


def _context(project: Project) -> dict:
    fund = project.fund
    application = application_of(project)
    decision = granting_decision(project)
    review = latest_review(project)
    offer = proposal(decision, application, review)
    risk_class = review.risk_class if review is not None else project.risk_class
    levels, has_chain = evidence_chain(project)
    success = project.success_probability
    return {
        "project": project,
        "fund": fund,
        "organisation": fund.organisation,
        "dnr": decision.dnr if decision is not None else "",
        "date": timezone.localdate().isoformat(),
        "applicant": _applicant(project),
        "boards": ", ".join(b.name for b in project.responsible_boards.order_by("name")) or "–",
        "type": project.get_type_display(),
        "route": project.get_route_display(),
        "logic": project.get_logic_display(),
        "phase": project.get_phase_display(),
        "application": application,
        "stage": application.get_stage_display() if application is not None else "",
        "submitted": day(application.submitted_at)
        if application is not None and application.submitted_at
        else "",
        "need": need_section(project, application),
        "levels": levels,
        "has_chain": has_chain,
        "calculation": calculation_section(project),
        "review": review,
        "risk_class": risk_label(risk_class),
        "risk_rationale": review.risk_rationale if review is not None else "",
        "review_comment": review.comment if review is not None else "",
        "reviewed_at": day(review.reviewed_at) if review is not None else "",
        "applicant_risk": application.risk_assessment if application is not None else "",
        "effect": portfolio_effect(project, risk_class, offer.total_ore),
        "available": ore(fund_selectors.fund_totals(fund).available),
        "proposal": offer,
        "success_probability": percent(success) if success is not None else None,
    }
