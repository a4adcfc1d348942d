"""The application pages. Thin: the one access helper (an application, or its
attachment, is reached through its project: 404 for what does not exist or lies outside
the user's organisations, 403 for a permission the role lacks), reads through
:mod:`.selectors` and :mod:`.rules`, writes through :mod:`.services`. A draft is saved
with whatever is filled in; on a refusal the page is shown again with everything that was
typed."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from socinv.accounts.access import reachable, require
from socinv.accounts.permissions import roles_of
from socinv.core.problems import Refused
from socinv.fund.access import fund_for
from socinv.fund.models import Fund
from socinv.web import once
from socinv.web.files import attachment_response
from socinv.web.forms import add_refusal

from . import rules, selectors, services
from .forms import (
    AttachmentForm,
    BudgetYearsForm,
    ErrorSummary,
    FullApplicationForm,
    IdeaDecisionForm,
    IdeaForm,
    IndicatorForm,
    IndicatorFormSet,
    StatementFormSet,
    kr_input,
)
from .models import Application, Attachment, Level

S = Application.Stage


def _reached(user, item, perm: str):
    """``item`` (an application, an attachment) when ``user`` may ``perm`` its project;
    404 when it does not exist or is out of reach, else 403."""
    if item is None or not reachable(user, item.project):
        raise Http404
    require(user, perm, item.project)
    return item


def _application(request, pk: int, perm: str = "projects.view_project") -> Application:
    return _reached(request.user, selectors.application_for_page(pk), perm)


def _attachment(request, pk: int, perm: str) -> Attachment:
    item = selectors.attachment_for_page(pk)
    _reached(request.user, item and item.application, perm)
    return item


def _tell(request, refused: Refused, about: str = "") -> None:
    """A refusal of a button without a form of its own, as messages on the next page."""
    for refusal in refused.refusals:
        messages.error(request, f"{about}: {refusal.message}" if about else refusal.message)


def _step(request, service, item, about: str = "", **kwargs) -> bool:
    """Run a button's service on ``item``; whether it went through (a refusal is told)."""
    try:
        service(item, acting_user=request.user, **kwargs)
    except Refused as refused:
        _tell(request, refused, about)
        return False
    return True


def _may_edit(user, application: Application) -> bool:
    return application.stage in services.EDITABLE_STAGES and user.has_perm(
        "projects.change_project", application.project
    )


def _draft(request, pk: int, stage: str):
    """The draft being edited (its form is open only at ``stage``: else 403), its project
    and fund, and whether the form asks for the applying organisation."""
    application = _application(request, pk, "projects.change_project")
    if application.stage != stage:
        raise PermissionDenied
    project = application.project
    civil = _civil_society(request.user, project.fund, project.applicant_organisation)
    return application, project, project.fund, civil


def _civil_society(user, fund: Fund, current: str = "") -> bool:
    return bool(fund.civil_society_may_apply or current or rules.is_external(user, fund))


@login_required
def mine(request):
    """Mina ansökningar: the applications the user may see, with their stage."""
    applications = list(selectors.applications_visible_to(request.user))
    submit_funds = _funds_for_ideas(request.user)
    review_funds = [
        f
        for f in Fund.objects.order_by("name")
        if request.user.has_perm("projects.review_project", f)
    ]
    return render(
        request,
        "applications/mine.html",
        {
            "applications": applications,
            "may_submit": bool(submit_funds),
            "review_funds": review_funds,
        },
    )


def _funds_for_ideas(user) -> list[Fund]:
    orgs = list(roles_of(user))
    funds = Fund.objects.filter(organisation_id__in=orgs).order_by("name")
    return [f for f in funds if user.has_perm("fund.submit_idea", f)]


