"""Writes for review and decisions, on the contract of every write service: a keyword-only
``acting_user`` whose permission is checked here, a :class:`~socinv.core.problems.Refused`
(stable codes, the field, the message in the user's language) before anything is stored,
atomic, attributed in the audit trail.

A decision that approves a project books one commitment per year in the fund's ledger
(:func:`socinv.fund.services.record_entry`) in the same transaction: if the ledger refuses
any of them, nothing at all is stored. The applicant is told by e-mail once the decision
is committed (``transaction.on_commit``).

Codes: a review refuses with ``risk_class_invalid``, ``risk_rationale_required``,
``recommendation_invalid``, ``amount_not_positive``, ``question_not_in_checklist``,
``answer_invalid``; a decision with ``already_decided``, ``not_submitted``,
``body_invalid``, ``board_required``, ``board_other_organisation``, ``date_required``,
``dnr_required``, ``outcome_invalid``, ``years_required``, ``year_invalid``,
``amount_not_positive``, ``exceeds_available``, ``repayment_method_invalid``,
``repayment_share_invalid``, ``repayment_period_required``,
``repayment_start_year_required``, ``bearer_invalid``, and any of the ledger's codes
(``socinv.core.ledger.ErrorCode``) when it refuses a year's commitment."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from socinv.accounts.access import require
from socinv.applications import services as app_services
from socinv.applications.models import Application
from socinv.audit import attribute, attributed_to
from socinv.core import ledger as core
from socinv.core import phases
from socinv.core.problems import Refusal, Refused, refuse_if
from socinv.fund import selectors as fund_selectors
from socinv.fund import services as fund_services
from socinv.fund.models import Fund, WriteDownRule
from socinv.projects.models import Project, ProjectMember
from socinv.web.i18n import ore_to_text

from .checklist import DEFAULT_CHECKLIST
from .models import ChecklistQuestion, Decision, DecisionYear, Review, ReviewAnswer

log = logging.getLogger(__name__)
FIRST_YEAR, LAST_YEAR = 1900, 2200


# --- the checklist ------------------------------------------------------------------


def ensure_default_checklist(fund: Fund, *, acting_user) -> list[ChecklistQuestion]:
    """The fund's active checklist questions, creating the default checklist (stored in
    Swedish, the fund's language) the first time; a fund that has any questions, active
    or not, keeps its own."""
    require(acting_user, "projects.review_project", fund)
    if not ChecklistQuestion.objects.filter(fund=fund).exists():
        with transaction.atomic(), attributed_to(acting_user), translation.override("sv"):
            order = 0
            for area, questions in DEFAULT_CHECKLIST:
                for text in questions:
                    order += 10
                    ChecklistQuestion(fund=fund, area=area, text=gettext(text), order=order).save()
    return list(ChecklistQuestion.objects.filter(fund=fund, active=True).order_by("order", "pk"))


# --- review ---------------------------------------------------------------------------


@transaction.atomic
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
    are left out. Raises :class:`Refused` or ``PermissionDenied``."""
    require(acting_user, "projects.review_project", project)
    answers = dict(answers or {})
    questions = {q.pk: q for q in ChecklistQuestion.objects.filter(fund_id=project.fund_id)}
    refuse_if(
        _check_review(risk_class, risk_rationale, recommendation, amount_ore, answers, questions)
    )
    with attributed_to(acting_user):
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


def _check_review(
    risk_class, risk_rationale, recommendation, amount_ore, answers, questions
) -> list[Refusal]:
    found = []
    if risk_class not in Project.RiskClass.values:
        found.append(Refusal("risk_class_invalid", "risk_class", gettext("Choose a risk class.")))
    if not (risk_rationale or "").strip():
        message = gettext("Explain why the project has this risk class.")
        found.append(Refusal("risk_rationale_required", "risk_rationale", message))
    if recommendation and recommendation not in Review.Recommendation.values:
        message = gettext("Choose a recommendation.")
        found.append(Refusal("recommendation_invalid", "recommendation", message))
    if amount_ore is not None and amount_ore <= 0:
        message = gettext("The amount must be greater than zero.")
        found.append(Refusal("amount_not_positive", "amount", message))
    for qid, (answer, _comment) in answers.items():
        if qid not in questions:
            message = gettext("A question is not in the fund's checklist.")
            found.append(Refusal("question_not_in_checklist", None, message))
        elif answer and answer not in ReviewAnswer.Answer.values:
            message = gettext("Answer yes, partly or no.")
            found.append(Refusal("answer_invalid", f"q{qid}", message))
    return found


