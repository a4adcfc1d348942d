"""The project page as a status page: where the project is on its way through the phases,
and what happens next, who does it and whether the user looking at it may.

The phase order is the core's (:mod:`socinv.core.phases`); the permissions are the
matrix's (:mod:`socinv.accounts.permissions`): a step is the user's when the user holds
the permission that the page doing it checks.

In the application phase the page reads the project's latest saved review (read only,
through the project's reverse relations: :mod:`socinv.review` is a layer above this app):
the review step then says what the review still lacks, or that it is done, and the
decision becomes the next step. A project that came in through an application is decided
only once its full application is submitted (the core's rule,
:func:`socinv.core.phases.is_ready_for_decision`, the one the decision service checks):
until then completing and submitting it comes first and the decision is not offered; an
application returned for completion by a decision says so, with what to complete.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from socinv.accounts.models import Role
from socinv.core.phases import FINAL, Phase, is_ready_for_decision

from .models import Project

R = Role


@dataclass(frozen=True)
class Step:
    """One step of what comes next: what, who (the roles), the page and the permission."""

    text: str
    roles: tuple[str, ...]
    url_name: str
    perm: str


# What comes next in each phase, in order; each step opens the page where it is done.
NEXT: dict[str, tuple[Step, ...]] = {
    Phase.APPLICATION: (
        Step(
            _("Enter the calculation"),
            (R.PROJECT_LEADER, R.ECONOMIST),
            "calculation:editor",
            "projects.change_calculation",
        ),
        Step(
            _("Review: checklist, risk class and the portfolio"),
            (R.OWNER,),
            "review:review",
            "projects.review_project",
        ),
        Step(
            _("Decide on the project and the money per year"),
            (R.OWNER,),
            "review:decide",
            "projects.decide_project",
        ),
    ),
    Phase.IMPLEMENTATION: (
        Step(
            _("Report the indicators' measurements"),
            (R.PROJECT_LEADER, R.ECONOMIST),
            "followup:project",
            "followup.report_measurements",
        ),
        Step(
            _("Evaluate what the project learns"),
            (R.EVALUATOR,),
            "evaluation:project",
            "projects.evaluate_project",
        ),
        Step(
            _("Pass the gate to closing"),
            (R.OWNER,),
            "phases:project",
            "followup.pass_gate",
        ),
    ),
    Phase.CLOSING: (
        Step(
            _("Record the realised savings"),
            (R.ECONOMIST,),
            "savings:project",
            "followup.record_saving",
        ),
        Step(
            _("Make the ex-post calculation"),
            (R.PROJECT_LEADER, R.ECONOMIST),
            "calculation:expost",
            "followup.change_expost",
        ),
        Step(
            _("Pass the gate to scale-up or wind-down"),
            (R.OWNER,),
            "phases:project",
            "followup.pass_gate",
        ),
    ),
    Phase.SCALE_UP: (
        Step(
            _("Register the multiplier effects"),
            (R.PROJECT_LEADER, R.OWNER),
            "scaleup:project",
            "followup.register_scale_up",
        ),
        Step(
            _("Confirm the repayments to the fund"),
            (R.ECONOMIST, R.OWNER),
            "savings:project",
            "followup.confirm_repayment",
        ),
    ),
    Phase.WIND_DOWN: (
        Step(
            _("Confirm the write-downs"),
            (R.OWNER,),
            "savings:project",
            "followup.confirm_write_down",
        ),
    ),
}


def phase_steps(project: Project) -> list[dict]:
    """The phases in order, each ``done``, ``current`` or ``later``; after closing only the
    way the project took (scale-up or wind-down), before that both ways as one step."""
    current = Phase(project.phase)
    order = [Phase.APPLICATION, Phase.IMPLEMENTATION, Phase.CLOSING]
    steps = []
    here = order.index(current) if current in order else len(order)
    for i, phase in enumerate(order):
        state = "done" if i < here else "current" if i == here else "later"
        steps.append({"label": Project.Phase(phase).label, "state": state})
    if current in FINAL:
        steps.append({"label": Project.Phase(current).label, "state": "current"})
    else:
        label = _("%(a)s or %(b)s") % {
            "a": Project.Phase.SCALE_UP.label,
            "b": str(Project.Phase.WIND_DOWN.label).lower(),
        }
        steps.append({"label": label, "state": "later"})
    return steps


def saved_review(project: Project) -> dict | None:
    """The project's latest saved review (each saving of the review page adds one; the
    latest counts), or ``None``: when and by whom it was saved, its recommendation's
    label, and what it still lacks before the decision (``lacking``: a recommendation,
    answers to the fund's active checklist questions), empty when it is complete.

    Read through the project's reverse relations (``reviews``, the fund's
    ``checklist_questions``), since the review app sits above this one."""
    review = project.reviews.select_related("reviewed_by").order_by("-reviewed_at", "-pk").first()
    if review is None:
        return None
    answered = set(review.answers.exclude(answer="").values_list("question_id", flat=True))
    active = project.fund.checklist_questions.filter(active=True).values_list("pk", flat=True)
    unanswered = len(set(active) - answered)
    lacking = []
    if not review.recommendation:
        lacking.append(gettext("give a recommendation"))
    if unanswered:
        lacking.append(
            ngettext(
                "answer the checklist question that remains",
                "answer the %(n)s checklist questions that remain",
                unanswered,
            )
            % {"n": unanswered}
        )
    return {
        "at": review.reviewed_at,
        "by": review.reviewed_by,
        "recommendation": review.get_recommendation_display() if review.recommendation else "",
        "lacking": lacking,
    }


def _complete_the_review(lacking: list[str]) -> str:
    what = lacking[0]
    if len(lacking) > 1:
        what = gettext("%(a)s and %(b)s") % {"a": lacking[0], "b": lacking[1]}
    return gettext("Complete the saved review: %(what)s") % {"what": what}


def application_step(user, project: Project) -> dict | None:
    """For a project that came in through an application (read through the project's
    reverse relation ``application``: the applications app sits above this one), the step
    of completing and submitting its full application: done once it is submitted, else
    with the link to the full application's steps (to the application while the idea is
    still on its way). ``returned`` holds the comment when a decision returned it for
    completion: then the applicant completes it and submits it again. ``None`` for a
    project registered directly."""
    application = getattr(project, "application", None)
    if application is None:
        return None
    stage = application.stage
    drafting = stage == application.Stage.FULL_DRAFT
    returned = application.returned_comment.strip() if drafting else ""
    if returned:
        text = gettext("Complete the full application and submit it again")
    else:
        text = gettext("Complete and submit the full application")
    if drafting:
        url = reverse("applications:full", args=[application.pk])
    else:
        url = reverse("applications:detail", args=[application.pk])
    return {
        "text": text,
        "who": [gettext("Applicant"), Role(Role.PROJECT_LEADER).label],
        "yours": user.has_perm("projects.change_project", project),
        "done": is_ready_for_decision(stage),
        "next": False,
        "review": None,
        "returned": returned,
        "url": url,
    }


def next_steps(user, project: Project) -> list[dict]:
    """What happens next in the project's phase: each step's text, who does it, whether
    ``user`` may (then with the link to the page), and whether it is already done (the
    calculation entered; a complete review saved). In the application phase, whose steps
    follow one another, the first step not done is marked ``next``; a saved review is
    given with the review step (``review``, see :func:`saved_review`), whose text then
    says what the review still lacks. A project with an application has the step of
    submitting the full application first (:func:`application_step`); until it is done
    the decision is ``waiting``: listed, but not offered (no link)."""
    out = []
    labels = dict(Role.choices)
    in_application = project.phase == Phase.APPLICATION
    review = saved_review(project) if in_application else None
    submission = application_step(user, project) if in_application else None
    if submission is not None:
        out.append(submission)
    waiting = submission is not None and not submission["done"]
    for step in NEXT.get(project.phase, ()):
        text = step.text
        done = step.url_name == "calculation:editor" and bool(project.calculation_toml.strip())
        about_review = step.url_name == "review:review" and review is not None
        if about_review and review["lacking"]:
            text = _complete_the_review(review["lacking"])
        elif about_review:
            done = True
        blocked = waiting and step.url_name == "review:decide"
        yours = user.has_perm(step.perm, project) and not blocked
        out.append(
            {
                "text": text,
                "who": [labels[r] for r in step.roles],
                "yours": yours,
                "done": done,
                "next": False,
                "waiting": blocked,
                "review": review if about_review else None,
                "url": reverse(step.url_name, args=[project.pk]),
            }
        )
    if in_application:
        first = next((s for s in out if not s["done"]), None)
        if first is not None and not first.get("waiting"):
            first["next"] = True
    return out
