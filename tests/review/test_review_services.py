"""The review and decision services: the checklist, the review's rules, the portfolio
preview (hand-checked numbers), and every rule of a decision with its ledger bookings."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from tests.ledger_helpers import record_attested

from socinv.core.ledger import Decision as LedgerDecision
from socinv.core.problems import Refused
from socinv.fund.models import Fund, LedgerEntry, RiskBound
from socinv.fund.selectors import fund_totals
from socinv.projects.models import Project, ProjectMember
from socinv.review import selectors, services
from socinv.review.checklist import DEFAULT_CHECKLIST
from socinv.review.models import ChecklistQuestion, Decision, Review

pytestmark = pytest.mark.django_db

D = datetime.date(2026, 3, 1)
KF = LedgerDecision("Kommunfullmäktige", datetime.date(2026, 2, 20), "KS 2026/117")
NBSP = "\u00a0"


def contribute(p, ore):
    return record_attested(
        acting_user=p["economist"],
        fund=p.fund,
        type="contribution",
        date=D,
        amount_ore=ore,
        decision=KF,
    )


def commit(p, project, ore):
    return record_attested(
        acting_user=p["economist"],
        fund=p.fund,
        type="commitment",
        date=D,
        amount_ore=ore,
        project=project,
        decision=KF,
    )


def approve(p, project=None, years=None, **over):
    kwargs = dict(
        acting_user=p["owner"],
        project=project or p.application,
        body="steering_group",
        date=datetime.date(2026, 5, 4),
        dnr="KS 2026/200",
        outcome="approved",
        years=years if years is not None else {2026: 400_000_00, 2027: 300_000_00},
        repayment_method="share_of_savings",
        repayment_share=0.5,
        repayment_start_year=2028,
    )
    kwargs.update(over)
    return services.decide(**kwargs)


# --- the checklist ------------------------------------------------------------------------


def test_the_default_checklist_is_created_once_with_the_four_areas(personas):
    fund = personas.fund
    questions = services.ensure_default_checklist(fund, acting_user=personas["owner"])
    assert len(questions) == sum(len(q) for _a, q in DEFAULT_CHECKLIST)
    assert {q.area for q in questions} == {"why", "ownership", "organisation", "knowledge"}
    for _area, texts in DEFAULT_CHECKLIST:
        assert 3 <= len(texts) <= 4
    again = services.ensure_default_checklist(fund, acting_user=personas["owner"])
    assert [q.pk for q in again] == [q.pk for q in questions]
    assert ChecklistQuestion.objects.filter(fund=personas.other_fund).count() == 0


def test_a_fund_that_edited_its_checklist_keeps_it(personas):
    fund = personas.fund
    ChecklistQuestion.objects.create(fund=fund, area="why", text="Egen fråga?", order=1)
    questions = services.ensure_default_checklist(fund, acting_user=personas["owner"])
    assert [q.text for q in questions] == ["Egen fråga?"]


@pytest.mark.parametrize("role", ["economist", "auditor", "project_leader", "other_owner"])
def test_only_a_reviewer_creates_the_default_checklist(personas, role):
    with pytest.raises(PermissionDenied):
        services.ensure_default_checklist(personas.fund, acting_user=personas[role])
    assert not ChecklistQuestion.objects.exists()


# --- review ---------------------------------------------------------------------------------


def test_a_review_sets_the_projects_risk_class_and_keeps_the_answers(personas):
    p = personas
    questions = services.ensure_default_checklist(p.fund, acting_user=p["owner"])
    review = services.save_review(
        acting_user=p["owner"],
        project=p.application,
        risk_class="high",
        risk_rationale="Ny metod utan svensk evidens.",
        recommendation="approve_with_conditions",
        answers={questions[0].pk: ("yes", "Behovsanalysen 2025"), questions[1].pk: ("no", "")},
    )
    p.application.refresh_from_db()
    assert p.application.risk_class == "high"
    assert {a.question_id: a.answer for a in review.answers.all()} == {
        questions[0].pk: "yes",
        questions[1].pk: "no",
    }
    assert review.history.latest().history_user == p["owner"]


def test_it_requires_a_risk_rationale(personas):
    p = personas
    with pytest.raises(Refused) as refused:
        services.save_review(
            acting_user=p["owner"], project=p.application, risk_class="low", risk_rationale="  "
        )
    assert "risk_rationale" in refused.value.errors
    assert [(r.code, r.field) for r in refused.value.refusals] == [
        ("risk_rationale_required", "risk_rationale")
    ]
    assert Review.objects.count() == 0
    p.application.refresh_from_db()
    assert p.application.risk_class == ""


@pytest.mark.parametrize(
    "role", ["economist", "evaluator", "auditor", "project_leader", "external"]
)
def test_only_the_owner_reviews(personas, role):
    with pytest.raises(PermissionDenied):
        services.save_review(
            acting_user=personas[role],
            project=personas.application,
            risk_class="low",
            risk_rationale="x",
        )
    assert Review.objects.count() == 0
    personas.application.refresh_from_db()
    assert personas.application.risk_class == ""


def test_a_review_names_every_reason_with_its_code_and_field(personas):
    p = personas
    question = services.ensure_default_checklist(p.fund, acting_user=p["owner"])[0]
    with pytest.raises(Refused) as refused:
        services.save_review(
            acting_user=p["owner"],
            project=p.application,
            risk_class="extreme",
            risk_rationale="",
            recommendation="maybe",
            amount_ore=0,
            answers={question.pk: ("perhaps", ""), 999_999: ("yes", "")},
        )
    assert [(r.code, r.field) for r in refused.value.refusals] == [
        ("risk_class_invalid", "risk_class"),
        ("risk_rationale_required", "risk_rationale"),
        ("recommendation_invalid", "recommendation"),
        ("amount_not_positive", "amount"),
        ("answer_invalid", f"q{question.pk}"),
        ("question_not_in_checklist", None),
    ]
    assert all(r.message for r in refused.value.refusals)
    assert Review.objects.count() == 0


# --- the portfolio preview (hand-checked) --------------------------------------------------------


def _small_fund(p):
    """1 000 000 kr contributed; 300 000 kr committed to a low-risk and 100 000 kr to a
    high-risk project; bounds: high at most 30 %, low at least 40 %."""
    fund = p.fund
    fund.risk_policy = Fund.RiskPolicy.STEERED
    fund.save()
    RiskBound.objects.create(fund=fund, risk_class="low", min_share=0.4, max_share=1.0)
    RiskBound.objects.create(fund=fund, risk_class="high", min_share=0.0, max_share=0.3)
    contribute(p, 1_000_000_00)
    p.own_project.risk_class = "low"
    p.own_project.save()
    p.other_project.risk_class = "high"
    p.other_project.save()
    commit(p, p.own_project, 300_000_00)
    commit(p, p.other_project, 100_000_00)


def test_the_preview_shows_the_spread_before_and_after(personas):
    p = personas
    _small_fund(p)
    preview = selectors.portfolio_preview(p.application, risk_class="medium", amount_ore=100_000_00)
    assert preview.available == 600_000_00
    assert preview.before == {"low": 300_000_00, "high": 100_000_00}
    assert preview.after == {"low": 300_000_00, "high": 100_000_00, "medium": 100_000_00}
    rows = {r["key"]: r for r in preview.rows}
    assert rows["low"]["share"] == pytest.approx(0.75)
    assert rows["high"]["share"] == pytest.approx(0.25)
    assert rows["low"]["share_after"] == pytest.approx(0.6)
    assert rows["medium"]["share_after"] == pytest.approx(0.2)
    assert rows["high"]["share_after"] == pytest.approx(0.2)
    assert preview.warnings == []


def test_the_preview_warns_in_plain_words_when_a_bound_would_be_breached(personas):
    p = personas
    _small_fund(p)
    # high: 100 000 + 200 000 = 300 000 of 600 000 = 50 % > 30 %; low: 50 % (≥ 40 %, fine)
    preview = selectors.portfolio_preview(p.application, risk_class="high", amount_ore=200_000_00)
    rows = {r["key"]: r for r in preview.rows}
    assert rows["high"]["share_after"] == pytest.approx(0.5)
    assert rows["high"]["outside_after"] and not rows["high"]["outside"]
    assert not rows["low"]["outside_after"]
    assert len(preview.warnings) == 1
    assert "50" in preview.warnings[0] and "30" in preview.warnings[0]


def test_the_preview_warns_when_the_amount_exceeds_what_is_available(personas):
    p = personas
    _small_fund(p)
    preview = selectors.portfolio_preview(p.application, risk_class="low", amount_ore=700_000_00)
    assert preview.exceeds_available
    assert any(f"600{NBSP}000" in w for w in preview.warnings)


def test_an_observed_fund_shows_the_spread_without_warnings(personas):
    p = personas
    _small_fund(p)
    Fund.objects.filter(pk=p.fund.pk).update(risk_policy=Fund.RiskPolicy.OBSERVED)
    p.application.fund.refresh_from_db()
    preview = selectors.portfolio_preview(p.application, risk_class="high", amount_ore=200_000_00)
    assert preview.warnings == []
    assert not any(r["outside_after"] for r in preview.rows)


def test_the_preview_uses_the_latest_reviews_amount(personas):
    p = personas
    _small_fund(p)
    services.save_review(
        acting_user=p["owner"],
        project=p.application,
        risk_class="medium",
        risk_rationale="Beprövad metod.",
        amount_ore=50_000_00,
    )
    preview = selectors.portfolio_preview(p.application)
    assert preview.amount_ore == 50_000_00 and preview.amount_source == "review"
    assert preview.after["medium"] == 50_000_00


def test_calculation_figures_come_from_the_stored_result(personas):
    project = personas.application
    project.calculation_result = {
        "perspectives": {
            "municipal": {"npv": 100.0, "expected_npv": 80.0, "pv_costs": 1000.0},
            "public": {"npv": 200.0},
            "societal": {"npv": 300.0, "expected_npv": 250.0},
        },
        "monte_carlo": {"perspectives": {"municipal": {"prob_positive": 0.7}}},
    }
    project.calculation_toml = 'name = "x"\nparticipants = [10, 15]\n'
    figures = selectors.calculation_figures(project)
    assert figures["expected_npv"] == {"municipal": 80.0, "public": None, "societal": 250.0}
    assert figures["npv"]["public"] == 200.0
    assert figures["prob_positive"] == 0.7
    assert figures["cost_per_participant"] == pytest.approx(40.0)
    project.calculation_result = None
    project.calculation_toml = ""
    assert selectors.calculation_figures(project)["cost_per_participant"] is None


# --- decisions ---------------------------------------------------------------------------


def test_an_approval_commits_each_year_and_starts_the_project(
    personas, django_capture_on_commit_callbacks
):
    p = personas
    contribute(p, 1_000_000_00)
    with django_capture_on_commit_callbacks(execute=True):
        decision = approve(p)
    entries = list(LedgerEntry.objects.filter(project=p.application).order_by("seq"))
    assert [(e.type, e.amount_ore, e.date) for e in entries] == [
        ("commitment", 400_000_00, datetime.date(2026, 5, 4)),
        ("commitment", 300_000_00, datetime.date(2026, 5, 4)),
    ]
    assert "2026" in entries[0].note and "2027" in entries[1].note
    assert entries[0].decision_dnr == "KS 2026/200"
    assert entries[0].recorded_by == p["owner"]
    assert fund_totals(p.fund).available == 300_000_00
    p.application.refresh_from_db()
    assert p.application.phase == "implementation"
    assert decision.total_ore == 700_000_00
    assert decision.write_down_bearer == "central"  # the fund's rule
    assert decision.history.latest().history_user == p["owner"]


def test_a_decision_never_commits_more_than_is_available(personas):
    p = personas
    contribute(p, 500_000_00)
    with pytest.raises(Refused) as refused:
        approve(p)
    assert ("exceeds_available", "years") in [(r.code, r.field) for r in refused.value.refusals]
    message = " ".join(refused.value.errors["years"])
    assert f"500{NBSP}000" in message  # how much is available, in kronor
    assert Decision.objects.count() == 0
    assert LedgerEntry.objects.filter(type="commitment").count() == 0
    p.application.refresh_from_db()
    assert p.application.phase == "application"
    assert len(mail.outbox) == 0


def test_a_refusal_by_the_ledger_rolls_back_every_year(personas, monkeypatch):
    """Even when the check before booking passes (someone committed money meanwhile), a
    refusal of a later year leaves nothing stored."""
    p = personas
    contribute(p, 1_000_000_00)
    monkeypatch.setattr(services, "_available", lambda fund: 10**12)
    with pytest.raises(Refused) as refused:
        approve(p, years={2026: 600_000_00, 2027: 600_000_00})
    # the ledger's own refusal of the second year, as record_entry gave it
    assert [(r.code, r.field) for r in refused.value.refusals] == [
        ("exceeds_available", "amount_ore")
    ]
    assert f"400{NBSP}000" in refused.value.refusals[0].message
    assert LedgerEntry.objects.filter(type="commitment").count() == 0
    assert Decision.objects.count() == 0
    p.application.refresh_from_db()
    assert p.application.phase == "application"


@pytest.mark.parametrize("outcome", ["rejected", "returned"])
def test_a_rejection_or_return_commits_nothing(personas, outcome):
    p = personas
    contribute(p, 1_000_000_00)
    decision = approve(p, outcome=outcome)
    assert decision.outcome == outcome
    assert decision.years.count() == 0
    assert LedgerEntry.objects.filter(type="commitment").count() == 0
    p.application.refresh_from_db()
    assert p.application.phase == "application"


def test_a_decided_project_cannot_be_decided_again(personas):
    p = personas
    contribute(p, 1_000_000_00)
    approve(p, outcome="rejected")
    p.application.refresh_from_db()
    with pytest.raises(Refused) as refused:
        approve(p)
    assert None in refused.value.errors
    assert "already_decided" in refused.value.codes
    assert LedgerEntry.objects.filter(type="commitment").count() == 0


def test_an_approved_project_cannot_be_decided_again(personas):
    p = personas
    contribute(p, 2_000_000_00)
    approve(p)
    # the permission now fails (the project is in implementation)
    with pytest.raises(PermissionDenied):
        approve(p)
    assert LedgerEntry.objects.filter(type="commitment").count() == 2


def test_a_returned_application_can_be_decided_later(personas):
    p = personas
    contribute(p, 1_000_000_00)
    approve(p, outcome="returned")
    approve(p, dnr="KS 2026/300")
    assert Decision.objects.filter(project=p.application).count() == 2


@pytest.mark.parametrize(
    ("over", "field", "code"),
    [
        ({"years": {}}, "years", "years_required"),
        ({"years": {2026: -5}}, "years", "amount_not_positive"),
        ({"years": {1066: 5_00}}, "years", "year_invalid"),
        ({"dnr": " "}, "dnr", "dnr_required"),
        ({"date": None}, "date", "date_required"),
        ({"body": "mayor"}, "body", "body_invalid"),
        ({"body": "board"}, "board", "board_required"),
        ({"outcome": "postponed"}, "outcome", "outcome_invalid"),
        ({"repayment_method": ""}, "repayment_method", "repayment_method_invalid"),
        ({"repayment_share": 1.5}, "repayment_share", "repayment_share_invalid"),
        (
            {"repayment_method": "depreciation"},
            "repayment_period_years",
            "repayment_period_required",
        ),
        ({"repayment_start_year": None}, "repayment_start_year", "repayment_start_year_required"),
        ({"repayment_start_year": 3000}, "repayment_start_year", "year_invalid"),
        ({"write_down_bearer": "nobody"}, "write_down_bearer", "bearer_invalid"),
    ],
)
def test_a_decision_names_what_is_missing(personas, over, field, code):
    p = personas
    contribute(p, 1_000_000_00)
    with pytest.raises(Refused) as refused:
        approve(p, **over)
    assert field in refused.value.errors
    assert (code, field) in [(r.code, r.field) for r in refused.value.refusals]
    assert Decision.objects.count() == 0
    assert LedgerEntry.objects.filter(type="commitment").count() == 0


def test_a_board_of_another_organisation_cannot_decide(personas):
    from socinv.organisation.models import Board

    p = personas
    contribute(p, 1_000_000_00)
    foreign = Board.objects.create(organisation=p.other_organisation, name="Grannämnden", code="GN")
    with pytest.raises(Refused) as refused:
        approve(p, body="board", board=foreign)
    assert [(r.code, r.field) for r in refused.value.refusals] == [
        ("board_other_organisation", "board")
    ]
    assert Decision.objects.count() == 0


def test_a_board_decision_is_written_with_the_boards_name(personas):
    p = personas
    contribute(p, 1_000_000_00)
    approve(p, body="board", board=p.school_board)
    entry = LedgerEntry.objects.filter(type="commitment").first()
    assert entry.decision_body == "Utbildningsnämnden"


def test_the_budget_model_needs_no_repayment_terms(personas):
    p = personas
    Fund.objects.filter(pk=p.fund.pk).update(economic_model="budget")
    p.application.fund.refresh_from_db()
    contribute(p, 1_000_000_00)
    decision = approve(p, repayment_method="", repayment_share=None, repayment_start_year=None)
    assert decision.outcome == "approved"


@pytest.mark.parametrize(
    "role", ["economist", "evaluator", "auditor", "project_leader", "external", "other_owner"]
)
def test_only_the_owner_decides(personas, role):
    contribute(personas, 1_000_000_00)
    with pytest.raises(PermissionDenied):
        approve(personas, acting_user=personas[role])
    assert LedgerEntry.objects.filter(type="commitment").count() == 0
    assert Decision.objects.count() == 0


# --- telling the applicant -------------------------------------------------------------------


def _with_email(p):
    ext = p["external"]
    ext.email = "sokande@example.org"
    ext.save()
    leader = p["project_leader"]
    leader.email = "ledare@example.org"
    leader.save()
    ProjectMember.objects.create(project=p.application, user=leader, role="leader")
    ProjectMember.objects.create(project=p.application, user=p["evaluator"], role="evaluator")
    p["evaluator"].email = "utv@example.org"
    p["evaluator"].save()


def test_the_applicant_is_emailed_on_commit_only(personas, django_capture_on_commit_callbacks):
    p = personas
    _with_email(p)
    contribute(p, 1_000_000_00)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        approve(p)
    assert len(mail.outbox) == 0  # nothing before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["ledare@example.org", "sokande@example.org"]
    assert p.application.title in message.subject
    assert "KS 2026/200" in message.body
    assert f"/review/projects/{p.application.pk}/decision/" in message.body


def test_no_email_when_the_decision_is_refused(personas, django_capture_on_commit_callbacks):
    p = personas
    _with_email(p)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Refused):
            approve(p)  # nothing contributed: nothing available
    assert callbacks == []
    assert len(mail.outbox) == 0


def test_projects_keep_their_fund_scope(personas):
    """The preview and portfolio only read the project's own fund."""
    p = personas
    other = Project.objects.create(fund=p.other_fund, title="Grannprojekt", risk_class="high")
    preview = selectors.portfolio_preview(p.application, risk_class="low", amount_ore=1_00)
    assert other.pk not in [r.project.pk for r in preview.comparison]


