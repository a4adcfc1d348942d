"""Swedish first: an English browser still gets Swedish until the user switches."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_an_english_browser_gets_swedish_until_the_user_switches(client):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert page.status_code == 200
    assert '<html lang="sv">' in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="sv-SE")
    assert '<html lang="en">' in page.content.decode()


@pytest.mark.parametrize(
    ("role", "shown"),
    [("auditor", True), ("owner", True), ("administrator", True), ("economist", False)],
)
def test_the_audit_trail_is_in_the_menu_of_those_who_may_open_it(client, personas, role, shown):
    client.force_login(personas[role])
    page = client.get("/projects/")
    assert ('href="/audit/"' in page.content.decode()) is shown
