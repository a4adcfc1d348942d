from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# the worked example lives in shared/ beside the repository (as CI lays it out)
EXAMPLE = REPO.parent / "shared" / "examples" / "skolstod.toml"
if not EXAMPLE.exists():  # without shared/: the project's own copy
    EXAMPLE = REPO / "examples" / "skolstod-familjehem.toml"


@pytest.fixture
def skolstod_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def catalogue(personas):
    """The worked example's stakeholders in the test organisation's catalogue (the two
    boards already exist: create_board made them)."""
    from socinv.organisation.models import Stakeholder

    org = personas.organisation
    Stakeholder.objects.create(
        organisation=org,
        key="stat/forsakringskassan",
        name="Försäkringskassan",
        public=True,
        kind=Stakeholder.Kind.STATE_AGENCY,
    )
    Stakeholder.objects.create(
        organisation=org, key="individ", name="Individen", kind=Stakeholder.Kind.INDIVIDUAL
    )
    return {s.key: s for s in Stakeholder.objects.filter(organisation=org)}
