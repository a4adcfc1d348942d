"""The frames pages read every paying project's repayment plan in a fixed number of
queries (:func:`socinv.savings.selectors.projects_savings`): more paying projects, with
decisions, savings and confirmed repayments, add none. The plans read at once are the
plans the savings pages read project by project, so the expected reductions are the same."""

from __future__ import annotations

import io
from collections import defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.overview.more_projects import add_paying_projects

from socinv.demo.services import load_demo
from socinv.frames import selectors
from socinv.fund import selectors as fund_selectors
from socinv.fund.models import Fund
from socinv.projects.models import Project
from socinv.savings import selectors as savings

pytestmark = pytest.mark.django_db

# the frames page's queries on the demo (33 when written; 164 when each paying project's
# plan was read apart), whatever the number of projects
BOUND = 40


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert load_demo(io.StringIO()) is True
    return Fund.objects.get()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _figures(plan: savings.ProjectSavings):
    """Everything a repayment plan holds, by value (rows by primary key)."""
    return (
        plan.project.pk,
        plan.budget_model,
        plan.terms,
        plan.terms_source,
        plan.bearer,
        plan.bearer_source,
        plan.write_down_phase,
        [
            (
                b.board.pk,
                b.disbursed_ore,
                b.repaid_ore,
                b.written_down_ore,
                b.receivable_ore,
                b.write_down,
                [(e.pk, e.for_year) for e in b.repayments],
                [e.pk for e in b.write_downs],
                [
                    (
                        r.proposal,
                        r.saving.pk if r.saving else None,
                        [e.pk for e in r.repayments],
                        r.confirmable,
                    )
                    for r in b.years
                ],
            )
            for b in plan.boards
        ],
    )


def _expected_one_by_one(fund) -> dict:
    """:func:`selectors.expected_from_plans` as it read each project's plan apart."""
    out: dict = defaultdict(int)
    this_year = savings.today().year
    paid = [
        pk for pk, t in fund_selectors.fund_balances(fund).by_project.items() if t.disbursements
    ]
    for project in Project.objects.filter(fund=fund, pk__in=paid).select_related("fund"):
        for fig in savings.project_savings(project).boards:
            for row in fig.years:
                if row.proposal.proposal_ore > 0:
                    out[(fig.board.pk, row.year)] += row.proposal.proposal_ore
            if fig.write_down is not None and fig.write_down.frame_reduction_ore:
                out[(fig.board.pk, this_year)] += fig.write_down.frame_reduction_ore
    return dict(out)


def test_the_plans_read_at_once_are_the_plans_read_one_by_one(demo):
    added = add_paying_projects(demo, 2)
    # one of them closing: its receivable is proposed for write-down
    Project.objects.filter(pk=added[1].pk).update(phase=Project.Phase.CLOSING)
    for model in (Fund.Model.REPAYMENT, Fund.Model.BUDGET):
        Fund.objects.filter(pk=demo.pk).update(economic_model=model)
        fund = Fund.objects.get(pk=demo.pk)
        projects = list(Project.objects.filter(fund=fund).select_related("fund"))
        at_once = savings.projects_savings(fund, projects)
        assert set(at_once) == {p.pk for p in projects}
        for project in projects:
            assert _figures(at_once[project.pk]) == _figures(savings.project_savings(project))
    fund = Fund.objects.get(pk=demo.pk)
    assert fund.economic_model == Fund.Model.BUDGET
    Fund.objects.filter(pk=demo.pk).update(economic_model=Fund.Model.REPAYMENT)
    fund = Fund.objects.get(pk=demo.pk)
    plans = savings.projects_savings(fund, Project.objects.filter(fund=fund))
    # the copies and the demo give every kind of row: confirmed repayments, savings,
    # decided terms, a write-down proposal
    boards = [b for plan in plans.values() for b in plan.boards]
    assert any(e.for_year == 2025 for b in boards for e in b.repayments)
    assert any(r.saving is not None for b in boards for r in b.years)
    assert any(plan.terms_source == "decision" for plan in plans.values())
    assert plans[added[1].pk].write_down_phase
    assert any(b.write_down is not None for b in plans[added[1].pk].boards)


def test_the_expected_reductions_are_the_plans_one_by_one(demo):
    assert selectors.expected_from_plans(demo) == _expected_one_by_one(demo) != {}
    before = selectors.expected_from_plans(demo)
    added = add_paying_projects(demo, 2)
    after = selectors.expected_from_plans(demo)
    assert after == _expected_one_by_one(demo)
    paid_to = added[0].responsible_boards.order_by("name").first()  # the copies' board
    assert after[(paid_to.pk, 2026)] > before.get((paid_to.pk, 2026), 0)


def test_more_paying_projects_add_no_query_to_the_frames_pages(demo):
    client = Client()
    client.force_login(get_user_model().objects.get(username="ekonom"))
    template = Project.objects.get(fund=demo, code="SI2303")  # the copies' template
    board = template.responsible_boards.order_by("name").first()  # paid by the copies
    urls = [
        reverse("frames:index", args=[demo.pk]),
        reverse("frames:board", args=[demo.pk, board.pk]),
    ]
    for url in urls:
        client.get(url)
    before = [_queries(client, url) for url in urls]
    board_expected = selectors.board_frames(demo, board).expected_ore
    assert max(before) <= BOUND, before
    add_paying_projects(demo, 4)
    assert selectors.board_frames(demo, board).expected_ore > board_expected
    after = [_queries(client, url) for url in urls]
    assert all(a <= b for a, b in zip(after, before, strict=True)), (before, after)
