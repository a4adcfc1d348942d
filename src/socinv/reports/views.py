"""The decision memo: an HTML preview and the PDF, from the same template and context
(:mod:`socinv.reports.memo`). Whoever may see the project may read its memo
(``fund.view_project``); the memo is always in Swedish."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from socinv.fund.models import Project

from .memo import memo_context


def _project(request, pk: int) -> Project:
    project = get_object_or_404(
        Project.objects.select_related("fund", "fund__organisation", "applicant_board"), pk=pk
    )
    if not request.user.has_perm("fund.view_project", project):
        raise PermissionDenied
    return project


def _context(project: Project) -> dict:
    # The model's choice labels and anything else translated come out Swedish too
    with translation.override("sv"):
        return memo_context(project)


@login_required
def memo(request, pk: int):
    project = _project(request, pk)
    context = _context(project)
    context["fund"] = project.fund  # the menu of base.html
    return render(request, "reports/memo.html", context)


@login_required
def memo_pdf(request, pk: int):
    from socinv.io.pdf import PdfUnavailable, html_to_pdf

    project = _project(request, pk)
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
