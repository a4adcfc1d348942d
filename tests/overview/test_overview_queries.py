"""The overview reads every project's repayment plan, projection input and stored run in
a fixed number of queries: more paying projects (with decisions, savings, confirmations,
stored runs) add none. The repayment plans read at once give the figures the savings pages
read project by project; the projection input and the stored runs, read at once only, give
the ledger's and each project's own figures."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.overview.more_projects import TEMPLATE_CODE, add_paying_projects

from socinv.demo.services import load_demo
from socinv.fund import selectors as fund_selectors
from socinv.fund.models import Fund, LedgerEntry
from socinv.overview import selectors
from socinv.projection import selectors as projection
from socinv.projects import simulations
from socinv.projects.models import Project, StoredSimulation
from socinv.savings import selectors as savings

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 12, 4)
# the overview's queries on the demo (62 when written), whatever the number of projects
BOUND = 70


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert load_demo(io.StringIO()) is True
    return Fund.objects.get()


def _owner():
    return get_user_model().objects.get(username="agare")


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _paid(fund) -> int:
    return sum(1 for t in fund_selectors.fund_balances(fund).by_project.values() if t.disbursements)


def _repayments_one_by_one(user, fund):
    """The attention list's repayments as the savings pages read each project's plan."""
    by_project = fund_selectors.fund_balances(fund).by_project
    paid = [pk for pk, t in by_project.items() if t.disbursements]
    visible = selectors.projects_visible_to(user).filter(fund=fund, pk__in=paid)
    out = []
    for project in visible.select_related("fund").order_by("title"):
        for fig in savings.project_savings(project).boards:
            for row in fig.years:
                if row.confirmable:
                    out.append((project, fig.board, row.year, row.proposal.proposal_ore))
    return out


def test_more_paying_projects_add_no_query_to_the_overview(demo):
    client = Client()
    client.force_login(_owner())
    url = reverse("overview:overview", args=[demo.pk])
    client.get(url)
    paid, before = _paid(demo), _queries(client, url)
    assert before <= BOUND, before
    added = add_paying_projects(demo, 4)
    assert _paid(demo) == paid + 4
    board = selectors.overview(_owner(), demo, with_projection=True)
    # the new projects are read: their 2026 proposals wait, they are in the projection
    waiting = {p.pk for p, _b, _y, _amount in board.attention.repayments}
    assert {p.pk for p in added} <= waiting
    assert {str(p.pk) for p in added} <= set(board.projection["prob_receivable_repaid"])
    after = _queries(client, url)
    assert after <= before, (before, after)


def test_the_attention_list_has_the_repayments_each_plan_proposes(demo):
    add_paying_projects(demo, 2)
    for user in (_owner(), get_user_model().objects.get(username="ekonom")):
        found = selectors.overview(user, demo, with_projection=False).attention.repayments
        expected = _repayments_one_by_one(user, demo)
        assert len(found) >= 3
        assert [(p.pk, b.pk, y, a) for p, b, y, a in found] == [
            (p.pk, b.pk, y, a) for p, b, y, a in expected
        ]


def test_the_projection_input_is_the_ledgers_and_each_projects_own(demo):
    """The fund's figures are the ledger's totals; each paying copy is in it with what its
    own rows give (decided years, commitment and disbursement, its calculation), and the
    template's decided terms: the rows read for them all go to the right project."""
    assert not LedgerEntry.objects.filter(fund=demo, date__gt=ON).exists()
    template = Project.objects.get(fund=demo, code=TEMPLATE_CODE)
    added = add_paying_projects(demo, 2)
    f = projection.projection_input(demo, ON)
    totals = fund_selectors.fund_totals(demo)
    assert (f.available, f.contributions, f.disbursements) == (
        totals.available / 100,
        totals.contributions / 100,
        totals.disbursements / 100,
    )
    assert f.repayments == (totals.repayments + totals.write_downs_board) / 100
    assert f.central_write_downs == totals.write_downs_central / 100
    assert f.available > 0 and f.contributions > 0 and f.disbursements > 0
    by_id = {p.id: p for p in f.projects}
    assert sum(1 for p in f.projects if p.calculation is not None) >= 3
    balances = fund_selectors.fund_balances(demo).by_project
    model = by_id[str(template.pk)]
    for project in added:
        got = by_id[str(project.pk)]
        # 400 000 kr committed, 200 000 kr paid out: 200 000 kr still to be paid out
        assert sum(a for _y, a in got.to_pay_out) == 200_000
        assert all(y >= ON.year for y, _a in got.to_pay_out)
        repaid = balances[project.pk].repayments / 100
        assert repaid > 0
        assert sum(b.receivable for b in got.boards) == 200_000 - repaid
        assert got.calculation == model.calculation is not None
        assert (got.method, got.share, got.period, got.start_year, got.bearer) == (
            model.method,
            model.share,
            model.period,
            model.start_year,
            model.bearer,
        )
    result = projection.run(demo, as_of=ON, draws=500, seed=3)
    assert {str(p.pk) for p in added} <= set(result["prob_receivable_repaid"])


def test_the_projection_input_reads_a_fixed_number_of_queries(demo):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            projection.projection_input(demo, ON)
        return len(ctx.captured_queries)

    before = count()
    add_paying_projects(demo, 3)
    assert count() == before


def test_the_stored_runs_read_at_once_carry_their_stale_marks(demo):
    """The stale marks (older engine, another input) of every project's current stored run,
    read at once: the demo's runs are current, the two altered ones marked."""
    add_paying_projects(demo, 1)
    runs = simulations.latest_runs(Project.objects.filter(fund=demo))
    assert len(runs) >= 3
    assert all(not s.stale for s in simulations.stored_many(_pairs(runs)).values())
    # one run computed by an older engine and one from another input, to be marked
    first, second = sorted(runs.values(), key=lambda r: r.pk)[:2]
    StoredSimulation.objects.filter(pk=first.pk).update(engine_version="0.0.1")
    StoredSimulation.objects.filter(pk=second.pk).update(input_sha256="0" * 64)
    runs = simulations.latest_runs(Project.objects.filter(fund=demo))
    many = simulations.stored_many(_pairs(runs))
    assert set(many) == set(runs)
    marks = {pk: ([p.code for p in s.problems], s.catalogue_changed) for pk, s in many.items()}
    expected = {pk: ([], False) for pk in runs}
    expected[first.project_id] = (["engine_older"], False)
    expected[second.project_id] = (["input_changed"], False)
    assert marks == expected
    assert many[first.project_id].older_engine and not many[second.project_id].older_engine
    assert simulations.stored(Project.objects.get(pk=first.project_id)).older_engine
    stale = selectors.overview(_owner(), demo, with_projection=False).attention.stale
    assert [p.pk for p, _s in stale] == [first.project_id]


def _pairs(runs):
    projects = Project.objects.select_related("fund__organisation").in_bulk(list(runs))
    return [(projects[pk], run) for pk, run in runs.items()]
