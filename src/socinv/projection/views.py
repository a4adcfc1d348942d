"""The fund projection's page (fondprognos), its workbook, and the contribution plan's
form. Thin: the permission through :func:`socinv.fund.access.fund_for`, reads through
:mod:`.selectors`, writes through :mod:`.services`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from socinv.core.problems import Refused
from socinv.fund.access import fund_for
from socinv.fund.models import Fund
from socinv.io.projection_charts import fan_chart_svg
from socinv.web.forms import add_refusal
from socinv.web.i18n import current_lang

from . import selectors, services
from .forms import ContributionForm, ProjectionForm
from .tables import board_rows, project_rows, year_rows
from .words import texts
from .xlsx import projection_xlsx


def _result(request, fund: Fund):
    form = ProjectionForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None
    return form, selectors.run(fund, **form.options())


def _charts(result: dict) -> list[dict]:
    t = texts()
    lang = current_lang()
    charts = []
    for key, title in (("available", t["available_chart"]), ("fund_money", t["fund_money_chart"])):
        band = result[key]
        svg = fan_chart_svg(
            title,
            result["years"],
            band["p05"],
            band["p50"],
            band["p95"],
            median_label=t["median"],
            band_label=t["band"],
            lang=lang,
        )
        rows = list(zip(result["years"], band["p05"], band["p50"], band["p95"], strict=True))
        charts.append({"key": key, "title": title, "svg": svg, "rows": rows})
    return charts


def _page(request, fund: Fund, contribution_form=None, status=200):
    form, result = _result(request, fund)
    context = {
        "fund": fund,
        "form": form,
        "t": texts(),
        "plan": selectors.contribution_plan(fund),
        "may_plan": request.user.has_perm("fund.plan_contributions", fund),
        "contribution_form": contribution_form or ContributionForm(prefix="plan"),
        "budget_model": fund.economic_model == Fund.Model.BUDGET,
    }
    if result is not None:
        context |= {
            "result": result,
            "charts": _charts(result),
            "year_rows": year_rows(result),
            "board_rows": board_rows(result),
            "project_rows": project_rows(result, selectors.project_titles(result)),
            "xlsx_query": request.GET.urlencode(),
        }
    return render(request, "projection/projection.html", context, status=status)


@login_required
@require_GET
def projection(request, pk: int):
    fund = fund_for(request.user, pk, "fund.view_projection")
    return _page(request, fund)


@login_required
@require_GET
def projection_workbook(request, pk: int):
    fund = fund_for(request.user, pk, "fund.view_projection")
    form, result = _result(request, fund)
    if result is None:
        return _page(request, fund, status=400)
    titles = selectors.project_titles(result)
    data = projection_xlsx(fund.name, result, titles, current_lang())
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="fondprognos-{fund.pk}.xlsx"'
    return response


@login_required
@require_POST
def plan_contribution(request, pk: int):
    fund = fund_for(request.user, pk, "fund.plan_contributions")
    form = ContributionForm(request.POST, prefix="plan")
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.set_contribution(
                fund,
                acting_user=request.user,
                year=d["year"],
                amount_ore=d["amount"],
                decision_body=d["decision_body"],
                decision_date=d["decision_date"],
                decision_dnr=d["decision_dnr"],
            )
        except Refused as refused:
            add_refusal(form, refused, {"amount_ore": "amount"})
        else:
            return redirect(reverse("projection:projection", args=[fund.pk]) + "#h-plan")
    return _page(request, fund, contribution_form=form, status=400)


@login_required
@require_POST
def remove_contribution(request, pk: int, year: int):
    fund = fund_for(request.user, pk, "fund.plan_contributions")
    try:
        services.remove_contribution(fund, acting_user=request.user, year=year)
    except Refused:
        pass  # already gone: the page shows the plan as it is
    return redirect(reverse("projection:projection", args=[fund.pk]) + "#h-plan")
