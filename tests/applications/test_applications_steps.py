"""The full application in steps: the progress indicator, the first unfinished step at the
application's own address, each step saved on "Save and continue" with its own
validation, and every budget year entered at once in one table (atomic: one bad row
stores nothing, and the message names its year)."""

from __future__ import annotations

import re

import pytest
from application_helpers import complete
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _url(application, number=None):
    if number is None:
        return reverse("applications:full", args=[application.pk])
    return reverse("applications:full_step", args=[application.pk, number])


def _current(page: str) -> str:
    (current,) = re.findall(r'<span aria-current="step"><strong>([^<]+)</strong>', page)
    return current


def _budget(first, last, **cells):
    data = {"first_year": str(first), "last_year": str(last), "continue": "1"}
    for year in range(first, last + 1):
        for column in ("amount", "cofinancing_money", "cofinancing_hours"):
            data[f"{column}_{year}"] = ""
    data.update(cells)
    return data


def test_the_progress_indicator_is_an_ordered_list_with_the_current_step(
    client, personas, leader_full
):
    client.force_login(personas["project_leader"])
    page = client.get(_url(leader_full, 2)).content.decode()
    nav = page[page.index('<nav aria-label="Den fullständiga ansökans steg"') :]
    nav = nav[: nav.index("</nav>")]
    assert "<ol>" in nav and nav.count("<li") == 5
    assert _current(page) == "2. Beviskedja"
    assert page.count('aria-current="step"') == 1
    for number, title in [
        (1, "Beskrivning"),
        (3, "Budget"),
        (4, "Risker och samverkan"),
        (5, "Granska och skicka in"),
    ]:
        assert f'<a href="{_url(leader_full, number)}">{number}. {title}</a>' in nav
    assert f'href="{_url(leader_full, 2)}"' not in nav  # the current step is no link
    assert "Steg 2 av 5: Beviskedja" in page
    # a step outside 1–5 does not exist
    assert client.get(_url(leader_full, 6)).status_code == 404


def test_the_application_address_shows_the_first_unfinished_step(client, personas, leader_full):
    client.force_login(personas["project_leader"])
    response = client.get(_url(leader_full))
    assert response.status_code == 200
    assert _current(response.content.decode()) == "1. Beskrivning"
    complete(leader_full, personas["project_leader"], budget_years=[])
    page = client.get(_url(leader_full)).content.decode()
    assert _current(page) == "3. Budget"
    # the finished steps say so
    assert "1. Beskrivning</a> <span>(klart)</span>" in page
    assert "2. Beviskedja</a> <span>(klart)</span>" in page
    assert "4. Risker och samverkan</a> <span>(klart)</span>" in page
    complete(leader_full, personas["project_leader"])
    assert _current(client.get(_url(leader_full)).content.decode()) == "5. Granska och skicka in"


def test_save_and_continue_saves_the_step_and_goes_on(client, personas, leader_full):
    client.force_login(personas["project_leader"])
    response = client.post(
        _url(leader_full, 1),
        {
            "title": "Skolstöd",
            "type": "method_trial",
            "route": "implementation",
            "logic": "experimental",
            "needs_analysis": "Analys.",
            "continue": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _url(leader_full, 2)
    leader_full.refresh_from_db()
    assert leader_full.needs_analysis == "Analys."
    assert leader_full.project.title == "Skolstöd"
    # a step saves only its own fields: step 4 leaves step 1's alone
    response = client.post(
        _url(leader_full, 4), {"risk_assessment": "Personalomsättning.", "save": "1"}
    )
    assert response["Location"] == _url(leader_full, 4)  # "Save draft" stays on the step
    leader_full.refresh_from_db()
    assert leader_full.risk_assessment == "Personalomsättning."
    assert leader_full.needs_analysis == "Analys."


def test_a_step_is_validated_on_its_own(client, personas, leader_full):
    client.force_login(personas["project_leader"])
    response = client.post(_url(leader_full, 1), {"title": "", "continue": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error-summary"' in page and "Inget sparades" in page
    assert 'href="#id_title"' in page  # the summary links to the field of this step
    assert _current(page) == "1. Beskrivning"
    leader_full.project.refresh_from_db()
    assert leader_full.project.title == "Familjehemsbarns skolgång"


def test_every_budget_year_is_stored_in_one_post(client, personas, leader_full):
    client.force_login(personas["project_leader"])
    page = client.get(_url(leader_full, 3)).content.decode()
    assert '<th scope="row">2026</th>' in page  # no calculation yet: this year and two more
    data = _budget(
        2027,
        2029,
        amount_2027="1 200 000",
        cofinancing_money_2027="0",  # nothing, typed as 0
        amount_2028="1 234 567,50",
        cofinancing_money_2028="50 000",
        amount_2029="300000",
        cofinancing_hours_2029="120",
    )
    response = client.post(_url(leader_full, 3), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == _url(leader_full, 4)
    rows = list(
        leader_full.budget_years.values_list(
            "year", "amount_ore", "cofinancing_money_ore", "cofinancing_hours"
        )
    )
    assert rows == [
        (2027, 120_000_000, 0, 0),
        (2028, 123_456_750, 5_000_000, 0),
        (2029, 30_000_000, 0, 120),
    ]
    # shown again in Swedish number format, one row per year of the period
    page = client.get(_url(leader_full, 3)).content.decode()
    assert [int(y) for y in re.findall(r'<th scope="row">(\d+)</th>', page)] == [2027, 2028, 2029]
    assert 'value="1\xa0234\xa0567,50"' in page and 'value="1\xa0200\xa0000"' in page


def test_one_bad_budget_row_stores_nothing_and_names_its_year(client, personas, leader_full):
    complete(leader_full, personas["project_leader"])  # 2027 and 2028, 1 000 000 kr each
    before = list(leader_full.budget_years.values_list("year", "amount_ore"))
    client.force_login(personas["project_leader"])
    data = _budget(2027, 2029, amount_2027="500 000", amount_2028="tolv", amount_2029="1")
    response = client.post(_url(leader_full, 3), data)
    assert response.status_code == 200
    page = response.content.decode()
    summary = page[page.index('id="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert re.search(r'<a href="#id_amount_2028">2028: Från fonden \(kr\): [^<]+</a>', summary)
    assert "2027" not in summary and "2029" not in summary
    assert 'value="tolv"' in page and 'value="500 000"' in page  # what was typed is kept
    assert list(leader_full.budget_years.values_list("year", "amount_ore")) == before


def test_the_period_changes_the_table_without_saving(client, personas, leader_full):
    client.force_login(personas["project_leader"])
    data = _budget(2026, 2028, amount_2026="100")
    data.pop("continue")
    data.update(first_year="2030", last_year="2033", period="1")
    response = client.post(_url(leader_full, 3), data)
    assert response.status_code == 200
    page = response.content.decode()
    years = [int(y) for y in re.findall(r'<th scope="row">(\d+)</th>', page)]
    assert years == [2030, 2031, 2032, 2033]
    assert not leader_full.budget_years.exists()
    # a period too long is refused
    data.update(first_year="2030", last_year="2050")
    page = client.post(_url(leader_full, 3), data).content.decode()
    assert "Sista året måste vara samma som första året eller högst 14 år senare." in page
