"""Writes for review and decisions. Each is atomic, takes a keyword-only ``acting_user``,
checks its permission and its rules, and is attributed in the audit trail.

A decision that approves a project books one commitment per year in the fund's ledger
(:func:`socinv.fund.services.record_entry`) in the same transaction: if the ledger refuses
any of them, nothing at all is stored. The applicant is told by e-mail once the decision
is committed (``transaction.on_commit``)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from socinv.audit import attribute, attributed_to
from socinv.core import ledger as core
from socinv.fund import selectors as fund_selectors
from socinv.fund import services as fund_services
from socinv.fund.models import Fund, WriteDownRule
from socinv.projects.models import Project, ProjectMember
from socinv.web.i18n import ore_to_text

from .checklist import DEFAULT_CHECKLIST
from .models import ChecklistQuestion, Decision, DecisionYear, Review, ReviewAnswer

log = logging.getLogger(__name__)


class Refused(Exception):
    """The write breaks a rule; ``errors`` maps a field name (``None``: the whole form)
    to the messages, in the user's language."""

    def __init__(self, errors: Mapping[str | None, list[str]]):
        self.errors = {k: list(v) for k, v in errors.items()}
        super().__init__("; ".join(m for msgs in self.errors.values() for m in msgs))


class ReviewRefused(Refused):
    pass


class DecisionRefused(Refused):
    pass


# --- the checklist ------------------------------------------------------------------


def ensure_default_checklist(fund: Fund, *, acting_user=None) -> list[ChecklistQuestion]:
    """The fund's checklist questions, creating the default Swedish checklist the first
    time (a fund that has any questions, active or not, keeps its own)."""
    if not ChecklistQuestion.objects.filter(fund=fund).exists():
        with transaction.atomic(), attributed_to(acting_user), translation.override("sv"):
            order = 0
            for area, questions in DEFAULT_CHECKLIST:
                for text in questions:
                    order += 10
                    ChecklistQuestion(fund=fund, area=area, text=gettext(text), order=order).save()
    return list(ChecklistQuestion.objects.filter(fund=fund, active=True).order_by("order", "pk"))


# --- review ---------------------------------------------------------------------------


def save_review(
    *,
    acting_user,
    project: Project,
    risk_class: str,
    risk_rationale: str,
    recommendation: str = "",
    answers: Mapping[int, tuple[str, str]] | None = None,
    amount_ore: int | None = None,
    comment: str = "",
) -> Review:
    """Record a review of ``project``: its risk class (which becomes the project's) with a
    written rationale, a recommendation, and answers to the fund's active checklist
    questions (``answers``: question id → (yes/partly/no, comment)); unanswered questions
    are left out. Raises :class:`ReviewRefused` or ``PermissionDenied``."""
    if not acting_user.has_perm("projects.review_project", project):
        raise PermissionDenied
    answers = dict(answers or {})
    errors: dict[str | None, list[str]] = {}
    if risk_class not in Project.RiskClass.values:
        errors.setdefault("risk_class", []).append(gettext("Choose a risk class."))
    if not (risk_rationale or "").strip():
        errors.setdefault("risk_rationale", []).append(
            gettext("Explain why the project has this risk class.")
        )
    if recommendation and recommendation not in Review.Recommendation.values:
        errors.setdefault("recommendation", []).append(gettext("Choose a recommendation."))
    if amount_ore is not None and amount_ore <= 0:
        errors.setdefault("amount", []).append(gettext("The amount must be greater than zero."))
    questions = {q.pk: q for q in ChecklistQuestion.objects.filter(fund_id=project.fund_id)}
    for qid, (answer, _comment) in answers.items():
        if qid not in questions:
            errors.setdefault(None, []).append(
                gettext("A question is not in the fund's checklist.")
            )
        elif answer and answer not in ReviewAnswer.Answer.values:
            errors.setdefault(f"q{qid}", []).append(gettext("Answer yes, partly or no."))
    if errors:
        raise ReviewRefused(errors)
    with transaction.atomic(), attributed_to(acting_user):
        review = Review(
            project=project,
            reviewed_by=acting_user,
            reviewed_at=timezone.now(),
            risk_class=risk_class,
            risk_rationale=risk_rationale.strip(),
            recommendation=recommendation or "",
            amount_ore=amount_ore,
            comment=comment or "",
        )
        review.save()
        for qid, (answer, note) in answers.items():
            if answer:
                ReviewAnswer(
                    review=review, question=questions[qid], answer=answer, comment=note or ""
                ).save()
        if project.risk_class != risk_class:
            attribute(project, acting_user)
            project.risk_class = risk_class
            project.save(update_fields=["risk_class"])
    return review


