"""The catalogue page: the unit costs (marked when older than five years), the price
index, import and export; the forms for the economists. Thin: the one access helper (404
outside the user's organisations, 403 for a role that may not change it), reads from
:mod:`.selectors`, writes through :mod:`.services`."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from socinv.accounts.access import object_for
from socinv.accounts.permissions import roles_of
from socinv.core.calc.catalogue import catalogue_toml
from socinv.core.problems import Refused
from socinv.fund.access import fund_for, funds_visible_to
from socinv.fund.models import Fund
from socinv.io.catalogue_xlsx import catalogue_xlsx
from socinv.l10n.evidence import grade_text
from socinv.organisation.models import Organisation
from socinv.web.files import CONTENT_TYPES, XLSX
from socinv.web.forms import add_refusal
from socinv.web.i18n import current_lang

from . import selectors, services
from .forms import HaircutForm, IndexForm, IndexUploadForm, UnitCostForm, UploadForm
from .models import UnitCost


def _organisation(request, org: int, perm: str = services.VIEW) -> Organisation:
    return object_for(request.user, Organisation.objects.all(), org, perm)


def _unit_cost(organisation: Organisation, pk: int) -> UnitCost:
    item = UnitCost.objects.filter(pk=pk, catalogue__organisation=organisation).first()
    if item is None:
        raise Http404
    return item


def _index_text(organisation) -> str:
    core = selectors.as_core(organisation)
    return "\n".join(
        f"{year} {str(value).replace('.', ',')}"
        for year, value in sorted(core.index_values.items())
    )


def _page(request, organisation, status=200, **bound):
    may = services.may_change(request.user, organisation)
    catalogue = selectors.catalogue_of(organisation)
    this_year = timezone.localdate().year
    context = {
        "organisation": organisation,
        "catalogue": catalogue,
        "rows": selectors.rows(organisation, this_year),
        "index_values": sorted(selectors.as_core(organisation).index_values.items()),
        "this_year": this_year,
        "may_change": may,
        # only the funds whose haircuts the user may open (the page answers 403 otherwise)
        "funds": funds_visible_to(
            request.user, Fund.objects.filter(organisation=organisation)
        ).order_by("name", "pk"),
    }
    if may:
        context["unit_form"] = bound.get("unit_form") or UnitCostForm(
            initial={"price_year": this_year}
        )
        context["index_form"] = bound.get("index_form") or IndexForm(
            initial={
                "name": catalogue.index_name if catalogue else "",
                "values": _index_text(organisation),
            }
        )
        context["upload_form"] = bound.get("upload_form") or UploadForm()
        context["index_upload_form"] = bound.get("index_upload_form") or IndexUploadForm()
    return render(request, "catalogue/catalogue.html", context, status=status)


@login_required
@require_GET
def first(request):
    """The catalogue of the user's (first) organisation."""
    orgs = sorted(roles_of(request.user))
    if not orgs:
        raise Http404
    return redirect("catalogue:catalogue", org=orgs[0])


@login_required
@require_GET
def catalogue(request, org: int):
    return _page(request, _organisation(request, org))


def _save(request, organisation, form, unit_cost=None):
    try:
        item = services.save_unit_cost(
            acting_user=request.user,
            organisation=organisation,
            unit_cost=unit_cost,
            **form.cleaned_data,
        )
    except Refused as refused:
        add_refusal(form, refused)
        return None
    messages.success(request, _("The unit cost %(id)s has been saved.") % {"id": item.code})
    return item


@login_required
@require_POST
def add_unit_cost(request, org: int):
    organisation = _organisation(request, org, services.CHANGE)
    form = UnitCostForm(request.POST)
    if form.is_valid() and _save(request, organisation, form):
        return redirect("catalogue:catalogue", org=organisation.pk)
    return _page(request, organisation, status=400, unit_form=form)


@login_required
def unit_cost(request, org: int, pk: int):
    organisation = _organisation(request, org)
    item = _unit_cost(organisation, pk)
    may = services.may_change(request.user, organisation)
    form = None
    status = 200
    if request.method == "POST":
        organisation = _organisation(request, org, services.CHANGE)
        form = UnitCostForm(request.POST)
        if form.is_valid() and _save(request, organisation, form, unit_cost=item):
            return redirect("catalogue:unit_cost", org=organisation.pk, pk=item.pk)
        status = 400
    elif may:
        form = UnitCostForm(initial={f: getattr(item, f) for f in UnitCostForm.base_fields})
    return render(
        request,
        "catalogue/unit_cost.html",
        {
            "organisation": organisation,
            "item": item,
            "form": form,
            "may_change": may,
            "history": selectors.history(item),
        },
        status=status,
    )


