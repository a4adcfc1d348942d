"""What an application still needs before it can be submitted, and the reads its rules
use. :func:`missing_refusals` gives each missing item as a
:class:`~socinv.core.problems.Refusal` (code ``required`` on the field to fill in, or
``too_few_boards``, ``civil_society_not_admitted``, ``scientific_evaluation_required``,
``evidence_level_missing``, ``indicator_level_missing``, ``indicator_incomplete``; the
fields are the names of :func:`socinv.applications.services.update_application`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from socinv.accounts.models import Role
from socinv.accounts.permissions import roles_of
from socinv.core.problems import Refusal
from socinv.fund.models import Fund
from socinv.web.i18n import ore_to_text

from .models import Application, ApplicationSettings, Level

S = Application.Stage
INTERNAL_ROLES = {Role.OWNER, Role.ECONOMIST, Role.PROJECT_LEADER}


def settings_for(fund: Fund) -> ApplicationSettings:
    """The fund's application settings (the defaults, unsaved, when none are stored)."""
    try:
        return fund.application_settings
    except ApplicationSettings.DoesNotExist:
        return ApplicationSettings(fund=fund)


def is_external(user, fund: Fund) -> bool:
    """The user applies as civil society to this fund (an external applicant there, with
    no internal role that may submit ideas)."""
    held = roles_of(user).get(fund.organisation_id, set())
    return Role.EXTERNAL in held and not (held & INTERNAL_ROLES)


def budget_total_ore(application: Application) -> int:
    return sum(b.amount_ore for b in application.budget_years.all())


def missing_items(application: Application) -> list[str]:
    """What must still be filled in before the current stage can be submitted: a
    translated, human list (empty when nothing is missing)."""
    return [refusal.message for refusal in missing_refusals(application)]


def missing_refusals(application: Application) -> list[Refusal]:
    """:func:`missing_items` with the code and the field (the names of
    :func:`socinv.applications.services.update_application`) of each."""
    project = application.project
    fund = project.fund
    missing: list[Refusal] = []
    if not project.title.strip():
        missing.append(Refusal("required", "title", _("The project has no title.")))
    if project.applicant_organisation and not fund.civil_society_may_apply:
        missing.append(civil_society_refusal())
    boards = project.responsible_boards.count()
    if boards < fund.min_boards:
        message = _("At least %(min)s responsible boards are needed (now %(count)s).") % {
            "min": fund.min_boards,
            "count": boards,
        }
        missing.append(Refusal("too_few_boards", "boards", message))
    idea_stage = application.stage in (S.IDEA_DRAFT, S.IDEA_SUBMITTED)
    texts = [
        ("need", application.need, _("Describe the need.")),
        ("target_group", project.target_group, _("Describe the target group.")),
        ("intervention", application.intervention, _("Describe the intervention.")),
        ("expected_effects", application.expected_effects, _("Describe the expected effects.")),
    ]
    if not idea_stage:
        texts += _full_texts(application)
    missing += [
        Refusal("required", name, message)
        for name, value, message in texts
        if not (value or "").strip()
    ]
    if idea_stage:
        return missing
    return missing + _missing_in_full(application)


def _full_texts(application: Application) -> list[tuple[str, str, str]]:
    a = application
    return [
        ("needs_analysis", a.needs_analysis, _("Write the needs analysis.")),
        (
            "needs_source",
            a.needs_source,
            _("Give the source of the need (a plan, statistics)."),
        ),
        ("needs_figures", a.needs_figures, _("Give the figures that show the need.")),
        ("risk_assessment", a.risk_assessment, _("Write your risk assessment.")),
        ("evaluation_plan", a.evaluation_plan, _("Write the evaluation plan.")),
        (
            "implementation_plan",
            a.implementation_plan,
            _("Write the plan for implementation in ordinary operations."),
        ),
        (
            "implementation_owner_name",
            a.implementation_owner_name,
            _("Name the manager who signs off the implementation plan."),
        ),
        (
            "implementation_owner_title",
            a.implementation_owner_title,
            _("Give the title of the manager who signs off the implementation plan."),
        ),
    ]


def _missing_in_full(application: Application) -> list[Refusal]:
    """What the full application needs beyond its texts."""
    project = application.project
    missing: list[Refusal] = []
    if not application.target_group_size:
        message = _("Give the size of the target group.")
        missing.append(Refusal("required", "target_group_size", message))
    if application.implementation_signed_on is None:
        message = _("Give the date the manager signed off the implementation plan.")
        missing.append(Refusal("required", "implementation_signed_on", message))
    if application.has_comparison_group and not application.comparison_group.strip():
        message = _("Describe the comparison group.")
        missing.append(Refusal("required", "comparison_group", message))
    total = budget_total_ore(application)
    if total <= 0:
        missing.append(Refusal("required", "budget_years", _("Give the budget per year.")))
    threshold = settings_for(project.fund).scientific_evaluation_threshold_ore
    if total > 0 and total >= threshold:
        if not application.evaluation_cost_ore or not application.evaluation_scientific:
            message = _(
                "A budget of %(threshold)s or more must include the cost of a "
                "scientific evaluation."
            ) % {"threshold": ore_to_text(threshold)}
            missing.append(
                Refusal("scientific_evaluation_required", "evaluation_cost_ore", message)
            )
    levels_with_statements = set(project.evidence_statements.values_list("level", flat=True))
    for level in Level:
        if level.value not in levels_with_statements:
            message = _("The evidence chain has nothing at the level “%(level)s”.") % {
                "level": level.label
            }
            missing.append(Refusal("evidence_level_missing", "statements", message))
    indicators = list(project.indicators.all())
    for level in (Level.OUTPUTS, Level.OUTCOMES):
        if not any(i.level == level for i in indicators):
            message = _("Give at least one indicator for “%(level)s”.") % {"level": level.label}
            missing.append(Refusal("indicator_level_missing", "indicators", message))
    for indicator in indicators:
        if (
            not indicator.unit
            or indicator.baseline_value is None
            or not indicator.baseline_source
            or indicator.baseline_date is None
            or indicator.target_value is None
        ):
            message = _(
                "The indicator “%(name)s” needs a unit, a baseline with its source "
                "and date, and a target."
            ) % {"name": indicator.name}
            missing.append(Refusal("indicator_incomplete", "indicators", message))
    if not project.calculation_toml.strip():
        missing.append(Refusal("required", "calculation_toml", _("The calculation is missing.")))
    return missing


def civil_society_refusal() -> Refusal:
    message = _("This fund does not take applications from civil-society organisations.")
    return Refusal("civil_society_not_admitted", "applicant_organisation", message)
