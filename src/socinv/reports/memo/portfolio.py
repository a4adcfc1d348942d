"""The memo's portfolio effect: the fund's risk spread of committed money before and
after this project's money, against the policy's bounds, by the core's rules
(:mod:`socinv.core.portfolio`) over the fund's balances and policy
(:func:`socinv.fund.selectors.risk_spread`, :func:`~socinv.fund.selectors.policy_bounds`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from socinv.core import portfolio as policy
from socinv.core.ledger import Totals
from socinv.fund import selectors as fund_selectors
from socinv.io import charts
from socinv.projects.models import Project

from .text import LANG, ore, percent, svg_image


def risk_label(risk_class: str) -> str:
    return str(Project.RiskClass(risk_class).label) if risk_class else _("Not classed")


def _bound(bound: policy.Bound | None) -> str:
    if bound is None:
        return "–"
    return f"{percent(bound.min_share)} – {percent(bound.max_share)}"


def portfolio_effect(project: Project, risk_class: str, amount_ore: int) -> dict | None:
    """Money already committed to the project counts as "after" (the decision is taken);
    otherwise ``amount_ore`` is added to ``risk_class``. None without a class or money."""
    if not risk_class:
        return None
    fund = project.fund
    balances = fund_selectors.fund_balances(fund)
    after = fund_selectors.risk_spread(fund, balances)
    committed = balances.by_project.get(project.pk, Totals()).committed
    if committed > 0:
        # the commitments sit under the project's stored class
        before = policy.spread_with(after, project.risk_class, -committed)
    elif amount_ore > 0:
        before, after = after, policy.spread_with(after, risk_class, amount_ore)
    else:
        return None
    bounds = fund_selectors.policy_bounds(fund)
    steered = fund.risk_policy == fund.RiskPolicy.STEERED
    shares_after = policy.class_shares(after, bounds, steered=steered)
    total_before = sum(before.values())
    rows = []
    for row in shares_after:
        earlier = before.get(row.risk_class, 0)
        outside = policy.is_outside(row.share, row.bound)  # shown even where only observed
        rows.append(
            {
                "label": risk_label(row.risk_class),
                "before": ore(earlier),
                "share_before": percent(policy.share_of(earlier, total_before)),
                "after": ore(row.amount_ore),
                "share_after": percent(row.share),
                "bound": _bound(row.bound),
                "outside": outside,
                "this": row.risk_class == risk_class,
            }
        )
    chart = charts.risk_spread_svg(
        {risk_label(r.risk_class): r.amount_ore for r in shares_after},
        {risk_label(k): (b.min_share, b.max_share) for k, b in bounds.items()},
        LANG,
    )
    return {
        "rows": rows,
        "steered": steered,
        "breach": bool(policy.check_risk_policy(after, bounds, steered=steered)),
        "total_before": ore(total_before),
        "total_after": ore(sum(after.values())),
        "decided": committed > 0,
        "chart": svg_image(
            chart,
            _(
                "Chart: the risk spread after the decision against the policy's bounds (the "
                "values are in the table)."
            ),
        ),
    }
