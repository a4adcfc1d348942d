"""The decision memo: an HTML preview and the PDF, from the same template and context
(:mod:`socinv.reports.memo`). Whoever may see the project may read its memo
(``projects.view_project``); the memo is always in Swedish.

The follow-up report (:mod:`socinv.reports.followup`): a page in the reader's language,
a PDF and an Excel workbook in Swedish unless ``?lang=en``; the same permission.

Access through :func:`socinv.projects.access.project_for` (404 out of reach, 403 without
the permission; both answered by the site's handlers)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET

from socinv.io.followup_xlsx import followup_xlsx as workbook
from socinv.io.pdf import PdfUnavailable, html_to_pdf
from socinv.projects.access import project_for

from . import followup as followup_report
from .memo import memo_context

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _pdf_response(html: str, filename: str, unavailable: str) -> HttpResponse:
    """The PDF of ``html`` (charts are inlined: nothing is fetched), or 503 with
    ``unavailable`` (a sentence with ``%(reason)s``) when WeasyPrint cannot load here."""
    try:
        data = html_to_pdf(html)
    except PdfUnavailable as exc:
        message = unavailable % {"reason": exc}
        return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def memo(request, pk: int):
    project = project_for(request.user, pk)
    return render(request, "reports/memo.html", memo_context(project))


@login_required
@require_GET
def memo_pdf(request, pk: int):
    project = project_for(request.user, pk)
    html = render_to_string("reports/memo_pdf.html", memo_context(project), request=request)
    unavailable = gettext(
        "The PDF cannot be made on this server: %(reason)s. The memo can still be read "
        "as a web page."
    )
    return _pdf_response(html, f"beslutsunderlag-{project.pk}.pdf", unavailable)


# --- the follow-up report -----------------------------------------------------------------


def _name(lang: str) -> str:
    return "uppfoljningsrapport" if lang == "sv" else "follow-up-report"


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
    project = project_for(request.user, pk)
    lang = followup_report.language(request.GET.get("lang"))
    context = followup_report.context(project, lang)
    with translation.override(lang):
        html = render_to_string("reports/followup_pdf.html", context, request=request)
    unavailable = gettext(
        "The PDF cannot be made on this server: %(reason)s. The follow-up report can "
        "still be read as a web page or downloaded as Excel."
    )
    return _pdf_response(html, f"{_name(lang)}-{project.pk}.pdf", unavailable)


@login_required
@require_GET
def followup_xlsx(request, pk: int):
    project = project_for(request.user, pk)
    lang = followup_report.language(request.GET.get("lang"))
    header = followup_report.header(project, lang)
    parts = followup_report.sections(project, lang)
    with translation.override(lang):
        title = gettext("Follow-up report") + f": {project.title}"
    data = workbook(title=title, header=header.facts, sections=parts, lang=lang)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_name(lang)}-{project.pk}.xlsx"'
    return response
