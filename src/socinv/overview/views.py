"""The overview's page. Thin: the permission through :func:`socinv.fund.access.fund_for`
(``fund.view_fund``; the projection's band only with ``fund.view_projection``), the reads
through :mod:`.selectors`, the chart from :mod:`socinv.io.overview_charts`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from socinv.fund.access import fund_for
from socinv.fund.models import Fund
from socinv.io.overview_charts import money_over_time_svg
from socinv.web.charts import chart_img
from socinv.web.i18n import current_lang

from . import selectors


def tile_labels() -> dict[str, str]:
    return {
        "available": _("Available to commit"),
        "committed": _("Committed (net of releases)"),
        "disbursed": _("Disbursed"),
        "receivable": _("Receivables"),
        "repaid": _("Repaid"),
        "written_down": _("Written down"),
    }


def chart_rows(board: selectors.Overview) -> list[dict]:
    """The chart's data as rows: a year from the ledger, or a year of the projection (öre,
    rounded from the projection's kronor)."""
    rows = [{"year": y, "actual": v, "projected": False} for y, v in board.history]
    result = board.projection
    if result:
        band = result["fund_money"]
        for i, year in enumerate(result["years"]):
            rows.append(
                {
                    "year": year,
                    "projected": True,
                    "p05": round(band["p05"][i] * 100),
                    "p50": round(band["p50"][i] * 100),
                    "p95": round(band["p95"][i] * 100),
                }
            )
    return rows


def chart(board: selectors.Overview) -> str:
    actual = [(y, v / 100) for y, v in board.history]
    band = []
    if board.projection:
        fm = board.projection["fund_money"]
        band = list(zip(board.projection["years"], fm["p05"], fm["p50"], fm["p95"], strict=True))
    svg = money_over_time_svg(
        _("The fund's money over time"),
        actual,
        band,
        actual_label=_("Money in the fund (ledger)"),
        median_label=_("Projection, median"),
        band_label=_("Projection, 5–95 %"),
        lang=current_lang(),
    )
    return chart_img(svg)


@login_required
@require_GET
def overview(request, pk: int):
    fund = fund_for(request.user, pk, "fund.view_fund")
    may_project = request.user.has_perm("fund.view_projection", fund)
    board = selectors.overview(request.user, fund, with_projection=may_project)
    labels = tile_labels()
    return render(
        request,
        "overview/overview.html",
        {
            "fund": fund,
            "board": board,
            "tiles": [(t, labels[t.key]) for t in board.tiles],
            "chart": chart(board),
            "chart_rows": chart_rows(board),
            "draws": selectors.OVERVIEW_DRAWS,
            "seed": selectors.OVERVIEW_SEED,
            "repayment_model": fund.economic_model == Fund.Model.REPAYMENT,
            "may_project": may_project,
            "may_portfolio": request.user.has_perm("fund.view_portfolio", fund),
            "may_review_ideas": request.user.has_perm("projects.review_project", fund),
            "may_attest": request.user.has_perm("fund.attest_entry", fund),
        },
    )
