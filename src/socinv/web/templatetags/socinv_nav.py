"""The fund of the main menu: ``{% menu_fund as fund %}`` in ``base.html`` gives the page's
``fund``, else its ``project``'s fund, else ``nav_fund`` (the context processor
``socinv.site.context.navigation``: the fund the start page opens), so that the fund's
part of the menu is on every page, also those that show no fund (the project list, the
audit trail)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_fund(context):
    fund = context.get("fund")
    if fund:
        return fund
    fund = getattr(context.get("project"), "fund", None)
    if fund is not None:
        return fund
    nav = context.get("nav_fund")
    return nav() if callable(nav) else nav
