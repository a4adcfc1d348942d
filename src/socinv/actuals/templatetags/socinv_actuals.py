"""``{% budget_against_actual project %}`` and ``{% portfolio_budget_against_actual fund %}``:
the budget against the actual costs per year, for the project page and the portfolio."""

from django import template

from socinv.actuals import selectors

register = template.Library()


@register.inclusion_tag("actuals/partials/budget_actual.html")
def budget_against_actual(project):
    return {"rows": selectors.project_years(project), "suffix": ""}


@register.inclusion_tag("actuals/partials/budget_actual.html")
def portfolio_budget_against_actual(fund):
    return {"rows": selectors.fund_years(fund), "suffix": "-portfolio"}
