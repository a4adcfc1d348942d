"""A separate process that sends one rendered booking form at the same moment as others.

Used by test_form_once.py: ``python once_worker.py seed`` prepares the database named by
DATABASE_URL and prints the fund's id and the one-time token of one rendered form;
``python once_worker.py post FUND TOKEN START_AT`` waits until the wall-clock time
START_AT, posts the booking form (a commitment of 100 kr) with that token through the real
view and prints the status code and where it was sent.
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
from django.test import Client  # noqa: E402

from socinv.accounts.models import Membership  # noqa: E402
from socinv.fund.models import Fund  # noqa: E402
from socinv.fund.services import record_entry  # noqa: E402
from socinv.organisation.models import Organisation  # noqa: E402
from socinv.organisation.services import create_board_at_setup  # noqa: E402
from socinv.projects.models import Project  # noqa: E402
from socinv.web import once  # noqa: E402

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
    print(fund.pk, once.issue(user))


def post(fund_pk: int, token: str, start_at: float) -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(username="ekonom"))
    data = {
        "_once": token,
        "type": "commitment",
        "date": DAY.isoformat(),
        "amount": "100",
        "project": Project.objects.get().pk,
        "decision_body": "Kommunstyrelsen",
        "decision_date": DAY.isoformat(),
        "decision_dnr": "KS 2026/1",
    }
    time.sleep(max(0.0, start_at - time.time()))
    response = client.post(f"/funds/{fund_pk}/book/", data)
    print(response.status_code, response.get("Location", ""))


def count() -> None:
    print(Fund.objects.get().entries.filter(type="commitment").count())


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        seed()
    elif sys.argv[1] == "count":
        count()
    else:
        post(int(sys.argv[2]), sys.argv[3], float(sys.argv[4]))
