"""Every change to an application: verb-named, atomic, with a keyword-only ``acting_user``
whose permission is checked here (``user.has_perm(perm, obj)``) and to whom the change is
attributed in the audit trail.

Refusals: :class:`django.core.exceptions.PermissionDenied` when the user may not act,
:class:`ApplicationError` (a :class:`~django.core.exceptions.ValidationError` with one
translated message per problem) when a rule is broken, e.g. something required is missing
at submission (:func:`missing_items` lists it for the applicant beforehand).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socinv.accounts.models import Role
from socinv.accounts.permissions import forget_roles, roles_of
from socinv.audit import attribute, attributed_to
from socinv.fund.models import Fund
from socinv.projects.models import Project, ProjectMember
from socinv.web.i18n import ore_to_text

from .models import (
    Application,
    ApplicationSettings,
    Attachment,
    BudgetYear,
    EvidenceStatement,
    Indicator,
    Level,
)

S = Application.Stage
EDITABLE_STAGES = {S.IDEA_DRAFT, S.FULL_DRAFT}
INTERNAL_ROLES = {Role.OWNER, Role.ECONOMIST, Role.PROJECT_LEADER}

PROJECT_FIELDS = ("title", "target_group", "type", "route", "logic", "applicant_organisation")
APPLICATION_FIELDS = (
    "need",
    "intervention",
    "expected_effects",
    "needs_analysis",
    "needs_source",
    "needs_figures",
    "target_group_size",
    "civil_society_partners",
    "risk_assessment",
    "evaluation_plan",
    "evaluation_cost_ore",
    "evaluation_scientific",
    "has_comparison_group",
    "comparison_group",
    "implementation_plan",
    "implementation_owner_name",
    "implementation_owner_title",
    "implementation_signed_on",
)


class ApplicationError(ValidationError):
    """A rule of the application workflow is broken; ``.messages`` lists every problem."""


# Reads used by the rules ---------------------------------------------------------------


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
    project = application.project
    fund = project.fund
    missing: list[str] = []
    if not project.title.strip():
        missing.append(_("The project has no title."))
    if project.applicant_organisation and not fund.civil_society_may_apply:
        missing.append(_("This fund does not take applications from civil-society organisations."))
    boards = project.responsible_boards.count()
    if boards < fund.min_boards:
        missing.append(
            _("At least %(min)s responsible boards are needed (now %(count)s).")
            % {"min": fund.min_boards, "count": boards}
        )
    idea_stage = application.stage in (S.IDEA_DRAFT, S.IDEA_SUBMITTED)
    texts = [
        (application.need, _("Describe the need.")),
        (project.target_group, _("Describe the target group.")),
        (application.intervention, _("Describe the intervention.")),
        (application.expected_effects, _("Describe the expected effects.")),
    ]
    if not idea_stage:
        texts += [
            (application.needs_analysis, _("Write the needs analysis.")),
            (application.needs_source, _("Give the source of the need (a plan, statistics).")),
            (application.needs_figures, _("Give the figures that show the need.")),
            (application.risk_assessment, _("Write your risk assessment.")),
            (application.evaluation_plan, _("Write the evaluation plan.")),
            (
                application.implementation_plan,
                _("Write the plan for implementation in ordinary operations."),
            ),
            (
                application.implementation_owner_name,
                _("Name the manager who signs off the implementation plan."),
            ),
            (
                application.implementation_owner_title,
                _("Give the title of the manager who signs off the implementation plan."),
            ),
        ]
    missing += [message for value, message in texts if not (value or "").strip()]
    if idea_stage:
        return missing

    if not application.target_group_size:
        missing.append(_("Give the size of the target group."))
    if application.implementation_signed_on is None:
        missing.append(_("Give the date the manager signed off the implementation plan."))
    if application.has_comparison_group and not application.comparison_group.strip():
        missing.append(_("Describe the comparison group."))
    total = budget_total_ore(application)
    if total <= 0:
        missing.append(_("Give the budget per year."))
    threshold = settings_for(fund).scientific_evaluation_threshold_ore
    if total > 0 and total >= threshold:
        if not application.evaluation_cost_ore or not application.evaluation_scientific:
            missing.append(
                _(
                    "A budget of %(threshold)s or more must include the cost of a "
                    "scientific evaluation."
                )
                % {"threshold": ore_to_text(threshold)}
            )
    levels_with_statements = set(project.evidence_statements.values_list("level", flat=True))
    for level in Level:
        if level.value not in levels_with_statements:
            missing.append(
                _("The evidence chain has nothing at the level “%(level)s”.")
                % {"level": level.label}
            )
    indicators = list(project.indicators.all())
    for level in (Level.OUTPUTS, Level.OUTCOMES):
        if not any(i.level == level for i in indicators):
            missing.append(
                _("Give at least one indicator for “%(level)s”.") % {"level": level.label}
            )
    for indicator in indicators:
        if (
            not indicator.unit
            or indicator.baseline_value is None
            or not indicator.baseline_source
            or indicator.baseline_date is None
            or indicator.target_value is None
        ):
            missing.append(
                _(
                    "The indicator “%(name)s” needs a unit, a baseline with its source "
                    "and date, and a target."
                )
                % {"name": indicator.name}
            )
    if not project.calculation_toml.strip():
        missing.append(_("The calculation is missing."))
    return missing


# Helpers ----------------------------------------------------------------------------------


def _require(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _require_stage(application: Application, *stages: str) -> None:
    if application.stage not in stages:
        raise ApplicationError(
            _("This cannot be done while the application is at the stage “%(stage)s”.")
            % {"stage": application.get_stage_display()}
        )


def _lock(application: Application) -> Application:
    """Re-read the application inside the transaction (two clicks never both pass)."""
    Application.objects.select_for_update().filter(pk=application.pk).first()
    application.refresh_from_db()
    return application


def _refuse_if_missing(application: Application) -> None:
    missing = missing_items(application)
    if missing:
        raise ApplicationError(missing)


def _check_civil_society(fund: Fund, applicant_organisation: str) -> None:
    if applicant_organisation and not fund.civil_society_may_apply:
        raise ApplicationError(
            _("This fund does not take applications from civil-society organisations.")
        )


# The workflow -----------------------------------------------------------------------------


@transaction.atomic
def create_idea(
    *,
    fund: Fund,
    acting_user,
    title: str,
    need: str = "",
    target_group: str = "",
    intervention: str = "",
    expected_effects: str = "",
    boards: Iterable = (),
    applicant_board=None,
    applicant_organisation: str = "",
) -> Application:
    """Create the project (phase application) and its application. The creating user
    becomes the project leader, or its applicant when external (civil society), whose
    application must name the organisation. A fund with one stage starts at the full
    application."""
    _require(acting_user, "fund.submit_idea", fund)
    external = is_external(acting_user, fund)
    if external and not applicant_organisation.strip():
        raise ApplicationError(_("Name the organisation that applies."))
    _check_civil_society(fund, applicant_organisation.strip())
    if applicant_organisation.strip():
        applicant_board = None
    with attributed_to(acting_user):
        project = Project(
            fund=fund,
            title=title.strip(),
            target_group=target_group,
            phase=Project.Phase.APPLICATION,
            applicant_board=applicant_board,
            applicant_organisation=applicant_organisation.strip(),
        )
        attribute(project, acting_user).save()
        project.responsible_boards.set(list(boards))
        member = ProjectMember(
            project=project,
            user=acting_user,
            role=ProjectMember.Role.APPLICANT if external else ProjectMember.Role.LEADER,
        )
        attribute(member, acting_user).save()
        application = Application(
            project=project,
            created_by=acting_user,
            stage=S.IDEA_DRAFT if settings_for(fund).two_stage else S.FULL_DRAFT,
            need=need,
            intervention=intervention,
            expected_effects=expected_effects,
        )
        attribute(application, acting_user).save()
    forget_roles(acting_user)
    return application


@transaction.atomic
def update_application(
    application: Application,
    *,
    acting_user,
    boards: Iterable | None = None,
    budget_years: list[dict] | None = None,
    statements: list[dict] | None = None,
    indicators: list[dict] | None = None,
    **fields,
) -> Application:
    """Save a draft with whatever is filled in. ``fields`` are the names in
    :data:`PROJECT_FIELDS` and :data:`APPLICATION_FIELDS`; ``boards`` replaces the
    responsible boards; ``budget_years`` (dicts of BudgetYear fields), ``statements``
    (level, text) and ``indicators`` (Indicator fields) replace those lists when given."""
    _lock(application)
    project = application.project
    _require(acting_user, "projects.change_project", project)
    _require_stage(application, *EDITABLE_STAGES)
    unknown = set(fields) - set(PROJECT_FIELDS) - set(APPLICATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if "applicant_organisation" in fields:
        fields["applicant_organisation"] = (fields["applicant_organisation"] or "").strip()
        if is_external(acting_user, project.fund) and not fields["applicant_organisation"]:
            raise ApplicationError(_("Name the organisation that applies."))
        if fields["applicant_organisation"] != project.applicant_organisation:
            _check_civil_society(project.fund, fields["applicant_organisation"])
        if fields["applicant_organisation"]:
            project.applicant_board = None
    with attributed_to(acting_user):
        project_changed = False
        for name in PROJECT_FIELDS:
            if name in fields:
                setattr(project, name, fields[name] if fields[name] is not None else "")
                project_changed = True
        if project_changed:
            attribute(project, acting_user).save()
        if boards is not None:
            project.responsible_boards.set(list(boards))
        for name in APPLICATION_FIELDS:
            if name in fields:
                setattr(application, name, fields[name])
        attribute(application, acting_user).save()
        if budget_years is not None:
            application.budget_years.all().delete()
            for row in budget_years:
                attribute(BudgetYear(application=application, **row), acting_user).save()
        if statements is not None:
            project.evidence_statements.all().delete()
            for order, row in enumerate(statements):
                attribute(
                    EvidenceStatement(project=project, order=order, **row), acting_user
                ).save()
        if indicators is not None:
            project.indicators.all().delete()
            for order, row in enumerate(indicators):
                attribute(Indicator(project=project, order=order, **row), acting_user).save()
    return application


@transaction.atomic
def submit_idea(application: Application, *, acting_user) -> Application:
    _lock(application)
    _require(acting_user, "projects.change_project", application.project)
    _require_stage(application, S.IDEA_DRAFT)
    _refuse_if_missing(application)
    application.stage = S.IDEA_SUBMITTED
    application.idea_submitted_at = timezone.now()
    application.idea_submitted_by = acting_user
    attribute(application, acting_user).save()
    return application


@transaction.atomic
def decide_idea(application: Application, *, acting_user, go: bool, comment: str) -> Application:
    """The steering group's go / no-go on a submitted idea; a no-go needs a comment."""
    _lock(application)
    _require(acting_user, "projects.review_project", application.project)
    _require_stage(application, S.IDEA_SUBMITTED)
    comment = (comment or "").strip()
    if not go and not comment:
        raise ApplicationError(_("Say why the idea does not go ahead."))
    application.stage = S.IDEA_APPROVED if go else S.IDEA_REJECTED
    application.idea_decision_comment = comment
    application.idea_decided_at = timezone.now()
    application.idea_decided_by = acting_user
    attribute(application, acting_user).save()
    return application