@login_required
@require_http_methods(["GET", "POST"])
def new_idea(request):
    funds = _funds_for_ideas(request.user)
    if not funds:
        raise PermissionDenied
    civil = any(_civil_society(request.user, f) for f in funds)
    form = IdeaForm(request.POST or None, funds=funds, civil_society=civil)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            application = services.create_idea(acting_user=request.user, **fields)
        except Refused as refused:
            add_refusal(form, refused, IdeaForm.SERVICE_NAMES)
        else:
            messages.success(request, gettext("The idea was saved as a draft."))
            return redirect("applications:detail", application.pk)
    return render(request, "applications/idea_form.html", {"form": form, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def edit_idea(request, pk: int):
    application, project, fund, civil = _draft(request, pk, S.IDEA_DRAFT)
    initial = IdeaForm.initial_for(application)
    form = IdeaForm(
        request.POST or None, initial=initial, funds=[fund], fund=fund, civil_society=civil
    )
    missing: list[str] = []
    if request.method == "POST" and form.is_valid():
        done, missing = _save_draft(
            request,
            form,
            application,
            services.submit_idea,
            form.service_fields(),
            saved="applications:detail",
            submitted=gettext("The idea was sent to the steering group."),
            names=IdeaForm.SERVICE_NAMES,
        )
        if done is not None:
            return done
    return render(
        request,
        "applications/idea_form.html",
        {"form": form, "application": application, "missing": missing, "creating": False},
    )


def _save_draft(
    request, form, application, submit, changes: dict, *, saved: str, submitted: str, names=None
):
    """Save the draft with ``changes``; with "submit" in the POST, then ``submit`` it
    (``names``: the form's names of the service's fields, where they differ).
    Returns (the redirect, []) when all went well; (None, []) when the draft was refused
    (nothing saved: the reasons are on ``form``); (None, what is missing) when the draft
    was saved but not submitted."""
    try:
        services.update_application(application, acting_user=request.user, **changes)
    except Refused as refused:
        add_refusal(form, refused, names)
        return None, []
    if "submit" not in request.POST:
        messages.success(request, gettext("The draft was saved."))
        return redirect(saved, application.pk), []
    try:
        submit(application, acting_user=request.user)
    except Refused as refused:
        return None, [r.message for r in refused.refusals]
    messages.success(request, submitted)
    return redirect("applications:detail", application.pk), []


@login_required
def detail(request, pk: int):
    application = _application(request, pk)
    project = application.project
    statements = list(project.evidence_statements.all())
    indicators = list(project.indicators.all())
    chain = [
        (
            level.label,
            [s for s in statements if s.level == level],
            [i for i in indicators if i.level == level],
        )
        for level in Level
    ]
    may_edit = _may_edit(request.user, application)
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "project": project,
            "fund": None,
            "chain": chain,
            "evidence_grades": selectors.evidence_grades(project),
            "budget_years": list(application.budget_years.all()),
            "budget_total": rules.budget_total_ore(application),
            "attachments": list(application.attachments.all()),
            "missing": rules.missing_items(application) if may_edit else [],
            "may_edit": may_edit,
            "may_review": request.user.has_perm("projects.review_project", project),
            "decision_form": IdeaDecisionForm(auto_id="id_decision_%s"),
        },
    )


@login_required
@require_POST
def submit_idea(request, pk: int):
    application = _application(request, pk, "projects.change_project")
    if _step(request, services.submit_idea, application):
        messages.success(request, gettext("The idea was sent to the steering group."))
    return redirect("applications:detail", application.pk)


@login_required
def review_ideas(request, fund_pk: int):
    """The steering group's list of submitted ideas, each with go / no-go and a comment."""
    fund = fund_for(request.user, fund_pk, "projects.review_project")
    waiting, decided = selectors.ideas_for_review(fund)
    rows = [
        (
            a,
            IdeaDecisionForm(prefix=f"a{a.pk}", auto_id=f"id_a{a.pk}_%s"),
            selectors.estimated_cost(a),
        )
        for a in waiting
    ]
    return render(
        request,
        "applications/review_ideas.html",
        {"review_fund": fund, "fund": fund, "rows": rows, "decided": list(decided)},
    )


