"""The project list and the project page. Thin: the access helper, reads through the
selectors, a template."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from socinv.fund import selectors

from .access import project_for, projects_visible_to


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


PERSPECTIVES = ["municipal", "public", "societal"]


def _calculation_table(result: dict | None):
    """The stored calculation's three perspectives as rows × columns (see the spec's JSON)."""
    if not result or not isinstance(result.get("perspectives"), dict):
        return None
    persp = result["perspectives"]
    columns = [p for p in PERSPECTIVES if isinstance(persp.get(p), dict)]
    money, plain = "money", "plain"
    metrics = [
        ("pv_benefits", gettext("Present value of benefits"), money),
        ("pv_costs", gettext("Present value of costs"), money),
        ("npv", gettext("Net present value"), money),
        ("expected_npv", gettext("Expected net present value"), money),
        ("bcr", gettext("Benefit-cost ratio"), "ratio"),
        ("payback_year", gettext("Payback period (years)"), plain),
        ("break_even_factor", gettext("Break-even factor"), "ratio"),
    ]
    rows = []
    for key, label, kind in metrics:
        values = [persp[c].get(key) for c in columns]
        if all(v is None for v in values) and key not in ("npv",):
            continue
        rows.append({"label": label, "kind": kind, "values": values})
    mc = (result.get("monte_carlo") or {}).get("perspectives") or {}
    if mc:
        rows.append(
            {
                "label": gettext("Probability of a positive net present value"),
                "kind": "percent",
                "values": [(mc.get(c) or {}).get("prob_positive") for c in columns],
            }
        )
    labels = {
        "municipal": gettext("Municipal"),
        "public": gettext("Public sector"),
        "societal": gettext("Societal"),
    }
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
        },
    )
