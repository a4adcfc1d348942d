"""A project's decisions and evidence chain through the API."""

from __future__ import annotations

import datetime

import pytest
from tests.ledger_helpers import record_attested

pytestmark = pytest.mark.django_db


def test_an_approved_decision_is_listed_with_its_years(api_as, personas):
    from socinv.review.services import decide

    record_attested(
        acting_user=personas["economist"],
        fund=personas.fund,
        type="contribution",
        date=datetime.date(2026, 1, 1),
        amount_ore=5_000_000_00,
    )
    decide(
        acting_user=personas["owner"],
        project=personas.application,
        body="steering_group",
        date=datetime.date(2026, 11, 20),
        dnr="KS 2026/77",
        outcome="approved",
        years={2027: 300_000_00, 2028: 200_000_00},
        repayment_method="share_of_savings",
        repayment_share=0.5,
        repayment_start_year=2029,
    )
    body = api_as("external").get(f"/projects/{personas.application.pk}/decisions").json()
    assert [d["dnr"] for d in body] == ["KS 2026/77"]
    assert body[0]["outcome"] == "approved"
    assert body[0]["years"] == [
        {"year": 2027, "amount_ore": 300_000_00},
        {"year": 2028, "amount_ore": 200_000_00},
    ]
    balances = api_as("owner").get(f"/funds/{personas.fund.pk}/balances").json()
    assert balances["totals"]["committed_ore"] == 500_000_00


def test_the_evidence_chain_lists_statements_and_indicators(api_as, personas):
    from socinv.applications.models import EvidenceStatement, Indicator

    project = personas.own_project
    EvidenceStatement.objects.create(project=project, level="outputs", text="40 barn kartlagda")
    Indicator.objects.create(
        project=project,
        level="outcomes",
        name="Andel med godkända betyg",
        unit="%",
        direction="higher",
        baseline_value=45.0,
        baseline_source="Skolverket",
        baseline_date=datetime.date(2025, 6, 30),
        target_value=60.0,
        reporting_frequency="yearly",
    )
    body = api_as("project_leader").get(f"/projects/{project.pk}/evidence-chain").json()
    assert body["statements"] == [{"level": "outputs", "text": "40 barn kartlagda"}]
    [indicator] = body["indicators"]
    assert indicator["name"] == "Andel med godkända betyg"
    assert indicator["baseline_value"] == 45.0 and indicator["target_value"] == 60.0
