"""Clients for the API: one per persona and way in (a bearer token or the session)."""

from __future__ import annotations

import pytest
from django.test import Client

from socinv.api.services import create_token

BASE = "/api/v1"


class ApiClient:
    """Django's test client speaking JSON to /api/v1/, as one persona."""

    def __init__(self, user=None, how: str = "token"):
        self.client = Client()
        self.headers: dict[str, str] = {}
        if user is not None and how == "token":
            _token, plain = create_token(acting_user=None, user=user, name="test")
            self.headers["Authorization"] = f"Bearer {plain}"
        elif user is not None:
            self.client.force_login(user)

    def get(self, path: str, **params):
        return self.client.get(BASE + path, params, headers=self.headers)

    def post(self, path: str, body):
        return self.client.post(
            BASE + path, body, content_type="application/json", headers=self.headers
        )

    def method(self, method: str, path: str, body=None):
        return self.client.generic(
            method,
            BASE + path,
            data=b"{}" if body is None else body,
            content_type="application/json",
            headers=self.headers,
        )


@pytest.fixture
def api_as(personas):
    """``api_as("owner")`` or ``api_as("owner", "session")``; ``api_as(None)``: anonymous."""

    def make(role: str | None, how: str = "token") -> ApiClient:
        return ApiClient(None if role is None else personas[role], how)

    return make


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' passwords are hashed with PBKDF2 otherwise: seconds per test here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
