"""The idea's estimated cost (uppskattad kostnad): typed in kronor as in Sweden, stored in
öre, bounded as every amount (socinv.core.limits), refused with the field named and
nothing stored, and shown in the steering group's queue and on the idea's page."""

from __future__ import annotations

import pytest
from application_helpers import idea
from django.urls import reverse

from socinv.applications import services
from socinv.applications.models import Application, BudgetYear
from socinv.core.limits import MAX_ENTRY_ORE
from socinv.core.problems import Refused

pytestmark = pytest.mark.django_db

IDEA = {
    "title": "Läxhjälp på fritids",
    "need": "Många barn saknar stöd hemma.",
    "target_group": "Barn i årskurs 4–6",
    "intervention": "Läxhjälp tre dagar i veckan.",
    "expected_effects": "Bättre betyg.",
}
NBSP = "\u00a0"


def _post_new(client, personas, cost: str):
    client.force_login(personas["project_leader"])
    data = {
        **IDEA,
        "fund": personas.fund.pk,
        "boards": [personas.social_board.pk],
        "estimated_cost": cost,
    }
    return client.post(reverse("applications:new_idea"), data)


def test_the_estimate_typed_in_kronor_is_stored_in_ore(client, personas):
    response = _post_new(client, personas, "1 200 000")
    application = Application.objects.get()
    assert response.status_code == 302
    assert application.estimated_cost_ore == 120_000_000
    page = client.get(response["Location"]).content.decode()
    assert f'<dd id="estimated-cost">1{NBSP}200{NBSP}000{NBSP}kr</dd>' in page


def test_the_edit_form_shows_the_estimate_as_typed_and_saves_a_new_one(client, personas):
    application = idea(personas, estimated_cost_ore=120_000_000)
    client.force_login(personas["project_leader"])
    url = reverse("applications:edit_idea", args=[application.pk])
    page = client.get(url).content.decode()
    assert f'value="1{NBSP}200{NBSP}000"' in page
    response = client.post(
        url, {**IDEA, "boards": [personas.social_board.pk], "estimated_cost": "950 000,50"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.estimated_cost_ore == 95_000_050
    client.post(url, {**IDEA, "boards": [personas.social_board.pk], "estimated_cost": ""})
    application.refresh_from_db()
    assert application.estimated_cost_ore is None  # optional: it can be taken away


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5 000", "Beloppet måste vara större än noll."),
        ("10 000 000 001", f"Beloppet får vara högst 10{NBSP}000{NBSP}000{NBSP}000{NBSP}kr."),
    ],
)
def test_a_negative_or_too_large_estimate_is_refused_with_the_field_named(
    client, personas, typed, message
):
    response = _post_new(client, personas, typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Inget sparades" in page
    assert f"Uppskattad kostnad (kr): {message}" in page
    assert not Application.objects.exists()


def test_an_invalid_estimate_on_the_edit_form_changes_nothing(client, personas):
    application = idea(personas, estimated_cost_ore=120_000_000)
    client.force_login(personas["project_leader"])
    url = reverse("applications:edit_idea", args=[application.pk])
    data = {**IDEA, "title": "Nytt namn", "boards": [personas.social_board.pk]}
    response = client.post(url, {**data, "estimated_cost": "-1"})
    assert response.status_code == 200
    assert "Uppskattad kostnad (kr):" in response.content.decode()
    application.refresh_from_db()
    assert application.estimated_cost_ore == 120_000_000
    assert application.project.title == "Familjehemsbarns skolgång"


@pytest.mark.parametrize(
    ("ore", "code", "message"),
    [
        (-1, "estimated_cost_negative", "Den uppskattade kostnaden kan inte vara negativ."),
        (
            MAX_ENTRY_ORE + 1,
            "amount_too_large",
            f"Den uppskattade kostnaden får vara högst 10{NBSP}000{NBSP}000{NBSP}000{NBSP}kr.",
        ),
        (True, "invalid", "Den uppskattade kostnaden ska vara ett belopp i kronor."),
    ],
)
def test_the_service_refuses_an_estimate_out_of_bounds_and_stores_nothing(
    personas, ore, code, message
):
    with pytest.raises(Refused) as refused:
        idea(personas, estimated_cost_ore=ore)
    assert [(r.code, r.field, r.message) for r in refused.value.refusals] == [
        (code, "estimated_cost_ore", message)
    ]
    assert not Application.objects.exists()
    application = idea(personas, estimated_cost_ore=MAX_ENTRY_ORE)  # the bound itself goes
    with pytest.raises(Refused) as refused:
        services.update_application(
            application,
            acting_user=personas["project_leader"],
            title="Nytt namn",
            estimated_cost_ore=ore,
        )
    assert refused.value.codes == [code]
    application.refresh_from_db()
    assert application.estimated_cost_ore == MAX_ENTRY_ORE
    assert application.project.title == "Familjehemsbarns skolgång"


def _queue(client, personas) -> str:
    client.force_login(personas["owner"])
    response = client.get(reverse("applications:review_ideas", args=[personas.fund.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_queue_shows_the_ideas_estimate_before_the_budget(client, personas):
    application = idea(personas, estimated_cost_ore=120_000_000)
    BudgetYear.objects.create(application=application, year=2027, amount_ore=50_000_000)
    services.submit_idea(application, acting_user=personas["project_leader"])
    page = _queue(client, personas)
    assert (
        f'<dd class="estimated-cost">1{NBSP}200{NBSP}000{NBSP}kr (sökandens uppskattning)</dd>'
        in page
    )
    assert "ansökans budget" not in page
    assert "Socialnämnden" in page  # the responsible boards


def test_without_an_estimate_the_queue_falls_back_to_the_budget(client, personas):
    application = idea(personas)
    BudgetYear.objects.create(application=application, year=2027, amount_ore=50_000_000)
    services.submit_idea(application, acting_user=personas["project_leader"])
    page = _queue(client, personas)
    assert f"500{NBSP}000{NBSP}kr (ansökans budget)" in page
    assert "sökandens uppskattning" not in page