@transaction.atomic
def start_full_application(application: Application, *, acting_user) -> Application:
    _lock(application)
    _require(acting_user, "projects.change_project", application.project)
    _require_stage(application, S.IDEA_APPROVED)
    application.stage = S.FULL_DRAFT
    attribute(application, acting_user).save()
    return application


@transaction.atomic
def submit_full_application(application: Application, *, acting_user) -> Application:
    """Submit for review (beredning); refused with every missing item at once."""
    _lock(application)
    _require(acting_user, "projects.change_project", application.project)
    _require_stage(application, S.FULL_DRAFT)
    _refuse_if_missing(application)
    application.stage = S.SUBMITTED
    application.submitted_at = timezone.now()
    application.submitted_by = acting_user
    application.returned_comment = ""
    attribute(application, acting_user).save()
    return application


@transaction.atomic
def mark_returned(application: Application, *, acting_user, comment: str) -> Application:
    """Return a submitted application for completion (back to the full draft), e.g. by a
    decision "returned for completion"; the comment tells the applicant what to add."""
    _lock(application)
    _require(acting_user, "projects.review_project", application.project)
    _require_stage(application, S.SUBMITTED)
    if not (comment or "").strip():
        raise ApplicationError(_("Say what the application must be completed with."))
    application.stage = S.FULL_DRAFT
    application.returned_comment = comment.strip()
    attribute(application, acting_user).save()
    return application


