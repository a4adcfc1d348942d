"""Writes: the fund's contribution plan (a fund setting: per calendar year, what the
council has decided to put into the fund, with the decision).

Each takes a keyword-only ``acting_user``, checks ``fund.plan_contributions`` itself
(:func:`socinv.accounts.access.require`), is atomic and attributed to ``acting_user`` (the
history), and refuses with :class:`socinv.core.problems.Refused` (every reason, per field;
nothing stored). Codes: ``year_out_of_range``, ``amount_not_positive``,
``amount_too_large``, ``decision_body_required``, ``decision_date_required``,
``decision_dnr_required``, ``personal_number``, ``text_too_long``, ``not_planned``.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext

from socinv.accounts.access import require
from socinv.audit import attributed_to
from socinv.core.limits import MAX_ENTRY_ORE, MAX_SHORT_TEXT, MAX_START_YEAR, MIN_START_YEAR
from socinv.core.problems import Refusal, Refused
from socinv.fund.models import Fund
from socinv.web.refusals import amount_too_large_message, personal_number

from .models import FundContributionPlan

__all__ = ["remove_contribution", "set_contribution"]


def _refusals(year, amount_ore, body: str, date, dnr: str) -> list[Refusal]:
    found = []
    if (
        isinstance(year, bool)
        or not isinstance(year, int)
        or not (MIN_START_YEAR <= year <= MAX_START_YEAR)
    ):
        message = gettext("The year must be between %(min)s and %(max)s.") % {
            "min": MIN_START_YEAR,
            "max": MAX_START_YEAR,
        }
        found.append(Refusal("year_out_of_range", "year", message))
    if isinstance(amount_ore, bool) or not isinstance(amount_ore, int) or amount_ore <= 0:
        message = gettext("The amount must be greater than zero.")
        found.append(Refusal("amount_not_positive", "amount", message))
    elif amount_ore > MAX_ENTRY_ORE:
        found.append(Refusal("amount_too_large", "amount", amount_too_large_message()))
    for field, text, message in (
        ("decision_body", body, gettext("Enter who decided.")),
        ("decision_dnr", dnr, gettext("Enter the registration number (dnr).")),
    ):
        if not (text or "").strip():
            found.append(Refusal(f"{field}_required", field, message))
        elif len(text) > MAX_SHORT_TEXT:
            message = gettext("The text may be at most %(max)s characters.") % {
                "max": MAX_SHORT_TEXT
            }
            found.append(Refusal("text_too_long", field, message))
        found += personal_number(field, text)
    if not isinstance(date, datetime.date):
        message = gettext("Enter the date of the decision.")
        found.append(Refusal("decision_date_required", "decision_date", message))
    return found


def set_contribution(
    fund: Fund,
    *,
    acting_user,
    year: int,
    amount_ore: int,
    decision_body: str,
    decision_date: datetime.date,
    decision_dnr: str,
) -> FundContributionPlan:
    """Plan ``amount_ore`` into ``fund`` in ``year`` (replacing that year's row, if any)."""
    require(acting_user, "fund.plan_contributions", fund)
    refusals = _refusals(year, amount_ore, decision_body, decision_date, decision_dnr)
    if refusals:
        raise Refused(refusals)
    with transaction.atomic(), attributed_to(acting_user):
        row = FundContributionPlan.objects.select_for_update().filter(fund=fund, year=year).first()
        row = row or FundContributionPlan(fund=fund, year=year)
        row.amount_ore = amount_ore
        row.decision_body = decision_body.strip()
        row.decision_date = decision_date
        row.decision_dnr = decision_dnr.strip()
        row.save()
    return row


def remove_contribution(fund: Fund, *, acting_user, year: int) -> None:
    """Take ``year`` out of ``fund``'s contribution plan (its history is kept)."""
    require(acting_user, "fund.plan_contributions", fund)
    with transaction.atomic(), attributed_to(acting_user):
        row = FundContributionPlan.objects.select_for_update().filter(fund=fund, year=year).first()
        if row is None:
            raise Refused.one(
                "not_planned", gettext("The year is not in the contribution plan."), "year"
            )
        row.delete()
