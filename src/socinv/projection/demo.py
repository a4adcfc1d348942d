"""The demo's contribution plan: the council's decided contributions for the coming years."""

from __future__ import annotations

import datetime

from .services import set_contribution

# (year, kronor): decided by the council with the budget for 2027–2029
PLAN = ((2027, 5_000_000), (2028, 5_000_000), (2029, 3_000_000))


def load(demo) -> None:
    """Plan the contributions, as the economist records the council's decision."""
    economist = demo.user("economist")
    for year, kronor in PLAN:
        set_contribution(
            demo.fund,
            acting_user=economist,
            year=year,
            amount_ore=kronor * 100,
            decision_body=demo.fund.decision_body or "Kommunfullmäktige",
            decision_date=datetime.date(2026, 11, 23),
            decision_dnr="KS 2026/0612",
        )
