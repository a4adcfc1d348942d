"""Writes for the learning evaluation. Each takes a keyword-only ``acting_user``, checks its
permission itself (:func:`socinv.accounts.access.require`: ``PermissionDenied``) and its
rules (:class:`socinv.core.problems.Refused` naming the field, nothing stored), runs in one
transaction and is attributed to the user in the audit trail.

* Entries and the final report: the project's assigned evaluator only
  (``projects.evaluate_project``).
* Responses: ``followup.respond_to_evaluation`` (an owner, or the project's own leader).
* Accompanying research: the project's evaluator or an owner.

Every text is checked with the personnummer guard: the system holds aggregated data only.

Codes: ``required``, ``max_length``, ``personal_number``, ``date_in_future``,
``phase_invalid``, ``kind_invalid``, ``party_not_allowed``, ``status_required``,
``planned_action_required``, ``report_final``, ``file_or_reference_required`` and the
attachment codes of :func:`socinv.applications.services.attachment_kind`.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from socinv.accounts.access import require
from socinv.accounts.permissions import leader as is_leader
from socinv.accounts.permissions import owner as is_owner
from socinv.applications.services import attachment_kind
from socinv.audit import attribute
from socinv.core.problems import Refusal, Refused, refuse_if
from socinv.projects.models import Project
from socinv.web.guards import value_refusals
from socinv.web.refusals import past_date

from .models import EvaluationEntry, FinalReport, ResearchAttachment, Response

EVALUATE = "projects.evaluate_project"
ATTACH = "followup.attach_research"  # the evaluator or an owner
RESPOND = "followup.respond_to_evaluation"


# Who may do what ----------------------------------------------------------------------


def may_evaluate(user, project: Project) -> bool:
    return user.has_perm(EVALUATE, project)


def may_respond(user, project: Project) -> bool:
    return user.has_perm(RESPOND, project)


def may_attach(user, project: Project) -> bool:
    """The project's evaluator or an owner of the fund's organisation."""
    return user.has_perm(ATTACH, project)


def parties_of(user, project: Project) -> list[str]:
    """On whose behalf ``user`` may respond: the project (its leader), the owners."""
    parties = []
    if is_leader.test(user, project):
        parties.append(Response.Party.PROJECT)
    if is_owner.test(user, project):
        parties.append(Response.Party.OWNERS)
    return parties


# Checks -------------------------------------------------------------------------------


def _text(found: list[Refusal], model, field: str, value: str | None, *, required=True) -> str:
    """``value`` stripped; its refusals (required, and what ``model``'s field refuses: more
    than its bound from ``socinv.core.limits``, a personal identity number) added to
    ``found``."""
    value = (value or "").strip()
    if not value:
        if required:
            found.append(Refusal("required", field, gettext("This field is required.")))
        return value
    found += value_refusals(model, field, value)
    return value


def _date(found: list[Refusal], field: str, value: datetime.date | None) -> datetime.date:
    """``value``, today when empty; a date in the future is refused."""
    found += past_date(field, value, required=False)
    return value or timezone.localdate()


# Entries ------------------------------------------------------------------------------


def add_entry(
    *,
    acting_user,
    project: Project,
    kind: str,
    title: str,
    text: str,
    phase: str | None = None,
    date: datetime.date | None = None,
) -> EvaluationEntry:
    """An observation or recommendation by the project's assigned evaluator."""
    require(acting_user, EVALUATE, project)
    found: list[Refusal] = []
    phase = phase or project.phase
    if phase not in Project.Phase.values:
        message = gettext("Choose one of the project's phases.")
        found.append(Refusal("phase_invalid", "phase", message))
    if kind not in EvaluationEntry.Kind.values:
        message = gettext("Choose observation or recommendation.")
        found.append(Refusal("kind_invalid", "kind", message))
    title = _text(found, EvaluationEntry, "title", title)
    text = _text(found, EvaluationEntry, "text", text)
    date = _date(found, "date", date)
    refuse_if(found)
    with transaction.atomic():
        entry = EvaluationEntry(
            project=project,
            phase=phase,
            kind=kind,
            title=title,
            text=text,
            date=date,
            author=acting_user,
        )
        attribute(entry, acting_user).save()
    return entry


# Responses ----------------------------------------------------------------------------


