"""Writes for the learning evaluation. Each takes a keyword-only ``acting_user``, checks its
permission (:class:`~django.core.exceptions.PermissionDenied` otherwise) and its rules
(:class:`EvaluationRefused` naming the field, nothing stored), runs in one transaction and
is attributed to the user in the audit trail.

* Entries and the final report: the project's assigned evaluator only
  (``projects.evaluate_project``).
* Responses: ``followup.respond_to_evaluation`` (an owner, or the project's own leader).
* Accompanying research: the project's evaluator or an owner.

Every text is checked with the personnummer guard: the system holds aggregated data only.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from socinv.accounts.permissions import leader as is_leader
from socinv.accounts.permissions import owner as is_owner
from socinv.audit import attribute
from socinv.core.personnummer import contains_personal_number
from socinv.core.problems import Refused
from socinv.projects.models import Project

from .models import EvaluationEntry, FinalReport, ResearchAttachment, Response

EVALUATE = "projects.evaluate_project"
RESPOND = "followup.respond_to_evaluation"


class EvaluationRefused(Exception):
    """The write breaks a rule; ``errors`` maps a field name (``None``: the whole form)
    to the messages, in the user's language."""

    def __init__(self, errors: Mapping[str | None, list[str]]):
        self.errors = {k: list(v) for k, v in errors.items()}
        super().__init__("; ".join(m for msgs in self.errors.values() for m in msgs))


# Who may do what ----------------------------------------------------------------------


def may_evaluate(user, project: Project) -> bool:
    return user.has_perm(EVALUATE, project)


def may_respond(user, project: Project) -> bool:
    return user.has_perm(RESPOND, project)


def may_attach(user, project: Project) -> bool:
    """The project's evaluator or an owner of the fund's organisation."""
    return user.has_perm(EVALUATE, project) or bool(is_owner.test(user, project))


def parties_of(user, project: Project) -> list[str]:
    """On whose behalf ``user`` may respond: the project (its leader), the owners."""
    parties = []
    if is_leader.test(user, project):
        parties.append(Response.Party.PROJECT)
    if is_owner.test(user, project):
        parties.append(Response.Party.OWNERS)
    return parties


def _require(ok: bool) -> None:
    if not ok:
        raise PermissionDenied(gettext("You do not have permission to do this."))


# Checks -------------------------------------------------------------------------------


def personal_number_message() -> str:
    return gettext(
        "Contains a personal identity number: the system holds aggregated data only. "
        "Remove it; nothing was stored."
    )


class _Errors:
    def __init__(self):
        self.errors: dict[str | None, list[str]] = {}

    def add(self, field: str | None, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def text(self, field: str, value: str | None, *, required: bool = True) -> str:
        value = (value or "").strip()
        if not value:
            if required:
                self.add(field, gettext("This field is required."))
        elif contains_personal_number(value):
            self.add(field, personal_number_message())
        return value

    def date(self, field: str, value: datetime.date | None) -> datetime.date:
        today = timezone.localdate()
        if value is None:
            return today
        if value > today:
            self.add(field, gettext("The date cannot be in the future."))
        return value

    def raise_if_any(self) -> None:
        if self.errors:
            raise EvaluationRefused(self.errors)


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
    _require(may_evaluate(acting_user, project))
    e = _Errors()
    phase = phase or project.phase
    if phase not in Project.Phase.values:
        e.add("phase", gettext("Choose one of the project's phases."))
    if kind not in EvaluationEntry.Kind.values:
        e.add("kind", gettext("Choose observation or recommendation."))
    title = e.text("title", title)
    if len(title) > 300:
        e.add("title", gettext("At most 300 characters."))
    text = e.text("text", text)
    date = e.date("date", date)
    e.raise_if_any()
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
    _require(may_respond(acting_user, project))
    parties = parties_of(acting_user, project)
    _require(bool(parties))
    e = _Errors()
    if party is None or party == "":
        party = parties[0]
    elif party not in parties:
        e.add("party", gettext("You cannot respond on behalf of that party."))
    text = e.text("text", text)
    planned_action = e.text("planned_action", planned_action, required=False)
    status = status or ""
    if entry.kind == EvaluationEntry.Kind.RECOMMENDATION:
        if status not in Response.Status.values:
            e.add("status", gettext("Say whether the recommendation is accepted."))
        elif status != Response.Status.NOT_ACCEPTED and not planned_action:
            e.add(
                "planned_action",
                gettext("Describe the planned action for an accepted recommendation."),
            )
    else:
        status = ""
    date = e.date("date", date)
    e.raise_if_any()
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
    _require(may_evaluate(acting_user, project))
    e = _Errors()
    summary = e.text("summary", summary)
    conclusions = e.text("conclusions", conclusions)
    recommendations = e.text("recommendations", recommendations, required=False)
    date = e.date("date", date)
    e.raise_if_any()
    with transaction.atomic():
        report = FinalReport.objects.select_for_update().filter(project=project).first()
        if report is not None and report.is_final:
            raise EvaluationRefused(
                {None: [gettext("The final report has been marked final and is not changed.")]}
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
    from socinv.applications.services import attachment_kind

    _require(may_attach(acting_user, project))
    e = _Errors()
    title = e.text("title", title)
    authors = e.text("authors", authors, required=False)
    reference = e.text("reference", reference, required=False)
    if len(title) > 300:
        e.add("title", gettext("At most 300 characters."))
    if len(authors) > 300:
        e.add("authors", gettext("At most 300 characters."))
    if len(reference) > 500:
        e.add("reference", gettext("At most 500 characters."))
    kind = ""
    if uploaded is not None:
        try:
            kind = attachment_kind(uploaded)
        except Refused as refused:
            for refusal in refused.refusals:
                e.add("file", refusal.message)
    elif not reference:
        e.add("file", gettext("Attach a file or give a web address or reference."))
    e.raise_if_any()
    with transaction.atomic():
        item = ResearchAttachment(
            project=project,
            title=title,
            authors=authors,
            reference=reference,
            uploaded_by=acting_user,
        )
        if uploaded is not None:
            item.original_name = uploaded.name[:255]
            item.kind = kind
            item.size = uploaded.size
            item.file.save(uploaded.name, uploaded, save=False)
        attribute(item, acting_user).save()
    return item
