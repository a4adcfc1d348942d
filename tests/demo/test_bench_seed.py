"""The web benchmark's fast seeding (benchmarks/bench_web.py) must produce a ledger that
verifies: a correct hash chain, the stored head and count, and valid balances. (Timings
are printed by `make bench`, never asserted.)"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from socinv.fund.services import verify_fund
from socinv.organisation.models import Organisation
from socinv.organisation.services import create_board_at_setup

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_web.py"


@pytest.fixture
def bench_web():
    spec = importlib.util.spec_from_file_location("bench_web", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
@pytest.mark.parametrize("projects, entries", [(10, 500), (7, 60), (3, 5)])
def test_the_benchmark_seeds_a_ledger_that_verifies(bench_web, projects, entries):
    org = Organisation.objects.create(name="Benchkommun", kind="municipality")
    boards = [
        create_board_at_setup(organisation=org, name=f"Nämnd {i}", code=f"n{i}") for i in range(3)
    ]
    user = get_user_model().objects.create_user("agare")
    fund = bench_web.seed_fund(org, "Fonden", projects, entries, user, boards)
    assert fund.ledger_count == entries == fund.entries.count()
    assert fund.projects.count() == projects
    assert verify_fund(fund) == []
