"""A separate process that tries to commit money from a fund at the same moment as others.

Used by test_ledger_concurrency.py: ``python concurrent_worker.py seed`` prepares the
database named by DATABASE_URL; ``python concurrent_worker.py commit START_AT`` waits
until the wall-clock time START_AT and then books one commitment, printing OK or REFUSED.
"""

from __future__ import annotations

import datetime
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socinv.site.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from socinv.accounts.models import Membership  # noqa: E402
from socinv.core.problems import Refused  # noqa: E402
from socinv.fund.models import Fund  # noqa: E402
from socinv.fund.services import record_entry  # noqa: E402
from socinv.organisation.models import Organisation  # noqa: E402
from socinv.organisation.services import create_board_at_setup  # noqa: E402
from socinv.projects.models import Project  # noqa: E402

DAY = datetime.date(2026, 3, 1)


def seed() -> None:
    user = get_user_model().objects.create_user("ekonom")
    kommun = Organisation.objects.create(name="Exempelkommun", kind="municipality")
    Membership.objects.create(user=user, organisation=kommun, role="economist")
    board = create_board_at_setup(organisation=kommun, name="Socialnämnden", code="socialnamnd")
    fund = Fund.objects.create(organisation=kommun, name="Fonden")
    project = Project.objects.create(fund=fund, title="Projekt")
    project.responsible_boards.add(board)
    record_entry(acting_user=user, fund=fund, type="contribution", date=DAY, amount_ore=1_000_00)


def commit(start_at: float) -> None:
    user = get_user_model().objects.get(username="ekonom")
    fund = Fund.objects.get()
    project = Project.objects.get()
    time.sleep(max(0.0, start_at - time.time()))
    try:
        record_entry(
            acting_user=user,
            fund=fund,
            type="commitment",
            date=DAY,
            amount_ore=600_00,
            project=project,
        )
    except Refused:
        print("REFUSED")
    else:
        print("OK")


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        seed()
    else:
        commit(float(sys.argv[2]))
