"""The overview reads every project's repayment plan, projection input and stored run in
a fixed number of queries: more paying projects (with decisions, savings, confirmations,
stored runs) add none. The batched reads give the figures the per-project reads give (the
savings pages', the projection page's), so the page shows what it showed before."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.overview.more_projects import add_paying_projects

from socinv.demo.services import load_demo
from socinv.fund import selectors as fund_selectors
from socinv.fund.models import Fund
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


def test_the_batched_projection_input_is_the_projection_input(demo):
    """Every figure the engine is given, on the demo and with more paying projects: the
    same as the per-project read the projection page makes, and the same projection."""
    for as_of in (ON, datetime.date(2025, 6, 30)):
        assert projection.projection_input_batched(demo, as_of) == projection.projection_input(
            demo, as_of
        )
    add_paying_projects(demo, 2)
    batched = projection.projection_input_batched(demo, ON)
    assert batched == projection.projection_input(demo, ON)
    assert sum(1 for p in batched.projects if p.calculation is not None) >= 3
    assert any(p.to_pay_out for p in batched.projects)
    assert projection.run_batched(demo, as_of=ON, draws=500, seed=3) == projection.run(
        demo, as_of=ON, draws=500, seed=3
    )


def test_the_batched_projection_input_reads_a_fixed_number_of_queries(demo):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            projection.projection_input_batched(demo, ON)
        return len(ctx.captured_queries)

    before = count()
    add_paying_projects(demo, 3)
    assert count() == before


def test_the_stored_runs_read_at_once_are_the_stored_runs(demo):
    """The stale marks (older engine, another input, the catalogue changed) as
    :func:`simulations.stored` gives them, project by project."""
    add_paying_projects(demo, 1)
    runs = simulations.latest_runs(Project.objects.filter(fund=demo))
    assert len(runs) >= 3
    # one run computed by an older engine and one from another input, to be marked
    first, second = sorted(runs.values(), key=lambda r: r.pk)[:2]
    StoredSimulation.objects.filter(pk=first.pk).update(engine_version="0.0.1")
    StoredSimulation.objects.filter(pk=second.pk).update(input_sha256="0" * 64)
    runs = simulations.latest_runs(Project.objects.filter(fund=demo))
    projects = Project.objects.select_related("fund__organisation").in_bulk(list(runs))
    pairs = [(projects[pk], run) for pk, run in runs.items()]
    many = simulations.stored_many(pairs)
    assert set(many) == set(runs)
    for project, run in pairs:
        one = simulations.stored(project, run)
        got = many[project.pk]
        assert (got.run.pk, got.problems, got.catalogue_changed, got.decided) == (
            one.run.pk,
            one.problems,
            one.catalogue_changed,
            one.decided,
        )
    assert many[first.project_id].older_engine and many[second.project_id].stale
    stale = selectors.overview(_owner(), demo, with_projection=False).attention.stale
    assert [p.pk for p, _s in stale] == [first.project_id]
