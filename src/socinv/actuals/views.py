"""The general ledger's pages: the SIE export (a download), the fund's account mapping and
the import of actual costs. Thin: the access helper, the services, a template."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from socinv.core.problems import Refused
from socinv.fund.access import fund_for
from socinv.web.forms import add_refusal
from socinv.web.i18n import current_lang

from . import export, imports, services
from .forms import ImportForm, MappingForm, YearForm
from .models import MAPPABLE

EXPORT_PERMISSION = "fund.view_ledger"


def _page(request, fund, mapping_form=None, import_form=None, status=200):
    mappings = {m.entry_type: m for m in fund.account_mappings.all()}
    rows = [(label, mappings.get(value)) for value, label in MAPPABLE]
    this_year = timezone.localdate().year
    years = sorted({d.year for d in fund.entries.dates("date", "year")} | {this_year})
    return render(
        request,
        "actuals/fund.html",
        {
            "fund": fund,
            "rows": rows,
            "years": years,
            "year": this_year,
            "mapping_form": mapping_form or MappingForm(),
            "import_form": import_form or ImportForm(),
            "may_export": request.user.has_perm(EXPORT_PERMISSION, fund),
            "may_map": request.user.has_perm(services.PERMISSION, fund),
            "may_import": request.user.has_perm(imports.PERMISSION, fund),
            "imports": fund.sie_imports.select_related("imported_by")[:20],
        },
        status=status,
    )


@login_required
def fund_page(request, pk: int):
    return _page(request, fund_for(request.user, pk, "fund.view_fund"))


@login_required
def sie_export(request, pk: int):
    fund = fund_for(request.user, pk, EXPORT_PERMISSION)
    form = YearForm(request.GET)
    if not form.is_valid():
        return _page(request, fund, status=400)
    year = form.cleaned_data["year"]
    result = export.export_year(fund, year)
    response = HttpResponse(result.data, content_type="text/plain; charset=cp437")
    response["Content-Disposition"] = f'attachment; filename="{export.filename(fund, year)}"'
    return response


@login_required
@require_POST
def set_mapping(request, pk: int):
    fund = fund_for(request.user, pk, services.PERMISSION)
    form = MappingForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            if not d["debit_account"] and not d["credit_account"]:
                services.remove_account_mapping(
                    acting_user=request.user, fund=fund, entry_type=d["entry_type"]
                )
            else:
                services.set_account_mapping(acting_user=request.user, fund=fund, **d)
        except Refused as refused:
            add_refusal(form, refused)
        else:
            return redirect("actuals:fund", pk=fund.pk)
    return _page(request, fund, mapping_form=form, status=400)


@login_required
@require_POST
def import_file(request, pk: int):
    fund = fund_for(request.user, pk, imports.PERMISSION)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, fund, import_form=form, status=400)
    upload = form.cleaned_data["file"]
    report = services.import_actuals(
        acting_user=request.user,
        fund=fund,
        data=upload.read(),
        filename=upload.name or "",
        dry_run=form.cleaned_data["dry_run"],
    )
    lang = current_lang()
    codes = {p.code: p.title for p in fund.projects.exclude(code="")}
    return render(
        request,
        "actuals/report.html",
        {
            "fund": fund,
            "report": report,
            "filename": upload.name,
            "problems": [p.text(lang) for p in report.problems],
            "warnings": [w.text(lang) for w in report.warnings],
            "per_project": [(c, codes.get(c, c), v) for c, v in sorted(report.per_project.items())],
        },
        status=200 if report.ok else 422,
    )
