"""The review, decision and portfolio pages: who may open them (every persona), what they
show, forms that keep every field on an error, the query count, and the xlsx export."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core import mail
from django.urls import reverse
from tests.ledger_helpers import record_attested

from socinv.core.ledger import Decision as LedgerDecision
from socinv.fund.models import Fund, LedgerEntry, RiskBound
from socinv.projects.models import Project
from socinv.review import services
from socinv.review.models import ChecklistQuestion, Decision, Review
from socinv.web import once

pytestmark = pytest.mark.django_db

D = datetime.date(2026, 3, 1)
KF = LedgerDecision("Kommunfullmäktige", datetime.date(2026, 2, 20), "KS 2026/117")
NBSP = "\u00a0"
ALL = [
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


def contribute(p, ore):
    record_attested(
        acting_user=p["economist"],
        fund=p.fund,
        type="contribution",
        date=D,
        amount_ore=ore,
        decision=KF,
    )


OUTSIDERS = {"outsider", "other_owner"}  # no part in the fund's organisation: 404


def _status(client, user, url, method="get", data=None):
    client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


def _expected(role: str, allowed: set[str]) -> int:
    """200 for who may; 404 for an outsider (nothing is revealed); 403 for a member."""
    if role in allowed:
        return 200
    return 404 if role in OUTSIDERS else 403


# --- the permission matrix -------------------------------------------------------------------


REVIEW_OK = {"owner"}
PORTFOLIO_OK = {"administrator", "owner", "economist", "auditor"}


@pytest.mark.parametrize("role", ALL)
def test_who_may_open_the_review_of_an_application(client, personas, role):
    url = reverse("review:review", args=[personas.application.pk])
    assert _status(client, personas[role], url) == _expected(role, REVIEW_OK)


@pytest.mark.parametrize("role", ALL)
def test_who_may_open_the_decision_form(client, personas, role):
    url = reverse("review:decide", args=[personas.application.pk])
    assert _status(client, personas[role], url) == _expected(role, {"owner"})


@pytest.mark.parametrize(
    "role", ["economist", "evaluator", "auditor", "external", "project_leader"]
)
def test_who_may_not_decide_cannot_post_a_decision(client, personas, role):
    contribute(personas, 1_000_000_00)
    url = reverse("review:decide", args=[personas.application.pk])
    assert _status(client, personas[role], url, "post", _decision_data()) == 403
    assert Decision.objects.count() == 0
    assert LedgerEntry.objects.filter(type="commitment").count() == 0


@pytest.mark.parametrize("role", sorted(OUTSIDERS))
def test_an_outsider_cannot_post_a_review_or_a_decision(client, personas, role):
    contribute(personas, 1_000_000_00)
    url = reverse("review:decide", args=[personas.application.pk])
    assert _status(client, personas[role], url, "post", _decision_data()) == 404
    url = reverse("review:review", args=[personas.application.pk])
    assert _status(client, personas[role], url, "post", {"risk_class": "low"}) == 404
    assert Decision.objects.count() == 0 and Review.objects.count() == 0
    assert LedgerEntry.objects.filter(type="commitment").count() == 0


def test_a_project_in_implementation_cannot_be_decided(client, personas):
    url = reverse("review:decide", args=[personas.own_project.pk])
    assert _status(client, personas["owner"], url) == 403


@pytest.mark.parametrize("role", ALL)
def test_who_may_read_the_portfolio(client, personas, role):
    url = reverse("review:portfolio", args=[personas.fund.pk])
    assert _status(client, personas[role], url) == _expected(role, PORTFOLIO_OK)
    xlsx = reverse("review:portfolio_xlsx", args=[personas.fund.pk])
    assert _status(client, personas[role], xlsx) == _expected(role, PORTFOLIO_OK)


@pytest.mark.parametrize(
    ("project", "allowed"),
    [
        (
            "own_project",
            {"administrator", "owner", "economist", "auditor", "project_leader", "evaluator"},
        ),
        ("application", {"administrator", "owner", "economist", "auditor", "external"}),
    ],
)
@pytest.mark.parametrize("role", ALL)
def test_who_may_read_a_decision_page(client, personas, project, allowed, role):
    url = reverse("review:decision", args=[getattr(personas, project).pk])
    assert _status(client, personas[role], url) == _expected(role, allowed)


def test_missing_objects_are_404(client, personas):
    client.force_login(personas["owner"])
    for name in ("review:review", "review:decide", "review:decision"):
        assert client.get(reverse(name, args=[999999])).status_code == 404
    assert client.get(reverse("review:portfolio", args=[999999])).status_code == 404


def test_anonymous_users_are_sent_to_the_login(client, personas):
    response = client.get(reverse("review:portfolio", args=[personas.fund.pk]))
    assert response.status_code == 302


def test_an_owner_of_another_organisation_sees_nothing_of_this_fund(client, personas):
    client.force_login(personas["other_owner"])
    assert client.get(reverse("review:portfolio", args=[personas.fund.pk])).status_code == 404
    assert client.get(reverse("review:portfolio", args=[personas.other_fund.pk])).status_code == 200
    for name in ("review:review", "review:decide", "review:decision"):
        url = reverse(name, args=[personas.application.pk])
        assert client.get(url).status_code == 404


# --- the review page -------------------------------------------------------------------------


def _review_data(p, **over):
    questions = list(ChecklistQuestion.objects.filter(fund=p.fund).order_by("order", "pk"))
    data = {
        "risk_class": "high",
        "risk_rationale": "Ny metod; ingen svensk utvärdering.",
        "recommendation": "approve",
        "amount": "200 000",
        "comment": "",
    }
    if questions:
        data[f"q{questions[0].pk}"] = "partly"
        data[f"q{questions[0].pk}_comment"] = "Siffror saknas för 2025."
    data.update(over)
    return data


def test_the_review_page_shows_the_checklist_and_the_preview(client, personas):
    p = personas
    contribute(p, 1_000_000_00)
    client.force_login(p["owner"])
    response = client.get(reverse("review:review", args=[p.application.pk]))
    html = response.content.decode()
    assert ChecklistQuestion.objects.filter(fund=p.fund).count() >= 12
    assert 'id="preview-spread"' in html and 'id="comparison"' in html
    assert f"1{NBSP}000{NBSP}000{NBSP}kr" in html  # available to commit


def test_a_review_is_saved_and_the_breach_is_warned_about(client, personas):
    p = personas
    Fund.objects.filter(pk=p.fund.pk).update(risk_policy="steered")
    RiskBound.objects.create(fund=p.fund, risk_class="high", min_share=0, max_share=0.3)
    contribute(p, 1_000_000_00)
    client.force_login(p["owner"])
    url = reverse("review:review", args=[p.application.pk])
    client.get(url)  # creates the checklist
    response = client.post(url, _review_data(p), follow=True)
    assert response.status_code == 200
    review = Review.objects.get()
    assert review.risk_class == "high" and review.amount_ore == 200_000_00
    assert review.answers.get().answer == "partly"
    p.application.refresh_from_db()
    assert p.application.risk_class == "high"
    html = response.content.decode()
    assert 'id="preview-warnings"' in html  # all committed money would be high risk


def test_an_invalid_review_keeps_every_field(client, personas):
    p = personas
    client.force_login(p["owner"])
    url = reverse("review:review", args=[p.application.pk])
    client.get(url)
    data = _review_data(p, risk_rationale="", amount="12,345")
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert Review.objects.count() == 0
    assert 'aria-invalid="true"' in html and "id_risk_rationale_error" in html
    assert "Siffror saknas för 2025." in html
    assert 'value="12,345"' in html
    assert 'value="partly" ' in html and "checked" in html
    form = response.context["form"]
    assert form["risk_class"].value() == "high"
    assert form["comment"].value() == ""


# --- the decision pages -------------------------------------------------------------------------


def _decision_data(**over):
    data = {
        "outcome": "approved",
        "body": "executive_board",
        "board": "",
        "date": "2026-05-04",
        "dnr": "KS 2026/200",
        "year_1": "2026",
        "amount_1": "400 000",
        "year_2": "2027",
        "amount_2": "300 000,50",
        "conditions": "Delrapport efter ett år.",
        "repayment_method": "share_of_savings",
        "repayment_share": "50",
        "repayment_start_year": "2028",
        "write_down_bearer": "",
    }
    data.update(over)
    return data


def test_an_owner_approves_and_the_applicant_sees_the_decision(
    client, personas, django_capture_on_commit_callbacks
):
    p = personas
    p["external"].email = "sokande@example.org"
    p["external"].save()
    contribute(p, 1_000_000_00)
    client.force_login(p["owner"])
    with django_capture_on_commit_callbacks(execute=True):
        data = {**_decision_data(), "_once": once.issue(p["owner"])}
        response = client.post(reverse("review:decide", args=[p.application.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("review:decision", args=[p.application.pk])
    decision = Decision.objects.get()
    assert decision.repayment_share == pytest.approx(0.5)
    assert sorted(y.amount_ore for y in decision.years.all()) == [300_000_50, 400_000_00]
    assert LedgerEntry.objects.filter(type="commitment").count() == 2
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sokande@example.org"]
    client.force_login(p["external"])
    html = client.get(reverse("review:decision", args=[p.application.pk])).content.decode()
    assert "KS 2026/200" in html and f"700{NBSP}000,50{NBSP}kr" in html


def test_a_decision_over_the_available_money_keeps_every_field(client, personas):
    p = personas
    contribute(p, 500_000_00)
    client.force_login(p["owner"])
    data = {**_decision_data(), "_once": once.issue(p["owner"])}
    response = client.post(reverse("review:decide", args=[p.application.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"500{NBSP}000{NBSP}kr" in html
    assert Decision.objects.count() == 0 and len(mail.outbox) == 0
    assert LedgerEntry.objects.filter(type="commitment").count() == 0
    for value in ("KS 2026/200", "300 000,50", "Delrapport efter ett år.", "2028"):
        assert value in html
    form = response.context["form"]
    assert form["outcome"].value() == "approved" and form["body"].value() == "executive_board"


def test_an_invalid_decision_form_links_its_errors(client, personas):
    p = personas
    client.force_login(p["owner"])
    response = client.post(
        reverse("review:decide", args=[p.application.pk]),
        _decision_data(dnr="", amount_2="tre kronor"),
    )
    html = response.content.decode()
    assert 'aria-describedby="id_dnr_error"' in html
    assert (
        'aria-describedby="id_amount_2_helptext id_amount_2_error"' in html
        or 'id="id_amount_2_error"' in html
    )
    assert 'value="tre kronor"' in html


def test_the_decision_page_without_a_decision(client, personas):
    client.force_login(personas["project_leader"])
    response = client.get(reverse("review:decision", args=[personas.own_project.pk]))
    assert response.status_code == 200
    assert response.context["decision"] is None


# --- the portfolio page -----------------------------------------------------------------------


def _make_projects(p, n, start=0):
    for i in range(start, start + n):
        project = Project.objects.create(
            fund=p.fund,
            title=f"Projekt {i:02d}",
            risk_class=["low", "medium", "high"][i % 3],
            calculation_result={
                "perspectives": {
                    "municipal": {"npv": 1000.0 + i, "expected_npv": 900.0},
                    "public": {"npv": 2000.0},
                    "societal": {"npv": 3000.0},
                },
                "monte_carlo": {"perspectives": {"municipal": {"prob_positive": 0.8}}},
            },
        )
        project.responsible_boards.add(p.social_board)
        record_attested(
            acting_user=p["economist"],
            fund=p.fund,
            type="commitment",
            date=D,
            amount_ore=1_000_00,
            project=project,
            decision=KF,
        )


def test_the_number_of_queries_does_not_grow_with_the_projects(
    client, personas, django_assert_max_num_queries
):
    p = personas
    contribute(p, 10_000_000_00)
    client.force_login(p["auditor"])
    url = reverse("review:portfolio", args=[p.fund.pk])

    def count(limit):
        with django_assert_max_num_queries(limit) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _make_projects(p, 3)
    few = count(30)
    _make_projects(p, 27, start=3)
    many = count(few)
    assert many == few
    response = client.get(url)
    assert len(response.context["portfolio"].rows) == 33  # 30 + the personas' three


def test_the_portfolio_shows_money_figures_and_filters(client, personas):
    p = personas
    contribute(p, 10_000_000_00)
    _make_projects(p, 3)
    client.force_login(p["economist"])
    url = reverse("review:portfolio", args=[p.fund.pk])
    html = client.get(url).content.decode()
    assert "Projekt 00" in html and 'id="risk-spread"' in html
    rows = client.get(url, {"risk_class": "high"}).context["portfolio"].rows
    assert [r.project.title for r in rows] == ["Projekt 02"]
    rows = client.get(url, {"phase": "implementation"}).context["portfolio"].rows
    assert [r.project.title for r in rows] == [p.own_project.title]
    rows = client.get(url, {"board": p.school_board.pk}).context["portfolio"].rows
    assert {r.project.title for r in rows} == {p.other_project.title, p.application.title}
    rows = client.get(url, {"type": "social_innovation"}).context["portfolio"].rows
    assert rows == []
    row = next(
        r for r in client.get(url).context["portfolio"].rows if r.project.title == "Projekt 01"
    )
    assert row.committed == 1_000_00 and row.npv_values == [900.0, 2000.0, 3000.0]
    assert row.figures["prob_positive"] == 0.8


def test_the_portfolio_xlsx_has_the_projects_and_a_chart(client, personas):
    import openpyxl

    p = personas
    contribute(p, 10_000_000_00)
    _make_projects(p, 3)
    client.force_login(p["auditor"])
    response = client.get(reverse("review:portfolio_xlsx", args=[p.fund.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = response.content
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert charts
        xml = z.read(charts[0]).decode()
        assert "barChart" in xml and "lineChart" in xml
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Portfölj", "Riskspridning"]
    sheet = book["Portfölj"]
    titles = [sheet.cell(row=r, column=1).value for r in range(4, 4 + 6)]
    assert "Projekt 00" in titles
    row = titles.index("Projekt 00") + 4
    assert sheet.cell(row=row, column=5).value == 1000.0  # committed, kronor
    assert sheet.cell(row=row, column=7).value == 900.0
    assert sheet.cell(row=row, column=10).value == 0.8
    spread = book["Riskspridning"]
    assert spread.cell(row=3, column=1).value == "Riskklass"
    shares = [spread.cell(row=r, column=3).value for r in range(4, 7)]
    assert sum(shares) == pytest.approx(1.0)


# --- the checklist in the admin -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("administrator", 200), ("auditor", 200), ("owner", 302), ("outsider", 302)],
)
def test_who_may_open_the_checklist_in_the_admin(client, personas, role, status):
    services.ensure_default_checklist(personas.fund, acting_user=personas["owner"])
    client.force_login(personas[role])
    assert client.get("/admin/review/checklistquestion/").status_code == status


def test_an_administrator_edits_a_question_and_an_auditor_may_not(client, personas):
    question = services.ensure_default_checklist(personas.fund, acting_user=personas["owner"])[0]
    url = f"/admin/review/checklistquestion/{question.pk}/change/"
    data = {
        "fund": personas.fund.pk,
        "area": "why",
        "text": "Finns behovet i verksamhetsplanen?",
        "order": 5,
        "active": "on",
    }
    client.force_login(personas["auditor"])
    assert client.post(url, data).status_code == 403
    assert client.get("/admin/review/checklistquestion/add/").status_code == 403
    client.force_login(personas["administrator"])
    assert client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert question.text == "Finns behovet i verksamhetsplanen?"
    assert question.history.latest().history_user == personas["administrator"]


def test_the_portfolio_page_draws_the_chart(client, personas):
    p = personas
    contribute(p, 10_000_000_00)
    _make_projects(p, 3)
    client.force_login(p["owner"])
    response = client.get(reverse("review:portfolio", args=[p.fund.pk]))
    assert "<svg" in response.context["chart"]
    assert '<img class="chart" src="data:image/svg+xml;base64,' in response.content.decode()
    assert 'id="risk-spread"' in response.content.decode()


def test_the_review_page_runs_a_fixed_number_of_queries(
    client, personas, django_assert_max_num_queries
):
    p = personas
    contribute(p, 10_000_000_00)
    client.force_login(p["owner"])
    url = reverse("review:review", args=[p.application.pk])
    client.get(url)  # the checklist is created on first use

    def count(limit):
        with django_assert_max_num_queries(limit) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _make_projects(p, 3)
    few = count(40)
    _make_projects(p, 27, start=3)
    assert count(few) == few
