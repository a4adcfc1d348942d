"""The two ways in: a bearer token (stored hashed, shown once, revocable) and the session
(with CSRF for unsafe methods)."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from socinv.api.models import ApiToken
from socinv.api.services import create_token, revoke_token, user_for_token
from socinv.fund.models import LedgerEntry

pytestmark = pytest.mark.django_db


def get(path, **headers):
    return Client().get("/api/v1" + path, headers=headers)


def test_it_stores_only_a_hash_of_the_token(personas):
    token, plain = create_token(acting_user=None, user=personas["owner"], name="Ekonomisystemet")
    assert plain.startswith("socinv_") and len(plain) > 40
    token.refresh_from_db()
    assert token.token_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert plain not in {str(v) for v in vars(token).values()}
    assert plain.startswith(token.prefix) and len(token.prefix) < 16
    assert token.history.count() == 1


def test_a_valid_token_authenticates_and_records_its_use(personas):
    token, plain = create_token(acting_user=None, user=personas["owner"], name="x")
    assert token.last_used_at is None
    response = get("/funds", Authorization=f"Bearer {plain}")
    assert response.status_code == 200
    assert [f["id"] for f in response.json()] == [personas.fund.pk]
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer ",
        "Bearer socinv_not-a-real-token",
        "Bearer not-even-the-prefix",
        "Basic b3duZXI6bMO2c2Vu",
        "Token abc",
    ],
)
def test_it_answers_401_without_a_valid_token(personas, header):
    headers = {} if header is None else {"Authorization": header}
    response = get("/funds", **headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "detail" in response.json()


def test_a_revoked_token_is_401_even_with_a_session(personas):
    owner = personas["owner"]
    token, plain = create_token(acting_user=None, user=owner, name="x")
    revoke_token(acting_user=owner, token=token)
    assert user_for_token(plain) is None
    assert get("/funds", Authorization=f"Bearer {plain}").status_code == 401
    client = Client()
    client.force_login(owner)
    # a bad token is never silently replaced by the session
    assert (
        client.get("/api/v1/funds", headers={"Authorization": f"Bearer {plain}"}).status_code == 401
    )
    assert client.get("/api/v1/funds").status_code == 200
    token.refresh_from_db()
    assert token.revoked and token.history.count() == 2


def test_an_inactive_users_token_is_401(personas):
    owner = personas["owner"]
    _token, plain = create_token(acting_user=None, user=owner, name="x")
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    assert get("/funds", Authorization=f"Bearer {plain}").status_code == 401


def test_a_user_creates_and_revokes_only_their_own_tokens(personas):
    owner, economist = personas["owner"], personas["economist"]
    with pytest.raises(PermissionDenied):
        create_token(acting_user=owner, user=economist, name="x")
    token, _plain = create_token(acting_user=economist, user=economist, name="x")
    with pytest.raises(PermissionDenied):
        revoke_token(acting_user=owner, token=token)
    assert revoke_token(acting_user=economist, token=token).revoked


def _entry():
    return {
        "type": "contribution",
        "date": "2026-02-01",
        "amount_ore": 100_00,
        "decision": {"body": "Kommunfullmäktige", "date": "2026-01-20", "dnr": "KS 2026/1"},
    }


def test_a_session_post_needs_the_csrf_token(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["economist"])  # the owner decides but does not book
    url = f"/api/v1/funds/{personas.fund.pk}/entries"
    refused = client.post(url, _entry(), content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert LedgerEntry.objects.count() == 0

    secret = "k" * 32  # a CSRF cookie as the browser holds it after any page
    client.cookies["csrftoken"] = secret
    accepted = client.post(
        url, _entry(), content_type="application/json", headers={"X-CSRFToken": secret}
    )
    assert accepted.status_code == 201, accepted.content
    assert LedgerEntry.objects.count() == 1


def test_a_token_post_needs_no_csrf_token(personas):
    _token, plain = create_token(acting_user=None, user=personas["economist"], name="x")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/api/v1/funds/{personas.fund.pk}/entries",
        _entry(),
        content_type="application/json",
        headers={"Authorization": f"Bearer {plain}"},
    )
    assert response.status_code == 201
    assert response.json()["recorded_by"] == "economist"


def test_the_management_command_prints_a_working_token(personas):
    out = io.StringIO()
    call_command("api_token", "auditor", "--name", "Revisionen", stdout=out)
    plain = out.getvalue().strip()
    assert (
        get(f"/funds/{personas.fund.pk}/entries", Authorization=f"Bearer {plain}").status_code
        == 200
    )
    token = ApiToken.objects.get(user=personas["auditor"])
    assert token.name == "Revisionen"

    out = io.StringIO()
    call_command("api_token", "auditor", "--revoke", token.prefix, stdout=out)
    assert "revoked" in out.getvalue()
    assert get("/funds", Authorization=f"Bearer {plain}").status_code == 401


def test_a_token_without_a_name_is_named_in_swedish(personas):
    from django.utils import translation

    with translation.override("en"):  # whatever the shell's language: the site's, Swedish
        call_command("api_token", "auditor", stdout=io.StringIO())
    assert ApiToken.objects.get(user=personas["auditor"]).name == "API-nyckel"


def test_the_management_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError):
        call_command("api_token", "nobody", stdout=io.StringIO())