# Attachments ------------------------------------------------------------------------------


def attachment_kind(uploaded) -> str:
    """``pdf`` or ``xlsx`` judged by the content (never by the name); ApplicationError
    naming the file otherwise, or when it is too large."""
    name = getattr(uploaded, "name", "") or _("the file")
    limit = settings.SOCINV_MAX_ATTACHMENT_BYTES
    if uploaded.size > limit:
        raise ApplicationError(
            _("%(name)s is too large: at most %(limit)s MB.")
            % {"name": name, "limit": f"{limit / 1024 / 1024:.0f}"}
        )
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return Attachment.Kind.PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                if "xl/workbook.xml" in archive.namelist():
                    return Attachment.Kind.XLSX
        except zipfile.BadZipFile:
            pass
        finally:
            uploaded.seek(0)
    raise ApplicationError(
        _("%(name)s is neither a PDF nor an Excel file (xlsx) and was not attached.")
        % {"name": name}
    )


@transaction.atomic
def add_attachment(application: Application, *, acting_user, uploaded) -> Attachment:
    _require(acting_user, "projects.change_project", application.project)
    _require_stage(application, *EDITABLE_STAGES)
    kind = attachment_kind(uploaded)
    attachment = Attachment(
        application=application,
        original_name=uploaded.name[:255],
        kind=kind,
        size=uploaded.size,
        uploaded_by=acting_user,
    )
    attachment.file.save(uploaded.name, uploaded, save=False)
    attribute(attachment, acting_user).save()
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, acting_user) -> None:
    application = attachment.application
    _require(acting_user, "projects.change_project", application.project)
    _require_stage(application, *EDITABLE_STAGES)
    stored = attachment.file.name
    storage = attachment.file.storage
    attribute(attachment, acting_user).delete()
    transaction.on_commit(lambda: storage.delete(stored))