def respond(
    *,
    acting_user,
    entry: EvaluationEntry,
    text: str,
    status: str = "",
    planned_action: str = "",
    party: str | None = None,
    date: datetime.date | None = None,
) -> Response:
    """The project's or the owners' response to ``entry``. A response to a recommendation
    says whether it is accepted (accepted, partly, not accepted) and, unless it is not
    accepted, what is planned."""
    project = entry.project
    require(acting_user, RESPOND, project)
    parties = parties_of(acting_user, project)
    if not parties:
        raise PermissionDenied(RESPOND)
    found: list[Refusal] = []
    if party is None or party == "":
        party = parties[0]
    elif party not in parties:
        message = gettext("You cannot respond on behalf of that party.")
        found.append(Refusal("party_not_allowed", "party", message))
    text = _text(found, Response, "text", text)
    planned_action = _text(found, Response, "planned_action", planned_action, required=False)
    status = status or ""
    if entry.kind == EvaluationEntry.Kind.RECOMMENDATION:
        if status not in Response.Status.values:
            message = gettext("Say whether the recommendation is accepted.")
            found.append(Refusal("status_required", "status", message))
        elif status != Response.Status.NOT_ACCEPTED and not planned_action:
            message = gettext("Describe the planned action for an accepted recommendation.")
            found.append(Refusal("planned_action_required", "planned_action", message))
    else:
        status = ""
    date = _date(found, "date", date)
    refuse_if(found)
    with transaction.atomic():
        response = Response(
            entry=entry,
            party=party,
            text=text,
            status=status,
            planned_action=planned_action,
            date=date,
            author=acting_user,
        )
        attribute(response, acting_user).save()
    return response


# The final report ---------------------------------------------------------------------


def save_final_report(
    *,
    acting_user,
    project: Project,
    summary: str,
    conclusions: str,
    recommendations: str = "",
    date: datetime.date | None = None,
    final: bool = False,
) -> FinalReport:
    """Write or revise the project's final evaluation report (each revision stays in the
    history); ``final=True`` marks it final, after which it is not changed."""
    require(acting_user, EVALUATE, project)
    found: list[Refusal] = []
    summary = _text(found, FinalReport, "summary", summary)
    conclusions = _text(found, FinalReport, "conclusions", conclusions)
    recommendations = _text(found, FinalReport, "recommendations", recommendations, required=False)
    date = _date(found, "date", date)
    refuse_if(found)
    with transaction.atomic():
        report = FinalReport.objects.select_for_update().filter(project=project).first()
        if report is not None and report.is_final:
            raise Refused.one(
                "report_final",
                gettext("The final report has been marked final and is not changed."),
            )
        if report is None:
            report = FinalReport(project=project)
        report.summary = summary
        report.conclusions = conclusions
        report.recommendations = recommendations
        report.date = date
        report.author = acting_user
        if final:
            report.is_final = True
            report.finalised_at = timezone.now()
        attribute(report, acting_user).save()
    return report


# Accompanying research ----------------------------------------------------------------


def add_research(
    *,
    acting_user,
    project: Project,
    title: str,
    authors: str = "",
    uploaded=None,
    reference: str = "",
) -> ResearchAttachment:
    """Attach accompanying research: a PDF or xlsx file (judged by its content, as the
    application's attachments), or a web address or reference instead of a file."""
    require(acting_user, ATTACH, project)
    found: list[Refusal] = []
    title = _text(found, ResearchAttachment, "title", title)
    authors = _text(found, ResearchAttachment, "authors", authors, required=False)
    reference = _text(found, ResearchAttachment, "reference", reference, required=False)
    kind = ""
    if uploaded is not None:
        try:
            kind = attachment_kind(uploaded)
        except Refused as refused:  # its reasons join the form's others
            found += refused.refusals
    elif not reference:
        message = gettext("Attach a file or give a web address or reference.")
        found.append(Refusal("file_or_reference_required", "file", message))
    refuse_if(found)
    with transaction.atomic():
        item = ResearchAttachment(
            project=project,
            title=title,
            authors=authors,
            reference=reference,
            uploaded_by=acting_user,
        )
        if uploaded is not None:
            item.original_name = uploaded.name
            item.kind = kind
            item.size = uploaded.size
            item.file.save(uploaded.name, uploaded, save=False)
        attribute(item, acting_user).save()
    return item
