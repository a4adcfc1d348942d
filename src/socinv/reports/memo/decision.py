"""The last section of the memo: the decision, or the proposal for one.

"The decision" is the approval (:func:`socinv.review.selectors.granting_decision`, the one
meaning everywhere). Without one the memo proposes: the application's budget per year,
else the steering group's recommendation and proposed amount from the latest review.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from socinv.applications.models import Application
from socinv.review.models import Decision, Review

from .text import Fact, day, ore, percent


@dataclass
class Proposal:
    kind: str  # "decision", "proposal" or "none"
    heading: str
    facts: list[Fact] = field(default_factory=list)
    years: list[dict] = field(default_factory=list)  # year, amount (and co-financing)
    cofinancing: bool = False  # the years come from the budget, with its co-financing
    total_ore: int = 0

    @property
    def total(self) -> str | None:
        return ore(self.total_ore) if self.total_ore else None


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _decision_facts(d: Decision) -> list[Fact]:
    share = d.repayment_share
    rows = [
        (pgettext("memo", "Decision-making body"), d.get_body_display()),
        (_("Board"), d.board.name if d.board_id else ""),
        (_("Decision date"), day(d.date)),
        (pgettext("memo", "Registration number"), d.dnr),
        (pgettext("memo", "Outcome"), d.get_outcome_display()),
        (_("Conditions"), d.conditions),
        (pgettext("memo", "Repayment: method"), d.get_repayment_method_display()),
        (
            pgettext("memo", "Repayment: share of the saving"),
            "" if share is None else percent(share),
        ),
        (pgettext("memo", "Repayment: period (years)"), _number(d.repayment_period_years)),
        (pgettext("memo", "Repayment: from year"), _number(d.repayment_start_year)),
        (pgettext("memo", "Who bears a write-down"), d.get_write_down_bearer_display()),
    ]
    return [Fact(label, value) for label, value in rows if value]


def proposal(
    decision: Decision | None, application: Application | None, review: Review | None
) -> Proposal:
    if decision is not None:
        years = list(decision.years.all())
        return Proposal(
            kind="decision",
            heading=_("Decision"),
            facts=_decision_facts(decision),
            years=[{"year": y.year, "amount": ore(y.amount_ore)} for y in years],
            total_ore=sum(y.amount_ore for y in years),
        )
    heading = _("Proposed decision")
    budget = list(application.budget_years.all()) if application is not None else []
    if budget:
        return Proposal(
            kind="proposal",
            heading=heading,
            years=[
                {
                    "year": y.year,
                    "amount": ore(y.amount_ore),
                    "cofinancing_money": ore(y.cofinancing_money_ore),
                    "cofinancing_hours": str(y.cofinancing_hours),
                }
                for y in budget
            ],
            cofinancing=True,
            total_ore=sum(y.amount_ore for y in budget),
        )
    facts = []
    if review is not None and review.recommendation:
        facts.append(
            Fact(
                pgettext("memo", "The steering group's recommendation"),
                review.get_recommendation_display(),
            )
        )
    amount = review.amount_ore if review is not None and review.amount_ore else 0
    if amount:
        facts.append(Fact(pgettext("memo", "Proposed amount"), ore(amount)))
    return Proposal(
        kind="proposal" if facts else "none", heading=heading, facts=facts, total_ore=amount
    )