# --- with the applications app -------------------------------------------------------------


def _submitted_application(p, years):
    from socinv.applications.models import Application, BudgetYear

    application = Application.objects.create(
        project=p.application, stage="submitted", created_by=p["external"]
    )
    for year, amount in years.items():
        BudgetYear.objects.create(application=application, year=year, amount_ore=amount)
    return application


def test_the_proposed_amount_is_the_applications_budget(personas):
    p = personas
    contribute(p, 1_000_000_00)
    _submitted_application(p, {2026: 150_000_00, 2027: 50_000_00})
    assert selectors.budget_years(p.application) == {2026: 150_000_00, 2027: 50_000_00}
    preview = selectors.portfolio_preview(p.application, risk_class="low", amount_ore=1_00)
    assert preview.amount_ore == 200_000_00 and preview.amount_source == "budget"
    assert preview.after == {"low": 200_000_00}


def test_a_returned_decision_puts_the_application_back_to_draft(personas):
    p = personas
    application = _submitted_application(p, {2026: 150_000_00})
    approve(p, outcome="returned", conditions="Komplettera utvärderingsplanen.")
    application.refresh_from_db()
    assert application.stage == "full_draft"
    assert application.returned_comment == "Komplettera utvärderingsplanen."
    assert LedgerEntry.objects.filter(type="commitment").count() == 0


