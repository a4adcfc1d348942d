"""Create the database of the follow-up end-to-end test: run as a separate process with
DATABASE_URL pointing at a temporary SQLite file (see test_followup_e2e.py). Migrates,
creates the personas of tests/conftest.py, funds the fund, commits 400 000 kr to the own
project and disburses 300 000 kr of it to the social board, and gives the project an
outcome indicator with a baseline and a target; prints the ids as JSON."""

from __future__ import annotations

import datetime
import json
import os
import sys
from pathlib import Path

INDICATOR = "Andel unga vuxna med egen försörjning"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socinv.site.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--no-input", verbosity=0)

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from conftest import make_personas
    from ledger_helpers import record_attested
    from socinv.applications.models import Indicator
    from socinv.core.ledger import Decision

    p = make_personas()
    # a second economist, who attests the repayment the first confirms above the threshold
    from django.contrib.auth import get_user_model

    from socinv.accounts.models import Membership

    second = get_user_model().objects.create_user(
        "economist2", password="Hemligt-lösen-2026", first_name="Lars", last_name="Åberg"
    )
    Membership.objects.create(user=second, organisation=p.organisation, role="economist")
    kf = Decision("Kommunfullmäktige", datetime.date(2025, 2, 20), "KS 2025/117")
    sn = Decision("Socialnämnden", datetime.date(2025, 3, 10), "SN 2025/31")
    eco = p["economist"]
    record_attested(
        acting_user=eco,
        fund=p.fund,
        type="contribution",
        date=datetime.date(2025, 3, 1),
        amount_ore=100_000_000,
        decision=kf,
    )
    record_attested(
        acting_user=eco,
        fund=p.fund,
        type="commitment",
        date=datetime.date(2025, 3, 2),
        amount_ore=40_000_000,
        project=p.own_project,
        decision=kf,
    )
    record_attested(
        acting_user=eco,
        fund=p.fund,
        type="disbursement",
        date=datetime.date(2025, 3, 15),
        amount_ore=30_000_000,
        project=p.own_project,
        board=p.social_board,
        decision=sn,
    )
    indicator = Indicator.objects.create(
        project=p.own_project,
        level="outcomes",
        name=INDICATOR,
        unit="andel",
        direction="higher",
        baseline_value=0.40,
        baseline_date=datetime.date(2024, 12, 31),
        target_value=0.60,
    )
    print(
        json.dumps(
            {
                "fund": p.fund.pk,
                "project": p.own_project.pk,
                "board": p.social_board.pk,
                "indicator": indicator.pk,
            }
        )
    )


if __name__ == "__main__":
    main()
