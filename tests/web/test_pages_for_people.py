"""Pages for people (issue 13): the fund menu on every page, the language switch, the
project list's search, filters and sorting, the project page as a status page, the review
page's key figures, the ideas queue's cost and boards, the decision form filled from the
application's budget."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse

from socinv.applications.models import Application, BudgetYear
from socinv.projects.services import set_calculation

pytestmark = pytest.mark.django_db

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SKOLSTOD = (SHARED / "examples" / "skolstod.toml").read_text(encoding="utf-8")


def _page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200, url
    return response.content.decode()


def _menu(html: str) -> str:
    return re.search(r'<nav class="wrap main-nav".*?</nav>', html, re.S).group(0)


@pytest.mark.parametrize(
    "url",
    [
        "/projects/",
        "/audit/",
        "/applications/",
    ],
)
def test_the_fund_menu_is_on_pages_that_show_no_fund(client, personas, url):
    menu = _menu(_page(client, personas["owner"], url))
    assert reverse("fund:overview", args=[personas.fund.pk]) in menu
    assert reverse("review:portfolio", args=[personas.fund.pk]) in menu


def test_the_fund_menu_is_on_a_project_page_and_its_savings_page(client, personas):
    for url in (
        reverse("projects:project", args=[personas.own_project.pk]),
        reverse("savings:project", args=[personas.own_project.pk]),
    ):
        menu = _menu(_page(client, personas["economist"], url))
        assert reverse("fund:ledger", args=[personas.fund.pk]) in menu, url


def test_a_project_leader_gets_no_fund_links_in_the_menu(client, personas):
    menu = _menu(_page(client, personas["project_leader"], "/projects/"))
    assert reverse("fund:overview", args=[personas.fund.pk]) not in menu
    assert reverse("projects:projects") in menu


def test_the_language_switch_marks_the_current_language_only(client, personas):
    html = _page(client, personas["owner"], "/projects/")
    switch = re.search(r'<form class="lang-switch".*?</form>', html, re.S).group(0)
    assert re.search(r'<span class="lang-current" aria-current="true" lang="sv">Svenska', switch)
    assert re.search(r'<button type="submit" name="language" value="en"[^>]*>English', switch)
    assert switch.count("aria-current") == 1


# --- the project list --------------------------------------------------------------------


def _titles(html: str) -> list[str]:
    table = re.search(r'<table class="projects".*?</table>', html, re.S)
    if table is None:
        return []
    return re.findall(r'<th scope="row"><a href="/projects/\d+/">([^<]+)</a>', table.group(0))


def test_the_project_list_is_searched_filtered_and_sorted_by_get_parameters(client, personas):
    p = personas
    owner = p["owner"]
    assert _titles(_page(client, owner, "/projects/")) == [
        "Läxhjälp i föreningsregi",
        "Skolstöd för familjehemsplacerade barn",
        "Tidiga insatser mot skolfrånvaro",
    ]
    assert _titles(_page(client, owner, "/projects/?q=skol")) == [
        "Skolstöd för familjehemsplacerade barn",
        "Tidiga insatser mot skolfrånvaro",
    ]
    assert _titles(_page(client, owner, "/projects/?phase=implementation")) == [
        "Skolstöd för familjehemsplacerade barn"
    ]
    assert _titles(_page(client, owner, f"/projects/?board={p.school_board.pk}")) == [
        "Läxhjälp i föreningsregi",
        "Tidiga insatser mot skolfrånvaro",
    ]
    assert _titles(_page(client, owner, "/projects/?sort=-title")) == [
        "Tidiga insatser mot skolfrånvaro",
        "Skolstöd för familjehemsplacerade barn",
        "Läxhjälp i föreningsregi",
    ]
    html = _page(client, owner, "/projects/?q=ingenting")
    assert _titles(html) == [] and "Inget projekt matchar" in html
    # an invalid value filters nothing (and is no error page)
    assert len(_titles(_page(client, owner, "/projects/?phase=nonsense"))) == 3


def test_the_project_list_headings_sort_and_say_how(client, personas):
    html = _page(client, personas["owner"], "/projects/?phase=&sort=title")
    assert 'aria-sort="ascending"' in html
    # the heading of the sorted column turns the order; the filters stay
    assert 'href="?phase=&amp;sort=-title"' in html
    assert 'href="?phase=&amp;sort=-committed"' in html
    assert html.count("aria-sort=") == 1
    assert 'role="search"' in html and '<label for="id_q">' in html


def test_the_project_list_shows_only_what_the_user_may_see(client, personas):
    titles = _titles(_page(client, personas["project_leader"], "/projects/?q=skol"))
    assert titles == ["Skolstöd för familjehemsplacerade barn"]


# --- the project page as a status page ---------------------------------------------------


def test_the_project_page_shows_the_phases_and_what_comes_next_for_the_user(client, personas):
    p = personas
    url = reverse("projects:project", args=[p.application.pk])
    html = _page(client, p["owner"], url)
    steps = re.search(r'<ol class="phase-steps".*?</ol>', html, re.S).group(0)
    assert re.search(r'aria-current="step">\s*Ansökan', steps)
    assert "Genomförande" in steps and "Implementering eller avveckling" in steps
    nxt = re.search(r'<ol class="next-steps".*?</ol>', html, re.S).group(0)
    # the owner reviews and decides: links; the calculation is missing: the owner may enter it
    assert reverse("review:review", args=[p.application.pk]) in nxt
    assert reverse("review:decide", args=[p.application.pk]) in nxt
    assert reverse("calculation:editor", args=[p.application.pk]) in nxt
    assert "Kalkylen saknas." in html
    # the auditor reads the same steps but is offered none of them
    html = _page(client, p["auditor"], url)
    nxt = re.search(r'<ol class="next-steps".*?</ol>', html, re.S).group(0)
    assert "<a " not in nxt and "Vem:" in nxt


def test_a_project_in_implementation_tells_the_evaluator_to_evaluate(client, personas):
    p = personas
    html = _page(client, p["evaluator"], reverse("projects:project", args=[p.own_project.pk]))
    steps = re.search(r'<ol class="phase-steps".*?</ol>', html, re.S).group(0)
    assert re.search(r'class="phase-done">\s*Ansökan', steps)
    assert re.search(r'aria-current="step">\s*Genomförande', steps)
    nxt = re.search(r'<ol class="next-steps".*?</ol>', html, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)"', nxt)
    assert links == [reverse("evaluation:project", args=[p.own_project.pk])]


def test_the_project_page_and_the_review_show_the_key_figures(client, personas):
    p = personas
    set_calculation(acting_user=p["economist"], project=p.other_project, toml_text=SKOLSTOD)
    html = _page(client, p["owner"], reverse("projects:project", args=[p.other_project.pk]))
    figures = re.search(r'<dl class="key-figures".*?</dl>', html, re.S).group(0)
    assert "5\u00a0606\u00a0961\u00a0kr" in figures  # the municipal NPV of the worked example
    html = _page(client, p["owner"], reverse("review:review", args=[p.other_project.pk]))
    table = re.search(
        r'<table class="figures sticky-first" id="review-calculation".*?</table>', html, re.S
    )
    assert table is not None
    assert "5\u00a0606\u00a0961\u00a0kr" in table.group(0)
    assert "Kommunalekonomisk" in table.group(0) or "kommun" in table.group(0).lower()


def test_the_review_links_to_the_editor_when_the_calculation_is_missing(client, personas):
    p = personas
    html = _page(client, p["owner"], reverse("review:review", args=[p.other_project.pk]))
    assert reverse("calculation:editor", args=[p.other_project.pk]) in html


# --- the ideas queue and the decision form -----------------------------------------------


def _application(p, stage, years=None):
    application = Application.objects.create(
        project=p.application,
        stage=stage,
        created_by=p["external"],
        idea_submitted_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
    )
    for year, amount in (years or {}).items():
        BudgetYear.objects.create(application=application, year=year, amount_ore=amount)
    return application


def test_the_ideas_queue_shows_the_estimated_cost_and_the_boards(client, personas):
    p = personas
    _application(p, "idea_submitted", {2026: 150_000_00, 2027: 50_000_00})
    html = _page(client, p["owner"], reverse("applications:review_ideas", args=[p.fund.pk]))
    assert "Uppskattad kostnad" in html
    assert "200\u00a0000\u00a0kr" in html
    assert "Utbildningsnämnden" in html


def test_the_ideas_queue_says_when_there_is_no_estimate(client, personas):
    p = personas
    _application(p, "idea_submitted")
    html = _page(client, p["owner"], reverse("applications:review_ideas", args=[p.fund.pk]))
    assert "Inte uppskattad ännu" in html


def test_the_decision_form_is_filled_from_the_applications_budget(client, personas):
    p = personas
    _application(p, "submitted", {2026: 150_000_00, 2027: 50_000_00})
    html = _page(client, p["owner"], reverse("review:decide", args=[p.application.pk]))
    assert re.search(r'name="year_1"[^>]*value="2026"|value="2026"[^>]*name="year_1"', html)
    assert re.search(r'name="year_2"[^>]*value="2027"|value="2027"[^>]*name="year_2"', html)
    assert re.search(
        r'name="amount_1"[^>]*value="150\s?000"|value="150\s?000"[^>]*name="amount_1"',
        html.replace("\u00a0", " "),
    )
