"""The demo's saved calculations carry their stored simulation (issue 12, item 2): every
project with a calculation has one (10 000 draws, seed 1, the running engine), and its
memo reports the probability instead of "Ingen Monte Carlo-simulering är sparad"."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

import socinv
from socinv.demo.services import demo_in_database, load_demo
from socinv.projects import simulations

pytestmark = pytest.mark.django_db


def test_every_demo_calculation_has_its_stored_simulation(client):
    load_demo(io.StringIO())
    demo = demo_in_database()
    client.force_login(demo.user("owner"))
    projects = list(demo.fund.projects.exclude(calculation_toml=""))
    assert projects
    for project in projects:
        stored = simulations.stored(project)
        assert stored is not None, project.title
        assert (stored.run.draws, stored.run.seed) == (10_000, 1)
        assert stored.run.engine_version == socinv.__version__ and not stored.stale
        assert all(v is not None for v in stored.prob_positive.values())
        memo = client.get(reverse("reports:memo", args=[project.pk])).content.decode()
        assert "Ingen Monte Carlo-simulering är sparad" not in memo, project.title
        assert stored.stamp("sv") in memo
