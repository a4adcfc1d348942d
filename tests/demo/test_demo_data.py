"""The demo data (`socinv demo`): what it loads, and that it never touches a database that
already holds an organisation."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from socinv.accounts.models import Membership, Role
from socinv.demo import DEMO_PASSWORD, DEMO_USERS
from socinv.demo.services import RISK_BOUNDS, load_demo
from socinv.fund import selectors
from socinv.fund.models import Fund, LedgerEntry
from socinv.fund.services import verify_fund
from socinv.organisation.models import Board, Organisation, Stakeholder
from socinv.projects.models import Project, ProjectMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def fast_hasher(settings):
    # The demo creates seven users; a cheap hasher keeps these tests quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(fast_hasher):
    out = io.StringIO()
    assert load_demo(out) is True
    return out.getvalue()


def test_it_loads_the_demo_into_an_empty_database(demo):
    org = Organisation.objects.get()
    assert org.name == "Exempelkommun"
    assert Board.objects.filter(organisation=org).count() == 5
    assert all(board.departments.count() == 1 for board in Board.objects.all())
    keys = set(Stakeholder.objects.values_list("key", flat=True))
    assert {
        "kommun/socialnamnd",
        "kommun/utbildningsnamnd",
        "region",
        "forsakringskassan",
        "arbetsformedlingen",
        "kriminalvarden",
        "individ",
    } <= keys
    fund = Fund.objects.get()
    assert fund.economic_model == "repayment"
    assert fund.write_down_bearer == "central"
    assert fund.risk_policy == "steered"
    assert fund.decision_body == "Kommunfullmäktige" and fund.decision_dnr
    assert fund.risk_bounds.count() == 3
    # eight funded or applied-for projects, plus one idea waiting for the steering group
    assert Project.objects.count() == 10
    idea = Project.objects.get(application__stage="idea_submitted")
    assert idea.title == "Familjecentral i Norra stadsdelen"
    assert "Exempelkommun" in demo and DEMO_PASSWORD in demo


def test_its_projects_cover_the_types_routes_risk_classes_and_phases(demo):
    projects = Project.objects.exclude(application__stage="idea_submitted")
    assert {p.type for p in projects} == set(Project.Type.values)
    assert {p.route for p in projects} == set(Project.Route.values)
    assert {p.risk_class for p in projects} == set(Project.RiskClass.values)
    assert {p.phase for p in projects} == set(Project.Phase.values)
    assert projects.exclude(applicant_organisation="").count() == 1
    joint = Project.objects.get(title__startswith="Tillbaka till skolan")
    assert {b.code for b in joint.responsible_boards.all()} == {"socialnamnd", "utbildningsnamnd"}


def test_every_calculation_is_stored_and_uses_the_demo_stakeholders(demo):
    keys = set(Stakeholder.objects.values_list("key", flat=True))
    for project in Project.objects.exclude(application__stage="idea_submitted"):
        assert project.calculation_result is not None, project.title
        assert project.success_probability is not None
        used = set(project.calculation_result["stakeholders"])
        assert used <= keys, (project.title, used - keys)
    skolstod = Project.objects.get(title="Skolstöd för familjehemsplacerade barn")
    assert skolstod.calculation_result["perspectives"]["municipal"]["npv"] > 0


def test_its_ledger_verifies(demo):
    fund = Fund.objects.get()
    assert verify_fund(fund) == []
    out = io.StringIO()
    call_command("ledger_verify", stdout=out)
    assert "OK" in out.getvalue()


def test_its_balances_are_plausible(demo):
    fund = Fund.objects.get()
    entries = LedgerEntry.objects.filter(fund=fund)
    # two write-downs, both borne centrally: at closing (aterfall) and at wind-down (digital)
    assert entries.filter(type="write_down").count() == 2
    assert set(entries.filter(type="write_down").values_list("bearer", flat=True)) == {"central"}
    assert entries.filter(type="release").count() == 2
    assert entries.filter(type="reversal").count() == 1
    assert entries.filter(type="repayment").exclude(board=None).count() >= 5
    assert {e.date.year for e in entries} == {2023, 2024, 2025, 2026}
    assert all(e.decision_body == "Kommunfullmäktige" for e in entries.filter(type="contribution"))
    totals = selectors.fund_totals(fund)
    assert totals.contributions == 40_000_000_00
    assert 0 <= totals.available <= totals.contributions + totals.repayments
    assert totals.outstanding >= 0 and totals.receivable >= 0
    balances = selectors.fund_balances(fund)
    assert all(t.receivable >= 0 and t.outstanding >= 0 for t in balances.by_project.values())


def test_its_risk_spread_keeps_the_policy(demo):
    spread = selectors.risk_spread(Fund.objects.get())
    total = sum(spread.values())
    for risk_class, (low, high) in RISK_BOUNDS.items():
        assert low <= spread[risk_class] / total <= high, risk_class


def test_every_role_has_a_demo_user(demo):
    User = get_user_model()
    held = set(Membership.objects.values_list("role", flat=True))
    assert held == set(Role.values)
    for username, (role, _first, _last) in DEMO_USERS.items():
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert Membership.objects.filter(user=user, role=role).exists()
        assert user.is_staff == (role in {"administrator", "auditor"})
    assert not User.objects.filter(is_superuser=True).exists()


def test_project_parts_are_linked_to_suitable_projects(demo):
    parts = set(ProjectMember.objects.values_list("user__username", "role"))
    assert {
        ("projektledare", "leader"),
        ("utvarderare", "evaluator"),
        ("extern", "applicant"),
    } <= parts
    application = ProjectMember.objects.get(role="applicant").project
    assert application.applicant_organisation and application.phase == "application"


def test_it_refuses_a_database_that_holds_an_organisation_and_changes_nothing(fast_hasher):
    Organisation.objects.create(name="Egen kommun", kind="municipality")
    users_before = get_user_model().objects.count()
    out = io.StringIO()
    assert load_demo(out) is False
    assert "Egen kommun" in out.getvalue()
    assert Organisation.objects.count() == 1
    assert not Fund.objects.exists() and not Board.objects.exists()
    assert get_user_model().objects.count() == users_before


def test_the_command_says_so_and_succeeds_when_it_refuses(demo):
    out = io.StringIO()
    call_command("demo", stdout=out)  # no CommandError: exit status 0
    assert "Exempelkommun" in out.getvalue()
    assert Organisation.objects.count() == 1
    assert LedgerEntry.objects.count() == Fund.objects.get().ledger_count


# Who the demo acts as: the demo user who holds the role (the services check it themselves)
ACTED_BY = {
    "applications.Application": {"projektledare"},  # the idea
    "applications.Indicator": {"projektledare", "ekonom"},
    "followup.Measurement": {"projektledare", "ekonom"},
    "phases.GatePassage": {"agare"},
    "review.Review": {"agare"},
    "review.Decision": {"agare"},
    "review.DecisionYear": {"agare"},
    "evaluation.EvaluationEntry": {"utvarderare"},
    "evaluation.Response": {"projektledare", "agare"},
    "evaluation.FinalReport": {"utvarderare"},
    "savings.RealisedSaving": {"ekonom"},
    "savings.RepaymentConfirmation": {"ekonom"},
    "calculation.ExPostCalculation": {"ekonom"},
    "scaleup.Adoption": {"agare"},
    "scaleup.MultiplierEffect": {"agare"},
}


def test_it_acts_as_the_demo_user_who_holds_the_role(demo):
    from django.apps import apps

    for label, usernames in ACTED_BY.items():
        history = apps.get_model(label).history.model.objects
        acted = set(history.values_list("history_user__username", flat=True))
        assert acted == usernames, label
    # the steering group's decisions book their commitments; the economist books the rest
    booked = set(LedgerEntry.objects.values_list("type", "recorded_by__username"))
    assert {who for kind, who in booked if kind == "commitment"} == {"agare"}
    assert {who for kind, who in booked if kind != "commitment"} == {"ekonom"}
    calculated_by = dict(Project.objects.values_list("title", "calculation_updated_by__username"))
    assert calculated_by["Skolstöd för familjehemsplacerade barn"] == "projektledare"
    assert calculated_by["Läxhjälp och mentorer i föreningsregi"] == "extern"
    assert calculated_by["Samordnad rehabilitering – vägen tillbaka"] == "ekonom"
