"""Fixed personas for permission tests (the Healthchecks way): one organisation with a
fund and projects, a user per role, project members, a user of another organisation and
an outsider. Use ``personas`` in any test marked ``django_db``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest

PASSWORD = "Hemligt-lösen-2026"


@dataclass
class Personas:
    organisation: object
    fund: object
    social_board: object
    school_board: object
    own_project: object  # led by project_leader, evaluated by evaluator
    other_project: object  # nobody's but the fund-wide roles'
    application: object  # an external applicant's, in the application phase
    users: dict = field(default_factory=dict)
    other_organisation: object = None
    other_fund: object = None

    def __getitem__(self, role: str):
        return self.users[role]


ROLES = [
    "administrator",
    "owner",
    "economist",
    "project_leader",
    "evaluator",
    "auditor",
    "external",
    "outsider",
    "other_owner",
]


def make_personas() -> Personas:
    from django.contrib.auth import get_user_model

    from socinv.accounts.models import Membership
    from socinv.fund.models import Fund
    from socinv.organisation.models import Organisation
    from socinv.organisation.services import create_board_at_setup
    from socinv.projects.models import Project, ProjectMember

    User = get_user_model()
    org = Organisation.objects.create(name="Exempelkommun", kind=Organisation.Kind.MUNICIPALITY)
    social = create_board_at_setup(organisation=org, name="Socialnämnden", code="socialnamnd")
    school = create_board_at_setup(
        organisation=org, name="Utbildningsnämnden", code="utbildningsnamnd"
    )
    fund = Fund.objects.create(
        organisation=org,
        name="Sociala investeringsfonden",
        decision_body="Kommunfullmäktige",
        decision_date=datetime.date(2025, 11, 20),
        decision_dnr="KS 2025/117",
    )
    own = Project.objects.create(
        fund=fund, title="Skolstöd för familjehemsplacerade barn", phase="implementation"
    )
    own.responsible_boards.add(social)
    other = Project.objects.create(fund=fund, title="Tidiga insatser mot skolfrånvaro")
    other.responsible_boards.add(social, school)
    application = Project.objects.create(
        fund=fund,
        title="Läxhjälp i föreningsregi",
        applicant_organisation="Föreningen Läxhjälpen",
        phase="application",
    )
    application.responsible_boards.add(school)

    other_org = Organisation.objects.create(name="Grannkommun", kind=Organisation.Kind.MUNICIPALITY)
    other_fund = Fund.objects.create(organisation=other_org, name="Grannfonden")

    users = {role: User.objects.create_user(role, password=PASSWORD) for role in ROLES}
    for role in ["administrator", "owner", "economist", "auditor"]:
        Membership.objects.create(user=users[role], organisation=org, role=role)
    Membership.objects.create(user=users["project_leader"], organisation=org, role="project_leader")
    Membership.objects.create(user=users["evaluator"], organisation=org, role="evaluator")
    Membership.objects.create(user=users["external"], organisation=org, role="external")
    Membership.objects.create(user=users["other_owner"], organisation=other_org, role="owner")
    ProjectMember.objects.create(project=own, user=users["project_leader"], role="leader")
    ProjectMember.objects.create(project=own, user=users["evaluator"], role="evaluator")
    ProjectMember.objects.create(project=application, user=users["external"], role="applicant")
    for role in ["administrator", "auditor"]:
        users[role].is_staff = True
        users[role].save(update_fields=["is_staff"])
    return Personas(
        org, fund, social, school, own, other, application, users, other_org, other_fund
    )


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Personas are made for hundreds of tests: hash their passwords cheaply (tests only)."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def personas(db) -> Personas:
    return make_personas()