def test_reviews_and_decisions_are_in_the_audit_trail(personas):
    from socinv.audit.selectors import audit_events

    p = personas
    contribute(p, 1_000_000_00)
    services.save_review(
        acting_user=p["owner"], project=p.application, risk_class="low", risk_rationale="Beprövad."
    )
    approve(p)
    models = {e.record_type for e in audit_events(p.organisation, user=p["owner"])}
    assert {"beredning", "beslut"} <= models or {"review", "decision"} <= models
    others = {e.record_type for e in audit_events(p.other_organisation)}
    assert not ({"beredning", "beslut", "review", "decision"} & others)


def test_an_application_still_in_draft_cannot_be_decided(personas):
    from tests.ledger_helpers import record_attested

    from socinv.applications import services as applications
    from socinv.review.services import decide

    fund = personas.fund
    record_attested(
        acting_user=personas["economist"],
        fund=fund,
        type="contribution",
        date=datetime.date(2026, 1, 1),
        amount_ore=5_000_000_00,
    )
    idea = applications.create_idea(
        fund=fund,
        acting_user=personas["project_leader"],
        title="Familjecentral",
        boards=[personas.social_board],
    )
    with pytest.raises(Refused) as refused:
        decide(
            acting_user=personas["owner"],
            project=idea.project,
            body="steering_group",
            date=datetime.date(2026, 11, 20),
            dnr="KS 2026/88",
            outcome="approved",
            years={2027: 100_000_00},
            repayment_method="share_of_savings",
            repayment_share=0.5,
            repayment_start_year=2029,
        )
    assert "Ansökan har inte skickats in" in str(refused.value.errors)
    assert [(r.code, r.field) for r in refused.value.refusals] == [("not_submitted", None)]
    assert not Decision.objects.exists()
    assert not idea.project.entries.filter(type="commitment").exists()