@login_required
@require_POST
@once.guarded
def decide_idea(request, pk: int):
    application = _application(request, pk, "projects.review_project")
    form = IdeaDecisionForm(request.POST, prefix=request.POST.get("prefix") or None)
    if request.POST.get("next") == "review":
        back = reverse("applications:review_ideas", args=[application.project.fund_id])
    else:
        back = reverse("applications:detail", args=[application.pk])
    title = application.project.title
    if not form.is_valid():
        # the form's own reasons (a decision not chosen, a comment with a personnummer or
        # over its bound), as messages on the page it came from
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, f"{title}: {message}")
        return redirect(back)
    try:
        return once.submit(
            request,
            lambda: services.decide_idea(
                application,
                acting_user=request.user,
                go=form.cleaned_data["decision"] == "go",
                comment=form.cleaned_data["comment"],
            ),
            lambda _: (
                back,
                gettext("The decision on “%(title)s” was recorded.") % {"title": title},
            ),
        )
    except Refused as refused:
        _tell(request, refused, title)
    return redirect(back)


@login_required
@require_POST
def start_full(request, pk: int):
    application = _application(request, pk, "projects.change_project")
    if not _step(request, services.start_full_application, application):
        return redirect("applications:detail", application.pk)
    return redirect("applications:full", application.pk)


def _formsets(application: Application, data=None):
    project = application.project
    statements = [{"level": s.level, "text": s.text} for s in project.evidence_statements.all()]
    if not statements:
        statements = [{"level": level.value} for level in Level]
    indicators = [
        {name: getattr(i, name) for name in IndicatorForm.base_fields}
        for i in project.indicators.all()
    ]
    return (
        StatementFormSet(data, initial=statements, prefix="chain"),
        IndicatorFormSet(data, initial=indicators, prefix="indicator"),
    )


# The full application in steps -----------------------------------------------------------
# (title, the indexes of FullApplicationForm.SECTIONS on the step, the fields of
# update_application — the names in rules.missing_refusals — the step fills in)
STEPS = [
    (_("Description"), [0, 1, 2], set()),
    (_("Evidence chain"), [], {"statements", "indicators"}),
    (_("Budget"), [], {"budget_years"}),
    (_("Risks and cooperation"), [3, 4, 5, 6], {"evaluation_cost_ore"}),
    (_("Review and submit"), [], set()),
]
REVIEW = len(STEPS)


def _fields_of(number: int) -> set[str]:
    _title, sections, extra = STEPS[number - 1]
    names = {n for i in sections for n in FullApplicationForm.SECTIONS[i][1]}
    return names | extra


def _step_of(field: str) -> int:
    """The step where the field of a missing item is filled in (the review step for what
    no step holds, e.g. the calculation)."""
    for number in range(1, REVIEW):
        if field in _fields_of(number):
            return number
    return REVIEW


def _progress(application: Application, current: int) -> tuple[list[dict], int, list[str]]:
    """The steps for the progress indicator (each done when nothing it fills in is
    missing), the first unfinished step, and what is missing (the messages)."""
    missing = rules.missing_refusals(application)
    unfinished = {_step_of(r.field) for r in missing}
    steps = [
        {
            "number": number,
            "title": title,
            "current": number == current,
            "done": number < REVIEW and number not in unfinished,
            "url": reverse("applications:full_step", args=[application.pk, number]),
        }
        for number, (title, _s, _f) in enumerate(STEPS, start=1)
    ]
    first = min(unfinished or {REVIEW})
    return steps, first, [r.message for r in missing]


def _budget_years(application: Application, data=None) -> BudgetYearsForm:
    """The budget table for the project's period: the years posted, else the years
    saved, else the calculation's first year (or this year) and the two after it."""
    saved = {b.year: b for b in application.budget_years.all()}
    if data is not None:
        period = BudgetYearsForm(data, years=[])
        if period.is_valid():
            first, last = period.cleaned_data["first_year"], period.cleaned_data["last_year"]
            return BudgetYearsForm(data, years=list(range(first, last + 1)))
        return period
    if saved:
        first, last = min(saved), max(saved)
    else:
        result = application.project.calculation_result or {}
        first = result.get("start_year") or timezone.localdate().year
        last = first + 2
    initial = {"first_year": first, "last_year": last}
    for year, b in saved.items():
        initial[f"amount_{year}"] = kr_input(b.amount_ore)
        initial[f"cofinancing_money_{year}"] = kr_input(b.cofinancing_money_ore)
        initial[f"cofinancing_hours_{year}"] = b.cofinancing_hours or None
    return BudgetYearsForm(initial=initial, years=list(range(first, last + 1)))


