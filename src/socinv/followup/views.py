"""Follow-up pages: a project's indicators with actuals, status and effects; the import.
Thin: the project through :func:`socinv.projects.access.project_for` (404 for an outsider,
403 for a member without the permission), reads from :mod:`.selectors`, writes through
:mod:`.services` (which check the permission again and refuse with ``Refused``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from socinv.core.problems import Refused
from socinv.projects.access import project_for
from socinv.web.forms import add_refusal
from socinv.web.i18n import current_lang

from . import kolada, selectors, services
from .forms import ImportForm, KoladaLinkForm, MeasurementForm
from .models import ImportBatch
from .services import PERMISSION


def _listed(problems, lang: str) -> list[tuple]:
    """(row, column, message, row label) of each problem, as the report page lists them."""
    return [(x.row, x.column, x.message(lang), x.row_label) for x in problems]


def _page(request, project, form, status=200, entry_form=None, link_form=None):
    may_report = services.may_report(request.user, project)
    if entry_form is None and may_report:
        entry_form = MeasurementForm(project=project)
    may_link = request.user.has_perm(kolada.LINK_PERMISSION, project)
    if link_form is None and may_link:
        link_form = KoladaLinkForm(project=project)
    return render(
        request,
        "followup/project.html",
        {
            "project": project,
            "levels": selectors.project_figures(project),
            "batches": ImportBatch.objects.filter(project=project).select_related("imported_by")[
                :20
            ],
            "may_report": may_report,
            "form": form,
            "entry_form": entry_form,
            "may_link": may_link,
            "link_form": link_form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def project(request, pk: int):
    p = project_for(request.user, pk)
    return _page(request, p, ImportForm())


@login_required
@require_POST
def import_file(request, pk: int):
    p = project_for(request.user, pk, PERMISSION)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, p, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        report = services.import_measurements(
            acting_user=request.user,
            project=p,
            file=upload,  # streamed: Django keeps a large upload in a temporary file
            filename=upload.name or "",
            dry_run=form.cleaned_data["dry_run"],
            municipality=form.cleaned_data.get("municipality") or None,
        )
    except Refused as refused:  # the file's name: the form says why, nothing was read
        add_refusal(form, refused)
        return _page(request, p, form, status=422)
    lang = current_lang()
    return render(
        request,
        "followup/report.html",
        {
            "project": p,
            "report": report,
            "filename": upload.name,
            "problems": _listed(report.problems, lang),
            "warnings": _listed(report.warnings, lang),
            "summary": report.lines(lang)[0],
        },
        status=200 if report.ok else 422,
    )


@login_required
@require_POST
def report_measurement(request, pk: int):
    """One measurement reported by hand (``followup.report_measurements``)."""
    p = project_for(request.user, pk, PERMISSION)
    form = MeasurementForm(request.POST, project=p)
    if form.is_valid():
        d = form.cleaned_data
        values = {
            "acting_user": request.user,
            "indicator": d["indicator"],
            "period": d["period"],
            "value": d["value"],
            "comparison_value": d["comparison_value"],
            "individuals": d["individuals"],
            "comparison_individuals": d["comparison_individuals"],
            "comment": d["comment"],
        }
        try:
            if d["correct"]:
                m = services.correct_measurement(**values, reason=d["reason"])
            else:
                m = services.report_measurement(**values)
        except Refused as refused:
            add_refusal(form, refused)
        else:
            text = (
                gettext("The measurement for %(period)s has been corrected.")
                if d["correct"]
                else gettext("The measurement for %(period)s has been stored.")
            )
            messages.success(request, text % {"period": m.period})
            url = reverse("followup:project", args=[p.pk])
            return redirect(f"{url}#measurements-{m.indicator_id}")
    refused = [name for name in ("comment", "reason") if name in form.errors]
    if refused:
        # never send a refused text back (it may hold a personal identity number)
        data = form.data.copy()
        for name in refused:
            data[form.add_prefix(name)] = ""
        form.data = data
    return _page(request, p, ImportForm(), status=400, entry_form=form)


@login_required
@require_POST
def link_kolada(request, pk: int):
    """An indicator linked to a Kolada KPI (``projects.change_project``)."""
    p = project_for(request.user, pk, kolada.LINK_PERMISSION)
    form = KoladaLinkForm(request.POST, project=p)
    if form.is_valid():
        d = form.cleaned_data
        try:
            link = kolada.link_indicator(
                d["indicator"],
                acting_user=request.user,
                kpi=d["kpi"],
                municipality=d["municipality"],
                gender=d["gender"],
                comparisons=d["comparisons"],
                group=d["group"],
            )
        except Refused as refused:
            add_refusal(form, refused)
        else:
            messages.success(
                request,
                gettext("“%(indicator)s” is linked to Kolada %(kpi)s, %(municipality)s.")
                % {
                    "indicator": d["indicator"].name,
                    "kpi": link.kpi,
                    "municipality": link.municipality,
                },
            )
            url = reverse("followup:project", args=[p.pk])
            return redirect(f"{url}#indicator-{link.indicator_id}")
    return _page(request, p, ImportForm(), status=422 if form.errors else 400, link_form=form)
