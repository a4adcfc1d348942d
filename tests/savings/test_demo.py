"""The savings demo: the social board's savings of "arbete" back the repayments in the demo
ledger, 2026 leaves 450 000 kr proposed, and the ledger still verifies."""

from __future__ import annotations

import datetime
import io

import pytest

from socinv.fund.models import Fund
from socinv.fund.services import verify_fund
from socinv.organisation.models import Board
from socinv.projects.models import Project
from socinv.savings import selectors
from socinv.savings.models import RealisedSaving, RepaymentConfirmation

pytestmark = pytest.mark.django_db


def test_the_demo_savings(monkeypatch):
    from django.contrib.auth import get_user_model

    from socinv.demo.services import PROJECTS, load_demo
    from socinv.savings.demo import load

    monkeypatch.setattr(selectors, "today", lambda: datetime.date(2026, 11, 28))
    assert load_demo(io.StringIO())
    fund = Fund.objects.get()
    projects = {p.key: Project.objects.get(title=p.title) for p in PROJECTS}
    boards = {b.code: b for b in Board.objects.all()}
    users = {u.username: u for u in get_user_model().objects.all()}
    if not RealisedSaving.objects.exists():  # until the demo calls this load itself
        load(fund, projects, boards, users)
    assert RealisedSaving.objects.count() == 5
    assert RepaymentConfirmation.objects.count() == 3
    f = selectors.project_savings(projects["arbete"])
    sn = f.board(boards["socialnamnd"])
    assert (sn.disbursed_ore, sn.repaid_ore, sn.receivable_ore) == (
        650_000_000,
        400_000_000,
        250_000_000,
    )
    assert [(r.year, r.proposal.repaid_ore, r.proposal.proposal_ore) for r in sn.years] == [
        (2024, 80_000_000, 0),
        (2025, 150_000_000, 0),
        (2026, 170_000_000, 45_000_000),
    ]
    am = f.board(boards["arbetsmarknadsnamnd"])
    assert am.receivable_ore == 0
    assert [(r.year, r.proposal.proposal_ore, str(r.proposal.reason)) for r in am.years] == [
        (2025, 0, "nothing_owed"),
        (2026, 0, "nothing_owed"),
    ]
    assert sn.write_down is not None and sn.write_down.amount_ore == 250_000_000  # scale-up
    assert verify_fund(fund) == []
    from django.test import Client

    c = Client()
    c.force_login(users["ekonom"])
    html = c.get(f"/savings/projects/{projects['arbete'].pk}/").content.decode()
    assert "450\u00a0000\u00a0kr" in html and "SN 2026/0388" in html
    html = c.get(f"/savings/funds/{fund.pk}/").content.decode()
    assert "2\u00a0150\u00a0000\u00a0kr" in html
    c.force_login(users["revisor"])
    for project in projects.values():  # every demo project's page renders
        assert c.get(f"/savings/projects/{project.pk}/").status_code == 200
