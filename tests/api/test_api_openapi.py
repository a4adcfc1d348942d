"""The OpenAPI document lists exactly the routes (and methods) that exist."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1"
# the schema, the docs page, and the root (django-ninja's marker for its base path: 404)
NOT_OPERATIONS = {f"{PREFIX}/openapi.json", f"{PREFIX}/docs", PREFIX}
METHODS = ["get", "post", "put", "patch", "delete"]


def routes(patterns=None, prefix: str = "/") -> set[str]:
    """Every URL of the resolver, with ``<conv:name>`` written ``{name}``."""
    out: set[str] = set()
    for p in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(p.pattern).lstrip("^").rstrip("$")
        if isinstance(p, URLResolver):
            out |= routes(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            out.add(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route))
    return out


@pytest.fixture
def openapi():
    response = Client().get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_openapi_document_lists_exactly_the_routes_that_exist(openapi):
    existing = {r.rstrip("/") for r in routes() if r.startswith(PREFIX + "/")}
    assert set(openapi["paths"]) == existing - NOT_OPERATIONS


def test_every_documented_method_exists_and_no_other(openapi, personas):
    from socinv.api.services import create_token

    _t, plain = create_token(acting_user=None, user=personas["owner"], name="x")
    client = Client()
    for path, operations in openapi["paths"].items():
        url = re.sub(r"\{\w+\}", "1", path)
        for method in METHODS:
            response = client.generic(
                method.upper(), url, headers={"Authorization": f"Bearer {plain}"}
            )
            if method in operations:
                assert response.status_code != 405, (method, path)
            else:
                assert response.status_code == 405, (method, path)


def test_both_ways_in_are_documented(openapi):
    schemes = openapi["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["SessionAuth"]["in"] == "cookie"
    for operations in openapi["paths"].values():
        for op in operations.values():
            assert {name for s in op["security"] for name in s} == {"TokenAuth", "SessionAuth"}
            assert "401" in op["responses"]


def test_the_docs_page_is_served():
    response = Client().get(f"{PREFIX}/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content
