"""The application in the memo: the need and the plan (every field of
:class:`~socinv.applications.models.Application` has its place here or in the summary,
the risk section or the proposal; tests/reports/test_memo_fields.py holds that), and the
evidence chain with its indicators."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from socinv.applications.models import Application, EvidenceStatement, Indicator, Level
from socinv.followup.values import value_text
from socinv.projects.models import Project

from .text import LANG, Fact, day, ore, yes_no


def application_of(project: Project) -> Application | None:
    return (
        Application.objects.filter(project=project)
        .prefetch_related("budget_years", "attachments")
        .first()
    )


@dataclass
class Section:
    available: bool = False
    note: str = ""
    facts: list[Fact] = field(default_factory=list)


def _texts(application: Application | None, project: Project) -> list[tuple[str, str]]:
    """(label, text) of what the application (and the project's target group) writes about
    the need and the plan, in the memo's order; empty texts included."""
    a = application
    rows = (
        []
        if a is None
        else [
            (_("Need"), a.need),
            (_("Needs analysis"), a.needs_analysis),
            (pgettext("memo", "Source (operational plan, statistics)"), a.needs_source),
            (_("Figures showing the need"), a.needs_figures),
        ]
    )
    rows.append((_("Target group"), project.target_group))
    if a is None:
        return rows
    size = a.target_group_size
    cost = a.estimated_cost_ore
    return rows + [
        (pgettext("memo", "Size of the target group"), "" if size is None else str(size)),
        (_("Intervention"), a.intervention),
        (_("Expected effects"), a.expected_effects),
        (pgettext("memo", "Estimated cost (idea)"), "" if cost is None else ore(cost)),
        (pgettext("memo", "Partners in civil society"), a.civil_society_partners),
        (_("Evaluation plan"), a.evaluation_plan),
    ]


def _plan(a: Application) -> list[Fact]:
    """The evaluation and the implementation, and what the steering group said of the idea."""
    cost = a.evaluation_cost_ore
    texts = [
        (pgettext("memo", "Cost of the evaluation"), "" if cost is None else ore(cost)),
        (_("Comparison group"), a.comparison_group),
        (_("Plan for implementation in ordinary operations"), a.implementation_plan),
        (pgettext("memo", "Manager who takes over the method"), a.implementation_owner_name),
        (pgettext("memo", "The manager's title"), a.implementation_owner_title),
        (
            pgettext("memo", "Signed off"),
            day(a.implementation_signed_on) if a.implementation_signed_on else "",
        ),
        (pgettext("memo", "Idea decided"), day(a.idea_decided_at) if a.idea_decided_at else ""),
        (pgettext("memo", "The steering group's comment on the idea"), a.idea_decision_comment),
        (pgettext("memo", "Returned for completion with"), a.returned_comment),
        (
            pgettext("memo", "Attachments"),
            ", ".join(attachment.original_name for attachment in a.attachments.all()),
        ),
    ]
    facts = [
        Fact(pgettext("memo", "Scientific evaluation"), yes_no(a.evaluation_scientific)),
        Fact(pgettext("memo", "There is a comparison group"), yes_no(a.has_comparison_group)),
    ]
    return facts + [Fact(label, value) for label, value in texts if value]


def need_section(project: Project, application: Application | None) -> Section:
    facts = [Fact(label, value) for label, value in _texts(application, project) if value]
    section = Section(facts=facts)
    if application is None:
        section.note = _("No application is registered in the system for the project.")
    else:
        if not facts:
            section.note = _("The application does not describe the need yet.")
        section.facts += _plan(application)
    section.available = bool(section.facts)
    return section


@dataclass
class ChainLevel:
    key: str
    label: str
    number: int  # its place among the six levels (1 resources … 6 value created)
    statements: list[str] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)


def _value(row: Indicator, value: float | None) -> str:
    """A baseline or a target in its unit's precision (as on the follow-up page)."""
    return value_text(row, value, LANG)


def _indicator(row: Indicator) -> dict:
    when = day(row.baseline_date) if row.baseline_date else ""
    return {
        "name": row.name,
        "unit": row.unit,
        "direction": row.get_direction_display(),
        "frequency": row.get_reporting_frequency_display(),
        "baseline": _value(row, row.baseline_value),
        "baseline_source": " ".join(t for t in (row.baseline_source, when) if t),
        "target": _value(row, row.target_value),
    }


def evidence_chain(project: Project) -> tuple[list[ChainLevel], bool]:
    """The levels that say something (a statement or an indicator), in the chain's order
    and numbered by their place among the six, and whether the chain has anything at all.
    An empty level is left out: the memo does not fill a page with "nothing here"."""
    levels = {
        level.value: ChainLevel(level.value, str(level.label), number)
        for number, level in enumerate(Level, start=1)
    }
    statements = list(EvidenceStatement.objects.filter(project=project))
    indicators = list(Indicator.objects.filter(project=project))
    for statement in statements:
        levels[statement.level].statements.append(statement.text)
    for indicator in indicators:
        levels[indicator.level].indicators.append(_indicator(indicator))
    said = [level for level in levels.values() if level.statements or level.indicators]
    return said, bool(said)
