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

from . import figures, simulations, status
from .access import project_for, projects_visible_to
from .forms import ProjectListForm
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


# The sortable columns of the list: the sort value, and its first direction
_COLUMNS = {
    "title": "title",
    "phase": "phase",
    "type": "type",
    "risk": "risk",
    "committed": "-committed",
    "disbursed": "-disbursed",
}


def _column_links(request, current: str) -> dict:
    """Each column's sorting link (the other filters kept) and its aria-sort."""
    links = {}
    for column, first in _COLUMNS.items():
        query = request.GET.copy()
        query.pop("page", None)
        if current.lstrip("-") == column:
            value = column if current.startswith("-") else f"-{column}"
            state = "descending" if current.startswith("-") else "ascending"
        else:
            value, state = first, None
        query["sort"] = value
        links[column] = {"href": "?" + query.urlencode(), "sort": state}
    return links


@login_required
def projects(request):
    everything = projects_visible_to(request.user)
    organisations = set(everything.values_list("fund__organisation_id", flat=True))
    form = ProjectListForm(request.GET or None, organisations=organisations)
    visible = list(
        form.filtered(everything)
        .select_related("fund", "fund__organisation")
        .order_by("fund__name", "title")
    )
    # Balances per fund (a fixed number of queries per fund, none per project)
    by_project: dict[int, selectors.Totals] = {}
    funds = {p.fund_id: p.fund for p in visible}
    for fund in funds.values():
        by_project.update(selectors.fund_balances(fund).by_project)
    empty = selectors.Totals()
    rows = form.sorted([(p, by_project.get(p.pk, empty)) for p in visible])
    return render(
        request,
        "projects/projects.html",
        {
            "rows": rows,
            "form": form,
            "filtered": bool(request.GET),
            "any_projects": everything.exists(),
            "columns": _column_links(request, form.sort_key()),
            "several_funds": len(funds) > 1,
        },
    )


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
            "calculation": figures.calculation_table(obj),
            "phase_steps": status.phase_steps(obj),
            "next_steps": status.next_steps(request.user, obj),
            "may_view_fund": request.user.has_perm("fund.view_fund", obj.fund),
            "fund_url": reverse("fund:overview", args=[obj.fund_id]),
            **simulations.page_context(request.user, obj),
        },
    )