def _step_forms(application: Application, step: int, data, fund: Fund, civil: bool):
    """The form of a step (None for the review step), its row formsets as (title,
    formset) for the error summary, and what the template shows of them."""
    sections = STEPS[step - 1][1]
    if sections:
        form = FullApplicationForm(
            data,
            initial=FullApplicationForm.initial_for(application),
            fund=fund,
            civil_society=civil,
            sections=sections,
        )
        return form, [], {"form": form}
    if step == 2:
        chain, indicators = _formsets(application, data)
        parts = [(gettext("Evidence chain"), chain), (gettext("Indicators"), indicators)]
        return forms.Form(data), parts, {"chain": chain, "indicators": indicators}
    if step == 3:
        form = _budget_years(application, data)
        return form, [], {"budget": form}
    return None, [], {}


@login_required
@require_http_methods(["GET", "POST"])
def full(request, pk: int, step: int | None = None):
    """The full application in steps (1 description, 2 evidence chain, 3 budget, 4 risks
    and cooperation, 5 review and submit); each step saved on "Save and continue". The
    address without a step shows the first unfinished one."""
    application, project, fund, civil = _draft(request, pk, S.FULL_DRAFT)
    if step is not None and not 1 <= step <= REVIEW:
        raise Http404
    if step is None:
        step = _progress(application, 0)[1]
    data = request.POST if request.method == "POST" else None
    title = STEPS[step - 1][0]
    form, parts, shown = _step_forms(application, step, data, fund, civil)
    context = {"application": application, "project": project, "step": step, "title": title}
    context.update(shown)
    refused: list[str] = []
    if request.method == "POST" and step == REVIEW:
        try:
            services.submit_full_application(application, acting_user=request.user)
        except Refused as not_submitted:
            refused = [r.message for r in not_submitted.refusals]
        else:
            messages.success(request, gettext("The application was submitted."))
            return redirect("applications:detail", application.pk)
    elif request.method == "POST" and "period" in request.POST:
        pass  # the budget table for another period, nothing saved
    elif request.method == "POST" and all([form.is_valid()] + [f.is_valid() for _t, f in parts]):
        if step == 2:
            changes = {"statements": parts[0][1].rows(), "indicators": parts[1][1].rows()}
        elif step == 3:
            changes = {"budget_years": form.rows()}
        else:
            changes = form.service_fields()
        try:  # the one write of every step
            services.update_application(application, acting_user=request.user, **changes)
        except Refused as refused_:
            add_refusal(form, refused_)
        else:
            messages.success(request, gettext("The step was saved."))
            following = step + 1 if "continue" in request.POST else step
            return redirect("applications:full_step", application.pk, following)
    steps, _first, missing = _progress(application, step)
    context.update(
        steps=steps,
        previous=steps[step - 2] if step > 1 else None,
        missing=refused or missing,
        refused=bool(refused),
        summary=ErrorSummary(form, parts) if form is not None else None,
        attachments=list(application.attachments.all()),
        attachment_form=AttachmentForm(),
    )
    return render(request, "applications/full_form.html", context)


@login_required
@require_POST
def add_attachment(request, pk: int):
    application = _application(request, pk, "projects.change_project")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.add_attachment(
                application, acting_user=request.user, uploaded=form.cleaned_data["file"]
            )
        except Refused as refused:
            _tell(request, refused)
        else:
            messages.success(
                request,
                gettext("%(name)s was attached.") % {"name": attachment.original_name},
            )
    else:
        messages.error(request, gettext("Choose a file to attach."))
    return _back_from_attachment(application)


@login_required
def attachment(request, pk: int):
    item = _attachment(request, pk, "projects.view_project")
    return attachment_response(item.file.open("rb"), item.original_name, item.kind)


@login_required
@require_POST
def remove_attachment(request, pk: int):
    item = _attachment(request, pk, "projects.change_project")
    application = item.application
    _step(request, services.remove_attachment, item)
    return _back_from_attachment(application)


def _back_from_attachment(application: Application):
    """To the review step of the full application (where attachments are), else to the
    application's page."""
    if application.stage == S.FULL_DRAFT:
        return redirect("applications:full_step", application.pk, REVIEW)
    return redirect("applications:detail", application.pk)
