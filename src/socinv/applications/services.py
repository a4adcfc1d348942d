"""Every change to an application, on the contract of every write service: verb-named,
atomic, a keyword-only ``acting_user`` whose permission is checked here
(:func:`socinv.accounts.access.require`) and to whom the change is attributed in the audit
trail.

Refusals: :class:`django.core.exceptions.PermissionDenied` when the user may not act;
:class:`socinv.core.problems.Refused` when a rule is broken, before anything is stored, one
reason per problem (a stable code, the field, the message in the user's language), e.g.
everything still missing at submission (:func:`socinv.applications.rules.missing_refusals`
lists it for the applicant beforehand).

Codes: ``organisation_required``, ``civil_society_not_admitted``, ``wrong_stage``,
``estimated_cost_negative`` and ``amount_too_large`` (on ``estimated_cost_ore``),
``amount_negative`` and ``amount_too_large`` (on ``evaluation_cost_ore``, ``budget_years``),
``no_go_needs_comment``, ``return_needs_comment``, ``attachment_too_large``,
``attachment_wrong_type``, ``attachment_wrong_name``, and on a file's name
``personal_number`` and ``max_length``; and at submission the codes of what is missing (see
:mod:`socinv.applications.rules`).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from socinv.accounts.access import require
from socinv.accounts.permissions import forget_roles
from socinv.audit import attribute, attributed_to
from socinv.core.limits import MAX_ENTRY_ORE
from socinv.core.problems import Refusal, Refused, refuse_if
from socinv.fund.models import Fund
from socinv.io.zipguard import check_zip
from socinv.l10n import format_size
from socinv.l10n.measurements import describe
from socinv.projects.models import Project, ProjectMember
from socinv.web import files
from socinv.web.files import sniff
from socinv.web.i18n import current_lang, ore_to_text
from socinv.web.refusals import file_name

from .models import Application, Attachment, BudgetYear, EvidenceStatement, Indicator
from .rules import civil_society_refusal, is_external, missing_refusals, settings_for

S = Application.Stage
EDITABLE_STAGES = {S.IDEA_DRAFT, S.FULL_DRAFT}

PROJECT_FIELDS = ("title", "target_group", "type", "route", "logic", "applicant_organisation")
APPLICATION_FIELDS = (
    "need",
    "intervention",
    "expected_effects",
    "estimated_cost_ore",
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


# Helpers ----------------------------------------------------------------------------------


def _require_stage(application: Application, *stages: str) -> None:
    if application.stage not in stages:
        raise Refused.one(
            "wrong_stage",
            _("This cannot be done while the application is at the stage “%(stage)s”.")
            % {"stage": application.get_stage_display()},
        )


def _lock(application: Application) -> Application:
    """Re-read the application inside the transaction (two clicks never both pass)."""
    Application.objects.select_for_update().filter(pk=application.pk).first()
    application.refresh_from_db()
    return application


def _begin(application: Application, user, perm: str, *stages: str) -> None:
    """The first steps of a workflow step: the permission on the project, the lock, the
    stage the step starts from."""
    require(user, perm, application.project)
    _lock(application)
    _require_stage(application, *stages)


def _check_applicant(user, fund: Fund, organisation: str, *, changed: bool = True) -> None:
    """An external applicant names the organisation; a fund that does not admit civil
    society takes none (checked when the organisation is given or changed)."""
    if is_external(user, fund) and not organisation:
        raise Refused.one(
            "organisation_required",
            _("Name the organisation that applies."),
            "applicant_organisation",
        )
    if changed and organisation and not fund.civil_society_may_apply:
        raise Refused([civil_society_refusal()])


def estimated_cost_refusals(ore) -> list[Refusal]:
    """The idea's estimated cost (öre, or ``None`` when not given): a whole number, not
    negative, at most one ledger entry's bound (:data:`socinv.core.limits.MAX_ENTRY_ORE`)
    as every amount; each message names the field."""
    field = "estimated_cost_ore"
    if ore is None:
        return []
    if isinstance(ore, bool) or not isinstance(ore, int):
        return [Refusal("invalid", field, _("The estimated cost must be an amount in kronor."))]
    if ore < 0:
        return [
            Refusal("estimated_cost_negative", field, _("The estimated cost cannot be negative."))
        ]
    if ore > MAX_ENTRY_ORE:
        message = _("The estimated cost may be at most %(max)s.") % {
            "max": ore_to_text(MAX_ENTRY_ORE)
        }
        return [Refusal("amount_too_large", field, message)]
    return []


def full_amount_refusals(fields: dict, budget_years: list[dict] | None) -> list[Refusal]:
    """The amounts of the full application, in öre, with the bound of every amount (one
    ledger entry's, :data:`socinv.core.limits.MAX_ENTRY_ORE`, as in the form): the
    evaluation cost (``evaluation_cost_ore``, ``None`` when not given) and each budget
    year's amount from the fund and co-financing in money (on ``budget_years``). Not
    negative (``amount_negative``), not above the bound (``amount_too_large``); each
    message names the field (and the year)."""
    found: list[Refusal] = []
    top = ore_to_text(MAX_ENTRY_ORE)
    cost = fields.get("evaluation_cost_ore")
    if cost is not None:
        if cost < 0:
            message = _("The cost of the evaluation cannot be negative.")
            found.append(Refusal("amount_negative", "evaluation_cost_ore", message))
        elif cost > MAX_ENTRY_ORE:
            message = _("The cost of the evaluation may be at most %(max)s.") % {"max": top}
            found.append(Refusal("amount_too_large", "evaluation_cost_ore", message))
    for row in budget_years or ():
        for name, negative, too_large in (
            (
                "amount_ore",
                _("%(year)s: the amount from the fund cannot be negative."),
                _("%(year)s: the amount from the fund may be at most %(max)s."),
            ),
            (
                "cofinancing_money_ore",
                _("%(year)s: the co-financing in money cannot be negative."),
                _("%(year)s: the co-financing in money may be at most %(max)s."),
            ),
        ):
            ore = row.get(name) or 0
            if ore < 0:
                message = negative % {"year": row.get("year")}
                found.append(Refusal("amount_negative", "budget_years", message))
            elif ore > MAX_ENTRY_ORE:
                message = too_large % {"year": row.get("year"), "max": top}
                found.append(Refusal("amount_too_large", "budget_years", message))
    return found


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
    estimated_cost_ore: int | None = None,
    boards: Iterable = (),
    applicant_board=None,
    applicant_organisation: str = "",
) -> Application:
    """Create the project (phase application) and its application. The creating user
    becomes the project leader, or its applicant when external (civil society), whose
    application must name the organisation. A fund with one stage starts at the full
    application. ``estimated_cost_ore``: what the idea is estimated to cost (optional)."""
    require(acting_user, "fund.submit_idea", fund)
    refuse_if(estimated_cost_refusals(estimated_cost_ore))
    external = is_external(acting_user, fund)
    applicant_organisation = applicant_organisation.strip()
    _check_applicant(acting_user, fund, applicant_organisation)
    if applicant_organisation:
        applicant_board = None
    with attributed_to(acting_user):
        project = Project(
            fund=fund,
            title=title.strip(),
            target_group=target_group,
            phase=Project.Phase.APPLICATION,
            applicant_board=applicant_board,
            applicant_organisation=applicant_organisation,
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
            estimated_cost_ore=estimated_cost_ore,
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
    project = application.project
    require(acting_user, "projects.change_project", project)
    _lock(application)
    _require_stage(application, *EDITABLE_STAGES)
    unknown = set(fields) - set(PROJECT_FIELDS) - set(APPLICATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if "estimated_cost_ore" in fields:
        refuse_if(estimated_cost_refusals(fields["estimated_cost_ore"]))
    refuse_if(full_amount_refusals(fields, budget_years))
    if "applicant_organisation" in fields:
        organisation = (fields["applicant_organisation"] or "").strip()
        fields["applicant_organisation"] = organisation
        changed = organisation != project.applicant_organisation
        _check_applicant(acting_user, project.fund, organisation, changed=changed)
        if organisation:
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


def _submit(application: Application, acting_user, start: str, stage: str, stamp: str, **also):
    """Submit from the stage ``start`` to ``stage``, stamped ``<stamp>_at`` and
    ``<stamp>_by``; refused with every missing item at once."""
    _begin(application, acting_user, "projects.change_project", start)
    refuse_if(missing_refusals(application))
    application.stage = stage
    setattr(application, f"{stamp}_at", timezone.now())
    setattr(application, f"{stamp}_by", acting_user)
    for name, value in also.items():
        setattr(application, name, value)
    attribute(application, acting_user).save()
    return application


@transaction.atomic
def submit_idea(application: Application, *, acting_user) -> Application:
    """Send the idea to the steering group."""
    return _submit(application, acting_user, S.IDEA_DRAFT, S.IDEA_SUBMITTED, "idea_submitted")


@transaction.atomic
def decide_idea(application: Application, *, acting_user, go: bool, comment: str) -> Application:
    """The steering group's go / no-go on a submitted idea; a no-go needs a comment."""
    _begin(application, acting_user, "projects.review_project", S.IDEA_SUBMITTED)
    comment = (comment or "").strip()
    if not go and not comment:
        raise Refused.one(
            "no_go_needs_comment", _("Say why the idea does not go ahead."), "comment"
        )
    application.stage = S.IDEA_APPROVED if go else S.IDEA_REJECTED
    application.idea_decision_comment = comment
    application.idea_decided_at = timezone.now()
    application.idea_decided_by = acting_user
    attribute(application, acting_user).save()
    return application


@transaction.atomic
def start_full_application(application: Application, *, acting_user) -> Application:
    _begin(application, acting_user, "projects.change_project", S.IDEA_APPROVED)
    application.stage = S.FULL_DRAFT
    attribute(application, acting_user).save()
    return application


@transaction.atomic
def submit_full_application(application: Application, *, acting_user) -> Application:
    """Submit for review (beredning)."""
    return _submit(
        application, acting_user, S.FULL_DRAFT, S.SUBMITTED, "submitted", returned_comment=""
    )


@transaction.atomic
def mark_returned(application: Application, *, acting_user, comment: str) -> Application:
    """Return a submitted application for completion (back to the full draft), e.g. by a
    decision "returned for completion"; the comment tells the applicant what to add."""
    _begin(application, acting_user, "projects.review_project", S.SUBMITTED)
    if not (comment or "").strip():
        raise Refused.one(
            "return_needs_comment",
            _("Say what the application must be completed with."),
            "comment",
        )
    application.stage = S.FULL_DRAFT
    application.returned_comment = comment.strip()
    attribute(application, acting_user).save()
    return application


# Attachments ------------------------------------------------------------------------------


def attachment_kind(uploaded) -> str:
    """``pdf`` or ``xlsx`` judged by the content (never by the name); :class:`Refused`
    naming the file otherwise (``attachment_wrong_type``), when the name's extension is
    another kind's (``attachment_wrong_name``: a PDF named ``x.html``), when it is too
    large (``attachment_too_large``), or when an xlsx is a zip bomb (the codes of
    :func:`socinv.io.zipguard.check_zip`, checked before anything opens it); on the field
    ``file``. The file is read a block at a time, never whole. First of all its name
    (:func:`socinv.web.refusals.file_name`: no personal identity number, not too long),
    so that nothing is written under a name that cannot be kept and no message quotes
    it."""
    refuse_if(file_name(getattr(uploaded, "name", "")))
    name = getattr(uploaded, "name", "") or _("the file")
    limit = settings.SOCINV_MAX_ATTACHMENT_BYTES
    if uploaded.size > limit:
        raise Refused.one(
            "attachment_too_large",
            _("%(name)s is too large: at most %(limit)s.")
            % {"name": name, "limit": format_size(limit, current_lang())},
            "file",
        )
    uploaded.seek(0)
    kind = sniff(uploaded.read(8))
    uploaded.seek(0)
    if kind == files.XLSX:
        problems = check_zip(uploaded)
        if problems:
            raise Refused.one(
                problems[0].code,
                f"{name}: {describe(problems[0].code, problems[0].params, get_language())}",
                "file",
            )
        try:
            with zipfile.ZipFile(uploaded) as archive:
                if "xl/workbook.xml" not in archive.namelist():
                    kind = None
        except zipfile.BadZipFile:
            kind = None
        finally:
            uploaded.seek(0)
    if kind is None:
        raise Refused.one(
            "attachment_wrong_type",
            _("%(name)s is neither a PDF nor an Excel file (xlsx) and was not attached.")
            % {"name": name},
            "file",
        )
    if not files.extension_fits(uploaded.name, kind):
        raise Refused.one(
            "attachment_wrong_name",
            _("%(name)s is a %(kind)s file but its name does not end in %(extension)s: rename it.")
            % {"name": name, "kind": kind.upper(), "extension": files.EXTENSIONS[kind][0]},
            "file",
        )
    return kind


@transaction.atomic
def add_attachment(application: Application, *, acting_user, uploaded) -> Attachment:
    _begin(application, acting_user, "projects.change_project", *EDITABLE_STAGES)
    kind = attachment_kind(uploaded)
    attachment = Attachment(
        application=application,
        original_name=uploaded.name,
        kind=kind,
        size=uploaded.size,
        uploaded_by=acting_user,
    )
    attachment.file.save(uploaded.name, uploaded, save=False)
    attribute(attachment, acting_user).save()
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, acting_user) -> None:
    _begin(attachment.application, acting_user, "projects.change_project", *EDITABLE_STAGES)
    stored = attachment.file.name
    storage = attachment.file.storage
    attribute(attachment, acting_user).delete()
    transaction.on_commit(lambda: storage.delete(stored))
