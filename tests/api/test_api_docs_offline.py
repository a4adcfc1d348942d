"""The API docs page loads nothing from the internet: Swagger UI comes from our static files."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_docs_page_loads_swagger_from_our_own_static_files(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui-bundle.js" in s for s in sources)
    assert not [s for s in sources if s.startswith(("http://", "https://", "//"))], sources
    assert client.get(next(s for s in sources if "swagger-ui-bundle.js" in s)).status_code == 200
