"""The demo's calculations use the catalogue (issue 15, item 5): after the catalogue is
loaded the economist moves some typed amounts to references, stored with the catalogue
part they used and not marked; graded outcomes carry the fund's haircut table; the memo of
a demo project shows its outcomes' grades and haircuts; the figures stay sensible."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from socinv.catalogue.demo import REFERENCES
from socinv.demo.services import demo_in_database, load_demo
from socinv.projects import simulations
from socinv.projects.models import StoredCatalogue

pytestmark = pytest.mark.django_db


def test_the_demo_calculations_refer_to_the_catalogue_and_the_memo_shows_the_grades(client):
    load_demo(io.StringIO())
    demo = demo_in_database()
    for key in REFERENCES:
        project = demo.projects[key]
        project.refresh_from_db()
        assert "unit_cost = " in project.calculation_toml, key
        assert project.calculation_toml.startswith("evidence_haircut = { 1 = 0.4,"), key
        current = simulations.stored(project)
        assert not current.stale, key
        part = StoredCatalogue.objects.get(simulation=current.run)
        assert len(part.uses) == len(REFERENCES[key])
        assert all(u["source"].startswith("Påhittad källa") for u in part.uses)
    fritid = demo.projects["fritid"]
    uses = {u["id"]: u for u in fritid.calculation_result["unit_costs"]}
    assert uses["barnavardsutredning"]["indexed_unit_amount"] == pytest.approx(
        55000 * 125.6 / 121.0
    )
    assert fritid.calculation_result["outcomes_adjusted"] == [
        {"outcome": 0, "grade": 2, "haircut": 0.3},
        {"outcome": 1, "grade": 1, "haircut": 0.4},
    ]
    assert fritid.calculation_result["perspectives"]["societal"]["npv"] != 0

    client.force_login(demo.user("owner"))
    memo = client.get(reverse("reports:memo", args=[fritid.pk])).content.decode()
    memo = memo.replace("\u00a0", " ")
    assert 'id="memo-evidence"' in memo
    assert "Färre orosanmälningar som leder till utredning" in memo
    assert "30 %" in memo and "40 %" in memo
