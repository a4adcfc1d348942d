"""`socinv fund projection 1 --json` on the demo satisfies the spec's invariants
(shared/spec/projection.md): one value per year, p05 ≤ p50 ≤ p95, available to commit never
decreases, the same seed gives the same output, and every project with money out is in it."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from socinv.demo.services import load_demo
from socinv.fund.models import Fund
from socinv.projection.models import FundContributionPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert load_demo(io.StringIO()) is True
    return Fund.objects.get()


def _json(fund, *args) -> dict:
    out = io.StringIO()
    call_command("fund_projection", str(fund.pk), "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_demos_projection_satisfies_the_invariants(demo):
    assert FundContributionPlan.objects.filter(fund=demo).count() == 3  # the demo's plan
    args = ["--from", "2026-12-02", "--draws", "3000", "--seed", "1"]
    result = _json(demo, *args)
    assert result == _json(demo, *args)  # same input and seed, same output
    years = result["years"]
    assert years == list(range(2026, 2036))
    for key in ("available", "fund_money"):
        band = result[key]
        for k in ("mean", "p05", "p50", "p95"):
            assert len(band[k]) == len(years)
        assert all(
            a <= b + 1e-6 <= c + 2e-6
            for a, b, c in zip(band["p05"], band["p50"], band["p95"], strict=True)
        )
    for k in ("mean", "p05", "p50", "p95"):
        values = result["available"][k]
        assert all(
            later >= earlier - 1e-6 for earlier, later in zip(values, values[1:], strict=False)
        )
    assert result["contributions"][1:4] == [5_000_000, 5_000_000, 3_000_000]
    assert result["repayments"]["by_board"], "no board is expected to repay anything"
    probs = result["prob_receivable_repaid"]
    assert probs and all(0 <= p <= 1 for p in probs.values())
    assert result["money_used_up_year"] is None  # the demo's fund is under the repayment model
    central = _json(demo, "--from", "2026-12-02", "--draws", "0")
    for k in ("p05", "p50", "p95"):
        assert central["available"][k] == central["available"]["mean"]
