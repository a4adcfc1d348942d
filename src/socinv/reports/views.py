"""The decision memo: an HTML preview and the PDF, from the same template and context
(:mod:`socinv.reports.memo`). Whoever may see the project may read its memo
(``projects.view_project``); the memo is always in Swedish.

The follow-up report (:mod:`socinv.reports.followup`): a page in the reader's language,
a PDF and an Excel workbook in Swedish unless ``?lang=en``; the same permission."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET

from socinv.projects.access import project_for
from socinv.projects.models import Project

from . import followup as followup_report
from .memo import memo_context


def _context(project: Project) -> dict:
    # The model's choice labels and anything else translated come out Swedish too
    with translation.override("sv"):
        return memo_context(project)


@login_required
def memo(request, pk: int):
    project = project_for(request.user, pk)
    context = _context(project)
    context["fund"] = project.fund  # the menu of base.html
    return render(request, "reports/memo.html", context)


@login_required
def memo_pdf(request, pk: int):
    from socinv.io.pdf import PdfUnavailable, html_to_pdf

    project = project_for(request.user, pk)
    with translation.override("sv"):
        html = render_to_string("reports/memo_pdf.html", _context(project), request=request)
    try:
        data = html_to_pdf(html)  # charts are inlined: nothing is fetched
    except PdfUnavailable as exc:
        message = gettext(
            "The PDF cannot be made on this server: %(reason)s. The memo can still be read "
            "as a web page."
        ) % {"reason": exc}
        return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="beslutsunderlag-{project.pk}.pdf"'
    return response


# --- the follow-up report -----------------------------------------------------------------


@login_required
@require_GET
def followup(request, pk: int):
    project = project_for(request.user, pk)
    lang = followup_report.language(get_language())
    context = followup_report.context(project, lang)
    context["fund"] = project.fund  # the menu of base.html
    return render(request, "reports/followup.html", context)


@login_required
@require_GET
def followup_pdf(request, pk: int):
    from socinv.io.pdf import PdfUnavailable, html_to_pdf

    project = project_for(request.user, pk)
    lang = followup_report.language(request.GET.get("lang"))
    context = followup_report.context(project, lang)
    with translation.override(lang):
        html = render_to_string("reports/followup_pdf.html", context, request=request)
    try:
        data = html_to_pdf(html)  # charts are inlined: nothing is fetched
    except PdfUnavailable as exc:
        message = gettext(
            "The PDF cannot be made on this server: %(reason)s. The follow-up report can "
            "still be read as a web page or downloaded as Excel."
        ) % {"reason": exc}
        return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type="application/pdf")
    name = "uppfoljningsrapport" if lang == "sv" else "follow-up-report"
    response["Content-Disposition"] = f'attachment; filename="{name}-{project.pk}.pdf"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def followup_xlsx(request, pk: int):
    from socinv.io.followup_xlsx import followup_xlsx as workbook

    project = project_for(request.user, pk)
    lang = followup_report.language(request.GET.get("lang"))
    header = followup_report.header(project, lang)
    parts = followup_report.sections(project, lang)
    with translation.override(lang):
        title = gettext("Follow-up report") + f": {project.title}"
    data = workbook(title=title, header=header.facts, sections=parts, lang=lang)
    response = HttpResponse(data, content_type=XLSX)
    name = "uppfoljningsrapport" if lang == "sv" else "follow-up-report"
    response["Content-Disposition"] = f'attachment; filename="{name}-{project.pk}.xlsx"'
    return response