# --- decision ---------------------------------------------------------------------------


def _ready_for_decision(project: Project) -> bool:
    """A project that came in through an application is decided once the full application
    is submitted; a project without one (registered directly) may be decided as it is."""
    from socinv.applications.models import Application

    stage = Application.objects.filter(project=project).values_list("stage", flat=True).first()
    return stage is None or stage == Application.Stage.SUBMITTED


def decide(
    *,
    acting_user,
    project: Project,
    body: str,
    date: datetime.date,
    dnr: str,
    outcome: str,
    years: Mapping[int, int] | None = None,
    board=None,
    conditions: str = "",
    repayment_method: str = "",
    repayment_share: float | None = None,
    repayment_period_years: int | None = None,
    repayment_start_year: int | None = None,
    write_down_bearer: str = "",
) -> Decision:
    """Record the decision on ``project``. ``years`` maps a year to the amount (öre)
    granted for it. Approval books one commitment per year in the ledger (dated ``date``)
    and moves the project to the implementation phase; a rejection or a return commits
    nothing (a return puts the application back to draft when the applications app has
    ``return_to_draft``). Raises :class:`DecisionRefused` (nothing stored) or
    ``PermissionDenied``."""
    if not acting_user.has_perm("projects.decide_project", project):
        raise PermissionDenied
    fund = project.fund
    years = {int(y): int(a) for y, a in (years or {}).items() if a}
    approved = outcome == Decision.Outcome.APPROVED
    errors = _check_decision(
        fund=fund,
        project=project,
        body=body,
        board=board,
        date=date,
        dnr=dnr,
        outcome=outcome,
        years=years,
        repayment_method=repayment_method,
        repayment_share=repayment_share,
        repayment_period_years=repayment_period_years,
        repayment_start_year=repayment_start_year,
        write_down_bearer=write_down_bearer,
    )
    if errors:
        raise DecisionRefused(errors)
    if approved and not write_down_bearer:
        write_down_bearer = _default_bearer(fund, project)
    try:
        with transaction.atomic(), attributed_to(acting_user):
            # lock the project: two people deciding at once cannot both pass the check
            locked = Project.objects.select_for_update().get(pk=project.pk)
            if _already_decided(locked):
                raise DecisionRefused({None: [_already_decided_message()]})
            if not _ready_for_decision(locked):
                raise DecisionRefused(
                    {
                        None: [
                            gettext(
                                "The application has not been submitted: the steering "
                                "group decides on a submitted full application."
                            )
                        ]
                    }
                )
            decision = Decision(
                project=locked,
                body=body,
                board=board if body == Decision.Body.BOARD else None,
                date=date,
                dnr=dnr.strip(),
                outcome=outcome,
                conditions=conditions or "",
                repayment_method=repayment_method if approved else "",
                repayment_share=repayment_share if approved else None,
                repayment_period_years=repayment_period_years if approved else None,
                repayment_start_year=repayment_start_year if approved else None,
                write_down_bearer=write_down_bearer if approved else "",
                decided_by=acting_user,
                decided_at=timezone.now(),
            )
            decision.save()
            if approved:
                _commit(acting_user, fund, locked, decision, years)
                attribute(locked, acting_user)
                locked.phase = Project.Phase.IMPLEMENTATION
                locked.save(update_fields=["phase"])
                project.phase = locked.phase
            elif outcome == Decision.Outcome.RETURNED:
                _return_application(acting_user, locked, decision)
            transaction.on_commit(lambda: notify_applicant(decision.pk))
    except IntegrityError as exc:  # the partial unique constraint: decided meanwhile
        raise DecisionRefused({None: [_already_decided_message()]}) from exc
    return decision


