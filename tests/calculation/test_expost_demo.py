"""The demo's ex-post calculations for "arbete" and "fritid", built through the service from
the demo ledger (the lead calls ``socinv.calculation.demo.load`` from the demo)."""

from __future__ import annotations

import io
import tomllib

import pytest
from django.utils import translation

from socinv.calculation import expost as ex
from socinv.calculation.models import ExPostCalculation
from socinv.core.calc import calculate, parse
from socinv.projects.models import Project

pytestmark = pytest.mark.django_db

PROJECTS = {
    "arbete": "Från försörjningsstöd till arbete – unga vuxna",
    "fritid": "Aktiv fritid – mentorer för barn i ekonomiskt utsatta familjer",
}


@pytest.fixture
def loaded():
    from socinv.demo.services import load_demo

    with translation.override("sv"):
        assert load_demo(io.StringIO())
    assert ExPostCalculation.objects.count() == 2  # the demo loads them itself
    return {k: Project.objects.get(title=t) for k, t in PROJECTS.items()}


def test_demo_expost_from_the_ledger(loaded):
    arbete = tomllib.loads(ExPostCalculation.objects.get(project=loaded["arbete"]).toml)
    # the demo ledger: 2 200 000 (2023), 2 200 000 (2024), 2 100 000 (2025) to Socialnämnden
    fund_lines = [c for c in arbete["costs"] if c["stakeholder"] == "kommun/socialnamnd"]
    assert [(c["years"], c["amount"]) for c in fund_lines] == [
        ([0], 2_200_000),
        ([1], 2_200_000),
        ([2], 2_100_000),
    ]
    assert [c["stakeholder"] for c in arbete["costs"]][3:] == ["arbetsformedlingen"]
    assert arbete["outcomes"][0]["cases_per_participant"] == 0.44
    assert arbete["outcomes"][0]["deadweight"] == 0.59
    assert arbete["participants"] == [36, 42, 40]
    assert arbete["success_probability"] == 1.0
    fritid = tomllib.loads(ExPostCalculation.objects.get(project=loaded["fritid"]).toml)
    assert [(c["years"], c["amount"]) for c in fritid["costs"]] == [
        ([0], 1_900_000),
        ([1], 2_000_000),
    ]
    for key in PROJECTS:
        record = ExPostCalculation.objects.get(project=loaded[key])
        assert record.result == calculate(parse(record.toml))
        assert record.updated_by.username == "ekonom"
        assert "närvaro" in record.sources_note
        assert "2 200 000" in record.sources_note.replace("\xa0", " ") or key == "fritid"
        comp = ex.comparison(loaded[key])
        assert len(comp.perspectives) == 3
