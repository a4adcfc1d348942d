"""Projects store their calculation and the engine's results."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from socinv.accounts.models import Membership
from socinv.core.problems import Refused
from socinv.fund.models import Fund
from socinv.organisation.models import Organisation
from socinv.organisation.services import create_board_at_setup
from socinv.projects.models import Project
from socinv.projects.services import set_calculation

pytestmark = pytest.mark.django_db

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@pytest.fixture
def project():
    kommun = Organisation.objects.create(name="Exempelkommun", kind="municipality")
    fund = Fund.objects.create(organisation=kommun, name="Fonden")
    return Project.objects.create(fund=fund, title="Skolstöd", type=Project.Type.METHOD_TRIAL)


@pytest.fixture
def user(project):
    economist = get_user_model().objects.create_user("ekonom")
    Membership.objects.create(
        user=economist, organisation=project.fund.organisation, role="economist"
    )
    return economist


def test_it_stores_the_calculation_with_the_engines_results(project, user):
    text = (SHARED / "examples" / "skolstod.toml").read_text(encoding="utf-8")
    set_calculation(acting_user=user, project=project, toml_text=text)
    project.refresh_from_db()
    municipal = project.calculation_result["perspectives"]["municipal"]
    assert municipal["npv"] == pytest.approx(5_606_960.89, abs=0.01)
    assert project.calculation_result["repayment"]["repaid_by_year"] == 2
    assert project.success_probability == 0.6
    assert project.calculation_toml == text
    assert project.calculation_updated_by == user
    assert project.calculation_updated_at is not None


def test_a_broken_calculation_names_every_field_and_stores_nothing(project, user):
    bad = 'name = "x"\nstart_year = 2026\nhorizon = 0\ndiscount_rat = 0.03\n'
    with pytest.raises(Refused) as exc:
        set_calculation(acting_user=user, project=project, toml_text=bad)
    assert exc.value.codes == ["unknown_key_suggestion", "too_small", "required", "required"]
    assert {r.field for r in exc.value.refusals} == {"toml_text"}
    messages = [r.message for r in exc.value.refusals]
    assert any(m.startswith("horizon:") for m in messages)
    assert any(m.startswith("discount_rat:") for m in messages)
    assert any(m.startswith("stakeholders:") for m in messages)
    project.refresh_from_db()
    assert project.calculation_toml == "" and project.calculation_result is None


def test_a_project_has_one_applicant_board_or_organisation(project):
    kommun = project.fund.organisation
    board = create_board_at_setup(organisation=kommun, name="Socialnämnden", code="socialnamnd")
    project.applicant_board = board
    project.applicant_organisation = "Föreningen Läxhjälpen"
    with pytest.raises(IntegrityError), transaction.atomic():
        project.save()
