"""The decision memo: who may read it, what the PDF says, and that it degrades plainly
when the application, review, decision, charts or WeasyPrint are not there."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse

from socinv.core.calc import calculate
from socinv.core.calc.parse import parse
from socinv.demo.calculations import LAXHJALP, SKOLSTOD
from socinv.fund.models import RiskBound
from socinv.l10n import format_money
from socinv.projects.services import set_calculation

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def _pdf_text(data: bytes) -> str:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.replace(NBSP, " ").split())


def _pdf_or_skip(client, url):
    from socinv.io.pdf import pdf_available

    if not pdf_available():
        pytest.skip("WeasyPrint/Pango cannot load here")
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response


@pytest.fixture
def project(personas):
    """The own project with the skolstöd calculation and a stored Monte Carlo run."""
    p = set_calculation(
        acting_user=personas["economist"], project=personas.own_project, toml_text=SKOLSTOD
    )
    result = calculate(parse(SKOLSTOD, source="skolstod"), draws=200, seed=1)
    p.calculation_result = result
    p.risk_class = "medium"
    p.save(update_fields=["calculation_result", "risk_class"])
    return p


def _memo(pk):
    return reverse("reports:memo", args=[pk])


def _pdf(pk):
    return reverse("reports:memo_pdf", args=[pk])


@pytest.mark.parametrize(
    "role", ["owner", "economist", "auditor", "administrator", "project_leader", "evaluator"]
)
def test_it_shows_the_memo_to_who_may_see_the_project(client, personas, project, role):
    client.force_login(personas[role])
    response = client.get(_memo(project.pk))
    assert response.status_code == 200
    assert project.title in response.content.decode()


@pytest.mark.parametrize("role", ["external", "outsider", "other_owner"])
def test_it_refuses_the_memo_to_others(client, personas, project, role):
    client.force_login(personas[role])
    status = 403 if role == "external" else 404  # outsiders are told nothing exists
    assert client.get(_memo(project.pk)).status_code == status
    assert client.get(_pdf(project.pk)).status_code == status


def test_it_sends_the_anonymous_to_the_login_page(client, project):
    for url in (_memo(project.pk), _pdf(project.pk)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_the_external_applicant_reads_the_memo_of_their_own_application(client, personas):
    client.force_login(personas["external"])
    assert client.get(_memo(personas.application.pk)).status_code == 200


def test_it_answers_404_for_a_project_that_does_not_exist(client, personas):
    client.force_login(personas["owner"])
    assert client.get(_memo(999_999)).status_code == 404


def test_the_pdf_holds_the_title_both_calculations_and_the_npv(client, personas, project):
    client.force_login(personas["owner"])
    response = _pdf_or_skip(client, _pdf(project.pk))
    assert response["Content-Type"] == "application/pdf"
    assert "beslutsunderlag" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    persp = project.calculation_result["perspectives"]
    assert project.title in text
    assert "Kommunalekonomisk" in text
    assert "Samhällsekonomisk" in text
    assert "Sociala investeringsfonden" in text and "Exempelkommun" in text
    for key in ("municipal", "public", "societal"):
        figure = format_money(round(persp[key]["npv"])).replace(NBSP, " ")
        assert figure in text, (key, figure)
    assert "Sannolikhet för positivt nettonuvärde" in text
    assert "Beviskedja" in text and "Förslag till beslut" in text


@pytest.mark.parametrize("role", ["owner", "economist", "project_leader", "auditor"])
def test_each_persona_who_may_see_it_downloads_the_pdf(client, personas, project, role):
    client.force_login(personas[role])
    response = _pdf_or_skip(client, _pdf(project.pk))
    assert response.content.startswith(b"%PDF")


def test_the_memo_of_a_project_without_anything_says_what_is_missing(client, personas):
    client.force_login(personas["owner"])
    html = client.get(_memo(personas.other_project.pk)).content.decode()
    assert "Någon kalkyl är ännu inte sparad för projektet." in html
    assert "Ännu inte beredd av styrgruppen." in html
    assert "Inget beslutsförslag eller beslut är registrerat ännu." in html
    response = _pdf_or_skip(client, _pdf(personas.other_project.pk))
    assert "Någon kalkyl är ännu inte sparad" in _pdf_text(response.content)


def test_the_memo_without_monte_carlo_says_so(client, personas):
    p = set_calculation(
        acting_user=personas["economist"], project=personas.application, toml_text=LAXHJALP
    )
    client.force_login(personas["owner"])
    html = client.get(_memo(p.pk)).content.decode()
    assert "Ingen Monte Carlo-simulering är sparad" in html
    assert "Kommunalekonomisk kalkyl" in html and "Samhällsekonomisk kalkyl" in html


def test_the_portfolio_effect_shows_the_spread_and_warns_on_a_breach(client, personas, project):
    from socinv.core.ledger import Decision
    from socinv.fund.services import record_entry

    fund = personas.fund
    fund.risk_policy = fund.RiskPolicy.STEERED
    fund.save()
    RiskBound.objects.create(fund=fund, risk_class="medium", min_share=0, max_share=0.5)
    kf = Decision("Kommunfullmäktige", datetime.date(2026, 2, 20), "KS 2026/117")
    when = datetime.date(2026, 3, 1)
    record_entry(
        acting_user=personas["economist"],
        fund=fund,
        type="contribution",
        date=when,
        amount_ore=100_000_000,
        decision=kf,
    )
    record_entry(
        acting_user=personas["economist"],
        fund=fund,
        type="commitment",
        date=when,
        amount_ore=40_000_000,
        project=project,
        decision=kf,
    )
    client.force_login(personas["owner"])
    html = client.get(_memo(project.pk)).content.decode().replace(NBSP, " ")
    assert "Risk och portföljeffekt" in html
    assert "Medelhög risk (detta projekt)" in html
    assert "400 000 kr" in html  # after the decision
    assert "Varning:" in html  # 100 % medium risk against a 50 % bound


def test_the_pdf_fails_with_a_clear_message_when_weasyprint_cannot_load(
    client, personas, project, monkeypatch
):
    from socinv.io import pdf

    def broken():
        raise pdf.PdfUnavailable("PDF export needs WeasyPrint and the Pango library: no pango")

    monkeypatch.setattr(pdf, "_weasyprint", broken)
    client.force_login(personas["owner"])
    response = client.get(_pdf(project.pk))
    assert response.status_code == 503
    assert "Pango" in response.content.decode()
    # the preview still works
    assert client.get(_memo(project.pk)).status_code == 200


def test_pdf_unavailable_is_raised_when_the_import_fails(monkeypatch):
    import builtins

    from socinv.io import pdf

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(pdf.PdfUnavailable, match="Pango"):
        pdf.html_to_pdf("<p>x</p>")
    assert pdf.pdf_available() is False


def _model_or_skip(app_label, name):
    from django.apps import apps

    try:
        return apps.get_model(app_label, name)
    except LookupError:
        pytest.skip(f"{app_label}.{name} is not there yet")


def test_the_memo_holds_the_application_review_and_decision(client, personas, project):
    """With the application, its evidence chain, a review and a decision (the models of
    socinv.applications and socinv.review, made directly here), every section is filled."""
    from django.utils import timezone

    Application = _model_or_skip("applications", "Application")
    BudgetYear = _model_or_skip("applications", "BudgetYear")
    EvidenceStatement = _model_or_skip("applications", "EvidenceStatement")
    Indicator = _model_or_skip("applications", "Indicator")
    Review = _model_or_skip("review", "Review")
    Decision = _model_or_skip("review", "Decision")
    DecisionYear = _model_or_skip("review", "DecisionYear")

    owner = personas["owner"]
    app = Application.objects.create(
        project=project,
        created_by=personas["project_leader"],
        need="Barn i familjehem lämnar grundskolan utan godkända betyg.",
        needs_source="Verksamhetsplan 2026, socialnämnden",
        risk_assessment="Risken är att skolorna inte tar emot stödet.",
    )
    BudgetYear.objects.create(application=app, year=2026, amount_ore=150_000_000)
    EvidenceStatement.objects.create(project=project, level="outputs", text="40 barn kartlagda")
    EvidenceStatement.objects.create(
        project=project, level="value_created", text="Fler barn med gymnasiebehörighet"
    )
    Indicator.objects.create(
        project=project,
        level="outcomes",
        name="Andel med godkända betyg i årskurs 9",
        unit="%",
        baseline_value=45.0,
        baseline_source="Skolverket",
        baseline_date=datetime.date(2025, 6, 30),
        target_value=70.0,
    )
    Review.objects.create(
        project=project,
        reviewed_by=owner,
        reviewed_at=timezone.now(),
        risk_class="medium",
        risk_rationale="Beprövad metod, ny målgrupp.",
        recommendation="approve",
        amount_ore=150_000_000,
    )
    client.force_login(personas["economist"])
    html = client.get(_memo(project.pk)).content.decode().replace(NBSP, " ")
    assert "Barn i familjehem lämnar grundskolan" in html
    assert "Verksamhetsplan 2026, socialnämnden" in html
    assert "40 barn kartlagda" in html and "Fler barn med gymnasiebehörighet" in html
    assert "Andel med godkända betyg i årskurs 9" in html and "Skolverket 2025-06-30" in html
    assert "Beprövad metod, ny målgrupp." in html
    assert "Risken är att skolorna inte tar emot stödet." in html
    assert "Förslag till beslut" in html and "1 500 000 kr" in html
    assert "Medelhög risk (detta projekt)" in html

    decision = Decision.objects.create(
        project=project,
        body="steering_group",
        date=datetime.date(2026, 4, 2),
        dnr="SN 2026/77",
        outcome="approved",
        conditions="Halvårsrapport till styrgruppen.",
        decided_by=owner,
        decided_at=timezone.now(),
    )
    DecisionYear.objects.create(decision=decision, year=2026, amount_ore=100_000_000)
    DecisionYear.objects.create(decision=decision, year=2027, amount_ore=50_000_000)
    response = _pdf_or_skip(client, _pdf(project.pk))
    text = _pdf_text(response.content)
    assert "SN 2026/77" in text  # the dnr in the header
    assert "Beslut" in text and "Halvårsrapport till styrgruppen." in text
    assert "1 000 000 kr" in text and "500 000 kr" in text and "1 500 000 kr" in text
    assert "Prestationer" in text and "Skapat värde" in text


def test_the_memo_shows_charts_with_a_text_alternative(client, personas, project):
    pytest.importorskip("matplotlib")
    from socinv.reports import memo

    if memo._charts_module() is None:
        pytest.skip("socinv.io.charts is not there")
    client.force_login(personas["owner"])
    html = client.get(_memo(project.pk)).content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert "Diagram: ackumulerat diskonterat netto per år och perspektiv" in html
    assert "Diagram: fördelningen av nettonuvärdet i Monte Carlo-simuleringen." in html


def test_without_the_charts_module_the_memo_says_the_charts_are_left_out(
    client, personas, project, monkeypatch
):
    from socinv.reports import memo

    monkeypatch.setattr(memo, "_charts_module", lambda: None)
    client.force_login(personas["owner"])
    html = client.get(_memo(project.pk)).content.decode()
    assert "data:image/svg+xml" not in html
    assert "Diagram ingår inte i denna version av underlaget" in html
    assert "Kommunalekonomisk kalkyl" in html