def _check_decision(
    *,
    fund,
    project,
    body,
    board,
    date,
    dnr,
    outcome,
    years,
    repayment_method,
    repayment_share,
    repayment_period_years,
    repayment_start_year,
    write_down_bearer,
) -> dict[str | None, list[str]]:
    errors: dict[str | None, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if _already_decided(project):
        add(None, _already_decided_message())
    if body not in Decision.Body.values:
        add("body", gettext("Choose who decided."))
    elif body == Decision.Body.BOARD:
        if board is None:
            add("board", gettext("Choose the board that decided."))
        elif board.organisation_id != fund.organisation_id:
            add("board", gettext("The board belongs to another organisation."))
    if not isinstance(date, datetime.date):
        add("date", gettext("Enter the date of the decision."))
    if not (dnr or "").strip():
        add("dnr", gettext("Enter the registration number (dnr)."))
    if outcome not in Decision.Outcome.values:
        add("outcome", gettext("Choose the outcome."))
    if outcome != Decision.Outcome.APPROVED:
        return errors
    if not years:
        add("years", gettext("An approval grants an amount for at least one year."))
    for year, amount in years.items():
        if not 1900 <= year <= 2200:
            add("years", gettext("%(year)s is not a valid year.") % {"year": year})
        if amount <= 0:
            add(
                "years",
                gettext("The amount for %(year)s must be greater than zero.") % {"year": year},
            )
    total = sum(years.values())
    available = _available(fund)
    if total > available:
        add(
            "years",
            gettext(
                "The decision grants %(total)s, but only %(available)s is available to commit in the fund. Nothing was recorded."
            )
            % {"total": ore_to_text(total), "available": ore_to_text(available)},
        )
    if fund.economic_model == Fund.Model.REPAYMENT:
        method = repayment_method
        if method not in Decision.RepaymentMethod.values:
            add("repayment_method", gettext("Choose how the project repays the fund."))
        elif method == Decision.RepaymentMethod.SHARE_OF_SAVINGS:
            if repayment_share is None or not 0 < repayment_share <= 1:
                add(
                    "repayment_share",
                    gettext("Give the share of the savings repaid, between 0 and 100 %."),
                )
        elif method == Decision.RepaymentMethod.DEPRECIATION:
            if not repayment_period_years or repayment_period_years < 1:
                add("repayment_period_years", gettext("Give the repayment period in years."))
        if not repayment_start_year:
            add("repayment_start_year", gettext("Give the first year of repayment."))
        elif not 1900 <= repayment_start_year <= 2200:
            add(
                "repayment_start_year",
                gettext("%(year)s is not a valid year.") % {"year": repayment_start_year},
            )
    if write_down_bearer and write_down_bearer not in Decision.Bearer.values:
        add("write_down_bearer", gettext("Choose who bears a write-down."))
    return errors


def _available(fund: Fund) -> int:
    """Money available to commit (öre). The ledger checks it again as it books."""
    return fund_selectors.fund_totals(fund).available


def _already_decided(project: Project) -> bool:
    if project.phase != Project.Phase.APPLICATION:
        return True
    return Decision.objects.filter(
        project=project,
        outcome__in=[Decision.Outcome.APPROVED, Decision.Outcome.REJECTED],
    ).exists()


def _already_decided_message() -> str:
    return gettext("The project has already been decided; a decision cannot be made again.")


def _default_bearer(fund: Fund, project: Project) -> str:
    if fund.write_down_bearer in (Decision.Bearer.CENTRAL, Decision.Bearer.BOARD):
        return fund.write_down_bearer
    rule = WriteDownRule.objects.filter(fund=fund, project_type=project.type).first()
    return rule.bearer if rule else Decision.Bearer.CENTRAL


def _commit(acting_user, fund, project, decision: Decision, years: dict[int, int]) -> None:
    """One commitment per year, dated the decision date. A refusal rolls back the whole
    decision (the caller's transaction) and says how much is available, in kronor."""
    ledger_decision = core.Decision(decision.body_text, decision.date, decision.dnr)
    for year, amount in sorted(years.items()):
        DecisionYear(decision=decision, year=year, amount_ore=amount).save()
        with translation.override("sv"):
            note = gettext("Granted for %(year)s (decision %(dnr)s)") % {
                "year": year,
                "dnr": decision.dnr,
            }
        try:
            fund_services.record_entry(
                acting_user=acting_user,
                fund=fund,
                type="commitment",
                date=decision.date,
                amount_ore=amount,
                project=project,
                decision=ledger_decision,
                note=note,
            )
        except fund_services.LedgerRefused as refused:
            from socinv.fund.forms import ledger_error_message

            messages = [ledger_error_message(e) for e in refused.errors]
            raise DecisionRefused(
                {
                    "years": [
                        gettext(
                            "The commitment for %(year)s was refused: %(reason)s Nothing was recorded."
                        )
                        % {"year": year, "reason": " ".join(messages)}
                    ]
                }
            ) from refused


def _return_application(acting_user, project: Project, decision: Decision) -> None:
    """Put a submitted application back to draft (the applications app's
    ``mark_returned``), with the decision's conditions as what to complete. Without that
    app, or when the application is not submitted, the decision is only recorded."""
    try:
        from socinv.applications import services as app_services
        from socinv.applications.models import Application
    except ImportError:  # pragma: no cover - the app is installed in this project
        return
    mark_returned = getattr(app_services, "mark_returned", None)
    application = Application.objects.filter(project=project).first()
    if application is None or not callable(mark_returned):
        return
    if application.stage != getattr(Application.Stage, "SUBMITTED", "submitted"):
        return
    with translation.override("sv"):
        comment = decision.conditions.strip() or gettext(
            "Returned for completion by the decision %(dnr)s."
        ) % {"dnr": decision.dnr}
    mark_returned(application, acting_user=acting_user, comment=comment)


# --- telling the applicant -------------------------------------------------------------


def applicant_emails(project: Project) -> list[str]:
    """The e-mail addresses of the project's leaders and applicants."""
    rows = (
        ProjectMember.objects.filter(
            project=project,
            role__in=[ProjectMember.Role.LEADER, ProjectMember.Role.APPLICANT],
            user__is_active=True,
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return sorted(set(rows))


def notify_applicant(decision_id: int) -> int:
    """E-mail the decision to the project's leaders and applicants (in Swedish). Runs
    after the commit; a failing mail server is logged, never undoes the decision."""
    from django.urls import reverse

    decision = Decision.objects.select_related("project", "project__fund", "board").get(
        pk=decision_id
    )
    recipients = applicant_emails(decision.project)
    if not recipients:
        return 0
    with translation.override("sv"):
        subject = gettext("Decision on %(project)s: %(outcome)s") % {
            "project": decision.project.title,
            "outcome": str(decision.get_outcome_display()).lower(),
        }
        lines = [
            gettext("A decision has been made on the project %(project)s in %(fund)s.")
            % {"project": decision.project.title, "fund": decision.project.fund.name},
            "",
            gettext("Outcome: %(outcome)s") % {"outcome": decision.get_outcome_display()},
            gettext("Decided by: %(body)s") % {"body": decision.body_text},
            gettext("Date: %(date)s") % {"date": decision.date.isoformat()},
            gettext("Registration number (dnr): %(dnr)s") % {"dnr": decision.dnr},
        ]
        years = list(decision.years.all())
        if years:
            lines.append(
                gettext("Granted: %(amount)s")
                % {"amount": ore_to_text(sum(y.amount_ore for y in years), "sv")}
            )
        if decision.conditions:
            lines += ["", gettext("Conditions:"), decision.conditions]
        lines += [
            "",
            gettext("See the decision: %(path)s")
            % {"path": reverse("review:decision", args=[decision.project_id])},
        ]
    try:
        return send_mail(subject, "\n".join(lines), None, recipients)
    except Exception:  # noqa: BLE001 - the decision stands; the mail can be resent
        log.exception("could not e-mail the decision %s", decision_id)
        return 0