@login_required
@require_POST
def remove_unit_cost(request, org: int, pk: int):
    organisation = _organisation(request, org, services.CHANGE)
    item = _unit_cost(organisation, pk)
    code = item.code
    services.remove_unit_cost(acting_user=request.user, unit_cost=item)
    messages.success(
        request, _("The unit cost %(id)s has been removed from the catalogue.") % {"id": code}
    )
    return redirect("catalogue:catalogue", org=organisation.pk)


@login_required
@require_POST
def set_index(request, org: int):
    organisation = _organisation(request, org, services.CHANGE)
    form = IndexForm(request.POST)
    if form.is_valid():
        try:
            services.set_index(
                acting_user=request.user,
                organisation=organisation,
                name=form.cleaned_data["name"],
                values=form.cleaned_data["values"],
            )
        except Refused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The price index has been saved."))
            return redirect("catalogue:catalogue", org=organisation.pk)
    return _page(request, organisation, status=400, index_form=form)


def _upload(name, form_class, service, done):
    @login_required
    @require_POST
    def view(request, org: int):
        organisation = _organisation(request, org, services.CHANGE)
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            f = form.cleaned_data["file"]
            try:
                result = service(
                    acting_user=request.user,
                    organisation=organisation,
                    data=f.read(),
                    filename=f.name,
                )
            except Refused as refused:
                add_refusal(form, refused)
            else:
                messages.success(request, done(result))
                return redirect("catalogue:catalogue", org=organisation.pk)
        return _page(request, organisation, status=400, **{name: form})

    return view


import_catalogue = _upload(
    "upload_form",
    UploadForm,
    services.import_catalogue,
    lambda r: (
        _(
            "The catalogue has been imported: %(added)s unit costs added, %(changed)s changed, "
            "%(removed)s removed, %(years)s index years."
        )
        % {"added": r.added, "changed": r.changed, "removed": r.removed, "years": r.index_years}
    ),
)
import_index = _upload(
    "index_upload_form",
    IndexUploadForm,
    services.import_index,
    lambda r: _("The price index has been imported."),
)


def _filename(organisation, ext: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", str(organisation)).strip("-").lower() or "catalogue"
    return f"{_('unit-cost-catalogue')}-{slug}.{ext}"


@login_required
@require_GET
def export_toml(request, org: int):
    organisation = _organisation(request, org)
    response = HttpResponse(
        catalogue_toml(selectors.as_core(organisation)),
        content_type="application/toml; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(organisation, "toml")}"'
    return response


@login_required
@require_GET
def export_xlsx(request, org: int):
    organisation = _organisation(request, org)
    data = catalogue_xlsx(
        selectors.as_core(organisation), timezone.localdate().year, current_lang()
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES[XLSX])
    response["Content-Disposition"] = f'attachment; filename="{_filename(organisation, "xlsx")}"'
    return response


@login_required
def evidence_haircuts(request, pk: int):
    """The fund's haircut per evidence grade: everyone who sees the fund reads it, the
    owner and the economist set it."""
    fund = fund_for(request.user, pk)
    may = request.user.has_perm(services.SET_HAIRCUTS, fund)
    table = services.haircut_table(fund)
    status = 200
    form = None
    if request.method == "POST":
        fund = fund_for(request.user, pk, services.SET_HAIRCUTS)
        form = HaircutForm(request.POST)
        if form.is_valid():
            try:
                services.set_evidence_haircuts(
                    acting_user=request.user, fund=fund, table=form.table()
                )
            except Refused as refused:
                add_refusal(form, refused)
            else:
                messages.success(request, _("The haircuts by evidence grade have been saved."))
                return redirect("catalogue:evidence_haircuts", pk=fund.pk)
        status = 400
    elif may:
        form = HaircutForm(initial={f"grade_{g}": round(v * 100, 1) for g, v in table.items()})
    grades = [
        {"grade": g, "meaning": grade_text(g, current_lang()), "haircut": table[g]} for g in table
    ]
    return render(
        request,
        "catalogue/evidence_haircuts.html",
        {"fund": fund, "grades": grades, "form": form, "may_change": may},
        status=status,
    )
