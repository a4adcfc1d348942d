"""Funds a user may open (see :mod:`socinv.accounts.access`)."""

from __future__ import annotations

from socinv.accounts.access import object_for
from socinv.accounts.permissions import FUND_WIDE, roles_of

from .models import Fund


def fund_for(user, pk: int, perm: str = "fund.view_fund") -> Fund:
    """The fund ``pk`` if ``user`` may ``perm`` it; 404 when out of reach, else 403."""
    return object_for(user, Fund.objects.select_related("organisation"), pk, perm)


def funds_visible_to(user, queryset=None):
    """The funds whose overview ``user`` may open."""
    qs = Fund.objects.all() if queryset is None else queryset
    orgs = [org for org, held in roles_of(user).items() if held & set(FUND_WIDE)]
    return qs.filter(organisation_id__in=orgs)


def first_fund_of(user) -> Fund | None:
    """The fund the start page opens and the menu shows where a page has none."""
    return funds_visible_to(user).order_by("name", "pk").first()
