"""The demo's catalogue: about thirty example unit costs with invented sources, a PKV-like
index, kept by the demo's economist; a calculation resolves references in it."""

from __future__ import annotations

import io

import pytest

from socinv.catalogue import selectors
from socinv.catalogue.models import UnitCost
from socinv.core.calc import calculate, from_dict
from socinv.core.calc.catalogue import is_stale
from socinv.demo.services import demo_in_database, load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert load_demo(io.StringIO()) is True
    return demo_in_database()


def test_the_demo_has_a_catalogue_of_examples_with_an_index(demo):
    core = selectors.as_core(demo.organisation)
    assert 28 <= len(core.unit_costs) <= 36
    assert all(u.source.startswith("Påhittad källa (exempelbelopp)") for u in core.unit_costs)
    ids = {u.id for u in core.unit_costs}
    assert {
        "hvb-dygn",
        "familjehem-ar",
        "forsorjningsstod-hushall-ar",
        "sarskilt-stod-elev-ar",
    } <= ids
    assert {"bup-besok", "kronofogden-arende", "af-insats-ar"} <= ids
    assert core.index.startswith("PKV")
    assert set(range(2018, 2027)) <= set(core.index_values)
    assert any(is_stale(u.price_year, 2026) for u in core.unit_costs)  # the page shows a mark
    assert {h.history_user.username for h in UnitCost.history.all()} == {"ekonom"} or len(
        {h.history_user for h in UnitCost.history.all()}
    ) == 1


def test_every_demo_unit_cost_can_be_used_in_2026_prices(demo):
    core = selectors.as_core(demo.organisation)
    costs = [
        {
            "label": u.label,
            "stakeholder": "kommun/socialnamnd",
            "year": 0,
            "amount": {"unit_cost": u.id, "quantity": 1},
        }
        for u in core.unit_costs
    ]
    calc = from_dict(
        {
            "name": "Alla",
            "start_year": 2026,
            "horizon": 1,
            "discount_rate": 0.0,
            "stakeholders": [
                {"id": "kommun/socialnamnd", "name": "S", "municipal": True, "public": True}
            ],
            "costs": costs,
        },
        catalogue=core,
    )
    result = calculate(calc)
    hvb = next(u for u in result["unit_costs"] if u["id"] == "hvb-dygn")
    # 4 800 kr in 2024's prices × 132.4 / 125.6
    assert hvb["indexed_unit_amount"] == pytest.approx(4800 * 132.4 / 125.6)
    assert len(result["unit_costs"]) == len(core.unit_costs)
