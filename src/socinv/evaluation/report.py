"""The follow-up report's section "evaluation" (see :mod:`socinv.io.sections`): the number
of observations and recommendations per phase, every recommendation with its response
status, the final report's summary and conclusions, and the accompanying research."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from socinv.io.sections import Section, Table
from socinv.projects.models import Project

from . import selectors
from .models import Response

STATUS_SIGN = {"accepted": "✓ ", "partly": "◐ ", "not_accepted": "✗ "}


def status_text(status: str) -> str:
    """A recommendation's status with a sign, so that it is not colour alone."""
    if not status:
        return "– " + _("No stand taken yet")
    return STATUS_SIGN.get(status, "") + str(Response.Status(status).label)


def section(project) -> Section:
    """The section for ``project``; called inside ``translation.override(language)``."""
    ev = selectors.evaluation_of(project)
    out = Section(key="evaluation", title=_("Learning evaluation"))
    phases = Table(
        caption=_("Observations and recommendations per phase"),
        columns=[_("Phase"), _("Observations"), pgettext("evaluation", "Recommendations")],
        rows=[[g.label, g.observations, g.recommendations] for g in ev.phases],
        empty_text=_("The evaluator has not written any observations or recommendations yet."),
    )
    if ev.phases:
        phases.rows.append(
            [
                _("Total"),
                sum(g.observations for g in ev.phases),
                sum(g.recommendations for g in ev.phases),
            ]
        )
    out.tables.append(phases)
    labels = dict(Project.Phase.choices)
    recommendations = Table(
        caption=_("Recommendations and responses"),
        columns=[
            _("Date"),
            _("Phase"),
            pgettext("evaluation", "Recommendation"),
            _("Status"),
            _("Planned action"),
        ],
        empty_text=_("No recommendations yet."),
    )
    for e in ev.recommendations:
        stands = [r for r in e.responses.all() if r.planned_action]
        recommendations.rows.append(
            [
                e.date,
                str(labels.get(e.phase, e.phase)),
                e.title,
                status_text(selectors.response_status(e)),
                "; ".join(f"{r.get_party_display()}: {r.planned_action}" for r in stands),
            ]
        )
    out.tables.append(recommendations)
    report = ev.final_report
    if report is None:
        out.paragraphs.append(_("No final report has been written yet."))
    else:
        out.facts.append(
            (
                _("Final report"),
                pgettext("evaluation", "Final")
                if report.is_final
                else _("Draft: may still be revised"),
            )
        )
        out.facts.append((_("Date of the final report"), report.date))
        out.facts.append((pgettext("evaluation", "Summary"), report.summary))
        out.facts.append((_("Conclusions"), report.conclusions))
        if report.recommendations:
            out.facts.append((_("Recommendations for ordinary operations"), report.recommendations))
    if ev.research:
        out.tables.append(
            Table(
                caption=_("Accompanying research"),
                columns=[_("Title"), _("Authors or organisation"), _("Web address or reference")],
                rows=[[a.title, a.authors, a.reference or a.original_name] for a in ev.research],
            )
        )
    return out
