"""The application workflow's rules, each from both sides (through the services)."""

from __future__ import annotations

import pytest
from application_helpers import complete, full_draft, idea
from django.core.exceptions import PermissionDenied

from socinv.applications import rules, services
from socinv.applications.models import Application, ApplicationSettings
from socinv.core.problems import Refused
from socinv.projects.models import ProjectMember

pytestmark = pytest.mark.django_db
S = Application.Stage


@pytest.fixture(autouse=True)
def _english():
    """The messages are asserted in English here (Swedish is checked once, below)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_creating_an_idea_makes_a_project_in_the_application_phase_led_by_its_creator(personas):
    application = idea(personas)
    project = application.project
    assert project.phase == "application"
    assert application.stage == S.IDEA_DRAFT
    assert list(project.responsible_boards.all()) == [personas.social_board]
    member = ProjectMember.objects.get(project=project)
    assert (member.user, member.role) == (personas["project_leader"], "leader")
    assert personas["project_leader"].has_perm("projects.change_project", project)


def test_the_changes_are_attributed_to_the_acting_user_in_the_history(personas):
    application = idea(personas)
    assert application.history.latest().history_user == personas["project_leader"]
    assert application.project.history.latest().history_user == personas["project_leader"]
    services.update_application(application, acting_user=personas["owner"], need="Ändrat behov.")
    assert application.history.latest().history_user == personas["owner"]


@pytest.mark.parametrize(
    "role", ["evaluator", "auditor", "external", "outsider", "other_owner", "administrator"]
)
def test_it_refuses_ideas_from_users_who_may_not_submit_them(personas, role):
    with pytest.raises(PermissionDenied):
        idea(personas, personas[role])
    assert not Application.objects.exists()


def test_a_civil_society_organisation_may_apply_where_the_fund_allows_it(personas):
    personas.fund.civil_society_may_apply = True
    personas.fund.save()
    application = idea(
        personas, personas["external"], applicant_organisation="Föreningen Läxhjälpen"
    )
    project = application.project
    assert project.applicant_organisation == "Föreningen Läxhjälpen"
    member = ProjectMember.objects.get(project=project)
    assert member.role == "applicant"


def test_an_external_applicant_must_name_the_organisation(personas):
    personas.fund.civil_society_may_apply = True
    personas.fund.save()
    with pytest.raises(Refused) as refused:
        idea(personas, personas["external"])
    assert [(r.code, r.field) for r in refused.value.refusals] == [
        ("organisation_required", "applicant_organisation")
    ]
    assert not Application.objects.exists()


def test_it_refuses_civil_society_applicants_where_the_fund_does_not_allow_them(personas):
    # the fund does not admit civil society: an internal user cannot name one either
    with pytest.raises(Refused, match="civil") as refused:
        idea(personas, applicant_organisation="Föreningen Läxhjälpen")
    assert [(r.code, r.field) for r in refused.value.refusals] == [
        ("civil_society_not_admitted", "applicant_organisation")
    ]
    application = idea(personas)
    with pytest.raises(Refused) as refused:
        services.update_application(
            application, acting_user=personas["project_leader"], applicant_organisation="Förening"
        )
    assert refused.value.codes == ["civil_society_not_admitted"]
    application.project.refresh_from_db()
    assert application.project.applicant_organisation == ""


def test_submission_is_refused_when_the_fund_stops_admitting_civil_society(personas):
    personas.fund.civil_society_may_apply = True
    personas.fund.save()
    application = idea(personas, personas["external"], applicant_organisation="Föreningen")
    personas.fund.civil_society_may_apply = False
    personas.fund.save()
    application.project.fund.refresh_from_db()
    with pytest.raises(Refused):
        services.submit_idea(application, acting_user=personas["external"])


def test_an_idea_needs_the_funds_minimum_of_boards(personas):
    personas.fund.min_boards = 2
    personas.fund.save()
    application = idea(personas)
    assert any("2" in item for item in rules.missing_items(application))
    with pytest.raises(Refused):
        services.submit_idea(application, acting_user=personas["project_leader"])
    services.update_application(
        application,
        acting_user=personas["project_leader"],
        boards=[personas.social_board, personas.school_board],
    )
    assert rules.missing_items(application) == []
    services.submit_idea(application, acting_user=personas["project_leader"])
    assert application.stage == S.IDEA_SUBMITTED


def test_nothing_is_submitted_while_something_is_missing(personas):
    application = idea(personas, need="", intervention="")
    missing = rules.missing_items(application)
    assert len(missing) == 2
    with pytest.raises(Refused) as info:
        services.submit_idea(application, acting_user=personas["project_leader"])
    assert [r.message for r in info.value.refusals] == missing
    assert [(r.code, r.field) for r in info.value.refusals] == [
        ("required", "need"),
        ("required", "intervention"),
    ]
    assert [(r.code, r.field) for r in rules.missing_refusals(application)] == [
        ("required", "need"),
        ("required", "intervention"),
    ]
    application.refresh_from_db()
    assert application.stage == S.IDEA_DRAFT


def test_missing_items_are_in_swedish_by_default(personas):
    from django.utils import translation

    application = idea(personas, need="")
    with translation.override("sv"):
        assert rules.missing_items(application) == ["Beskriv behovet."]


def test_the_steering_group_says_go_with_who_and_when(personas):
    application = idea(personas)
    services.submit_idea(application, acting_user=personas["project_leader"])
    services.decide_idea(application, acting_user=personas["owner"], go=True, comment="Kör!")
    application.refresh_from_db()
    assert application.stage == S.IDEA_APPROVED
    assert application.idea_decided_by == personas["owner"]
    assert application.idea_decided_at is not None
    assert application.idea_decision_comment == "Kör!"


def test_a_no_go_needs_a_comment_and_ends_the_application(personas):
    application = idea(personas)
    services.submit_idea(application, acting_user=personas["project_leader"])
    with pytest.raises(Refused) as refused:
        services.decide_idea(application, acting_user=personas["owner"], go=False, comment=" ")
    assert [(r.code, r.field) for r in refused.value.refusals] == [
        ("no_go_needs_comment", "comment")
    ]
    application.refresh_from_db()
    assert application.stage == S.IDEA_SUBMITTED
    services.decide_idea(
        application, acting_user=personas["owner"], go=False, comment="Finns redan."
    )
    assert application.stage == S.IDEA_REJECTED
    with pytest.raises(Refused) as refused:
        services.start_full_application(application, acting_user=personas["project_leader"])
    assert [(r.code, r.field) for r in refused.value.refusals] == [("wrong_stage", None)]


@pytest.mark.parametrize(
    "role", ["project_leader", "economist", "evaluator", "auditor", "other_owner"]
)
def test_only_the_steering_group_decides_on_ideas(personas, role):
    application = idea(personas)
    services.submit_idea(application, acting_user=personas["project_leader"])
    with pytest.raises(PermissionDenied):
        services.decide_idea(application, acting_user=personas[role], go=True, comment="")


def test_an_idea_is_decided_once(personas):
    application = idea(personas)
    with pytest.raises(Refused):  # not yet submitted
        services.decide_idea(application, acting_user=personas["owner"], go=True, comment="")
    services.submit_idea(application, acting_user=personas["project_leader"])
    services.decide_idea(application, acting_user=personas["owner"], go=True, comment="")
    with pytest.raises(Refused):
        services.decide_idea(application, acting_user=personas["owner"], go=False, comment="Nej")


def test_a_submitted_idea_cannot_be_changed(personas):
    application = idea(personas)
    services.submit_idea(application, acting_user=personas["project_leader"])
    with pytest.raises(Refused):
        services.update_application(application, acting_user=personas["project_leader"], need="x")


def test_a_one_stage_fund_starts_at_the_full_application(personas):
    ApplicationSettings.objects.create(fund=personas.fund, two_stage=False)
    application = idea(personas)
    assert application.stage == S.FULL_DRAFT
    with pytest.raises(Refused):
        services.submit_idea(application, acting_user=personas["project_leader"])


def test_a_complete_full_application_is_submitted(personas):
    application = full_draft(personas)
    assert application.stage == S.FULL_DRAFT
    assert len(rules.missing_items(application)) > 5
    complete(application, personas["project_leader"])
    assert rules.missing_items(application) == []
    services.submit_full_application(application, acting_user=personas["project_leader"])
    assert application.stage == S.SUBMITTED
    assert application.submitted_by == personas["project_leader"]


def test_the_full_application_lists_everything_missing_at_once(personas):
    application = full_draft(personas)
    with pytest.raises(Refused) as info:
        services.submit_full_application(application, acting_user=personas["project_leader"])
    messages = [r.message for r in info.value.refusals]
    where = {(r.code, r.field) for r in info.value.refusals}
    assert {
        ("required", "needs_analysis"),
        ("required", "budget_years"),
        ("required", "calculation_toml"),
        ("evidence_level_missing", "statements"),
        ("indicator_level_missing", "indicators"),
    } <= where
    assert "Write the needs analysis." in messages
    assert "Give the budget per year." in messages
    assert "The calculation is missing." in messages
    assert sum("evidence chain" in m for m in messages) == 6
    application.refresh_from_db()
    assert application.stage == S.FULL_DRAFT


def test_the_full_application_needs_the_funds_minimum_of_boards(personas):
    application = full_draft(personas)
    complete(application, personas["project_leader"])
    personas.fund.min_boards = 2
    personas.fund.save()
    application.project.fund.refresh_from_db()
    with pytest.raises(Refused, match="boards"):
        services.submit_full_application(application, acting_user=personas["project_leader"])
    complete(
        application,
        personas["project_leader"],
        boards=[personas.social_board, personas.school_board],
    )
    services.submit_full_application(application, acting_user=personas["project_leader"])


@pytest.mark.parametrize(
    ("cost", "scientific", "accepted"),
    [(25_000_000, True, True), (0, True, False), (None, True, False), (25_000_000, False, False)],
)
def test_a_budget_at_the_threshold_must_include_a_scientific_evaluation(
    personas, cost, scientific, accepted
):
    ApplicationSettings.objects.create(
        fund=personas.fund, scientific_evaluation_threshold_ore=200_000_000
    )
    application = full_draft(personas)
    # 2 × 1 000 000 kr = exactly the threshold
    complete(
        application,
        personas["project_leader"],
        evaluation_cost_ore=cost,
        evaluation_scientific=scientific,
    )
    scientific_missing = any("scientific" in m for m in rules.missing_items(application))
    assert scientific_missing is not accepted


def test_a_budget_below_the_threshold_needs_no_scientific_evaluation(personas):
    ApplicationSettings.objects.create(
        fund=personas.fund, scientific_evaluation_threshold_ore=200_000_001
    )
    application = full_draft(personas)
    complete(
        application,
        personas["project_leader"],
        evaluation_cost_ore=None,
        evaluation_scientific=False,
    )
    assert rules.missing_items(application) == []


def test_indicators_need_unit_baseline_and_target(personas):
    application = full_draft(personas)
    complete(
        application,
        personas["project_leader"],
        indicators=[
            {
                "level": "outputs",
                "name": "Antal",
                "unit": "",
                "direction": "higher",
                "reporting_frequency": "yearly",
            },
            {
                "level": "outcomes",
                "name": "Andel",
                "unit": "%",
                "direction": "higher",
                "reporting_frequency": "yearly",
                "baseline_value": 1.5,
                "baseline_source": "SCB",
                "baseline_date": "2026-01-01",
                "target_value": 3.0,
            },
        ],
    )
    missing = rules.missing_items(application)
    assert missing == [
        "The indicator “Antal” needs a unit, a baseline with its source and date, and a target."
    ]


def test_indicators_and_statements_hang_on_the_project(personas):
    application = full_draft(personas)
    complete(application, personas["project_leader"])
    project = application.project
    assert project.evidence_statements.count() == 6
    assert project.indicators.count() == 2
    assert project.indicators.get(level="outcomes").baseline_value == 10.0


def test_a_submitted_application_can_be_returned_for_completion(personas):
    application = full_draft(personas)
    complete(application, personas["project_leader"])
    services.submit_full_application(application, acting_user=personas["project_leader"])
    with pytest.raises(PermissionDenied):
        services.mark_returned(application, acting_user=personas["project_leader"], comment="x")
    application.refresh_from_db()
    assert application.stage == S.SUBMITTED
    with pytest.raises(Refused) as refused:
        services.mark_returned(application, acting_user=personas["owner"], comment=" ")
    assert [(r.code, r.field) for r in refused.value.refusals] == [
        ("return_needs_comment", "comment")
    ]
    services.mark_returned(
        application, acting_user=personas["owner"], comment="Komplettera kalkylen."
    )
    assert application.stage == S.FULL_DRAFT
    assert application.returned_comment == "Komplettera kalkylen."


@pytest.mark.parametrize("role", ["evaluator", "auditor", "economist", "outsider", "other_owner"])
def test_only_the_leader_applicant_and_owner_change_an_application(personas, role):
    application = full_draft(personas)
    with pytest.raises(PermissionDenied):
        services.update_application(application, acting_user=personas[role], need="x")
    application.refresh_from_db()
    assert application.need == "Låga skolresultat."


@pytest.mark.parametrize("role", ["evaluator", "auditor", "economist", "external", "outsider"])
def test_only_the_leader_and_owner_take_an_application_through_its_stages(personas, role):
    """Each step checks its own permission: nothing moves for a user without it."""
    user = personas[role]
    application = idea(personas)
    with pytest.raises(PermissionDenied):
        services.submit_idea(application, acting_user=user)
    application.refresh_from_db()
    assert application.stage == S.IDEA_DRAFT
    services.submit_idea(application, acting_user=personas["project_leader"])
    with pytest.raises(PermissionDenied):
        services.decide_idea(application, acting_user=user, go=True, comment="")
    services.decide_idea(application, acting_user=personas["owner"], go=True, comment="")
    with pytest.raises(PermissionDenied):
        services.start_full_application(application, acting_user=user)
    application.refresh_from_db()
    assert application.stage == S.IDEA_APPROVED
    services.start_full_application(application, acting_user=personas["project_leader"])
    complete(application, personas["project_leader"])
    with pytest.raises(PermissionDenied):
        services.submit_full_application(application, acting_user=user)
    application.refresh_from_db()
    assert application.stage == S.FULL_DRAFT and application.submitted_at is None


def test_the_application_records_are_in_the_organisations_audit_trail(personas):
    from socinv.audit.selectors import audit_events

    application = full_draft(personas)
    complete(application, personas["project_leader"])
    events = audit_events(personas.organisation)
    types = {e.model for e in events}
    assert {
        "applications.application",
        "applications.budgetyear",
        "applications.evidencestatement",
        "applications.indicator",
    } <= types
    ours = [e for e in events if e.model == "applications.application"]
    assert {e.user for e in ours} == {personas["project_leader"], personas["owner"]}
    assert not [
        e for e in audit_events(personas.other_organisation) if e.model.startswith("applications.")
    ]
