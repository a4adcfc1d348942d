from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLE = Path("/work/shared/examples/skolstod.toml")
if not EXAMPLE.exists():  # a checkout of the project keeps a copy next to the spec
    EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "skolstod-familjehem.toml"


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
