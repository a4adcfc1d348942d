"""The 5xx the form fuzz found outside the areas other branches fix, each fixed and kept
here as a plain regression test (tests/fuzz/FINDINGS.md)."""

from __future__ import annotations

import pytest

from socinv.applications.models import Application
from socinv.savings.models import RealisedSaving
from socinv.web import once

pytestmark = pytest.mark.django_db

TOO_LARGE = "9" * 30  # beyond a 64-bit key: SQLite's driver raised OverflowError


@pytest.mark.parametrize("key", [TOO_LARGE, "-" + TOO_LARGE])
def test_a_board_key_too_large_for_the_database_is_refused_on_the_idea_form(client, personas, key):
    client.force_login(personas["owner"])
    response = client.post(
        "/applications/new/",
        {"fund": personas.fund.pk, "title": "Läxhjälp", "boards": [key], "save": ""},
    )
    assert response.status_code == 200
    assert b'class="error-summary"' in response.content
    assert not Application.objects.filter(project__title="Läxhjälp").exists()


def test_an_indicator_key_too_large_for_the_database_is_refused_on_the_saving_form(
    client, personas
):
    """With the form's one-time token (without it the POST is refused for the token alone),
    every other field valid: the refusal is the keys', on their fields."""
    client.force_login(personas["economist"])
    response = client.post(
        f"/savings/projects/{personas.own_project.pk}/saving/",
        {
            "year": "2026",
            "amount": "1 000",
            "board": personas.social_board.pk,
            "basis": "Jämförelse med föregående år",
            "indicators": [TOO_LARGE],
            "measurements": [TOO_LARGE],
            "_once": once.issue(personas["economist"]),
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"indicators", "measurements"}
    assert [e.code for e in form.errors.as_data()["indicators"]] == ["invalid_pk_value"]
    assert not RealisedSaving.objects.exists()
