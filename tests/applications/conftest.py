"""Fixtures of the application tests; the helpers are in application_helpers.py."""

from __future__ import annotations

import pytest
from application_helpers import full_draft, idea


@pytest.fixture
def leader_idea(personas):
    return idea(personas)


@pytest.fixture
def leader_full(personas):
    return full_draft(personas)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
