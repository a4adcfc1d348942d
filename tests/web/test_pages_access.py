"""Who may open which page: every persona against every page, from both sides (the
permission matrix in socinv.accounts.permissions). A logged-in user without the right
gets 403, an anonymous visitor is sent to the login page, and another organisation's fund
or project is never shown."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# the personas of tests/conftest.py (not imported: tests/api has a conftest.py of its own)
ROLES = [
    "administrator",
    "owner",
    "economist",
    "project_leader",
    "evaluator",
    "auditor",
    "external",
    "outsider",
    "other_owner",
]
PASSWORD = "Hemligt-lösen-2026"

YEAR = 2026
OK, FORBIDDEN, NOT_FOUND = 200, 403, 404
# Users with no part in the organisation are told nothing exists (404); the others are
# refused what their role may not do (403).
OUTSIDERS = {"outsider", "other_owner"}

FUND_WIDE = {"administrator", "owner", "economist", "auditor"}
LEDGER = {"owner", "economist", "auditor"}
BOOKERS = {"economist"}  # the owner decides but does not book (issue 13)


def expected(allowed: set[str]) -> dict[str, int]:
    return {
        role: OK if role in allowed else NOT_FOUND if role in OUTSIDERS else FORBIDDEN
        for role in ROLES
    }


FUND_PAGES = {
    "overview:overview": FUND_WIDE,
    "fund:overview": FUND_WIDE,
    "fund:ledger": LEDGER,
    "fund:ledger_csv": LEDGER,
    "fund:ledger_xlsx": LEDGER,
    "fund:book": BOOKERS,
    "fund:statement": LEDGER,
    "fund:statement_xlsx": LEDGER,
}


def fund_url(name: str, fund) -> str:
    if name in ("fund:statement", "fund:statement_xlsx"):
        return reverse(name, args=[fund.pk, YEAR])
    return reverse(name, args=[fund.pk])


@pytest.mark.parametrize("name", sorted(FUND_PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_fund_pages_follow_the_permission_matrix(client, personas, name, role):
    client.force_login(personas[role])
    response = client.get(fund_url(name, personas.fund))
    assert response.status_code == expected(FUND_PAGES[name])[role], (name, role)


@pytest.mark.parametrize("name", sorted(FUND_PAGES))
def test_anonymous_visitors_are_sent_to_the_login_page(client, personas, name):
    url = fund_url(name, personas.fund)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "next=" in response["Location"]


@pytest.mark.parametrize("name", sorted(FUND_PAGES))
@pytest.mark.parametrize("role", sorted(FUND_WIDE))
def test_another_organisations_fund_is_never_shown(client, personas, name, role):
    client.force_login(personas[role])
    response = client.get(fund_url(name, personas.other_fund))
    assert response.status_code == 404
    assert "Grannfonden" not in response.content.decode()


@pytest.mark.parametrize("role", sorted(FUND_PAGES["fund:overview"]))
def test_the_other_organisations_owner_sees_only_their_own_fund(client, personas, role):
    other = personas["other_owner"]
    client.force_login(other)
    assert client.get(reverse("fund:overview", args=[personas.other_fund.pk])).status_code == 200
    assert client.get(reverse("fund:overview", args=[personas.fund.pk])).status_code == 404


def test_a_missing_fund_is_404(client, personas):
    client.force_login(personas["owner"])
    assert client.get(reverse("fund:overview", args=[999999])).status_code == 404


PROJECT_VIEWERS = {
    "own_project": FUND_WIDE | {"project_leader", "evaluator"},
    "other_project": FUND_WIDE,
    "application": FUND_WIDE | {"external"},
}


@pytest.mark.parametrize("which", sorted(PROJECT_VIEWERS))
@pytest.mark.parametrize("role", ROLES)
def test_project_page_follows_the_permission_matrix(client, personas, which, role):
    project = getattr(personas, which)
    client.force_login(personas[role])
    response = client.get(reverse("projects:project", args=[project.pk]))
    assert response.status_code == expected(PROJECT_VIEWERS[which])[role], (which, role)


def test_anonymous_visitors_cannot_see_projects(client, personas):
    for url in (
        reverse("projects:projects"),
        reverse("projects:project", args=[personas.own_project.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_project_list_shows_only_visible_projects(client, personas, role):
    client.force_login(personas[role])
    response = client.get(reverse("projects:projects"))
    assert response.status_code == 200
    html = response.content.decode()
    for which, viewers in PROJECT_VIEWERS.items():
        title = getattr(personas, which).title
        assert (title in html) == (role in viewers), (role, which)


@pytest.mark.parametrize("role", ROLES)
def test_home_sends_each_persona_to_the_right_place(client, personas, role):
    client.force_login(personas[role])
    response = client.get(reverse("home"))
    if role in FUND_WIDE:
        assert response.status_code == 302
        assert response["Location"] == reverse("overview:overview", args=[personas.fund.pk])
    elif role == "other_owner":
        assert response.status_code == 302
        assert response["Location"] == reverse("overview:overview", args=[personas.other_fund.pk])
    else:
        assert response.status_code == 200
        html = response.content.decode()
        if role == "outsider":
            assert "Ingen behörighet" in html
        else:
            assert "Dina projekt" in html


def test_home_needs_a_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_login_page_is_swedish_by_default_and_logs_in(client, personas):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in html
    assert "Logga in" in html
    response = client.post(reverse("login"), {"username": "economist", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_a_wrong_password_is_refused_in_swedish(client, personas):
    response = client.post(reverse("login"), {"username": "economist", "password": "fel"})
    assert response.status_code == 200
    assert "stämde inte" in response.content.decode()


def test_logout_takes_a_post_only(client, personas):
    client.force_login(personas["owner"])
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("fund:overview", args=[personas.fund.pk])).status_code == 302


def test_pages_switch_to_english(client, personas):
    client.force_login(personas["owner"])
    url = reverse("fund:overview", args=[personas.fund.pk])
    html = client.get(url).content.decode()
    assert '<html lang="sv">' in html and "Disponibelt att bevilja" in html
    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert '<html lang="en">' in html and "Available to commit" in html


def test_the_login_page_in_english(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html and "Log in" in html


def test_the_403_and_404_pages_speak_swedish_in_the_site_layout(client, personas):
    client.force_login(personas["project_leader"])
    html = client.get(reverse("fund:overview", args=[personas.fund.pk])).content.decode()
    assert '<html lang="sv">' in html and html.count("<h1") == 1
    assert "Ingen behörighet" in html and "Grannfonden" not in html
    response = client.get(reverse("projects:project", args=[999999]))
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_every_page_has_a_skip_link_and_a_language_switcher(client, personas):
    client.force_login(personas["owner"])
    html = client.get(reverse("fund:overview", args=[personas.fund.pk])).content.decode()
    assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
    assert f'action="{reverse("set_language")}" method="post"' in html
    assert 'name="language" value="en"' in html
