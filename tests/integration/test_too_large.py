"""Finding 6b of issue 11: a body over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) got a bare 400
naming nothing. Now 413, saying what the limit is: a Swedish page in the site's layout, or
JSON under /api/; nothing is stored."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from socinv.fund.models import LedgerEntry

pytestmark = pytest.mark.django_db

TOO_BIG = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1


def test_the_limit_is_two_and_a_half_megabytes():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440


def test_a_form_body_over_the_limit_gets_413_with_the_limit_in_swedish(personas):
    client = Client()
    client.force_login(personas["economist"])
    before = LedgerEntry.objects.count()
    response = client.post(
        f"/funds/{personas.fund.pk}/book/", {"note": "x" * TOO_BIG, "type": "contribution"}
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "Förfrågan är för stor: högst 2,5\xa0MB får skickas" in page
    assert 'class="site-header"' in page and "<h1>För stort för att skicka</h1>" in page
    assert LedgerEntry.objects.count() == before


def test_the_login_page_too(personas):
    response = Client().post("/login/", {"username": "x" * TOO_BIG, "password": "y"})
    assert response.status_code == 413
    assert "2,5\xa0MB" in response.content.decode()


def test_too_many_fields_gets_413_naming_the_number(personas):
    client = Client()
    client.force_login(personas["economist"])
    fields = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(f"/funds/{personas.fund.pk}/book/", fields)
    assert response.status_code == 413
    assert "högst 1\xa0000 får skickas" in response.content.decode()


def test_the_api_answers_413_in_json(personas):
    client = Client()
    client.force_login(personas["economist"])
    response = client.post(
        f"/api/v1/funds/{personas.fund.pk}/entries",
        '{"note": "' + "x" * TOO_BIG + '"}',
        content_type="application/json",
        headers={"X-CSRFToken": "x"},
    )
    assert response.status_code == 413
    body = response.json()
    assert body["limit"] == "2,5\xa0MB" and "2,5\xa0MB" in body["detail"]
