"""The project list and the project page. Thin: the access helper, reads through the
selectors, a template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from socinv.core.problems import Refused
from socinv.fund import selectors
from socinv.web import measures

from . import simulations
from .access import project_for, projects_visible_to
from .services import recalculate_with_catalogue, recompute_calculation


@login_required
@require_POST
def recompute(request, pk: int):
    """One click: the stored calculation computed again with the running engine."""
    return _again(request, pk, recompute_calculation)


@login_required
@require_POST
def recalculate(request, pk: int):
    """One click: the stored calculation computed again with today's unit-cost catalogue."""
    return _again(request, pk, recalculate_with_catalogue)


def _again(request, pk: int, write):
    project = project_for(request.user, pk, "projects.change_calculation")
    try:
        write(acting_user=request.user, project=project)
    except Refused as refused:
        for r in refused.refusals:
            messages.error(request, r.message)
    else:
        messages.success(request, gettext("The calculation was recomputed and stored."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("projects:project", args=[project.pk])
    return redirect(target)


@login_required
def projects(request):
    visible = list(
        projects_visible_to(request.user)
        .select_related("fund", "fund__organisation")
        .order_by("fund__name", "title")
    )
    # Balances per fund (a fixed number of queries per fund, none per project)
    by_project: dict[int, selectors.Totals] = {}
    funds = {p.fund_id: p.fund for p in visible}
    for fund in funds.values():
        by_project.update(selectors.fund_balances(fund).by_project)
    empty = selectors.Totals()
    rows = [(p, by_project.get(p.pk, empty)) for p in visible]
    return render(
        request, "projects/projects.html", {"rows": rows, "several_funds": len(funds) > 1}
    )


def _calculation_table(result: dict | None):
    """The stored calculation's three perspectives as rows × columns (see the spec's JSON);
    the measures named once (:mod:`socinv.web.measures`), the payback year as a calendar
    year."""
    if not result or not isinstance(result.get("perspectives"), dict):
        return None
    persp = result["perspectives"]
    columns = [p for p in measures.PERSPECTIVES if isinstance(persp.get(p), dict)]
    start = result.get("start_year") or 0
    rows = []
    for key in measures.TABLE:
        kind = measures.BY_KEY[key].kind
        values = [persp[c].get(key) for c in columns]
        if all(v is None for v in values) and key not in ("npv",):
            continue
        if kind == "year":
            values = [None if v is None else start + v for v in values]
        rows.append({"label": measures.label(key), "kind": kind, "values": values})
    mc = (result.get("monte_carlo") or {}).get("perspectives") or {}
    if mc:
        rows.append(
            {
                "label": measures.label("prob_positive"),
                "kind": "percent",
                "values": [(mc.get(c) or {}).get("prob_positive") for c in columns],
            }
        )
    labels = measures.perspective_labels()
    return {
        "columns": [labels[c] for c in columns],
        "rows": rows,
        "start_year": result.get("start_year"),
        "horizon": result.get("horizon"),
        "discount_rate": result.get("discount_rate"),
    }


@login_required
def project(request, pk: int):
    obj = project_for(request.user, pk)
    return render(
        request,
        "projects/project.html",
        {
            "project": obj,
            "boards": list(obj.responsible_boards.order_by("name")),
            "totals": selectors.project_totals(obj),
            "calculation": _calculation_table(obj.calculation_result),
            "may_view_fund": request.user.has_perm("fund.view_fund", obj.fund),
            "fund_url": reverse("fund:overview", args=[obj.fund_id]),
            **simulations.page_context(request.user, obj),
        },
    )
