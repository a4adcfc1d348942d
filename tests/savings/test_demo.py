"""The savings demo: the social board's savings of "arbete" back the repayments in the demo
ledger, 2026 leaves 450 000 kr proposed, and the ledger still verifies."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client

from socinv.demo.services import demo_in_database
from socinv.fund.services import verify_fund
from socinv.savings import selectors
from socinv.savings.models import RealisedSaving, RepaymentConfirmation

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    """The demo as ``socinv demo`` loads it (savings and all), in the test's own database
    transaction: the management command, then the loaded demo's objects by name."""
    call_command("demo", stdout=io.StringIO())
    return demo_in_database()


def test_the_demo_loads_its_savings(demo):
    by_year = set(
        RealisedSaving.objects.filter(project=demo.projects["arbete"]).values_list(
            "board__code", "year"
        )
    )
    assert by_year == {
        ("socialnamnd", 2024),
        ("socialnamnd", 2025),
        ("socialnamnd", 2026),
        ("arbetsmarknadsnamnd", 2025),
        ("arbetsmarknadsnamnd", 2026),
    }
    # every repayment made as a share of the savings is backed by the year's saving
    backed_projects = {"arbete", "skolstod", "aterfall", "fritid"}
    assert {s.project for s in RealisedSaving.objects.all()} == {
        demo.projects[key] for key in backed_projects
    }
    assert {s.recorded_by.username for s in RealisedSaving.objects.all()} == {"ekonom"}
    backed = RepaymentConfirmation.objects.values_list("entry__decision_dnr", flat=True)
    assert sorted(backed) == [
        "KFN 2026/0112",
        "SN 2024/0311",
        "SN 2025/0420",
        "SN 2025/0421",
        "SN 2026/0207",
        "SN 2026/0388",
        "SN 2026/0389",
    ]


def test_the_demo_savings(demo, monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: datetime.date(2026, 11, 28))
    fund, projects, boards, users = demo.fund, demo.projects, demo.boards, demo.users
    assert RealisedSaving.objects.count() == 9  # arbete's five, four behind other repayments
    assert RepaymentConfirmation.objects.count() == 7
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
    c = Client()
    c.force_login(users["ekonom"])
    html = c.get(f"/savings/projects/{projects['arbete'].pk}/").content.decode()
    assert "450\u00a0000\u00a0kr" in html and "SN 2026/0388" in html
    html = c.get(f"/savings/funds/{fund.pk}/").content.decode()
    # the social board's savings 2026: arbete's 2 150 000 kr and skolstod's 1 200 000 kr
    assert "3\u00a0350\u00a0000\u00a0kr" in html
    c.force_login(users["revisor"])
    for project in projects.values():  # every demo project's page renders
        assert c.get(f"/savings/projects/{project.pk}/").status_code == 200
