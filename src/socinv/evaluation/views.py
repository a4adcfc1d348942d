"""The learning evaluation page and its forms. Thin: the one access helper (404 for what
does not exist or lies outside the user's organisations, 403 for a permission the role
lacks), reads from :mod:`.selectors`, writes through :mod:`.services`. An invalid form is
shown again with what was typed and its errors (status 400)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from socinv.core.problems import Refused
from socinv.projects.access import project_for
from socinv.web.files import attachment_response
from socinv.web.forms import add_refusal

from . import selectors, services
from .forms import EntryForm, FinalReportForm, ResearchForm, ResponseForm
from .models import EvaluationEntry, ResearchAttachment


def _of_project(request, model, pk: int, perm: str = "projects.view_project"):
    """An entry or an attachment of a project, reached through its project (the one
    access helper: 404 when it does not exist or is out of reach, 403 without ``perm``)."""
    item = model.objects.filter(pk=pk).first()
    if item is None:
        raise Http404
    item.project = project_for(request.user, item.project_id, perm)
    return item


def _final_initial(report) -> dict:
    if report is None:
        return {}
    return {
        "summary": report.summary,
        "conclusions": report.conclusions,
        "recommendations": report.recommendations,
        "date": report.date,
    }


def _page(
    request,
    project,
    *,
    entry_form=None,
    response_form=None,
    final_form=None,
    research_form=None,
    status=200,
):
    user = request.user
    evaluation = selectors.evaluation_of(project)
    may_evaluate = services.may_evaluate(user, project)
    may_respond = services.may_respond(user, project)
    parties = services.parties_of(user, project) if may_respond else []
    may_attach = services.may_attach(user, project)
    for entry in evaluation.entries:
        entry.response_status = selectors.response_status(entry)
        entry.response_form = None
        if may_respond and parties:
            if response_form is not None and response_form.entry.pk == entry.pk:
                entry.response_form = response_form
            else:
                entry.response_form = ResponseForm(entry=entry, parties=parties)
    report = evaluation.final_report
    may_write_report = may_evaluate and not (report and report.is_final)
    if may_evaluate and entry_form is None:
        entry_form = EntryForm(initial={"phase": project.phase})
    if may_write_report and final_form is None:
        final_form = FinalReportForm(initial=_final_initial(report))
    if may_attach and research_form is None:
        research_form = ResearchForm()
    return render(
        request,
        "evaluation/project.html",
        {
            "project": project,
            "fund": project.fund,  # the fund's part of the menu (each link checks its perm)
            "evaluation": evaluation,
            "may_evaluate": may_evaluate,
            "may_respond": may_respond and bool(parties),
            "may_attach": may_attach,
            "may_write_report": may_write_report,
            "entry_form": entry_form if may_evaluate else None,
            "final_form": final_form if may_write_report else None,
            "research_form": research_form if may_attach else None,
            "bound_response": response_form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def project(request, pk: int):
    return _page(request, project_for(request.user, pk))


def _url(project) -> str:
    return reverse("evaluation:project", kwargs={"pk": project.pk})


def _post(request, project, form, name: str, write, success):
    """Write a posted ``form`` through ``write(cleaned_data)``; on success tell
    ``success(item)`` (message, anchor) and go back to the page, else show the page again
    with the form's errors or the service's refusal (400)."""
    if form.is_valid():
        try:
            item = write(form.cleaned_data)
        except Refused as refused:
            add_refusal(form, refused)
        else:
            message, anchor = success(item)
            messages.success(request, message)
            return redirect(f"{_url(project)}{anchor}")
    return _page(request, project, status=400, **{name: form})


@login_required
@require_POST
def add_entry(request, pk: int):
    p = project_for(request.user, pk, services.EVALUATE)
    return _post(
        request,
        p,
        EntryForm(request.POST),
        "entry_form",
        lambda d: services.add_entry(
            acting_user=request.user,
            project=p,
            phase=d["phase"],
            kind=d["kind"],
            title=d["title"],
            text=d["text"],
            date=d.get("date"),
        ),
        lambda _entry: (gettext("The evaluation entry has been saved."), ""),
    )


@login_required
@require_POST
def respond(request, pk: int):
    entry = _of_project(request, EvaluationEntry, pk, services.RESPOND)
    parties = services.parties_of(request.user, entry.project)
    if not parties:
        raise PermissionDenied
    return _post(
        request,
        entry.project,
        ResponseForm(request.POST, entry=entry, parties=parties),
        "response_form",
        lambda d: services.respond(
            acting_user=request.user,
            entry=entry,
            party=d.get("party") or None,
            text=d["text"],
            status=d.get("status") or "",
            planned_action=d.get("planned_action") or "",
        ),
        lambda _response: (gettext("The response has been saved."), f"#entry-{entry.pk}"),
    )


@login_required
@require_POST
def final_report(request, pk: int):
    p = project_for(request.user, pk, services.EVALUATE)
    return _post(
        request,
        p,
        FinalReportForm(request.POST),
        "final_form",
        lambda d: services.save_final_report(
            acting_user=request.user,
            project=p,
            summary=d["summary"],
            conclusions=d["conclusions"],
            recommendations=d.get("recommendations") or "",
            date=d.get("date"),
            final=bool(d.get("final")),
        ),
        lambda report: (
            gettext("The final report has been marked final.")
            if report.is_final
            else gettext("The final report has been saved."),
            "#final-report",
        ),
    )


@login_required
@require_POST
def add_research(request, pk: int):
    p = project_for(request.user, pk)
    if not services.may_attach(request.user, p):
        raise PermissionDenied
    return _post(
        request,
        p,
        ResearchForm(request.POST, request.FILES),
        "research_form",
        lambda d: services.add_research(
            acting_user=request.user,
            project=p,
            title=d["title"],
            authors=d.get("authors") or "",
            uploaded=d.get("file"),
            reference=d.get("reference") or "",
        ),
        lambda item: (gettext("%(title)s has been added.") % {"title": item.title}, "#research"),
    )


@login_required
def research_file(request, pk: int):
    item = _of_project(request, ResearchAttachment, pk)
    if not item.file:
        raise Http404
    return attachment_response(item.file.open("rb"), item.original_name, item.kind)
