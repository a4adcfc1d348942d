"""Create the database of the end-to-end test: run as a separate process with
DATABASE_URL pointing at a temporary SQLite file (see test_booking_e2e.py). Migrates,
creates the personas of tests/conftest.py and funds the fund, then prints the ids as JSON."""

from __future__ import annotations

import datetime
import json
import os
import sys
from pathlib import Path


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socinv.site.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--no-input", verbosity=0)

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from django.contrib.auth import get_user_model

    from conftest import make_personas
    from socinv.accounts.models import Membership
    from socinv.core.ledger import Decision
    from socinv.fund.services import record_entry

    p = make_personas()
    # a second economist, who attests what the first books above the threshold (issue 13)
    second = get_user_model().objects.create_user(
        "economist2", password="Hemligt-lösen-2026", first_name="Lars", last_name="Åberg"
    )
    Membership.objects.create(user=second, organisation=p.organisation, role="economist")
    kf = Decision("Kommunfullmäktige", datetime.date(2026, 2, 20), "KS 2026/117")
    when = datetime.date(2026, 3, 1)
    record_entry(
        acting_user=p["economist"],
        fund=p.fund,
        type="contribution",
        date=when,
        amount_ore=100_000_000,
        decision=kf,
    )
    record_entry(
        acting_user=p["economist"],
        fund=p.fund,
        type="commitment",
        date=when,
        amount_ore=40_000_000,
        project=p.own_project,
        decision=kf,
    )
    print(json.dumps({"fund": p.fund.pk, "project": p.own_project.pk, "board": p.social_board.pk}))


if __name__ == "__main__":
    main()