# --- decision ---------------------------------------------------------------------------


def _ready_for_decision(project: Project) -> bool:
    """A project that came in through an application is decided once the full application
    is submitted; a project without one (registered directly) may be decided as it is."""
    stage = Application.objects.filter(project=project).values_list("stage", flat=True).first()
    return phases.is_ready_for_decision(stage)


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
    nothing (a return puts a submitted application back to its draft). Raises
    :class:`Refused` (nothing stored) or ``PermissionDenied``."""
    require(acting_user, "projects.decide_project", project)
    fund = project.fund
    years = {int(y): int(a) for y, a in (years or {}).items() if a}
    approved = outcome == Decision.Outcome.APPROVED
    refuse_if(
        _check_decision(fund, project, body=body, board=board, date=date, dnr=dnr)
        + _check_outcome(fund, outcome, years)
        + _check_repayment(
            fund,
            outcome,
            repayment_method=repayment_method,
            repayment_share=repayment_share,
            repayment_period_years=repayment_period_years,
            repayment_start_year=repayment_start_year,
            write_down_bearer=write_down_bearer,
        )
    )
    if approved and not write_down_bearer:
        write_down_bearer = _default_bearer(fund, project)
    try:
        with transaction.atomic(), attributed_to(acting_user):
            # lock the project: two people deciding at once cannot both pass the check
            locked = Project.objects.select_for_update().get(pk=project.pk)
            if _already_decided(locked):
                raise _already_decided_refusal()
            if not _ready_for_decision(locked):
                raise Refused.one(
                    "not_submitted",
                    gettext(
                        "The application has not been submitted: the steering "
                        "group decides on a submitted full application."
                    ),
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
        raise _already_decided_refusal() from exc
    return decision


def _check_decision(fund, project, *, body, board, date, dnr) -> list[Refusal]:
    """Who decided, when, under which registration number."""
    found = []
    if _already_decided(project):
        found += _already_decided_refusal().refusals
    if body not in Decision.Body.values:
        found.append(Refusal("body_invalid", "body", gettext("Choose who decided.")))
    elif body == Decision.Body.BOARD:
        if board is None:
            message = gettext("Choose the board that decided.")
            found.append(Refusal("board_required", "board", message))
        elif board.organisation_id != fund.organisation_id:
            message = gettext("The board belongs to another organisation.")
            found.append(Refusal("board_other_organisation", "board", message))
    if not isinstance(date, datetime.date):
        message = gettext("Enter the date of the decision.")
        found.append(Refusal("date_required", "date", message))
    if not (dnr or "").strip():
        message = gettext("Enter the registration number (dnr).")
        found.append(Refusal("dnr_required", "dnr", message))
    return found


def _check_outcome(fund, outcome, years: dict[int, int]) -> list[Refusal]:
    """The outcome and, for an approval, the years granted against the money available."""
    if outcome not in Decision.Outcome.values:
        return [Refusal("outcome_invalid", "outcome", gettext("Choose the outcome."))]
    if outcome != Decision.Outcome.APPROVED:
        return []
    found = []
    if not years:
        message = gettext("An approval grants an amount for at least one year.")
        found.append(Refusal("years_required", "years", message))
    for year, amount in years.items():
        if not FIRST_YEAR <= year <= LAST_YEAR:
            found.append(_invalid_year("years", year))
        if amount <= 0:
            message = gettext("The amount for %(year)s must be greater than zero.") % {"year": year}
            found.append(Refusal("amount_not_positive", "years", message))
    total = sum(years.values())
    available = _available(fund)
    if total > available:
        message = gettext(
            "The decision grants %(total)s, but only %(available)s is available to commit in the fund. Nothing was recorded."
        ) % {"total": ore_to_text(total), "available": ore_to_text(available)}
        found.append(Refusal("exceeds_available", "years", message))
    return found


def _check_repayment(
    fund,
    outcome,
    *,
    repayment_method,
    repayment_share,
    repayment_period_years,
    repayment_start_year,
    write_down_bearer,
) -> list[Refusal]:
    """An approval by a fund of the repayment model says how the project repays it."""
    if outcome != Decision.Outcome.APPROVED:
        return []
    found = []
    if fund.economic_model == Fund.Model.REPAYMENT:
        method = repayment_method
        if method not in Decision.RepaymentMethod.values:
            message = gettext("Choose how the project repays the fund.")
            found.append(Refusal("repayment_method_invalid", "repayment_method", message))
        elif method == Decision.RepaymentMethod.SHARE_OF_SAVINGS:
            if repayment_share is None or not 0 < repayment_share <= 1:
                message = gettext("Give the share of the savings repaid, between 0 and 100 %.")
                found.append(Refusal("repayment_share_invalid", "repayment_share", message))
        elif method == Decision.RepaymentMethod.DEPRECIATION:
            if not repayment_period_years or repayment_period_years < 1:
                message = gettext("Give the repayment period in years.")
                found.append(
                    Refusal("repayment_period_required", "repayment_period_years", message)
                )
        if not repayment_start_year:
            message = gettext("Give the first year of repayment.")
            found.append(Refusal("repayment_start_year_required", "repayment_start_year", message))
        elif not FIRST_YEAR <= repayment_start_year <= LAST_YEAR:
            found.append(_invalid_year("repayment_start_year", repayment_start_year))
    if write_down_bearer and write_down_bearer not in Decision.Bearer.values:
        message = gettext("Choose who bears a write-down.")
        found.append(Refusal("bearer_invalid", "write_down_bearer", message))
    return found


def _invalid_year(field: str, year: int) -> Refusal:
    return Refusal("year_invalid", field, gettext("%(year)s is not a valid year.") % {"year": year})


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


def _already_decided_refusal() -> Refused:
    return Refused.one(
        "already_decided",
        gettext("The project has already been decided; a decision cannot be made again."),
    )


def _default_bearer(fund: Fund, project: Project) -> str:
    if fund.write_down_bearer in (Decision.Bearer.CENTRAL, Decision.Bearer.BOARD):
        return fund.write_down_bearer
    rule = WriteDownRule.objects.filter(fund=fund, project_type=project.type).first()
    return rule.bearer if rule else Decision.Bearer.CENTRAL


def _commit(acting_user, fund, project, decision: Decision, years: dict[int, int]) -> None:
    """One commitment per year, dated the decision date. The ledger's refusal rolls back
    the whole decision (the caller's transaction) and says how much is available, in
    kronor."""
    ledger_decision = core.Decision(decision.body_text, decision.date, decision.dnr)
    for year, amount in sorted(years.items()):
        DecisionYear(decision=decision, year=year, amount_ore=amount).save()
        with translation.override("sv"):
            note = gettext("Granted for %(year)s (decision %(dnr)s)") % {
                "year": year,
                "dnr": decision.dnr,
            }
        # a refusal by the ledger (its codes, e.g. exceeds_available) passes on as it is
        fund_services.record_decided_entry(
            acting_user=acting_user,
            permission="projects.decide_project",
            obj=project,
            fund=fund,
            type="commitment",
            date=decision.date,
            amount_ore=amount,
            project=project,
            decision=ledger_decision,
            note=note,
        )


def _return_application(acting_user, project: Project, decision: Decision) -> None:
    """Put a submitted application back to draft (:func:`socinv.applications.services.
    mark_returned`), with the decision's conditions as what to complete. When the project
    has no application, or it is not submitted, the decision is only recorded."""
    application = Application.objects.filter(project=project).first()
    if application is None or application.stage != Application.Stage.SUBMITTED:
        return
    with translation.override("sv"):
        comment = decision.conditions.strip() or gettext(
            "Returned for completion by the decision %(dnr)s."
        ) % {"dnr": decision.dnr}
    app_services.mark_returned(application, acting_user=acting_user, comment=comment)


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
